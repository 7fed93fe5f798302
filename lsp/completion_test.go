package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

func completionLabels(t *testing.T, ts *testServer, u uri.URI, p protocol.Position) map[string]bool {
	t.Helper()
	var list protocol.CompletionList
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: docPos(u, p)}, &list); err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, it := range list.Items {
		labels[it.Label] = true
	}
	return labels
}

func TestCompletion(t *testing.T) {
	ts := session(t)
	// Another document uses a capability; it is offered in this one.
	ts.open(t, "ping.choreo", pingPong)
	text := `module c exposing (C)

protocol C =
  roles Alice, Bob

  Alice [guard_capability = "", flow_cost = 1] -> Bob : Hello
  rec Loop
    Bob -> Alice : Again
    continue Loop
  Alice [fl] -> Bob : Bye
`
	u := ts.open(t, "c.choreo", text)

	values := completionLabels(t, ts, u, posOf(t, text, `""`, 1))
	if !values["net:send"] {
		t.Errorf("guard_capability values = %v, want the workspace capability net:send", values)
	}
	keys := completionLabels(t, ts, u, posOf(t, text, "fl]", 2))
	if !keys["flow_cost"] || !keys["journal_facts"] || keys["Alice"] {
		t.Errorf("annotation key completion = %v", keys)
	}
	recs := completionLabels(t, ts, u, posOf(t, text, "continue Loop", 9))
	if !recs["Loop"] || recs["Alice"] {
		t.Errorf("after continue = %v, want rec labels only", recs)
	}
	words := completionLabels(t, ts, u, protocol.Position{Line: 6, Character: 2})
	for _, w := range []string{"Alice", "Bob", "choice", "loop"} {
		if !words[w] {
			t.Errorf("statement completion lacks %s: %v", w, words)
		}
	}
	for _, w := range []string{"module", "import", "exposing"} {
		if words[w] {
			t.Errorf("statement completion on an indented line offers the header keyword %s", w)
		}
	}
}

// TestCompletionRoles: where only a role can come (after ->, choice at,
// decide by) only roles are offered; after a branch's label arrow a
// statement starts.
func TestCompletionRoles(t *testing.T) {
	ts := session(t)
	for _, tt := range []struct {
		line       string
		roles      bool // only roles
		statements bool // keywords too
	}{
		{"  Alice -> ", true, false},
		{"  Alice ->", true, false},
		{"  Alice -> B", true, false},
		{"  choice at ", true, false},
		{"  loop decide by A", true, false},
		{"    | accept -> ", false, true},
		{"  ", false, true},
	} {
		text := "module c exposing (C)\n\nprotocol C =\n  roles Alice, Bob\n\n  Alice -> Bob : Hi\n" + tt.line
		u := ts.open(t, "roles.choreo", text)
		got := completionLabels(t, ts, u, protocol.Position{Line: 6, Character: uint32(len(tt.line))})
		if !got["Alice"] || !got["Bob"] {
			t.Errorf("%q: %v, want the roles", tt.line, got)
		}
		if got["module"] || got["import"] {
			t.Errorf("%q: %v offers header keywords", tt.line, got)
		}
		if got["choice"] != tt.statements || tt.roles && len(got) != 2 {
			t.Errorf("%q: %v, want only roles %v, statement keywords %v", tt.line, got, tt.roles, tt.statements)
		}
	}
}
