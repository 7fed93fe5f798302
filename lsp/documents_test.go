package lsp

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestEviction opens more documents than stay warm and checks that the
// evicted ones still answer requests (re-analysed on demand) and edits
// (re-parsed from scratch).
func TestEviction(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	var uris []uri.URI
	for i := 0; i < maxWarm+4; i++ {
		uris = append(uris, ts.open(t, fmt.Sprintf("f%d.choreo", i), pingPong))
	}
	// A document stays warm while its diagnostics job runs, so the count
	// drops to maxWarm once the jobs of the opened documents have ended.
	warm := func() int {
		ts.srv.files.mu.Lock()
		defer ts.srv.files.mu.Unlock()
		return len(ts.srv.files.recent)
	}
	deadline := time.Now().Add(10 * time.Second)
	for warm() > maxWarm && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := warm(); n > maxWarm {
		t.Errorf("%d warm documents after the diagnostics jobs ended, want at most %d", n, maxWarm)
	}
	first := uris[0]
	var h protocol.Hover
	params := &protocol.HoverParams{TextDocumentPositionParams: docPos(first, posOf(t, pingPong, "Client,", 0))}
	if err := ts.Call(ctx, protocol.MethodTextDocumentHover, params, &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.(*protocol.MarkupContent).Value, "?Server.Response") {
		t.Errorf("hover on an evicted document: %+v", h.Contents)
	}
	at := posOf(t, pingPong, "Server -> Client", 0)
	if err := ts.Change(first, 2, protocol.Range{Start: at, End: protocol.Position{Line: at.Line, Character: at.Character + 6}}, "Nobody"); err != nil {
		t.Fatal(err)
	}
	p, err := ts.DiagnosticsFor(ctx, first, 2)
	if err != nil {
		t.Fatal(err)
	}
	if findCode(p.Diagnostics, "undeclared-role") == nil {
		t.Errorf("edit of an evicted document: diagnostics %+v", p.Diagnostics)
	}
}
