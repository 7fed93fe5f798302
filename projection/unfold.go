package projection

// unfolder unfolds recursive types, caching each unfolding so that
// unfolding the same rec twice gives the same (pointer-equal) type.
type unfolder struct {
	unfolded map[*Rec]Type
	folded   map[Type]*Rec // the inverse of unfolded
}

// head unfolds the recs at the head of r until the type starts with an
// action. It reports false when r does not reach one (an unguarded rec
// such as rec X. X, which projection does not build).
func (u *unfolder) head(r *Rec) (Type, bool) {
	n := 0
	for t := Type(r); ; n++ {
		x, ok := t.(*Rec)
		if !ok {
			break
		}
		t = x.Body
	}
	var t Type = r
	for range n {
		x, ok := t.(*Rec)
		if !ok {
			break
		}
		t = u.unfold(x)
	}
	switch t.(type) {
	case *Send, *Recv, *Select, *Branch:
		return t, true
	}
	return nil, false
}

// unfold returns r's body with every free occurrence of r's variable
// replaced by r. Only the nodes on a path to such an occurrence are
// copied; the rest stays shared. Projection never binds a name an
// enclosing rec already binds (it renames L to L_2), so substituting r
// cannot capture a variable.
func (u *unfolder) unfold(r *Rec) Type {
	if t, ok := u.unfolded[r]; ok {
		return t
	}
	memo := make(map[Type]Type)
	var sub func(Type) Type
	sub = func(t Type) Type {
		if s, ok := memo[t]; ok {
			return s
		}
		s := t
		switch x := t.(type) {
		case *Var:
			if x.Name == r.Var {
				s = r
			}
		case *Rec:
			if x.Var != r.Var {
				if body := sub(x.Body); body != x.Body {
					s = &Rec{Var: x.Var, Body: body}
				}
			}
		case *Send:
			if next := sub(x.Next); next != x.Next {
				c := *x
				c.Next = next
				s = &c
			}
		case *Recv:
			if next := sub(x.Next); next != x.Next {
				c := *x
				c.Next = next
				s = &c
			}
		case *Select:
			if cs, ok := subChoices(x.Choices, sub); ok {
				s = &Select{Choices: cs}
			}
		case *Branch:
			if cs, ok := subChoices(x.Choices, sub); ok {
				s = &Branch{Choices: cs}
			}
		}
		memo[t] = s
		return s
	}
	t := sub(r.Body)
	if u.unfolded == nil {
		u.unfolded = make(map[*Rec]Type)
		u.folded = make(map[Type]*Rec)
	}
	u.unfolded[r] = t
	u.folded[t] = r
	return t
}

// subChoices applies sub to the continuations of cs; it returns a copy and
// true when one of them changed.
func subChoices(cs []Choice, sub func(Type) Type) ([]Choice, bool) {
	var out []Choice
	for i, c := range cs {
		next := sub(c.Next)
		if next == c.Next && out == nil {
			continue
		}
		if out == nil {
			out = append([]Choice(nil), cs...)
		}
		out[i].Next = next
	}
	return out, out != nil
}
