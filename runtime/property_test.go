package runtime

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
	"pgregory.net/rapid"
)

// genProtocol draws a random global protocol over up to four roles:
// sends, choices whose decider first tells every other role the branch,
// and decided loops. It uses the shape SEMANTICS §1 gives `loop decide by`.
func genProtocol(t *rapid.T) *global.Protocol {
	roles := []string{"A", "B", "C", "D"}[:rapid.IntRange(2, 4).Draw(t, "roles")]
	g := &protoGen{t: t, roles: roles}
	return protocol("Gen", roles, g.block(0)...)
}

type protoGen struct {
	t     *rapid.T
	roles []string
	b     builder
	recs  int
}

func (g *protoGen) pair() (string, string) {
	from := rapid.SampledFrom(g.roles).Draw(g.t, "from")
	to := rapid.SampledFrom(g.roles).Filter(func(r string) bool { return r != from }).Draw(g.t, "to")
	return from, to
}

func (g *protoGen) block(depth int) global.Block {
	var out global.Block
	for range rapid.IntRange(1, 4).Draw(g.t, "len") {
		kind := rapid.IntRange(0, 5).Draw(g.t, "kind")
		switch {
		case kind <= 3 || depth >= 2:
			from, to := g.pair()
			out = append(out, g.b.send(from, to, rapid.SampledFrom([]string{"M", "N", "Data"}).Draw(g.t, "msg")))
		case kind == 4:
			out = append(out, g.choice(depth))
		default:
			out = append(out, g.loop(depth))
		}
	}
	return out
}

// announce makes decider tell every other role which branch it took.
func (g *protoGen) announce(decider, msg string) global.Block {
	var out global.Block
	for _, r := range g.roles {
		if r != decider {
			out = append(out, g.b.send(decider, r, msg))
		}
	}
	return out
}

func (g *protoGen) choice(depth int) *global.Choice {
	decider := rapid.SampledFrom(g.roles).Draw(g.t, "decider")
	c := &global.Choice{Decider: decider}
	for i := range rapid.IntRange(2, 3).Draw(g.t, "branches") {
		label := fmt.Sprintf("b%d", i)
		body := append(g.announce(decider, "Pick"+label), g.block(depth+1)...)
		c.Branches = append(c.Branches, &global.Branch{Label: label, Body: body})
	}
	return c
}

func (g *protoGen) loop(depth int) *global.Rec {
	g.recs++
	label := fmt.Sprintf("L%d", g.recs)
	decider := rapid.SampledFrom(g.roles).Draw(g.t, "decider")
	again := append(g.announce(decider, "Again"+label), g.block(depth+1)...)
	again = append(again, cont(label))
	return rec(label, choice(decider,
		&global.Branch{Label: "continue", Body: again},
		&global.Branch{Label: "done", Body: g.announce(decider, "Done"+label)}))
}

// TestWellFormedNeverDeadlocks checks SEMANTICS §4 on generated protocols:
// a protocol that projects without errors (or unaware-role warnings) never
// deadlocks and never leaves orphans, under every policy and many seeds.
func TestWellFormedNeverDeadlocks(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol(t)
		projs, diags := projection.Project(p)
		for _, d := range diags {
			if d.Severity == diag.Error || d.Code == "unaware-role" {
				t.Skip("not well-formed:", d.Message)
			}
		}
		img, err := NewImage(p, projs, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, policy := range []Policy{Cooperative, RoundRobin, Random} {
			for _, branch := range []BranchPolicy{BranchFirst, BranchRoundRobin, BranchRandom} {
				for seed := range int64(8) {
					cfg := Config{Seed: seed, Policy: policy, Branch: branch, MaxSteps: 1_000_000}
					rep, err := Execute(context.Background(), img, cfg, Options{})
					if err != nil {
						t.Fatal(err)
					}
					if rep.Outcome.Kind != Completed {
						t.Fatalf("%s/%s seed %d: %s", policy, branch, seed, rep.Outcome)
					}
				}
			}
		}
	})
}

// TestUnawareRoleDeadlocks keeps the regression: C takes part only in the
// first branch and is never told about the second, so a run that takes the
// second branch leaves C waiting.
func TestUnawareRoleDeadlocks(t *testing.T) {
	var b builder
	p := protocol("Unaware", []string{"A", "B", "C"},
		choice("A",
			branch("x", b.send("A", "B", "X"), b.send("B", "C", "M")),
			branch("y", b.send("A", "B", "Y"))))
	projs, diags := projection.Project(p)
	warned := false
	for _, d := range diags {
		warned = warned || d.Code == "unaware-role"
	}
	if !warned {
		t.Fatalf("projection did not report unaware-role: %v", diags)
	}
	img, err := NewImage(p, projs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var deadlocked []int64
	for seed := range int64(16) {
		rep := execute(t, img, Config{Seed: seed, Branch: BranchRandom})
		switch rep.Outcome.Kind {
		case Deadlock:
			deadlocked = append(deadlocked, seed)
			if rep.Outcome.Role != "C" || rep.Outcome.Step != 2 || !strings.Contains(rep.Outcome.Reason, "C waits for ?B.M") {
				t.Errorf("seed %d: %s", seed, rep.Outcome)
			}
		case Completed:
		default:
			t.Errorf("seed %d: unexpected %s", seed, rep.Outcome)
		}
	}
	if len(deadlocked) == 0 || len(deadlocked) == 16 {
		t.Fatalf("want some but not all seeds to deadlock, got %v", deadlocked)
	}
}
