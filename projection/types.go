package projection

// Equal reports whether a and b are the same local type up to what does
// not change behaviour: recursion variables are compared up to renaming
// (rec X. !B.M; X equals rec Y. !B.M; Y), the alternatives of a choice are
// a set keyed by peer and message name (their order does not matter), a
// Select or Branch with one alternative equals the Send or Recv it
// amounts to, and Origin, Merged and Label are ignored. Messages must
// agree in name and payload.
func Equal(a, b Type) bool {
	e := equality{memo: make(map[equalKey]bool)}
	return e.equal(a, b, nil)
}

// binding pairs the variables of two recs compared at the same depth.
type binding struct {
	a, b string
	up   *binding
}

type equalKey struct {
	a, b Type
	env  *binding
}

type equality struct {
	memo map[equalKey]bool
}

func (e *equality) equal(a, b Type, env *binding) bool {
	if a == b && env == nil {
		return true
	}
	key := equalKey{a, b, env}
	if r, ok := e.memo[key]; ok {
		return r
	}
	r := e.compare(a, b, env)
	e.memo[key] = r
	return r
}

func (e *equality) compare(a, b Type, env *binding) bool {
	switch x := a.(type) {
	case *End:
		_, ok := b.(*End)
		return ok
	case *Var:
		y, ok := b.(*Var)
		return ok && sameVar(x.Name, y.Name, env)
	case *Rec:
		y, ok := b.(*Rec)
		return ok && e.equal(x.Body, y.Body, &binding{a: x.Var, b: y.Var, up: env})
	case *Send, *Select:
		xs, _ := outputs(a)
		ys, ok := outputs(b)
		return ok && e.sameChoices(xs, ys, env)
	case *Recv, *Branch:
		xs, _ := inputs(a)
		ys, ok := inputs(b)
		return ok && e.sameChoices(xs, ys, env)
	}
	return false
}

// sameVar reports whether x (in the left type) and y (in the right type)
// refer to binders at the same depth, or are the same free variable.
func sameVar(x, y string, env *binding) bool {
	for ; env != nil; env = env.up {
		if env.a == x || env.b == y {
			return env.a == x && env.b == y
		}
	}
	return x == y
}

// sameChoices compares two sets of alternatives.
func (e *equality) sameChoices(xs, ys []Choice, env *binding) bool {
	if len(xs) != len(ys) {
		return false
	}
	used := make([]bool, len(ys))
	for _, x := range xs {
		found := false
		for j, y := range ys {
			if !used[j] && y.Peer == x.Peer && y.Msg.Name == x.Msg.Name && samePayload(x.Msg, y.Msg) && e.equal(x.Next, y.Next, env) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Peers returns the participants t communicates with, in the order of
// their first appearance (depth first, alternatives in order).
func Peers(t Type) []string {
	var out []string
	seen := make(map[string]bool)
	visited := make(map[Type]bool)
	var walk func(Type)
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	walk = func(t Type) {
		for t != nil && !visited[t] {
			visited[t] = true
			switch x := t.(type) {
			case *Send:
				add(x.To)
				t = x.Next
			case *Recv:
				add(x.From)
				t = x.Next
			case *Select:
				walkChoices(x.Choices, add, walk)
				return
			case *Branch:
				walkChoices(x.Choices, add, walk)
				return
			case *Rec:
				t = x.Body
			default:
				return
			}
		}
	}
	walk(t)
	return out
}

func walkChoices(cs []Choice, add func(string), walk func(Type)) {
	for _, c := range cs {
		add(c.Peer)
		walk(c.Next)
	}
}

// Depth is the depth of t as defined in SEMANTICS §7: end and a variable
// are 0; a send, a receive, a select or a branch is 1 + the largest depth
// among its continuations; rec X. T is 1 + depth(T). Recursion is not
// unfolded. Shared subtrees are measured once.
func Depth(t Type) int {
	// Only choices are memoized: a continuation shared by several
	// alternatives is walked once per alternative up to the next choice,
	// whose depth is then looked up. Sequences are walked iteratively,
	// so a long local type neither recurses deeply nor fills the memo.
	memo := make(map[Type]int)
	var depth func(Type) int
	choices := func(t Type, cs []Choice) int {
		if d, ok := memo[t]; ok {
			return d
		}
		d := 1 + maxDepth(cs, depth)
		memo[t] = d
		return d
	}
	depth = func(t Type) int {
		d := 0
		for {
			switch x := t.(type) {
			case *Send:
				t = x.Next
			case *Recv:
				t = x.Next
			case *Rec:
				t = x.Body
			case *Select:
				return d + choices(t, x.Choices)
			case *Branch:
				return d + choices(t, x.Choices)
			default: // End, Var
				return d
			}
			d++
		}
	}
	return depth(t)
}

func maxDepth(cs []Choice, depth func(Type) int) int {
	m := 0
	for _, c := range cs {
		m = max(m, depth(c.Next))
	}
	return m
}
