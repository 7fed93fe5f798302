package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis"
)

// TestLiveCompatibility commits a file in a git repository, changes a
// message in the buffer and expects the incompatible roles reported, as a
// code lens, a command result and diagnostics with a counterexample.
func TestLiveCompatibility(t *testing.T) {
	path := committedPingPong(t)
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

// committedPingPong commits pingPong as ping.choreo in a new git
// repository and returns the file's path.
func committedPingPong(t *testing.T) string {
	t.Helper()
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
	return path
}

// TestBaselineOutlivesSupersededCaller checks that a caller that gives up
// (the diagnostics job of a superseded snapshot) leaves the baseline
// loading for the next one instead of aborting it.
func TestBaselineOutlivesSupersededCaller(t *testing.T) {
	path := committedPingPong(t)
	var b baselines
	in := analysis.Input{Filename: path}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.get(gone, context.Background(), path, "HEAD", in); err == nil {
		t.Fatal("a cancelled caller got no error")
	}
	k := baselineKey{path, "HEAD"}
	first := b.m[k]
	res, err := b.get(testContext(t), context.Background(), path, "HEAD", in)
	if err != nil {
		t.Fatal(err)
	}
	if res == nil || res.Protocol == nil || res.Protocol.Name != "PingPong" {
		t.Fatalf("baseline = %+v, want the committed PingPong", res)
	}
	if b.m[k] != first {
		t.Error("the load started for the cancelled caller was discarded")
	}
}
