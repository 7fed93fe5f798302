package projection

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gen/globalgen"
)

// TestProjectWellFormed checks projection invariants on random well-formed
// protocols (every branch informs every role): projection reports nothing,
// is deterministic, pairs every send with its receive, keeps every global
// send, and its types satisfy the depth formula and read back from the
// session notation.
func TestProjectWellFormed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := globalgen.Generator(globalgen.Options{Family: true, LoopBranches: true}).Draw(t, "protocol")
		types, ds := Project(p)
		if len(ds) > 0 {
			t.Fatalf("diagnostics on a well-formed protocol: %v", ds)
		}
		checkDeterministic(t, p, types, ds)
		checkPairing(t, p, types, true)
		for r, typ := range types {
			checkDepthAndNotation(t, r, typ)
		}
	})
}

// TestProjectUnaware runs the same checks on protocols that may leave roles
// uninformed: only unaware-role and unmergeable may be reported, and
// without errors the pairing invariant still holds.
func TestProjectUnaware(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := globalgen.Generator(globalgen.Options{Unaware: true}).Draw(t, "protocol")
		types, ds := Project(p)
		for _, d := range ds {
			if d.Code != CodeUnawareRole && d.Code != CodeUnmergeable {
				t.Fatalf("unexpected diagnostic %v", d)
			}
		}
		checkDeterministic(t, p, types, ds)
		if !diag.HasErrors(ds) {
			checkPairing(t, p, types, false)
		}
	})
}

func checkDeterministic(t *rapid.T, p *global.Protocol, types map[string]Type, ds []diag.Diagnostic) {
	again, ds2 := Project(p)
	for _, r := range p.Participants() {
		if a, b := Session(types[r]), Session(again[r]); a != b {
			t.Fatalf("%s projects to %s, then to %s", r, a, b)
		}
	}
	if len(ds) != len(ds2) {
		t.Fatalf("diagnostics differ between runs: %v and %v", ds, ds2)
	}
	for i := range ds {
		if ds[i].Message != ds2[i].Message || ds[i].Span != ds2[i].Span {
			t.Fatalf("diagnostics differ between runs: %v and %v", ds[i], ds2[i])
		}
	}
}

// event is one side of a global send as it appears in a local type.
type event struct {
	from, to, msg string
	origin        int
}

// checkPairing checks that every send in a local type has the matching
// receive in the partner's type and vice versa (by origin); complete also
// requires every send of p to appear on both sides.
func checkPairing(t *rapid.T, p *global.Protocol, types map[string]Type, complete bool) {
	sends, recvs := make(map[event]bool), make(map[event]bool)
	for r, typ := range types {
		walk(typ, func(out bool, c Choice) {
			for _, o := range append([]int{c.Origin}, c.Merged...) {
				if out {
					sends[event{r, c.Peer, c.Msg.Name, o}] = true
				} else {
					recvs[event{c.Peer, r, c.Msg.Name, o}] = true
				}
			}
		})
	}
	for e := range sends {
		if !recvs[e] {
			t.Fatalf("%s sends %s to %s (origin %d) but %s has no matching receive", e.from, e.msg, e.to, e.origin, e.to)
		}
	}
	for e := range recvs {
		if !sends[e] {
			t.Fatalf("%s receives %s from %s (origin %d) but %s has no matching send", e.to, e.msg, e.from, e.origin, e.from)
		}
	}
	if !complete {
		return
	}
	var all []*global.Send
	forEachSend(p.Body, func(s *global.Send) { all = append(all, s) })
	for _, s := range all {
		if !sends[event{s.From, s.To, s.Msg.Name, s.ID}] {
			t.Fatalf("send %d %s -> %s : %s is missing from %s's local type", s.ID, s.From, s.To, s.Msg.Name, s.From)
		}
	}
}

// walk calls f for every action in t (each node of the DAG once).
func walk(t Type, f func(out bool, c Choice)) {
	seen := make(map[Type]bool)
	var visit func(Type)
	visit = func(t Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		switch x := t.(type) {
		case *Rec:
			visit(x.Body)
			return
		case *Send, *Select:
			cs, _ := outputs(x)
			for _, c := range cs {
				f(true, c)
				visit(c.Next)
			}
		case *Recv, *Branch:
			cs, _ := inputs(x)
			for _, c := range cs {
				f(false, c)
				visit(c.Next)
			}
		}
	}
	visit(t)
}

// checkDepthAndNotation checks that the session notation, on one line and
// pretty-printed, reads back to an equal type (shared continuations
// included), and Depth against the §7 formula computed directly on the
// type read back (no memo).
func checkDepthAndNotation(t *rapid.T, role string, typ Type) {
	var back Type
	for _, render := range []func(Type) string{Session, Pretty} {
		text := render(typ)
		var err error
		if back, err = ParseSession(text); err != nil {
			t.Fatalf("%s: ParseSession(%q): %v", role, text, err)
		}
		if !Equal(back, typ) {
			t.Fatalf("%s: %q reads back as %s", role, text, Session(back))
		}
	}
	if got, want := Depth(typ), treeDepth(back); got != want {
		t.Fatalf("%s: Depth(%s) = %d, want %d", role, Session(typ), got, want)
	}
}

// treeDepth is §7's depth written as the plain recursive definition.
func treeDepth(t Type) int {
	switch x := t.(type) {
	case *Send:
		return 1 + treeDepth(x.Next)
	case *Recv:
		return 1 + treeDepth(x.Next)
	case *Select:
		return 1 + maxTreeDepth(x.Choices)
	case *Branch:
		return 1 + maxTreeDepth(x.Choices)
	case *Rec:
		return 1 + treeDepth(x.Body)
	}
	return 0
}

func maxTreeDepth(cs []Choice) int {
	m := 0
	for _, c := range cs {
		m = max(m, treeDepth(c.Next))
	}
	return m
}

// TestProjectArbitraryModels feeds Project models that analysis would
// reject (undeclared roles, self-sends, unbound or misplaced continues,
// empty choices and pars, nil nodes): it must still return a type for every
// participant, without panicking, and the helpers must accept the result.
func TestProjectArbitraryModels(t *testing.T) {
	names := []string{"A", "B", "C", "Z"}
	labels := []string{"L", "K"}
	var block func(t *rapid.T, depth int) global.Block
	ids := 0
	block = func(t *rapid.T, depth int) global.Block {
		var b global.Block
		for range rapid.IntRange(0, 4).Draw(t, "len") {
			kind := rapid.IntRange(0, 8).Draw(t, "kind")
			if depth > 3 {
				kind = 0
			}
			switch kind {
			case 0, 1:
				ids++
				b = append(b, &global.Send{ID: ids, From: rapid.SampledFrom(names).Draw(t, "from"),
					To: rapid.SampledFrom(names).Draw(t, "to"), Msg: global.Message{Name: rapid.SampledFrom([]string{"M", "N"}).Draw(t, "msg")}})
			case 2:
				c := &global.Choice{Decider: rapid.SampledFrom(names).Draw(t, "decider")}
				for range rapid.IntRange(0, 3).Draw(t, "branches") {
					c.Branches = append(c.Branches, &global.Branch{Label: "b", Body: block(t, depth+1)})
				}
				b = append(b, c)
			case 3:
				b = append(b, &global.Rec{Label: rapid.SampledFrom(labels).Draw(t, "rec"), Body: block(t, depth+1)})
			case 4:
				b = append(b, &global.Continue{Label: rapid.SampledFrom(append(labels, "Free")).Draw(t, "continue")})
			case 5:
				b = append(b, &global.Loop{Body: block(t, depth+1)})
			case 6:
				p := &global.Par{}
				for range rapid.IntRange(0, 3).Draw(t, "par") {
					p.Branches = append(p.Branches, block(t, depth+1))
				}
				b = append(b, p)
			case 7:
				b = append(b, &global.Opaque{Kind: "heartbeat"})
			default:
				b = append(b, nil)
			}
		}
		return b
	}
	rapid.Check(t, func(t *rapid.T) {
		ids = 0
		p := protocol("A B C", block(t, 0)...)
		types, _ := Project(p)
		for _, r := range p.Participants() {
			typ := types[r]
			if typ == nil {
				t.Fatalf("%s: no type", r)
			}
			_, _, _ = Session(typ), Rust(typ), Pretty(typ)
			if d, n := Depth(typ), nodeCount(typ); d < 0 || d >= n {
				t.Fatalf("%s: depth %d and %d nodes in %s: the longest path cannot visit a node twice", r, d, n, Session(typ))
			}
		}
	})
}

// nodeCount is the number of distinct nodes of t's DAG.
func nodeCount(t Type) int {
	seen := make(map[Type]bool)
	var visit func(Type)
	visit = func(t Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		switch x := t.(type) {
		case *Send:
			visit(x.Next)
		case *Recv:
			visit(x.Next)
		case *Select:
			for _, c := range x.Choices {
				visit(c.Next)
			}
		case *Branch:
			for _, c := range x.Choices {
				visit(c.Next)
			}
		case *Rec:
			visit(x.Body)
		}
	}
	visit(t)
	return len(seen)
}
