package subtype

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/projection"
)

// The property tests check the verdicts against an independent semantics:
// the new role runs against the dual of the old type (the old peer of a
// two-party session) with asynchronous FIFO buffers, exploring every
// interleaving. A reachable error is an unexpected message, a deadlock, or
// a message left in a buffer when both sides have ended.

// genType draws a random two-party local type over the labels a, b, c.
// Recursion variables are only used after an action (guarded).
func genType(t *rapid.T, depth int, vars []string, guarded bool) projection.Type {
	kinds := []string{"end", "send", "recv", "select", "branch"}
	if depth > 0 && len(vars) < 2 {
		kinds = append(kinds, "rec")
	}
	if guarded && len(vars) > 0 {
		kinds = append(kinds, "var", "var")
	}
	if depth == 0 {
		kinds = []string{"end"}
		if guarded && len(vars) > 0 {
			kinds = append(kinds, "var")
		}
	}
	label := func() projection.Message {
		return projection.Message{Name: rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "label")}
	}
	choices := func() []projection.Choice {
		names := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"a", "b", "c"}), 1, 3, rapid.ID[string]).Draw(t, "labels")
		cs := make([]projection.Choice, len(names))
		for i, n := range names {
			cs[i] = projection.Choice{Peer: projection.OnlyPeer, Msg: projection.Message{Name: n}, Next: genType(t, depth-1, vars, true)}
		}
		return cs
	}
	switch rapid.SampledFrom(kinds).Draw(t, "kind") {
	case "send":
		return &projection.Send{To: projection.OnlyPeer, Msg: label(), Next: genType(t, depth-1, vars, true)}
	case "recv":
		return &projection.Recv{From: projection.OnlyPeer, Msg: label(), Next: genType(t, depth-1, vars, true)}
	case "select":
		return &projection.Select{Choices: choices()}
	case "branch":
		return &projection.Branch{Choices: choices()}
	case "rec":
		v := fmt.Sprintf("X%d", len(vars))
		return &projection.Rec{Var: v, Body: genType(t, depth-1, append(slices.Clone(vars), v), false)}
	case "var":
		return &projection.Var{Name: rapid.SampledFrom(vars).Draw(t, "var")}
	}
	return &projection.End{}
}

// mutate applies one random edit at a random node of ty: edits that
// usually keep subtyping (anticipating a send, adding a receive branch,
// dropping a select alternative) and edits that usually break it.
func mutate(t *rapid.T, ty projection.Type) projection.Type {
	var nodes []projection.Type
	collectTypes(ty, &nodes)
	target := nodes[rapid.IntRange(0, len(nodes)-1).Draw(t, "node")]
	op := rapid.SampledFrom([]string{"anticipate", "add-branch", "drop-select", "add-select", "relabel", "delete", "none"}).Draw(t, "op")
	return rewrite(ty, func(n projection.Type) projection.Type {
		if n != target {
			return nil
		}
		fresh := projection.Message{Name: "z"}
		switch x := n.(type) {
		case *projection.Recv:
			switch op {
			case "anticipate":
				if s, ok := x.Next.(*projection.Send); ok {
					return &projection.Send{To: s.To, Msg: s.Msg, Next: &projection.Recv{From: x.From, Msg: x.Msg, Next: s.Next}}
				}
			case "add-branch":
				return &projection.Branch{Choices: []projection.Choice{{Peer: x.From, Msg: x.Msg, Next: x.Next}, {Peer: x.From, Msg: fresh, Next: &projection.End{}}}}
			case "relabel":
				return &projection.Recv{From: x.From, Msg: fresh, Next: x.Next}
			case "delete":
				return x.Next
			}
		case *projection.Send:
			switch op {
			case "add-select":
				return &projection.Select{Choices: []projection.Choice{{Peer: x.To, Msg: x.Msg, Next: x.Next}, {Peer: x.To, Msg: fresh, Next: &projection.End{}}}}
			case "relabel":
				return &projection.Send{To: x.To, Msg: fresh, Next: x.Next}
			case "delete":
				return x.Next
			}
		case *projection.Select:
			if op == "drop-select" && len(x.Choices) > 1 {
				return &projection.Select{Choices: x.Choices[1:]}
			}
		case *projection.Branch:
			if op == "drop-select" && len(x.Choices) > 1 { // removing a receive branch
				return &projection.Branch{Choices: x.Choices[1:]}
			}
			if op == "add-branch" && !slices.ContainsFunc(x.Choices, func(c projection.Choice) bool { return c.Msg == fresh }) {
				return &projection.Branch{Choices: append(slices.Clone(x.Choices), projection.Choice{Peer: projection.OnlyPeer, Msg: fresh, Next: &projection.End{}})}
			}
		}
		return nil
	})
}

func collectTypes(t projection.Type, out *[]projection.Type) {
	*out = append(*out, t)
	switch x := t.(type) {
	case *projection.Send:
		collectTypes(x.Next, out)
	case *projection.Recv:
		collectTypes(x.Next, out)
	case *projection.Rec:
		collectTypes(x.Body, out)
	case *projection.Select:
		for _, c := range x.Choices {
			collectTypes(c.Next, out)
		}
	case *projection.Branch:
		for _, c := range x.Choices {
			collectTypes(c.Next, out)
		}
	}
}

// rewrite rebuilds t bottom-up, replacing a node n by f(n) when f returns
// non-nil.
func rewrite(t projection.Type, f func(projection.Type) projection.Type) projection.Type {
	if r := f(t); r != nil {
		return r
	}
	choices := func(cs []projection.Choice) []projection.Choice {
		out := slices.Clone(cs)
		for i := range out {
			out[i].Next = rewrite(out[i].Next, f)
		}
		return out
	}
	switch x := t.(type) {
	case *projection.Send:
		return &projection.Send{To: x.To, Msg: x.Msg, Next: rewrite(x.Next, f)}
	case *projection.Recv:
		return &projection.Recv{From: x.From, Msg: x.Msg, Next: rewrite(x.Next, f)}
	case *projection.Rec:
		return &projection.Rec{Var: x.Var, Body: rewrite(x.Body, f)}
	case *projection.Select:
		return &projection.Select{Choices: choices(x.Choices)}
	case *projection.Branch:
		return &projection.Branch{Choices: choices(x.Choices)}
	}
	return t
}

func recursive(t projection.Type) bool {
	var nodes []projection.Type
	collectTypes(t, &nodes)
	return slices.ContainsFunc(nodes, func(n projection.Type) bool { _, ok := n.(*projection.Rec); return ok })
}

// simulate explores the asynchronous product of the new type and the dual
// of the old one, with at most bound messages per buffer. It returns a
// description of a reachable error, or "". Runs blocked only by the bound
// are not errors.
func simulate(newT, oldT projection.Type, bound int) string {
	a, errA := buildGraph(newT)
	b, errB := buildGraph(oldT)
	if errA != nil || errB != nil {
		return fmt.Sprint("malformed: ", errA, errB)
	}
	type conf struct {
		s, t  int
		toOld string // messages from the new role, in order, ';'-separated
		toNew string
	}
	push := func(q, m string) string { return q + m + ";" }
	pop := func(q string) (string, string) { i := strings.IndexByte(q, ';'); return q[:i], q[i+1:] }
	length := func(q string) int { return strings.Count(q, ";") }
	seen := make(map[conf]bool)
	stack := []conf{{}}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] {
			continue
		}
		seen[c] = true
		var next []conf
		blocked := false
		// The new role: sends into toOld, receives from toNew.
		switch st := a.states[c.s]; st.kind {
		case kindOut:
			for _, e := range st.edges {
				if length(c.toOld) >= bound {
					blocked = true
					break
				}
				next = append(next, conf{e.next, c.t, push(c.toOld, e.msg.Name), c.toNew})
			}
		case kindIn:
			if c.toNew != "" {
				m, rest := pop(c.toNew)
				i := slices.IndexFunc(st.edges, func(e edge) bool { return e.msg.Name == m })
				if i < 0 {
					return "the new role receives unexpected " + m
				}
				next = append(next, conf{st.edges[i].next, c.t, c.toOld, rest})
			}
		}
		// The old peer: the dual of the old type (its sends are the old
		// role's receives).
		switch st := b.states[c.t]; st.kind {
		case kindIn: // the old role receives, so the peer sends
			for _, e := range st.edges {
				if length(c.toNew) >= bound {
					blocked = true
					break
				}
				next = append(next, conf{c.s, e.next, c.toOld, push(c.toNew, e.msg.Name)})
			}
		case kindOut: // the old role sends, so the peer receives
			if c.toOld != "" {
				m, rest := pop(c.toOld)
				i := slices.IndexFunc(st.edges, func(e edge) bool { return e.msg.Name == m })
				if i < 0 {
					return "the old peer receives unexpected " + m
				}
				next = append(next, conf{c.s, st.edges[i].next, rest, c.toNew})
			}
		}
		if len(next) == 0 && !blocked {
			if a.states[c.s].kind == kindEnd && b.states[c.t].kind == kindEnd && c.toOld == "" && c.toNew == "" {
				continue
			}
			return fmt.Sprintf("stuck: new in state %d, old in state %d, buffers %q / %q", c.s, c.t, c.toOld, c.toNew)
		}
		stack = append(stack, next...)
	}
	return ""
}

// TestPropertySound: a Compatible verdict never meets an error; on
// finite types an Incompatible verdict always does, and the check never
// answers Unknown.
func TestPropertySound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		oldT := genType(t, 4, nil, false)
		newT := mutate(t, oldT)
		if _, err := buildGraph(newT); err != nil {
			t.Skip("the mutation left an unguarded recursion")
		}
		res, err := CheckAsync(context.Background(), newT, oldT, Options{})
		if err != nil {
			t.Fatal(err)
		}
		finite := !recursive(oldT) && !recursive(newT)
		problem := simulate(newT, oldT, 6)
		desc := projection.Session(newT) + "  ≤  " + projection.Session(oldT)
		switch res.Verdict {
		case Compatible:
			if problem != "" {
				t.Fatalf("%s: compatible, but %s", desc, problem)
			}
		case Incompatible:
			if finite && problem == "" {
				t.Fatalf("%s: incompatible (%s), but the run against the old peer has no error", desc, res.Counterexample)
			}
		case Unknown:
			if finite {
				t.Fatalf("%s: unknown on finite types (%s)", desc, res.Justification)
			}
		}
	})
}
