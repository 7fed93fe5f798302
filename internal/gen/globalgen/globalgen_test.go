package globalgen

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis/global"
)

// checkModel checks what every generated protocol promises: sends between
// two distinct declared participants with unique IDs, and every continue
// inside a rec with its label.
func checkModel(t interface{ Fatalf(string, ...any) }, p *global.Protocol) (sends int) {
	parts := p.Participants()
	ids := make(map[int]bool)
	var walk func(b global.Block, recs []string)
	walk = func(b global.Block, recs []string) {
		for _, n := range b {
			switch n := n.(type) {
			case *global.Send:
				sends++
				if ids[n.ID] {
					t.Fatalf("duplicate send ID %d", n.ID)
				}
				ids[n.ID] = true
				if n.From == n.To || !slices.Contains(parts, n.From) || !slices.Contains(parts, n.To) {
					t.Fatalf("bad send %s -> %s (participants %v)", n.From, n.To, parts)
				}
			case *global.Continue:
				if !slices.Contains(recs, n.Label) {
					t.Fatalf("continue %s outside a rec of that label (enclosing recs %v)", n.Label, recs)
				}
			case *global.Choice:
				if !slices.Contains(parts, n.Decider) || len(n.Branches) < 2 {
					t.Fatalf("bad choice at %s with %d branches", n.Decider, len(n.Branches))
				}
				for _, br := range n.Branches {
					walk(br.Body, recs)
				}
			case *global.Rec:
				walk(n.Body, append(slices.Clip(recs), n.Label))
			case *global.Par:
				for _, br := range n.Branches {
					walk(br, nil)
				}
			}
		}
	}
	walk(p.Body, nil)
	return sends
}

func TestGenerator(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := Options{Family: rapid.Bool().Draw(t, "family"), Unaware: rapid.Bool().Draw(t, "unaware"), LoopBranches: rapid.Bool().Draw(t, "loops")}
		checkModel(t, Generator(opts).Draw(t, "protocol"))
	})
}

func TestLarge(t *testing.T) {
	p := Large(50, 10_000, 1)
	if n := checkModel(t, p); n < 10_000 {
		t.Errorf("Large made %d sends, want at least 10000", n)
	}
	if len(p.Participants()) != 50 {
		t.Errorf("Large made %d roles, want 50", len(p.Participants()))
	}
	if diff := cmp.Diff(Large(5, 300, 2), Large(5, 300, 2)); diff != "" {
		t.Errorf("Large is not deterministic:\n%.2000s", diff)
	}
}
