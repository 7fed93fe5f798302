package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

// TestHelpTexts: help shows real defaults and points to the user
// documentation, never to internal design documents.
func TestHelpTexts(t *testing.T) {
	for _, cmd := range []string{"lint", "project", "budget", "manifest", "subtype", "compat", "run", "fmt", "parse", "lsp"} {
		_, out, _ := runChoreo(t, cmd, "--help")
		if out == "" {
			t.Errorf("%s --help printed nothing", cmd)
		}
		for _, bad := range []string{"SEMANTICS", "LANGUAGE.md", "-1ns"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s --help mentions %q:\n%s", cmd, bad, out)
			}
		}
	}
	if _, out, _ := runChoreo(t, "lsp", "--help"); !strings.Contains(out, "(0 disables) (default 50ms)") {
		t.Errorf("lsp --help does not give the debounce default:\n%s", out)
	}
}

// TestLSPHandOver: choreo lsp checks its command line itself and, when the
// server program cannot be started, says which one and why. (The handover
// itself is tested through the real binaries in package lsp.)
func TestLSPHandOver(t *testing.T) {
	t.Setenv("CHOREO_LSP", filepath.Join(t.TempDir(), "missing-choreo-lsp"))
	if code, _, errOut := runChoreo(t, "lsp", "--log-levle", "debug"); code != cmdline.ExitUsage || !strings.Contains(errOut, "did you mean --log-level?") {
		t.Errorf("misspelt flag: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runChoreo(t, "lsp"); code != cmdline.ExitUsage || !strings.Contains(errOut, "choreo-lsp: start ") || !strings.Contains(errOut, "missing-choreo-lsp") {
		t.Errorf("missing server: exit %d, %q", code, errOut)
	}
}
