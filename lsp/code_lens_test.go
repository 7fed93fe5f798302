package lsp

import (
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
	var titles []string
	for _, l := range lenses {
		titles = append(titles, l.Command.Title)
		if l.Range.Start != posOf(t, pingPong, "PingPong =", 0) {
			t.Errorf("lens %q at %+v, want the protocol name", l.Command.Title, l.Range)
		}
	}
	joined := strings.Join(titles, " · ")
	for _, want := range []string{"Run in VM", "Projections", "Budget W₀ 8 · max_steps"} {
		if !strings.Contains(joined, want) {
			t.Errorf("lenses %q lack %q", joined, want)
		}
	}
}
