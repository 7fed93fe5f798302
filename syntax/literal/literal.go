// Package literal holds the syntax types that the global protocol model
// keeps from the source: identifiers, sender annotation lists and their
// typed literal values. It links no parser, so that the model and what is
// built on it (projection, subtyping) build without cgo; package syntax,
// which parses, declares them as aliases of these.
package literal

import (
	"time"

	"github.com/choreo-lang/choreo/diag"
)

// Ident is a name with its span.
type Ident struct {
	Name string
	Span diag.Span
}

// AnnotationStyle records the spelling of a sender annotation list.
type AnnotationStyle int

// Annotation list spellings (§2.6).
const (
	AnnotBracket     AnnotationStyle = iota // A[k = v]
	AnnotRecordEq                           // A { k = v }
	AnnotRecordColon                        // A { k : v }
)

// AnnotationList is the sender metadata of a send.
type AnnotationList struct {
	Span    diag.Span
	Style   AnnotationStyle
	Entries []*Annotation
}

// Annotation is one `key = value` / `key: value` / `@key = value` entry.
type Annotation struct {
	Span   diag.Span
	Key    Ident // the key; a quoted key (`@"a b" = v`) without its quotes
	Quoted bool  // the key was written as a string
	At     bool  // written @key
	Bare   bool  // a flag without a value (`@critical`): Value is the boolean true
	Colon  bool  // separated by ':' rather than '='
	Value  Value
}

// ValueKind is the type of an annotation or attribute value.
type ValueKind int

// Value kinds (§2.6).
const (
	ValueInvalid  ValueKind = iota // could not be read (a syntax diagnostic was reported)
	ValueString                    // "text"
	ValueInt                       // 42
	ValueDuration                  // 500ms
	ValueBool                      // true / false
	ValueIdent                     // External
	ValueIntList                   // [1, 0, 0]
	ValueTuple                     // (External, Neighbor)
)

func (k ValueKind) String() string {
	switch k {
	case ValueString:
		return "string"
	case ValueInt:
		return "integer"
	case ValueDuration:
		return "duration"
	case ValueBool:
		return "boolean"
	case ValueIdent:
		return "identifier"
	case ValueIntList:
		return "integer list"
	case ValueTuple:
		return "tuple"
	}
	return "invalid value"
}

// Value is a typed literal. Exactly the fields of its Kind are set.
type Value struct {
	Span     diag.Span
	Kind     ValueKind
	Text     string        // verbatim source text
	Str      string        // ValueString (unescaped), ValueIdent (the name)
	Int      int64         // ValueInt
	Duration time.Duration // ValueDuration
	Bool     bool          // ValueBool
	Items    []Value       // ValueIntList, ValueTuple
}
