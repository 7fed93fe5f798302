package lsp

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestCodeLens(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	var lenses []protocol.CodeLens
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentCodeLens, &protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &lenses); err != nil {
		t.Fatal(err)
	}
	var titles, machines []string
	for _, l := range lenses {
		if l.Command.Command == cmdShowStateMachine {
			// Above each role's declaration, with the role as argument.
			var role string
			at := map[string]int{"Client": len("roles "), "Server": len("roles Client, ")}
			if len(l.Command.Arguments) != 2 || json.Unmarshal(l.Command.Arguments[1], &role) != nil ||
				l.Range.Start != posOf(t, pingPong, "roles Client, Server", at[role]) {
				t.Errorf("state machine lens %+v with arguments %s", l.Range, l.Command.Arguments)
			}
			machines = append(machines, role)
			continue
		}
		titles = append(titles, l.Command.Title)
		if l.Range.Start != posOf(t, pingPong, "PingPong =", 0) {
			t.Errorf("lens %q at %+v, want the protocol name", l.Command.Title, l.Range)
		}
	}
	if !slices.Equal(machines, []string{"Client", "Server"}) {
		t.Errorf("state machine lenses for %v, want Client and Server", machines)
	}
	joined := strings.Join(titles, " · ")
	for _, want := range []string{"Run in VM", "Projections", "Budget W₀ 8 · max_steps"} {
		if !strings.Contains(joined, want) {
			t.Errorf("lenses %q lack %q", joined, want)
		}
	}
}
