package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/lsp/lsptest"
	"github.com/choreo-lang/choreo/runtime"
)

// binary builds choreo and its helpers (choreo-lsp) once per test process.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "choreo-bin-")
	if err != nil {
		return "", err
	}
	return testkit.BuildCommands(dir)
})

// startBinary runs `choreo lsp` with debounce 0 and returns an initialized
// client for a workspace at root.
func startBinary(t *testing.T, root string) *lsptest.Process {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the choreo binary")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("building choreo: %v", err)
	}
	p, err := lsptest.Start(bin, nil, "lsp", "--diagnostics-delay", "0", "--log", filepath.Join(t.TempDir(), "lsp.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = p.Close()
		done := make(chan struct{})
		go func() { _ = p.Cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = p.Cmd.Process.Kill()
		}
	})
	if _, err := p.Initialize(testContext(t), root, false); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEndToEnd drives the real `choreo lsp` over stdio: diagnostics that
// appear and clear with the right versions, a hover with the exact local
// type, the Run in VM action, a rename and formatting.
func TestEndToEnd(t *testing.T) {
	root := t.TempDir()
	p := startBinary(t, root)
	ctx := testContext(t)
	path := filepath.Join(root, "d.choreo")
	u := uri.File(path)
	if err := p.Open(u, undeclared); err != nil {
		t.Fatal(err)
	}

	// 1. Diagnostics for version 1, cleared by the fix in version 2.
	diags, err := p.DiagnosticsFor(ctx, u, 1)
	if err != nil {
		t.Fatal(err)
	}
	if findCode(diags.Diagnostics, "undeclared-role") == nil {
		t.Fatalf("version 1: %+v, want undeclared-role", diags.Diagnostics)
	}
	at := posOf(t, undeclared, "C : Pong", 0)
	if err := p.Change(u, 2, protocol.Range{Start: at, End: protocol.Position{Line: at.Line, Character: at.Character + 1}}, "A"); err != nil {
		t.Fatal(err)
	}
	if diags, err = p.DiagnosticsFor(ctx, u, 2); err != nil {
		t.Fatal(err)
	}
	if len(diags.Diagnostics) != 0 {
		t.Fatalf("version 2: %+v, want none", diags.Diagnostics)
	}
	text := strings.Replace(undeclared, "B -> C", "B -> A", 1)

	// 2. Hover a role: its exact local type.
	var h protocol.Hover
	hp := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, posOf(t, text, "A, B", 0))}
	if err := p.Call(ctx, protocol.MethodTextDocumentHover, hp, &h); err != nil {
		t.Fatal(err)
	}
	if mc := h.Contents.(*protocol.MarkupContent); !strings.Contains(mc.Value, "```\n!B.Ping; ?B.Pong; end\n```") {
		t.Errorf("hover:\n%s\nwant the local type !B.Ping; ?B.Pong; end", mc.Value)
	}

	// 3. Run in VM, through the code action's command.
	var actions []protocol.CommandOrCodeAction
	cap := &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: protocol.Range{Start: at, End: at}}
	if err := p.Call(ctx, protocol.MethodTextDocumentCodeAction, cap, &actions); err != nil {
		t.Fatal(err)
	}
	var run *protocol.Command
	for _, a := range actions {
		if ca, ok := a.(*protocol.CodeAction); ok && ca.Command.Command == cmdRunInVM {
			run = &ca.Command
		}
	}
	if run == nil {
		t.Fatalf("no Run in VM action in %+v", actions)
	}
	var raw protocol.LSPAny
	if err := p.Call(ctx, protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{Command: run.Command, Arguments: run.Arguments}, &raw); err != nil {
		t.Fatal(err)
	}
	var rr struct{ Outcome runtime.Outcome }
	if err := json.Unmarshal(raw, &rr); err != nil {
		t.Fatal(err)
	}
	if rr.Outcome.Kind != runtime.Completed {
		t.Errorf("run outcome = %+v, want completed", rr.Outcome)
	}

	// 4. Rename role B across the file.
	var edit protocol.WorkspaceEdit
	rp := &protocol.RenameParams{TextDocumentPositionParams: docPos(u, posOf(t, text, "B : Ping", 0)), NewName: "Peer"}
	if err := p.Call(ctx, protocol.MethodTextDocumentRename, rp, &edit); err != nil {
		t.Fatal(err)
	}
	renamed := applyEdits(t, text, edit.Changes[u])
	if want := "  roles A, Peer\n\n  A -> Peer : Ping\n  Peer -> A : Pong\n"; !strings.HasSuffix(renamed, want) {
		t.Errorf("after rename:\n%s", renamed)
	}

	// 5. Format a messy file into the golden output.
	src, err := os.ReadFile(filepath.Join("testdata", "format", "messy.choreo"))
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "format", "messy.golden"))
	if err != nil {
		t.Fatal(err)
	}
	mu := uri.File(filepath.Join(root, "messy.choreo"))
	if err := p.Open(mu, string(src)); err != nil {
		t.Fatal(err)
	}
	var edits []protocol.TextEdit
	if err := p.Call(ctx, protocol.MethodTextDocumentFormatting, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: mu}}, &edits); err != nil {
		t.Fatal(err)
	}
	if got := applyEdits(t, string(src), edits); got != string(golden) {
		t.Errorf("formatted:\n%s\nwant:\n%s", got, golden)
	}

	// 6. Shutdown and exit: the process ends with status 0.
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	waitExit(t, p, 0)
}

func waitExit(t *testing.T, p *lsptest.Process, want int) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.Cmd.Wait() }()
	select {
	case <-done:
		if got := p.Cmd.ProcessState.ExitCode(); got != want {
			t.Errorf("exit status = %d, want %d", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit")
	}
}

// TestEndToEndRobustness sends the real binary malformed and hostile
// input and checks it keeps answering.
func TestEndToEndRobustness(t *testing.T) {
	root := t.TempDir()
	p := startBinary(t, root)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	u := uri.File(filepath.Join(root, "big.choreo"))

	// Malformed JSON-RPC is answered with a parse error (id null).
	if err := p.WriteRaw([]byte(`{"jsonrpc": "2.0", "id": 1, "method"`)); err != nil {
		t.Fatal(err)
	}
	// Invalid UTF-8 and a position far out of range.
	if err := p.Open(u, "protocol P =\n  roles A, B\n  A -> B : M\xff\xfe\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DiagnosticsFor(ctx, u, 1); err != nil {
		t.Fatal(err)
	}
	hp := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, protocol.Position{Line: 1 << 30, Character: 1 << 30})}
	if err := p.Call(ctx, protocol.MethodTextDocumentHover, hp, nil); err != nil {
		t.Errorf("hover out of range: %v", err)
	}
	// A 10 MB file: while it is analysed, requests about other files are
	// answered (parsing and analysis run off the read loop); closing it
	// cancels its analysis.
	var big bytes.Buffer
	big.WriteString("module big exposing (Big)\n\nprotocol Big =\n  roles A, B\n")
	for big.Len() < 10<<20 {
		big.WriteString("  A -> B : Ping(data: Vec<u8>)\n  B -> A : Pong(code: u32)\n")
	}
	bu := uri.File(filepath.Join(root, "huge.choreo"))
	if err := p.Open(bu, big.String()); err != nil {
		t.Fatal(err)
	}
	hctx, hcancel := context.WithTimeout(ctx, 20*time.Second)
	defer hcancel()
	hp.Position = protocol.Position{Line: 1, Character: 9}
	if err := p.Call(hctx, protocol.MethodTextDocumentHover, hp, nil); err != nil {
		t.Errorf("hover while a 10 MB file is analysed: %v", err)
	}
	if err := p.Notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: bu}}); err != nil {
		t.Fatal(err)
	}
	// 1,000 rapid edits: the last version's diagnostics arrive.
	for v := int32(2); v <= 1001; v++ {
		if err := p.Change(u, v, protocol.Range{Start: protocol.Position{Line: 2, Character: 11}, End: protocol.Position{Line: 2, Character: 12}}, "N"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.DiagnosticsFor(ctx, u, 1001); err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	waitExit(t, p, 0)
}

// TestQuietStderr: by default the server logs only warnings and errors to
// stderr, which editors record as errors; a normal session writes nothing.
func TestQuietStderr(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the choreo binary")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("building choreo: %v", err)
	}
	var stderr bytes.Buffer
	p, err := lsptest.Start(bin, &stderr, "lsp", "--diagnostics-delay", "0")
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	root := t.TempDir()
	if _, err := p.Initialize(ctx, root, false); err != nil {
		t.Fatal(err)
	}
	u := uri.File(filepath.Join(root, "p.choreo"))
	if err := p.Open(u, pingPong); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DiagnosticsFor(ctx, u, 1); err != nil {
		t.Fatal(err)
	}
	if err := p.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	_ = p.Notify(protocol.MethodExit, nil)
	_ = p.Close()
	_ = p.Cmd.Wait()
	if stderr.Len() != 0 {
		t.Errorf("stderr of a normal session:\n%s", stderr.String())
	}
}
