package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis/config"
)

func TestConfigRange(t *testing.T) {
	m := newMapper([]byte("diagnostics:\n  ünused-rol: off\nbudget:  \n"), utf16)
	for _, tt := range []struct {
		line, col  int
		start, end int // byte offsets
	}{
		{2, 3, 15, 26},  // the key, after two spaces; ü is two bytes
		{2, 15, 28, 31}, // the value
		{1, 0, 0, 12},   // no column: the whole line
		{3, 8, 39, 41},  // at blanks: to the end of the line
		{9, 1, 42, 42},  // no such line: the end of the text
	} {
		if s, e := configRange(m, &config.Error{Line: tt.line, Col: tt.col}); s != tt.start || e != tt.end {
			t.Errorf("line %d col %d: bytes %d..%d, want %d..%d", tt.line, tt.col, s, e, tt.start, tt.end)
		}
	}
}

// TestConfigDiagnostics checks, through the protocol, that the mistakes
// of the choreo.yaml that applies to an open file are published on the
// project file, follow its changes and are cleared when it is deleted.
func TestConfigDiagnostics(t *testing.T) {
	dir := t.TempDir()
	yaml := filepath.Join(dir, "choreo.yaml")
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("choreo.yaml", "diagnostics:\n  unused-rol: off\n")
	write("p.choreo", pingPong)
	ctx := testContext(t)
	ts := startServer(t, Options{DiagnosticsDelay: 0}, nil)
	if _, err := ts.Initialize(ctx, dir, false); err != nil {
		t.Fatal(err)
	}
	if err := ts.Open(uri.File(filepath.Join(dir, "p.choreo")), pingPong); err != nil {
		t.Fatal(err)
	}
	yamlURI := uri.File(yaml)
	wait := func(step string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
		t.Helper()
		p, err := ts.Diagnostics(ctx, yamlURI, func(p protocol.PublishDiagnosticsParams) bool { return ok(p.Diagnostics) })
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return p.Diagnostics
	}
	ds := wait("unknown code", func(ds []protocol.Diagnostic) bool { return len(ds) == 1 })
	want := protocol.Range{Start: protocol.Position{Line: 1, Character: 2}, End: protocol.Position{Line: 1, Character: 12}}
	if ds[0].Severity != protocol.DiagnosticSeverityWarning || ds[0].Range != want || !strings.Contains(messageText(ds[0]), `did you mean "unused-role"`) {
		t.Errorf("unknown code: %+v", ds[0])
	}

	changed := func() {
		t.Helper()
		params := &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: yamlURI, Type: protocol.FileChangeTypeChanged}}}
		if err := ts.Notify(protocol.MethodWorkspaceDidChangeWatchedFiles, params); err != nil {
			t.Fatal(err)
		}
	}
	write("choreo.yaml", "families:\n  default: 0\n")
	changed()
	ds = wait("broken file", func(ds []protocol.Diagnostic) bool {
		return len(ds) == 1 && ds[0].Severity == protocol.DiagnosticSeverityError
	})
	if ds[0].Range.Start.Line != 1 {
		t.Errorf("broken file: %+v", ds[0])
	}

	if err := os.Remove(yaml); err != nil {
		t.Fatal(err)
	}
	params := &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: yamlURI, Type: protocol.FileChangeTypeDeleted}}}
	if err := ts.Notify(protocol.MethodWorkspaceDidChangeWatchedFiles, params); err != nil {
		t.Fatal(err)
	}
	wait("deleted file", func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
}

// messageText returns the text of a diagnostic's message.
func messageText(d protocol.Diagnostic) string {
	s, _ := d.Message.(protocol.String)
	return string(s)
}
