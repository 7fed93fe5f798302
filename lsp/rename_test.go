package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestRename(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	at := docPos(u, posOf(t, pingPong, "Client {", 0))

	var prep protocol.PrepareRenamePlaceholder
	if err := ts.Call(ctx, protocol.MethodTextDocumentPrepareRename, &protocol.PrepareRenameParams{TextDocumentPositionParams: at}, &prep); err != nil {
		t.Fatal(err)
	}
	if prep.Placeholder != "Client" {
		t.Errorf("placeholder = %q, want Client", prep.Placeholder)
	}

	var edit protocol.WorkspaceEdit
	if err := ts.Call(ctx, protocol.MethodTextDocumentRename, &protocol.RenameParams{TextDocumentPositionParams: at, NewName: "Customer"}, &edit); err != nil {
		t.Fatal(err)
	}
	got := applyEdits(t, pingPong, edit.Changes[u])
	if want := strings.ReplaceAll(pingPong, "Client", "Customer"); got != want {
		t.Errorf("after rename:\n%s\nwant:\n%s", got, want)
	}

	for _, bad := range []string{"Server", "choice", "1abc", ""} {
		err := ts.Call(ctx, protocol.MethodTextDocumentRename, &protocol.RenameParams{TextDocumentPositionParams: at, NewName: bad}, nil)
		if err == nil {
			t.Errorf("rename to %q: want an error", bad)
		}
	}
	blank := docPos(u, protocol.Position{Line: 1})
	if err := ts.Call(ctx, protocol.MethodTextDocumentPrepareRename, &protocol.PrepareRenameParams{TextDocumentPositionParams: blank}, nil); err == nil {
		t.Error("prepareRename on a blank line: want an error")
	}
}
