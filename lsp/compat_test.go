package lsp

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestLiveCompatibility commits a file in a git repository, changes a
// message in the buffer and expects the incompatible roles reported, as a
// code lens, a command result and diagnostics with a counterexample.
func TestLiveCompatibility(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ping.choreo")
	if err := os.WriteFile(path, []byte(pingPong), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q"}, {"add", "ping.choreo"},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "v1"},
	} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	ctx := testContext(t)
	ts := session(t)
	u := uri.File(path)
	changed := strings.Replace(pingPong, "Response(body", "Reply(body", 1)
	if err := ts.Open(u, changed); err != nil {
		t.Fatal(err)
	}
	p, err := ts.Diagnostics(ctx, u, func(p protocol.PublishDiagnosticsParams) bool {
		return findCode(p.Diagnostics, string(codeCompat)) != nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d := findCode(p.Diagnostics, string(codeCompat))
	if d.Severity != protocol.DiagnosticSeverityWarning || len(d.RelatedInformation) == 0 ||
		!strings.Contains(d.RelatedInformation[0].Message, "counterexample") {
		t.Errorf("compat diagnostic = %+v", d)
	}
	var res struct {
		Base   string
		Report struct{ Level string }
	}
	if err := execute(t, ts, cmdCompatWithBase, &res, u); err != nil {
		t.Fatal(err)
	}
	if res.Report.Level != "major" || res.Base != "HEAD" {
		t.Errorf("compat = %+v", res)
	}
	var lenses []protocol.CodeLens
	if err := ts.Call(ctx, protocol.MethodTextDocumentCodeLens, &protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &lenses); err != nil {
		t.Fatal(err)
	}
	if last := lenses[len(lenses)-1].Command.Title; last != "vs HEAD: major" {
		t.Errorf("compat lens = %q, want %q", last, "vs HEAD: major")
	}
}
