package format

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// equalMeaning compares two syntax trees or two global protocol models by
// meaning and returns a description of the first difference, or nil.
//
// It walks both values in parallel and ignores what formatting may change
// without changing the meaning: positions (every diag.Span), the comments
// of a file (checked separately), the verbatim text of values and runtime
// operations (their typed fields are compared), the interchangeable
// spellings of a plain choice and the spacing of exposing lists.
//
// A hand-written walk rather than go-cmp: with its per-node option
// filtering, go-cmp made the check of a 5,000-line file take seconds.
func equalMeaning(before, after any) error {
	return equalValue(reflect.ValueOf(before), reflect.ValueOf(after), "")
}

var (
	spanType        = reflect.TypeFor[diag.Span]()
	choiceStyleType = reflect.TypeFor[syntax.ChoiceStyle]()

	// ignoredFields lists, per struct type, the fields that formatting
	// rewrites without changing the meaning.
	ignoredFields = map[reflect.Type]map[string]bool{
		reflect.TypeFor[syntax.File]():      {"Comments": true},
		reflect.TypeFor[syntax.Value]():     {"Text": true},
		reflect.TypeFor[syntax.RuntimeOp](): {"Text": true},
	}
)

func equalValue(a, b reflect.Value, path string) error {
	if a.IsValid() != b.IsValid() || a.IsValid() && a.Type() != b.Type() {
		return fmt.Errorf("%s: different kinds of value", pathName(path))
	}
	if !a.IsValid() {
		return nil
	}
	switch a.Type() {
	case spanType:
		return nil
	case choiceStyleType:
		sa, sb := syntax.ChoiceStyle(a.Int()), syntax.ChoiceStyle(b.Int())
		if choiceSpelling(sa) != choiceSpelling(sb) {
			return differ(path, sa, sb)
		}
		return nil
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: present on one side only", pathName(path))
			}
			return nil
		}
		return equalValue(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		t := a.Type()
		ignored := ignoredFields[t]
		for i := range t.NumField() {
			name := t.Field(i).Name
			if ignored[name] {
				continue
			}
			fa, fb := a.Field(i), b.Field(i)
			if name == "Exposing" && fa.Kind() == reflect.String {
				if canonicalList(fa.String()) != canonicalList(fb.String()) {
					return differ(path+"."+name, fa.String(), fb.String())
				}
				continue
			}
			if err := equalValue(fa, fb, path+"."+name); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d elements became %d", pathName(path), a.Len(), b.Len())
		}
		for i := range a.Len() {
			if err := equalValue(a.Index(i), b.Index(i), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d entries became %d", pathName(path), a.Len(), b.Len())
		}
		for it := a.MapRange(); it.Next(); {
			k := it.Key()
			vb := b.MapIndex(k)
			if !vb.IsValid() {
				return fmt.Errorf("%s: entry %v removed", pathName(path), k)
			}
			if err := equalValue(it.Value(), vb, fmt.Sprintf("%s[%v]", path, k)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if a.String() != b.String() {
			return differ(path, a.String(), b.String())
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return differ(path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return differ(path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return differ(path, a.Uint(), b.Uint())
		}
	case reflect.Float32, reflect.Float64:
		if a.Float() != b.Float() {
			return differ(path, a.Float(), b.Float())
		}
	default:
		return fmt.Errorf("%s: cannot compare a %s", pathName(path), a.Kind())
	}
	return nil
}

func differ(path string, a, b any) error {
	return fmt.Errorf("%s: %#v became %#v", pathName(path), a, b)
}

func pathName(path string) string {
	if path == "" {
		return "the root"
	}
	return path[1:]
}
