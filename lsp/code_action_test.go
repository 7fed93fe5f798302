package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func codeActions(t *testing.T, ts *testServer, params *protocol.CodeActionParams) []*protocol.CodeAction {
	t.Helper()
	var raw []protocol.CommandOrCodeAction
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentCodeAction, params, &raw); err != nil {
		t.Fatal(err)
	}
	var out []*protocol.CodeAction
	for _, r := range raw {
		if a, ok := r.(*protocol.CodeAction); ok {
			out = append(out, a)
		}
	}
	return out
}

func TestCodeActionQuickFix(t *testing.T) {
	text := "protocol P =\n  roles A, B\n\n  A -> B : M\n"
	ts := session(t)
	u := ts.open(t, "quick_fix.choreo", text)
	r := protocol.Range{Start: posOf(t, text, "P =", 0), End: posOf(t, text, "P =", 1)}
	var fix *protocol.CodeAction
	for _, a := range codeActions(t, ts, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: r}) {
		if a.Kind != nil && *a.Kind == protocol.CodeActionKindQuickFix {
			fix = a
		}
	}
	if fix == nil || fix.Edit == nil {
		t.Fatal("no quick fix for the missing namespace")
	}
	got := applyEdits(t, text, fix.Edit.Changes[u])
	if !strings.HasPrefix(got, "module quick_fix exposing (P)\n") {
		t.Errorf("after the fix:\n%s", got)
	}
	if len(fix.Diagnostics) != 1 || findCode(fix.Diagnostics, "missing-namespace") == nil {
		t.Errorf("fix diagnostics = %+v", fix.Diagnostics)
	}
}

func TestCodeActionConvertAnnotations(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	line := posOf(t, pingPong, "Client {", 0)
	actions := codeActions(t, ts, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: protocol.Range{Start: line, End: line}})
	var conv, run *protocol.CodeAction
	for _, a := range actions {
		switch {
		case strings.HasPrefix(a.Title, "Convert annotations"):
			conv = a
		case a.Command.Command == cmdRunInVM:
			run = a
		}
	}
	if run == nil {
		t.Error(`no "Run in VM" action`)
	}
	if conv == nil {
		t.Fatal("no conversion action")
	}
	got := applyEdits(t, pingPong, conv.Edit.Changes[u])
	want := strings.Replace(pingPong, `Client { guard_capability = "net:send", flow_cost = 5 } ->`, `Client[guard_capability = "net:send", flow_cost = 5] ->`, 1)
	if got != want {
		t.Fatalf("record → bracket:\n%s\nwant:\n%s", got, want)
	}
	// And back: the round trip restores the record form.
	u2 := ts.open(t, "bracket.choreo", got)
	for _, a := range codeActions(t, ts, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u2}, Range: protocol.Range{Start: line, End: line}}) {
		if strings.HasPrefix(a.Title, "Convert annotations") {
			if back := applyEdits(t, got, a.Edit.Changes[u2]); back != pingPong {
				t.Errorf("bracket → record:\n%s\nwant:\n%s", back, pingPong)
			}
			return
		}
	}
	t.Error("no conversion action for the bracket form")
}
