package subtype

import (
	"fmt"
	"slices"

	"github.com/choreo-lang/choreo/projection"
)

// CheckSync decides newT ≤ oldT under synchronous subtyping (Gay and Hole,
// "Subtyping for session types in the pi calculus", Acta Informatica 2005),
// read co-inductively on the types' graphs: the new role may select among
// fewer messages and accept more, but must perform its actions in the old
// order. The relation is decidable, so the verdict is never Unknown. It
// implies asynchronous subtyping.
func CheckSync(newT, oldT projection.Type) (*Result, error) {
	return walkPair(Sync, newT, oldT)
}

// CheckEqual reports whether newT and oldT are the same local type
// (projection.Equal) and, when they are not, shows the first action on
// which they differ.
func CheckEqual(newT, oldT projection.Type) (*Result, error) {
	if _, _, err := buildPair(newT, oldT); err != nil {
		return nil, err
	}
	if projection.Equal(newT, oldT) {
		return &Result{Relation: Equal, Verdict: Compatible, Justification: "the local types are equal"}, nil
	}
	res, err := walkPair(Equal, newT, oldT)
	if err != nil {
		return nil, err
	}
	if res.Verdict == Compatible {
		res.Verdict = Incompatible
		res.Justification = ""
		res.Counterexample = &Counterexample{Kind: Rewritten,
			Text: "the local types behave the same but are written differently (recursion unfolded, or payload spacing)"}
	}
	return res, nil
}

// walkPair explores pairs of states in lock step. For Sync, sends of the
// new role must be offered by the old one and receives of the old role
// accepted by the new one; for Equal both sets must coincide.
func walkPair(rel Relation, newT, oldT projection.Type) (*Result, error) {
	sub, sup, err := buildPair(newT, oldT)
	if err != nil {
		return nil, err
	}
	w := &pairWalk{sub: sub, sup: sup, exact: rel == Equal, seen: make(map[[2]int]bool)}
	res := &Result{Relation: rel, Verdict: Compatible}
	if cex := w.check(0, 0, nil); cex != nil {
		res.Verdict = Incompatible
		res.Counterexample = cex
	} else if rel == Sync {
		res.Justification = "the new role performs the old role's actions in the same order"
	} else {
		res.Justification = "the local types have the same behaviour"
	}
	res.Configurations = len(w.seen)
	return res, nil
}

type pairWalk struct {
	sub, sup *graph
	exact    bool
	seen     map[[2]int]bool
}

func (w *pairWalk) check(s, t int, trace []Action) *Counterexample {
	if w.seen[[2]int{s, t}] {
		return nil // co-inductive hypothesis
	}
	w.seen[[2]int{s, t}] = true
	a, b := w.sub.states[s], w.sup.states[t]
	expected := actionsOf(b.edges, b.kind == kindOut)
	fail := func(kind Kind, text string, args ...any) *Counterexample {
		return &Counterexample{Kind: kind, Trace: append([]Action{}, trace...), Expected: expected, Text: fmt.Sprintf(text, args...)}
	}
	switch {
	case a.kind == kindEnd && b.kind == kindEnd:
		return nil
	case a.kind == kindEnd:
		return fail(EndsEarly, "the new role ends, but the old role still does %s here", orList(expected))
	case a.kind == kindOut && b.kind != kindOut:
		c := fail(UnexpectedMessage, "the new role sends %s where the old role does %s", a.edges[0].action(true), orList(expected))
		c.Trace = append(c.Trace, a.edges[0].action(true))
		if b.kind == kindEnd {
			c.Kind, c.Text = NeverConsumed, fmt.Sprintf("the new role sends %s after the old role has ended", a.edges[0].action(true))
		}
		return c
	case a.kind == kindIn && b.kind != kindIn:
		if b.kind == kindEnd {
			return fail(NeverSent, "the new role waits for a message after the old role has ended")
		}
		return fail(ReceiveTooEarly, "the new role waits for a message where the old role does %s", orList(expected))
	}
	out := a.kind == kindOut
	// Sends: the new role's must be offered by the old role. Receives: the
	// old role's must be accepted by the new role.
	from, to := a.edges, b.edges
	if !out {
		from, to = b.edges, a.edges
	}
	for _, e := range from {
		i := indexEdge(to, e)
		if i < 0 {
			if out {
				c := fail(UnexpectedMessage, "the new role sends %s, but the old role offers only %s here", e.action(true), orList(expected))
				c.Trace = append(c.Trace, e.action(true))
				return c
			}
			c := fail(MissingBranch, "the old %s may send %s here, but the new role has no branch for it", e.peer, projection.MessageText(e.msg))
			c.Accepted = actionsOf(a.edges, false)
			return c
		}
		next := [2]int{e.next, to[i].next}
		if !out {
			next = [2]int{to[i].next, e.next}
		}
		if cex := w.check(next[0], next[1], append(slices.Clone(trace), e.action(out))); cex != nil {
			return cex
		}
	}
	if w.exact && len(from) != len(to) {
		for _, e := range to {
			if indexEdge(from, e) < 0 {
				if out {
					return fail(MissingBranch, "the new role never selects %s, which the old role may send here", e.action(true))
				}
				return fail(UnexpectedMessage, "the new role accepts %s, which the old role does not", e.action(false))
			}
		}
	}
	return nil
}

func indexEdge(es []edge, e edge) int {
	return slices.IndexFunc(es, func(x edge) bool { return x.peer == e.peer && x.key == e.key })
}
