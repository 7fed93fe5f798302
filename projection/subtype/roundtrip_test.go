package subtype

import (
	"context"
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/internal/gen/globalgen"
	"github.com/choreo-lang/choreo/projection"
)

// TestProjectionReadBackCompatible checks, on random well-formed
// protocols, what `choreo subtype` does with the text `choreo project`
// prints: every role's session notation (shared continuations written
// once, by name) reads back and is compatible with the projection itself,
// both ways.
func TestProjectionReadBackCompatible(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := globalgen.Generator(globalgen.Options{Family: true, LoopBranches: true}).Draw(t, "protocol")
		types, _ := projection.Project(p)
		for _, r := range p.Participants() {
			text := projection.Session(types[r])
			back, err := projection.ParseSession(text)
			if err != nil {
				t.Fatalf("%s: ParseSession(%q): %v", r, text, err)
			}
			for _, pair := range [][2]projection.Type{{back, types[r]}, {types[r], back}} {
				res, err := CheckAsync(context.Background(), pair[0], pair[1], Options{})
				if err != nil {
					t.Fatalf("%s: %q: %v", r, text, err)
				}
				if res.Verdict != Compatible {
					t.Fatalf("%s: %q is %v with itself: %+v", r, text, res.Verdict, res)
				}
			}
		}
	})
}
