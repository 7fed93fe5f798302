package analysis

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
)

// wireCase is a protocol body (roles A, B, C), the diagnostic codes it
// must draw (sorted, nil for none) and the session-notation projections it
// must have (role → type; only the roles listed are checked).
type wireCase struct {
	name  string
	body  string
	codes []string
	want  map[string]string
}

func runWireCases(t *testing.T, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "module wire exposing (Wire)\nprotocol Wire =\n  roles A, B, C\n" + tc.body
			res := analyzeText(t, src)
			got := codes(res.Diagnostics)
			slices.Sort(got)
			got = slices.Compact(got)
			if !slices.Equal(got, tc.codes) {
				t.Errorf("codes %v, want %v\n%v", got, tc.codes, res.Diagnostics)
			}
			for role, want := range tc.want {
				if g := projection.Session(res.Projections[role]); g != want {
					t.Errorf("%s: %s\nwant %s", role, g, want)
				}
			}
		})
	}
}

// TestLabelsOnTheWire checks the selection rule (SEMANTICS §3, upstream
// Telltale): the decider selects a label towards the recipient of the
// branch's first send; a label equal to that message's name is the message
// itself, any other label is a message of its own before it; roles that do
// not receive the selection merge their branches as before.
func TestLabelsOnTheWire(t *testing.T) {
	runWireCases(t, []wireCase{
		{"fused: the labels are the first messages", `
  A -> C : Hello
  choice at A
    | Ping ->
        A -> B : Ping(n: u8)
    | Stop ->
        A -> B : Stop
`, nil, map[string]string{
			"A": "!C.Hello; +{ !B.Ping(n: u8); end, !B.Stop; end }",
			"B": "&{ ?A.Ping(n: u8); end, ?A.Stop; end }",
		}},
		{"unfused: each label is sent before the first message", `
  A -> C : Hello
  choice at A
    | ok ->
        A -> B : Accepted(id: u64)
    | no ->
        A -> B : Refused
`, nil, map[string]string{
			"A": "!C.Hello; +{ !B.ok; !B.Accepted(id: u64); end, !B.no; !B.Refused; end }",
			"B": "&{ ?A.ok; ?A.Accepted(id: u64); end, ?A.no; ?A.Refused; end }",
		}},
		{"same first message, different labels: clean", `
  A -> C : Hello
  choice at A
    | timeout ->
        A -> B : Failed
    | refused ->
        A -> B : Failed
    | Failed ->
        A -> B : Failed
`, nil, map[string]string{
			"B": "&{ ?A.timeout; ?A.Failed; end, ?A.refused; ?A.Failed; end, ?A.Failed; end }",
			"C": "?A.Hello; end",
		}},
		{"the same label twice: duplicate-label only", `
  A -> C : Hello
  choice at A
    | go ->
        A -> B : One
    | go ->
        A -> B : Two
`, []string{"duplicate-label"}, nil},
		{"a third role told through a later message merges as before", `
  choice at A
    | left ->
        A -> B : Go
        B -> C : X
    | right ->
        A -> B : Go
        B -> C : Y
`, nil, map[string]string{
			"A": "+{ !B.left; !B.Go; end, !B.right; !B.Go; end }",
			"B": "&{ ?A.left; ?A.Go; !C.X; end, ?A.right; ?A.Go; !C.Y; end }",
			"C": "&{ ?B.X; end, ?B.Y; end }",
		}},
		{"loop decide by: Continue and Done are the labels", `
  loop decide by A
    A -> B : Work
    B -> C : Pass
`, nil, map[string]string{
			// C is told by a Continue signal, which is the label; B learns
			// the branch from Work, its first message.
			"A": "rec Loop1. +{ !C.Continue; !B.Work; Loop1, !B.Done; !C.Done; end }",
			"B": "rec Loop1. &{ ?A.Work; !C.Pass; Loop1, ?A.Done; end }",
			"C": "rec Loop1. &{ ?A.Continue; ?B.Pass; Loop1, ?A.Done; end }",
		}},
		{"loop decide by with a leading choice: the written labels select", `
  loop decide by A
    choice at A
      | push ->
          A -> B : Push
      | Pull ->
          A -> B : Pull
    A -> C : Tick
`, nil, map[string]string{
			"A": "rec Loop1. +{ !B.push; !B.Push; !C.Tick; Loop1, !B.Pull; !C.Tick; Loop1, !B.Done; !C.Done; end }",
		}},
		{"a desugaring that selects two branches alike: choice-ambiguous", `
  loop decide by A
    choice at A
      | More ->
          A -> B : More
      | Done ->
          A -> B : Fin
  A -> C : Bye
`, []string{"choice-ambiguous", "unaware-role"}, nil},
	})
}

// TestJudgedLikeMPSTTools checks the rules where we follow Scribble and
// nuScr: a branch that only continues a recursion is selected by looking
// through the continue; a rec that never exits is like loop forever; a
// broadcast receiver is used; payload field names are not part of a
// message's identity.
func TestJudgedLikeMPSTTools(t *testing.T) {
	runWireCases(t, []wireCase{
		{"a branch that only continues", `
  rec X
    A -> B : Ping
    choice at A
      | again ->
          continue X
      | stop ->
          A -> B : Stop
  A -> C : Bye
`, nil, map[string]string{
			"A": "rec X. !B.Ping; +{ !B.again; X, !B.stop; !B.Stop; !C.Bye; end }",
			"B": "rec X. ?A.Ping; &{ ?A.again; X, ?A.stop; ?A.Stop; end }",
		}},
		{"the label is the first message after unfolding: fused", `
  rec X
    A -> B : Ping
    choice at A
      | Ping ->
          continue X
      | stop ->
          A -> B : Stop
  A -> C : Bye
`, nil, map[string]string{
			"A": "!B.Ping; rec X_Ping. +{ !B.Ping; X_Ping, !B.stop; !B.Stop; !C.Bye; end }",
			"B": "?A.Ping; rec X_Ping. &{ ?A.Ping; X_Ping, ?A.stop; ?A.Stop; end }",
		}},
		{"unfolding reaches another role's message: choice-not-decider", `
  rec X
    B -> A : Ping
    choice at A
      | again ->
          continue X
      | stop ->
          A -> B : Stop
  A -> C : Bye
`, []string{"choice-not-decider", "unmergeable"}, nil},
		{"no communication on the way: unguarded-recursion", `
  rec X
    choice at A
      | again ->
          continue X
      | stop ->
          A -> B : Stop
  A -> C : Bye
`, []string{"choice-not-decider", "unguarded-recursion"}, nil},
		{"statements after a rec that never exits are unreachable", `
  rec X
    A -> B : Ping
    continue X
  A -> B : Late
`, []string{"unreachable", "unused-role"}, nil},
		{"the same after loop forever", `
  loop forever
    A -> B : Ping
  A -> B : Late
`, []string{"unreachable", "unused-role"}, nil},
		{"a branch that never exits leaves a later role unaware", `
  choice at A
    | go ->
        rec X
          A -> B : Ping
          continue X
    | stop ->
        A -> B : Stop
  C -> B : Late
`, []string{"unaware-role"}, map[string]string{
			"B": "&{ ?A.go; rec X. ?A.Ping; X, ?A.stop; ?A.Stop; ?C.Late; end }",
		}},
		{"a role told in every branch is not unaware", `
  choice at A
    | go ->
        A -> C : Going
        rec X
          A -> B : Ping
          continue X
    | stop ->
        A -> C : Stopping
        A -> B : Stop
  C -> B : Late
`, nil, map[string]string{
			"C": "&{ ?A.go; ?A.Going; end, ?A.stop; ?A.Stopping; !B.Late; end }",
		}},
		{"payload field names do not matter when merging", `
  choice at A
    | l ->
        A -> B : L
        A -> C : Data(x: int)
    | r ->
        A -> B : R
        A -> C : Data(y: int)
`, nil, map[string]string{"C": "?A.Data(x: int); end"}},
		{"payload types do", `
  choice at A
    | l ->
        A -> B : L
        A -> C : Data(x: int)
    | r ->
        A -> B : R
        A -> C : Data(x: string)
`, []string{"unmergeable"}, nil},
	})
}

// TestBroadcastReceiversAreUsed checks that a role that only receives a
// broadcast draws no unused-role, and that one that does nothing still does.
func TestBroadcastReceiversAreUsed(t *testing.T) {
	res := analyzeText(t, "module b exposing (B)\nprotocol B =\n  roles Leader, Worker1, Worker2\n  Leader ->* : Start\n")
	if len(res.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", res.Diagnostics)
	}
	if g := projection.Session(res.Projections["Worker2"]); g != "?Leader.Start; end" {
		t.Errorf("Worker2: %s", g)
	}
	res = analyzeText(t, "module b exposing (B)\nprotocol B =\n  roles Leader, Worker1, Idle\n  Leader -> Worker1 : Start\n")
	if got := codes(res.Diagnostics); !slices.Equal(got, []string{"unused-role"}) {
		t.Errorf("codes %v, want unused-role for Idle", got)
	}
}

// TestCapabilityFormatByEra checks that a legacy guard_capability is an
// error in a .tell file and a warning in a .choreo file.
func TestCapabilityFormatByEra(t *testing.T) {
	src := "module c exposing (C)\nprotocol C =\n  roles A, B\n  A { guard_capability : \"send\" } -> B : M\n"
	for file, want := range map[string]diag.Severity{"c.tell": diag.Error, "c.choreo": diag.Warning, "C.TELL": diag.Error} {
		res := Analyze(context.Background(), Input{Filename: file, Src: []byte(src), Config: config.Default()})
		var found bool
		for _, d := range res.Diagnostics {
			if d.Code == CodeAnnotationCapabilityFormat {
				found = true
				if d.Severity != want {
					t.Errorf("%s: severity %v, want %v", file, d.Severity, want)
				}
				if !strings.Contains(d.Message, "namespace:action") {
					t.Errorf("%s: message %q does not say what to write", file, d.Message)
				}
			}
		}
		if !found {
			t.Errorf("%s: no annotation-capability-format in %v", file, res.Diagnostics)
		}
	}
}
