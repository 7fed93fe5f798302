package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
)

func TestDocumentSymbols(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	var res []protocol.DocumentSymbol
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentDocumentSymbol, &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &res); err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Name != "PingPong" || res[0].Kind != protocol.SymbolKindModule {
		t.Fatalf("symbols = %+v, want the protocol PingPong at the root", res)
	}
	var names []string
	for _, c := range res[0].Children {
		names = append(names, c.Name)
		if c.Kind != protocol.SymbolKindClass {
			t.Errorf("%s kind = %d, want class (role)", c.Name, c.Kind)
		}
	}
	if len(names) != 2 || names[0] != "Client" || names[1] != "Server" {
		t.Errorf("children = %v, want [Client Server]", names)
	}
}

func TestWorkspaceSymbols(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"a/ping.choreo":    pingPong,
		"b/auction.choreo": "module auction exposing (Auction)\n\nprotocol Auction =\n  roles Buyer, Seller\n  Buyer -> Seller : Bid\n",
		".git/x.choreo":    "protocol Hidden =\n  roles H, I\n  H -> I : M\n",
	} {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := testContext(t)
	ts := startServer(t, Options{DiagnosticsDelay: 0}, nil)
	if _, err := ts.Initialize(ctx, root, false); err != nil {
		t.Fatal(err)
	}
	// The scan runs in the background: poll until both files are found.
	var got protocol.SymbolInformationSlice
	for ctx.Err() == nil {
		got = nil
		if err := ts.Call(ctx, protocol.MethodWorkspaceSymbol, &protocol.WorkspaceSymbolParams{Query: "e"}, &got); err != nil {
			t.Fatal(err)
		}
		if len(got) >= 3 {
			break
		}
	}
	names := map[string]bool{}
	for _, s := range got {
		names[s.Name] = true
	}
	for _, want := range []string{"Seller", "Server", "Client"} {
		if !names[want] {
			t.Errorf("workspace symbols for %q lack %s: %v", "e", want, names)
		}
	}
	if names["Hidden"] || names["H"] {
		t.Errorf("hidden directories were scanned: %v", names)
	}
}
