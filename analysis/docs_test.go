package analysis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestEveryCodeIsDocumented keeps the list of diagnostic codes and the
// user documentation in step: every code has its page
// docs/diagnostics/<code>.md (what it means, an example, how to fix it),
// listed in the index, and every page documents a code that exists.
func TestEveryCodeIsDocumented(t *testing.T) {
	dir := filepath.Join(testkit.RepoRoot(t), "docs", "diagnostics")
	index, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	known := make(map[string]bool)
	for _, c := range Codes() {
		code := string(c.Code)
		known[code+".md"] = true
		page, err := os.ReadFile(filepath.Join(dir, code+".md"))
		if err != nil {
			t.Errorf("code %s has no page: %v", code, err)
			continue
		}
		for _, section := range []string{"# `" + code + "`", "## What it means", "## How to fix it"} {
			if !strings.Contains(string(page), section) {
				t.Errorf("%s.md lacks %q", code, section)
			}
		}
		if !strings.Contains(string(index), "("+code+".md)") {
			t.Errorf("the index does not link %s.md", code)
		}
		if url := CodeDocURL(c.Code); !strings.HasSuffix(url, "/docs/diagnostics/"+code+".md") {
			t.Errorf("CodeDocURL(%s) = %s", code, url)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "README.md" && !known[e.Name()] {
			t.Errorf("docs/diagnostics/%s documents no code", e.Name())
		}
	}
}

// TestLanguageDocExamples analyses every example of the language reference
// and the getting-started page fenced as ```choreo (whole files): the
// documentation must not teach protocols with errors, and the finished
// example of getting started is clean.
func TestLanguageDocExamples(t *testing.T) {
	for _, page := range []string{"language.md", "getting-started.md"} {
		data, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "docs", page))
		if err != nil {
			t.Fatal(err)
		}
		blocks := strings.Split(string(data), "```")
		n := 0
		for i := 1; i < len(blocks); i += 2 {
			block, ok := strings.CutPrefix(blocks[i], "choreo\n")
			if !ok {
				continue
			}
			n++
			res := Analyze(context.Background(), Input{Filename: "example.choreo", Src: []byte(block), Config: config.Default()})
			for _, d := range res.Diagnostics {
				if d.Severity == diag.Error {
					t.Errorf("%s example %d: %s\n%s", page, n, d, block)
				}
			}
		}
		if n == 0 {
			t.Fatalf("no ```choreo example found in docs/%s", page)
		}
	}
}
