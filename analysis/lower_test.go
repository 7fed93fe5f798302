package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/projection"
)

// projectionText renders every participant's projection in both notations.
func projectionText(t *testing.T, res *Result) string {
	t.Helper()
	if len(res.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	var b strings.Builder
	for _, p := range res.Protocol.Participants() {
		tp := res.Projections[p]
		fmt.Fprintf(&b, "%s: %s\n%s: %s\n", p, projection.Session(tp), p, projection.Rust(tp))
	}
	return b.String()
}

// loopsSrc has generated recursion labels in the body, nested in a choice
// and in a local protocol; %s marks where lines are inserted.
const loopsSrc = `module stable exposing (Stable)
protocol Stable =
  roles A, B
%s  loop decide by A
    A -> B : Work
  choice at A
    | more ->
%s        loop forever
          A -> B : Tick
    | stop ->
        A -> B : Stop
        call Tail
where
  protocol Tail =
%s    loop decide by B
      B -> A : Pull
`

// TestLoopLabelsIgnoreLines checks that generated recursion labels follow
// the protocol's structure: blank lines and comments above a loop leave
// every projection unchanged.
func TestLoopLabelsIgnoreLines(t *testing.T) {
	base := projectionText(t, analyzeText(t, fmt.Sprintf(loopsSrc, "", "", "")))
	for _, label := range []string{"rec Loop1.", "rec Loop2.", "rec Loop3."} {
		if !strings.Contains(base, label) {
			t.Errorf("projections lack %q (labels number loops in source order):\n%s", label, base)
		}
	}
	inserts := []struct{ name, body, choice, local string }{
		{"blank lines", "\n\n", "\n", "\n\n\n"},
		{"comments", "  -- first loop\n  -- of two\n", "        -- ticks\n", "    -- pulls\n"},
		{"above the second loop only", "", "\n        -- x\n\n", ""},
	}
	for _, in := range inserts {
		t.Run(in.name, func(t *testing.T) {
			got := projectionText(t, analyzeText(t, fmt.Sprintf(loopsSrc, in.body, in.choice, in.local)))
			if got != base {
				t.Errorf("projections changed:\n%s\nwant:\n%s", got, base)
			}
		})
	}
}

// TestLoopLabelsAvoidUserRecs checks that a generated label skips a rec
// label the file already uses, so the user's continue keeps its rec.
func TestLoopLabelsAvoidUserRecs(t *testing.T) {
	src := `module clash exposing (Clash)
protocol Clash =
  roles A, B
  rec Loop1
    choice at A
      | Again ->
          A -> B : Again
          continue Loop1
      | Stop ->
          A -> B : Stop
          loop forever
            A -> B : Tick
`
	got := projectionText(t, analyzeText(t, src))
	want := "A: rec Loop1. +{ !B.Again; Loop1, !B.Stop; rec Loop1_2. !B.Tick; Loop1_2 }\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("projections:\n%s\nwant A's to be %q", got, want)
	}
}
