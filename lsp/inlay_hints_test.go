package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestInlayHints(t *testing.T) {
	text := `module h exposing (H)

protocol H =
  roles A, B

  A [guard_capability = "h:x"] -> B : One
  A [flow_cost = 7] -> B : Two
  B -> A : Three
`
	ts := session(t)
	u := ts.open(t, "h.choreo", text)
	var hints []protocol.InlayHint
	params := &protocol.InlayHintParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: protocol.Range{End: protocol.Position{Line: 99}}}
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentInlayHint, params, &hints); err != nil {
		t.Fatal(err)
	}
	got := map[protocol.Position]string{}
	for _, h := range hints {
		got[h.Position] = string(h.Label.(protocol.String))
	}
	want := map[protocol.Position]string{
		posOf(t, text, ` -> B : One`, 0): "flow_cost 100 (default)",
		posOf(t, text, "\n  A [flow", 0): "Σ A 100",
		posOf(t, text, "\n  B -> A", 0):  "Σ A 107",
		posOf(t, text, ", B\n", 0):       "flow 107",
	}
	for p, label := range want {
		if got[p] != label {
			t.Errorf("hint at %+v = %q, want %q (all: %v)", p, got[p], label, got)
		}
	}
}
