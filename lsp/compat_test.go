package lsp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/internal/testkit"
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
	dir := testkit.GitRepo(t)
	testkit.GitCommit(t, dir, map[string]string{"ping.choreo": pingPong})
	return filepath.Join(dir, "ping.choreo")
}

// TestBaselineOutlivesSupersededCaller checks that a caller that gives up
// (the diagnostics job of a superseded snapshot) leaves the baseline
// loading for the next one instead of aborting it.
func TestBaselineOutlivesSupersededCaller(t *testing.T) {
	path := committedPingPong(t)
	var b baselines
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.get(gone, context.Background(), path, "HEAD", nil, zap.NewNop()); err == nil {
		t.Fatal("a cancelled caller got no error")
	}
	k := baselineKey{path, "HEAD", nil}
	first := b.m[k]
	res, err := b.get(testContext(t), context.Background(), path, "HEAD", nil, zap.NewNop())
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

// familyProtocol has a family whose size choreo.yaml sets.
const familyProtocol = "module fam exposing (Fam)\n\nprotocol Fam =\n  roles C, W[N]\n\n  C -> W[*] : Req\n  W[*] -> C : Share\n"

// TestLiveCompatibilityBaseConfig: the git baseline is analysed with the
// choreo.yaml committed at the base, not the working tree's, and with the
// client's analysis settings.
func TestLiveCompatibilityBaseConfig(t *testing.T) {
	dir := testkit.GitRepo(t)
	testkit.GitCommit(t, dir, map[string]string{
		"choreo.yaml": "families:\n  sizes:\n    W: 2\n",
		"fam.choreo":  familyProtocol,
	})
	if err := os.WriteFile(filepath.Join(dir, "choreo.yaml"), []byte("families:\n  sizes:\n    W: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ts := session(t)
	u := uri.File(filepath.Join(dir, "fam.choreo"))
	if err := ts.Open(u, familyProtocol); err != nil {
		t.Fatal(err)
	}
	var res struct {
		Report struct {
			Level string
			Roles []struct{ Role, Status string }
		}
	}
	if err := execute(t, ts, cmdCompatWithBase, &res, u); err != nil {
		t.Fatal(err)
	}
	added := false
	for _, r := range res.Report.Roles {
		added = added || r.Role == "W[2]" && r.Status == "added"
	}
	if res.Report.Level != "major" || !added {
		t.Errorf("W sized 2 at HEAD and 3 in the working tree: report %+v, want major with W[2] added", res.Report)
	}
	// The client's family sizes apply to both sides.
	if err := ts.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"familySizes": map[string]int{"W": 3}}}); err != nil {
		t.Fatal(err)
	}
	if err := execute(t, ts, cmdCompatWithBase, &res, u); err != nil {
		t.Fatal(err)
	}
	if res.Report.Level != "patch" {
		t.Errorf("W sized 3 by the client: report %+v, want patch", res.Report)
	}
}
