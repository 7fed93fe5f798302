package projection

import "strconv"

// maxInline is the longest run of sends and receives, ending in end, a
// variable or a named definition, that the renderings repeat at each use
// rather than name: a short shared tail such as `!C.Done; end` reads better
// in place, and repeating it keeps the rendering linear (each copy has at
// most maxInline actions).
const maxInline = 3

// sharing decides which continuations of a type the renderings write once,
// as named definitions (`where K1 = ...` in session notation, `type K1 =
// ...;` in Rust notation). A node is named when several edges of the DAG
// lead to it and it is more than a short tail (maxInline). Every node is
// then written once per use only when it is not named, and a node that is
// not named has a single parent or at most maxInline actions, so the
// rendering has O(maxInline · edges) actions: linear in the type's state
// machine, never exponential.
type sharing struct {
	refs  map[Type]int    // number of edges leading to each node
	named map[Type]bool   // decision for shared nodes, memoized
	names map[Type]string // names given so far, in order of first use
	order []Type          // named nodes in order of first use
	taken map[string]bool // recursion variables of the type, which names avoid
	next  int             // number of the last name given
}

// newSharing counts the edges of t's DAG. The walk is iterative: a long
// sequence neither recurses deeply nor is visited twice.
func newSharing(t Type) *sharing {
	s := &sharing{
		refs:  make(map[Type]int),
		named: make(map[Type]bool),
		names: make(map[Type]string),
		taken: make(map[string]bool),
	}
	// A node is pushed when its first edge is counted; the root has none
	// and is not named, so it is counted once to keep it from being
	// pushed again.
	stack := []Type{t}
	s.refs[t] = 1
	push := func(n Type) {
		s.refs[n]++
		if s.refs[n] == 1 {
			stack = append(stack, n)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x := n.(type) {
		case *Send:
			push(x.Next)
		case *Recv:
			push(x.Next)
		case *Select:
			for _, c := range x.Choices {
				push(c.Next)
			}
		case *Branch:
			for _, c := range x.Choices {
				push(c.Next)
			}
		case *Rec:
			s.taken[x.Var] = true
			push(x.Body)
		case *Var: // free variables too
			s.taken[x.Name] = true
		}
	}
	return s
}

// isNamed reports whether n is written as a definition.
func (s *sharing) isNamed(n Type) bool {
	if s.refs[n] < 2 {
		return false
	}
	switch n.(type) {
	case *End, *Var, nil:
		return false
	}
	if v, ok := s.named[n]; ok {
		return v
	}
	v := !s.shortTail(n)
	s.named[n] = v
	return v
}

// shortTail reports whether n is at most maxInline sends and receives
// followed by end, a variable or a named definition.
func (s *sharing) shortTail(n Type) bool {
	for i := 0; ; i++ {
		switch x := n.(type) {
		case *End, *Var:
			return true
		case *Send:
			n = x.Next
		case *Recv:
			n = x.Next
		default: // a choice or a loop
			return false
		}
		if i == maxInline {
			return false
		}
		if s.isNamed(n) {
			return true
		}
	}
}

// name returns the definition name of n when n is written as one, giving
// it the next free name K1, K2, ... on its first use.
func (s *sharing) name(n Type) (string, bool) {
	if !s.isNamed(n) {
		return "", false
	}
	if name, ok := s.names[n]; ok {
		return name, true
	}
	for {
		s.next++
		name := "K" + strconv.Itoa(s.next)
		if !s.taken[name] {
			s.names[n] = name
			s.order = append(s.order, n)
			return name, true
		}
	}
}

// definitions calls write for every named node in order of first use,
// including those first used by a definition written earlier.
func (s *sharing) definitions(write func(name string, body Type)) {
	for i := 0; i < len(s.order); i++ {
		n := s.order[i]
		write(s.names[n], n)
	}
}
