package selection_test

import (
	"context"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/analysis/selection"
	"github.com/choreo-lang/choreo/internal/gen/globalgen"
)

func model(t *testing.T, body string) *global.Protocol {
	t.Helper()
	src := "module m exposing (M)\nprotocol M =\n  roles A, B, C\n" + body
	res := analysis.Analyze(context.Background(), analysis.Input{Filename: "m.choreo", Src: []byte(src), Config: config.Default()})
	if res.Protocol == nil {
		t.Fatalf("no protocol: %v", res.Diagnostics)
	}
	return res.Protocol
}

// TestApply checks the wire model analysis builds (Apply runs in it).
func TestApply(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"unfused label first, then the message", `
  choice at A
    | ok ->
        A -> B : Yes
    | Stop ->
        A -> B : Stop
`, `choice at A
  | ok
    #3 A -> B : ok
    #1 A -> B : Yes
  | Stop
    #2 A -> B : Stop
`},
		{"the label goes to the first recipient, after runtime operations", `
  choice at A
    | ok ->
        fork x
        A -> C : Yes
        A -> B : Yes
    | no ->
        A -> B : No
`, `choice at A
  | ok
    fork (not projected)
    #4 A -> C : ok
    #1 A -> C : Yes
    #2 A -> B : Yes
  | no
    #5 A -> B : no
    #3 A -> B : No
`},
		{"fused through continue: rec X is split after its first message", `
  rec X
    A -> B : Ping
    choice at A
      | Ping ->
          continue X
      | stop ->
          A -> B : Stop
`, `rec X
  #1 A -> B : Ping
  rec X_Ping
    choice at A
      | Ping
        #3 A -> B : Ping
        continue X_Ping
      | stop
        #4 A -> B : stop
        #2 A -> B : Stop
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := model(t, tt.body).String()
			if !strings.HasSuffix(got, tt.want) {
				t.Errorf("model:\n%s\nwant it to end with:\n%s", got, tt.want)
			}
		})
	}
}

// TestFirstSendsLooksThroughContinue checks that a branch that only
// continues finds the loop's first message, and that a loop reached again
// with no message on the way counts as no communication.
func TestFirstSendsLooksThroughContinue(t *testing.T) {
	p := model(t, `
  rec X
    A -> B : Ping
    choice at A
      | again ->
          continue X
      | stop ->
          A -> B : Stop
`)
	var found bool
	for br, info := range selection.Analyze(p) {
		if br.Label != "again" {
			continue
		}
		found = true
		if !info.Complete || len(info.Sends) != 1 || info.Sends[0].Msg.Name != "again" {
			t.Errorf("first sends of again = %v, %v (after Apply the label is first)", info.Sends, info.Complete)
		}
	}
	if !found {
		t.Fatal("no branch again")
	}
	loop := &global.Rec{Label: "L"}
	loop.Body = global.Block{&global.Continue{Label: "L"}}
	if sends, ok := selection.FirstSends(loop.Body, selection.Scope{loop}); ok || len(sends) != 0 {
		t.Errorf("unguarded loop: %v, %v", sends, ok)
	}
}

// TestApplyIsIdempotent checks on generated protocols that putting labels
// on the wire twice changes nothing (after Apply every label is the first
// message of its branch), and that Apply numbers new sends after nextID.
func TestApplyIsIdempotent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := globalgen.Generator(globalgen.Options{Family: true, LoopBranches: true}).Draw(t, "protocol")
		maxID := 0
		global.Walk(p.Body, func(n global.Node) {
			if s, ok := n.(*global.Send); ok {
				maxID = max(maxID, s.ID)
			}
		})
		last := selection.Apply(p, selection.Analyze(p), maxID)
		once := p.String()
		seen := make(map[int]bool)
		global.Walk(p.Body, func(n global.Node) {
			if s, ok := n.(*global.Send); ok {
				if seen[s.ID] {
					t.Fatalf("send id %d used twice", s.ID)
				}
				seen[s.ID] = true
				if s.ID > last {
					t.Fatalf("send id %d after the last one Apply reported (%d)", s.ID, last)
				}
			}
		})
		if again := selection.Apply(p, selection.Analyze(p), last); again != last || p.String() != once {
			t.Fatalf("second Apply changed the model:\n%s\nthen\n%s", once, p.String())
		}
	})
}
