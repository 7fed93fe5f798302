package projection

import (
	"maps"
	"slices"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// TestMergeLoopsIsUnion checks full merging with recursion on choices
// whose branches tell C nothing but a stream of messages from B, some of
// them in loops: B always knows the branch, so C's merge must exist (at
// worst with unaware-role), be closed, and accept exactly the union of
// what the branches do: the words of length up to 8 of C's local type are
// those of its projections of the branches.
func TestMergeLoopsIsUnion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := &builder{}
		msg := func() string { return rapid.SampledFrom([]string{"M", "N"}).Draw(t, "msg") }
		sends := func(min int) []global.Node {
			var out []global.Node
			for range rapid.IntRange(min, 2).Draw(t, "sends") {
				out = append(out, b.send("B", "C", msg()))
			}
			return out
		}
		var branches []*global.Branch
		for i := range rapid.IntRange(2, 3).Draw(t, "branches") {
			label := "b" + strconv.Itoa(i)
			body := append([]global.Node{b.send("A", "B", "X"+label)}, sends(0)...)
			if rapid.Bool().Draw(t, "loop") {
				rec := "L" + label
				loop := append(sends(1), b.cont(rec))
				if rapid.Bool().Draw(t, "nested") {
					inner := "K" + label
					loop = append(sends(0), b.rec(inner, append(sends(1), b.cont(inner))...))
				}
				body = append(body, b.rec(rec, loop...))
			}
			branches = append(branches, b.branch(label, body...))
		}
		c := b.choice("A", branches...)
		types, ds := Project(protocol("A B C", c))
		if diag.HasErrors(ds) {
			t.Fatalf("C receives only from B, yet: %v", ds)
		}
		merged := types["C"]
		if _, err := ParseSession(Session(merged)); err != nil {
			t.Fatalf("C = %s does not read back (free variable?): %v", Session(merged), err)
		}
		rp := newProjector(protocol("A B C", c)).forRole("C")
		want := make(map[string]bool)
		for _, br := range c.Branches {
			maps.Copy(want, words(rp.block(br.Body, rp.end), 8))
		}
		got := words(merged, 8)
		if !maps.Equal(got, want) {
			t.Fatalf("C = %s accepts %v, the branches %v", Session(merged), slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	})
}

// words returns the prefix-closed set of message sequences of length up to
// n that t receives or sends, following recursion variables to their recs.
func words(t Type, n int) map[string]bool {
	out := make(map[string]bool)
	var walk func(t Type, env map[string]*Rec, prefix string, left int)
	walk = func(t Type, env map[string]*Rec, prefix string, left int) {
		out[prefix] = true
		if left == 0 {
			return
		}
		switch x := t.(type) {
		case *Rec:
			inner := maps.Clone(env)
			inner[x.Var] = x
			walk(x.Body, inner, prefix, left)
		case *Var:
			if r, ok := env[x.Name]; ok {
				walk(r, env, prefix, left)
			}
		case *Send, *Select:
			cs, _ := outputs(x)
			for _, c := range cs {
				walk(c.Next, env, prefix+"!"+c.Msg.Name, left-1)
			}
		case *Recv, *Branch:
			cs, _ := inputs(x)
			for _, c := range cs {
				walk(c.Next, env, prefix+"?"+c.Msg.Name, left-1)
			}
		}
	}
	walk(t, map[string]*Rec{}, "", n)
	return out
}
