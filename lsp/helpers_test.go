package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// session starts an initialized in-process server with debounce 0.
func session(t *testing.T) *testServer {
	t.Helper()
	ts := startServer(t, Options{DiagnosticsDelay: 0}, nil)
	if _, err := ts.Initialize(testContext(t), "", false); err != nil {
		t.Fatal(err)
	}
	return ts
}

// open writes text to a temporary file named name, opens it and waits for
// its first diagnostics.
func (ts *testServer) open(t *testing.T, name, text string) uri.URI {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	u := uri.File(path)
	if err := ts.Open(u, text); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.DiagnosticsFor(testContext(t), u, 1); err != nil {
		t.Fatal(err)
	}
	return u
}

// posOf returns the position of the first occurrence of marker in text
// plus delta bytes (ASCII text only).
func posOf(t *testing.T, text, marker string, delta int) protocol.Position {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("marker %q not in text", marker)
	}
	i += delta
	line := strings.Count(text[:i], "\n")
	col := i - (strings.LastIndex(text[:i], "\n") + 1)
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

func docPos(u uri.URI, p protocol.Position) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: p}
}

const pingPong = `module ping_pong exposing (PingPong)

-- Two-party request/response.
protocol PingPong =
  roles Client, Server

  Client { guard_capability = "net:send", flow_cost = 5 } -> Server : Request(query: String)
  Server -> Client : Response(body: Vec<u8>)
`

// applyEdits applies non-overlapping edits to text (positions in the
// server's encoding; the test texts are ASCII).
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	m := newMapper([]byte(text), utf16)
	type off struct {
		start, end int
		text       string
	}
	var offs []off
	for _, e := range edits {
		s, en := m.offsets(e.Range)
		offs = append(offs, off{s, en, e.NewText})
	}
	for i := range offs { // apply from the end
		for j := i + 1; j < len(offs); j++ {
			if offs[j].start > offs[i].start {
				offs[i], offs[j] = offs[j], offs[i]
			}
		}
	}
	for _, o := range offs {
		text = text[:o.start] + o.text + text[o.end:]
	}
	return text
}
