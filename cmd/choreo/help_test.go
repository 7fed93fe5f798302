package main

import (
	"strings"
	"testing"
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
