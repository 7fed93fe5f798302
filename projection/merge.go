package projection

import (
	"math"
	"slices"
	"strings"
)

// merger merges the projections of the branches of one choice (full
// merging, SEMANTICS §3). It records the first conflict and the first
// end-against-action it meets and keeps going, so that a projection is
// produced even for a role that cannot be merged.
type merger struct {
	conflict *mergeIssue // first conflict: the result is unmergeable
	unaware  *mergeIssue // first end against an action: the action was kept
	silent   Type        // merges with anything: a jump the role does not see
	memo     map[[2]Type]mergeEntry
	unfolds  unfolder

	// The pairs being merged, innermost last; low is the smallest index
	// in stack that a result computed so far refers to (noLoop when none).
	stack []mergeFrame
	low   int
}

// mergeEntry is the merge of a pair: its result, or while the pair is
// being merged (t == nil) its index in merger.stack.
type mergeEntry struct {
	t     Type
	frame int
}

// mergeIssue is a pair of heads that did not merge; a comes from the left
// operand (earlier branches), b from the right.
type mergeIssue struct {
	a, b Type
}

// merge returns the merge of a and b. Shared subtrees (the continuation
// after the choice) are pointer-equal and merge in constant time; other
// pairs are memoized so that merging DAGs stays linear.
//
// A rec against anything but a rec with the same variable is unfolded
// once (rec X. T is T[X := rec X. T]), so a loop merges with a branch
// that starts with the loop's first message. Unfoldings are cached, so
// the pairs met are finitely many. Merging is coinductive: meeting again
// a pair that is still being merged closes a loop, which becomes a rec
// bound at that pair (named after its rec operand) with a variable at the
// meeting point. That is how equal loops under different labels merge.
// A result that refers to a pair still open is not memoized, since its
// variable is bound only inside that pair's rec.
func (m *merger) merge(a, b Type) Type {
	switch {
	case a == b || b == m.silent:
		return a
	case a == m.silent:
		return b
	}
	key := [2]Type{a, b}
	if e, ok := m.memo[key]; ok {
		if e.t != nil {
			return e.t
		}
		name := recVar(a, b)
		if name == "" {
			return m.fail(a, b)
		}
		m.stack[e.frame].bound = true
		m.low = min(m.low, e.frame)
		return &Var{Name: name}
	}
	if m.memo == nil {
		m.memo = make(map[[2]Type]mergeEntry)
		m.low = noLoop
	}
	k := len(m.stack)
	m.memo[key] = mergeEntry{frame: k}
	m.stack = append(m.stack, mergeFrame{})
	outer := m.low
	m.low = noLoop
	t := m.mergeHeads(a, b)
	if m.stack[k].bound {
		t = &Rec{Var: recVar(a, b), Body: t}
	}
	m.stack = m.stack[:k]
	if m.low < k { // t refers to an enclosing pair still open
		delete(m.memo, key)
		m.low = min(outer, m.low)
		return t
	}
	m.low = outer
	m.memo[key] = mergeEntry{t: t}
	return t
}

// noLoop is merger.low when no open pair is referred to.
const noLoop = math.MaxInt

// mergeFrame is a pair being merged.
type mergeFrame struct {
	bound bool // a loop closed at this pair: its result is a rec
}

// recVar names the rec that a loop closed at the pair (a, b) binds: the
// variable of a or else of b when it is a rec, "" when neither is.
func recVar(a, b Type) string {
	if r, ok := a.(*Rec); ok {
		return r.Var
	}
	if r, ok := b.(*Rec); ok {
		return r.Var
	}
	return ""
}

func (m *merger) mergeHeads(a, b Type) Type {
	_, aEnd := a.(*End)
	_, bEnd := b.(*End)
	switch {
	case aEnd && bEnd:
		return a
	case aEnd || bEnd:
		action := b
		if bEnd {
			action = a
		}
		if !isAction(action) {
			return m.fail(a, b)
		}
		if m.unaware == nil {
			m.unaware = &mergeIssue{a, b}
		}
		return action
	}
	if t, ok := m.mergeRecs(a, b); ok {
		return t
	}
	switch x := a.(type) {
	case *Var:
		if y, ok := b.(*Var); ok && x.Name == y.Name {
			return x
		}
	case *Send, *Select:
		if ys, ok := outputs(b); ok {
			xs, _ := outputs(a)
			if cs, ok := m.mergeOutputs(xs, ys); ok {
				return outputOf(cs)
			}
		}
	case *Recv, *Branch:
		if ys, ok := inputs(b); ok {
			xs, _ := inputs(a)
			if cs, ok := m.mergeInputs(xs, ys); ok {
				return inputOf(cs)
			}
		}
	}
	return m.fail(a, b)
}

// mergeRecs merges a and b when one of them is a rec: two recs on the same
// variable merge their bodies; otherwise a rec is replaced by its
// unfolding. It reports false when neither is a rec that can be unfolded.
func (m *merger) mergeRecs(a, b Type) (Type, bool) {
	x, xRec := a.(*Rec)
	y, yRec := b.(*Rec)
	if xRec && yRec && x.Var == y.Var {
		return &Rec{Var: x.Var, Body: m.merge(x.Body, y.Body)}, true
	}
	if xRec {
		if u, ok := m.unfolds.head(x); ok {
			return m.merge(u, b), true
		}
	}
	if yRec {
		if u, ok := m.unfolds.head(y); ok {
			return m.merge(a, u), true
		}
	}
	return nil, false
}

// fail records a conflict between a and b and returns a (the rec itself
// when a is the unfolding of one), so that merging can go on and still
// produce a type.
func (m *merger) fail(a, b Type) Type {
	if m.conflict == nil {
		m.conflict = &mergeIssue{a, b}
	}
	if r, ok := m.unfolds.folded[a]; ok {
		return r
	}
	return a
}

// mergeOutputs merges two internal choices: they must offer the same
// messages to the same peers (with the same payloads); the continuations
// are merged pairwise.
func (m *merger) mergeOutputs(xs, ys []Choice) ([]Choice, bool) {
	if len(xs) != len(ys) || len(xs) == 0 {
		return nil, false
	}
	out := make([]Choice, len(xs))
	for i, x := range xs {
		j := indexOf(ys, x)
		if j < 0 || !samePayload(ys[j].Msg, x.Msg) {
			return nil, false
		}
		out[i] = m.mergeChoice(x, ys[j])
	}
	return out, true
}

// mergeInputs merges two external choices from the same sender by union;
// the continuations of a message offered by both are merged.
func (m *merger) mergeInputs(xs, ys []Choice) ([]Choice, bool) {
	if len(xs) == 0 || len(ys) == 0 {
		return nil, false
	}
	from := xs[0].Peer
	for _, cs := range [][]Choice{xs, ys} {
		for _, c := range cs {
			if c.Peer != from {
				return nil, false
			}
		}
	}
	out := slices.Clone(xs)
	for _, y := range ys {
		i := indexOf(out, y)
		switch {
		case i < 0:
			out = append(out, y)
		case !samePayload(out[i].Msg, y.Msg):
			return nil, false
		default:
			out[i] = m.mergeChoice(out[i], y)
		}
	}
	return out, true
}

// mergeChoice merges two alternatives with the same key: x keeps its label
// and origin, y's origins join x's merged origins.
func (m *merger) mergeChoice(x, y Choice) Choice {
	x.Next = m.merge(x.Next, y.Next)
	x.Merged = joinOrigins(x.Origin, x.Merged, y.Origin, y.Merged)
	return x
}

// joinOrigins returns the sorted, duplicate-free union of merged, other and
// more, without origin.
func joinOrigins(origin int, merged []int, other int, more []int) []int {
	if other == origin && len(more) == 0 {
		return merged
	}
	out := slices.Concat(merged, []int{other}, more)
	slices.Sort(out)
	out = slices.Compact(out)
	if i, ok := slices.BinarySearch(out, origin); ok {
		out = slices.Delete(out, i, i+1)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// indexOf returns the index of the alternative of cs with c's key (peer
// and message name), or -1.
func indexOf(cs []Choice, c Choice) int {
	for i := range cs {
		if cs[i].Peer == c.Peer && cs[i].Msg.Name == c.Msg.Name {
			return i
		}
	}
	return -1
}

// isAction reports whether t starts with a communication.
func isAction(t Type) bool {
	switch t.(type) {
	case *Send, *Recv, *Select, *Branch, *Rec:
		return true
	}
	return false
}

// outputs views a Send or Select as a list of alternatives.
func outputs(t Type) ([]Choice, bool) {
	switch t := t.(type) {
	case *Send:
		return []Choice{{Peer: t.To, Msg: t.Msg, Origin: t.Origin, Merged: t.Merged, Next: t.Next}}, true
	case *Select:
		return t.Choices, true
	}
	return nil, false
}

// inputs views a Recv or Branch as a list of alternatives.
func inputs(t Type) ([]Choice, bool) {
	switch t := t.(type) {
	case *Recv:
		return []Choice{{Peer: t.From, Msg: t.Msg, Origin: t.Origin, Merged: t.Merged, Next: t.Next}}, true
	case *Branch:
		return t.Choices, true
	}
	return nil, false
}

// outputOf builds a Send from one alternative, a Select from several.
func outputOf(cs []Choice) Type {
	if len(cs) == 1 {
		c := cs[0]
		return &Send{To: c.Peer, Msg: c.Msg, Origin: c.Origin, Merged: c.Merged, Next: c.Next}
	}
	return &Select{Choices: cs}
}

// inputOf builds a Recv from one alternative, a Branch from several.
func inputOf(cs []Choice) Type {
	if len(cs) == 1 {
		c := cs[0]
		return &Recv{From: c.Peer, Msg: c.Msg, Origin: c.Origin, Merged: c.Merged, Next: c.Next}
	}
	return &Branch{Choices: cs}
}

// describe names the first action of t for messages: "!B.M", "?A.M(u8)",
// "+{ !B.M, !C.N }", "end", "continue X".
func describe(t Type) string {
	switch t := t.(type) {
	case *End:
		return "end"
	case *Var:
		return "continue " + t.Name
	case *Rec:
		return describe(t.Body)
	case *Send, *Recv:
		cs, out := outputs(t)
		if !out {
			cs, _ = inputs(t)
		}
		return head(cs[0], out)
	case *Select:
		return describeChoices("+", t.Choices, true)
	case *Branch:
		return describeChoices("&", t.Choices, false)
	}
	return "nothing"
}

func describeChoices(sigil string, cs []Choice, out bool) string {
	if len(cs) == 1 {
		return head(cs[0], out)
	}
	heads := make([]string, len(cs))
	for i, c := range cs {
		heads[i] = head(c, out)
	}
	return sigil + "{ " + strings.Join(heads, ", ") + " }"
}

// head renders the action of c: "!B.M" or "?A.M(payload)".
func head(c Choice, out bool) string {
	sigil := "?"
	if out {
		sigil = "!"
	}
	return sigil + c.Peer + "." + MessageText(c.Msg)
}

// samePayload reports whether two messages with the same name carry the
// same payload: equal field types (CanonicalPayload), whatever the fields
// are called.
func samePayload(a, b Message) bool {
	return a.Payload == b.Payload || CanonicalPayload(a.Payload) == CanonicalPayload(b.Payload)
}
