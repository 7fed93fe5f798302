package lsp

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
)

// fuzzTexts are fragments random edits insert.
var fuzzTexts = []string{
	"", "\n", "  ", "A", "->", " : ", "Msg", "choice at A\n", "  | ok ->\n", "roles A, B\n",
	"[flow_cost = 1]", "{ guard_capability = \"x:y\" }", "rec L\n", "continue L\n", "loop forever\n",
	"\xff", "𝄞", "é", "\t", "protocol Q =\n", "-- c\n", "{-", "-}", "(", ")", "\"",
}

// FuzzSession drives the in-process server with random sequences of
// messages and edits derived from the input, then checks that it still
// answers and that the last diagnostics published are for the last version.
func FuzzSession(f *testing.F) {
	f.Add(uint64(1), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint64(42), []byte{1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 2, 2})
	f.Fuzz(func(t *testing.T, seed uint64, ops []byte) {
		if len(ops) > 200 {
			ops = ops[:200]
		}
		ts := startServer(t, Options{DiagnosticsDelay: 0, Logger: zap.NewNop()}, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if _, err := ts.Initialize(ctx, "", seed%2 == 0); err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		u := uri.File("/fuzz/f.choreo")
		version := int32(1)
		if err := ts.Open(u, pingPong); err != nil {
			t.Fatal(err)
		}
		pos := func() protocol.Position {
			return protocol.Position{Line: uint32(rng.IntN(12)), Character: uint32(rng.IntN(80))}
		}
		at := docPos(u, protocol.Position{})
		var pending []func(context.Context, any) error
		for i, op := range ops {
			at.Position = pos()
			id := int64(1000 + i)
			switch op % 10 {
			case 0, 1, 2: // an edit
				version++
				a, b := pos(), pos()
				if err := ts.Change(u, version, protocol.Range{Start: a, End: b}, fuzzTexts[rng.IntN(len(fuzzTexts))]); err != nil {
					t.Fatal(err)
				}
			case 3:
				pending = append(pending, ts.CallID(id, protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: at}))
			case 4:
				pending = append(pending, ts.CallID(id, protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: at}))
			case 5:
				pending = append(pending, ts.CallID(id, protocol.MethodTextDocumentSemanticTokensFull, &protocol.SemanticTokensParams{TextDocument: at.TextDocument}))
			case 6:
				pending = append(pending, ts.CallID(id, protocol.MethodTextDocumentRename, &protocol.RenameParams{TextDocumentPositionParams: at, NewName: "Zed"}))
				_ = ts.Notify(protocol.MethodCancelRequest, map[string]any{"id": id})
			case 7:
				r := protocol.Range{Start: pos(), End: pos()}
				pending = append(pending, ts.CallID(id, protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: at.TextDocument, Range: r}))
			case 8:
				pending = append(pending, ts.CallID(id, protocol.MethodTextDocumentFormatting, &protocol.DocumentFormattingParams{TextDocument: at.TextDocument}))
			case 9:
				_ = ts.WriteRaw([]byte{'{', op, '"'})
			}
		}
		for _, wait := range pending {
			// Errors are fine (stale positions, cancelled requests); a
			// missing answer is not.
			if err := wait(ctx, nil); ctx.Err() != nil {
				t.Fatalf("request unanswered: %v", err)
			}
		}
		version++
		if err := ts.Change(u, version, protocol.Range{}, "-- end\n"); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.DiagnosticsFor(ctx, u, version); err != nil {
			t.Fatalf("no diagnostics for the last version %d: %v", version, err)
		}
		if err := ts.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	})
}
