package projection

import (
	"fmt"
	"strings"
)

// keywordWhere starts the named definitions after a type.
const keywordWhere = "where"

// nameRef is a name in type position that no enclosing rec binds, while
// parsing: a definition's name, or (inside a definition) a variable bound
// where the definition is used. It never leaves ParseSession.
type nameRef struct {
	name  string
	off   int      // byte offset of the name
	bound []string // recursion variables bound at the name, in its root or definition
}

func (*nameRef) isType() {}

// atWord reports whether the input continues with the word w (not a
// longer identifier).
func (p *parser) atWord(w string) bool {
	return strings.HasPrefix(p.src[p.off:], w) && identLen(p.src[p.off:]) == len(w)
}

// definition is one `K = T` of a where clause.
type definition struct {
	name string
	off  int
	body Type
	// state is 0 before resolve, 1 while its body is resolved, 2 after.
	state int
	// free maps the recursion variables the body uses without binding
	// them to the offset of their first such use.
	free map[string]int
}

// definitions holds a type's where clause while it is resolved.
type definitions struct {
	p      *parser
	byName map[string]*definition
}

// definitions parses an optional `where K1 = T1, K2 = T2, …`.
func (p *parser) definitions() (*definitions, error) {
	d := &definitions{p: p, byName: make(map[string]*definition)}
	p.space()
	if !p.atWord(keywordWhere) {
		return d, nil
	}
	p.off += len(keywordWhere)
	for {
		p.space()
		off := p.off
		name, err := p.ident("a definition name")
		if err != nil {
			return nil, err
		}
		switch {
		case name == "end" || name == "rec" || name == keywordWhere:
			p.off = off
			return nil, p.errorf("%q cannot name a definition", name)
		case d.byName[name] != nil:
			p.off = off
			return nil, p.errorf("%q is defined twice", name)
		}
		if err := p.expect("="); err != nil {
			return nil, err
		}
		body, err := p.typ(nil)
		if err != nil {
			return nil, err
		}
		d.byName[name] = &definition{name: name, off: off, body: body}
		if !p.eat(",") {
			return d, nil
		}
	}
}

// resolveRoot replaces the names in t and in the definitions by what they
// stand for; every recursion variable must then be bound.
func (d *definitions) resolveRoot(t Type) (Type, error) {
	free := make(map[string]int)
	t, err := d.resolve(t, free)
	if err != nil {
		return nil, err
	}
	if name, off, ok := firstFree(free); ok {
		return nil, d.errorAt(off, "unbound recursion variable %q", name)
	}
	return t, nil
}

// firstFree returns the free variable used first.
func firstFree(free map[string]int) (string, int, bool) {
	name, off := "", -1
	for v, o := range free {
		if off < 0 || o < off {
			name, off = v, o
		}
	}
	return name, off, off >= 0
}

func (d *definitions) errorAt(off int, format string, args ...any) error {
	return &ParseError{Pos: d.p.pos(off), Msg: fmt.Sprintf(format, args...)}
}

// resolve replaces the names in the parsed tree t, in place (the parser
// built it for this call only), recording in free the variables it uses
// without binding them.
func (d *definitions) resolve(t Type, free map[string]int) (Type, error) {
	var err error
	switch x := t.(type) {
	case *Send:
		x.Next, err = d.resolve(x.Next, free)
	case *Recv:
		x.Next, err = d.resolve(x.Next, free)
	case *Select:
		err = d.resolveChoices(x.Choices, free)
	case *Branch:
		err = d.resolveChoices(x.Choices, free)
	case *Rec:
		x.Body, err = d.resolve(x.Body, free)
	case *nameRef:
		return d.resolveName(x, free)
	}
	return t, err
}

func (d *definitions) resolveChoices(cs []Choice, free map[string]int) error {
	for i := range cs {
		next, err := d.resolve(cs[i].Next, free)
		if err != nil {
			return err
		}
		cs[i].Next = next
	}
	return nil
}

// resolveName returns the definition r names, or the variable it is when
// there is none.
func (d *definitions) resolveName(r *nameRef, free map[string]int) (Type, error) {
	def := d.byName[r.name]
	if def == nil {
		addFree(free, r.name, r.off, r.bound)
		return &Var{Name: r.name}, nil
	}
	switch def.state {
	case 1:
		return nil, d.errorAt(r.off, "definition %q uses itself (write a loop with rec)", r.name)
	case 0:
		def.state = 1
		def.free = make(map[string]int)
		body, err := d.resolve(def.body, def.free)
		if err != nil {
			return nil, err
		}
		def.body, def.state = body, 2
	}
	for v, off := range def.free {
		addFree(free, v, off, r.bound)
	}
	return def.body, nil
}

// addFree records that v, used at off, is free unless bound.
func addFree(free map[string]int, v string, off int, bound []string) {
	for _, b := range bound {
		if b == v {
			return
		}
	}
	if o, ok := free[v]; !ok || off < o {
		free[v] = off
	}
}
