package analysis

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
)

// corpusRoot is the shared corpus of real files, relative to this package.
const corpusRoot = "../../shared/corpus/aura"

func choreoFiles(t *testing.T, root string) []string {
	t.Helper()
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".choreo") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpus analyses every real file: the final-era folder must have no
// errors; every file of every era must lower and project for every
// participant (families expanded) without an internal error.
func TestCorpus(t *testing.T) {
	for _, file := range choreoFiles(t, corpusRoot) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		res := Analyze(context.Background(), Input{Filename: file, Src: src, Config: config.Default()})
		rel, _ := filepath.Rel(corpusRoot, file)
		for _, d := range res.Diagnostics {
			if d.Code == CodeInternal || strings.HasPrefix(rel, "e2-2026-03") && d.Severity == diag.Error {
				t.Errorf("%s:%s", rel, d)
			}
		}
		if res.Protocol == nil {
			t.Errorf("%s: no protocol", rel)
			continue
		}
		for _, p := range res.Protocol.Participants() {
			if res.Projections[p] == nil {
				t.Errorf("%s: no projection for %s", rel, p)
			}
		}
	}
}

// TestExamples checks the repository's examples: no errors.
func TestExamples(t *testing.T) {
	for _, file := range choreoFiles(t, "../examples") {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		res := Analyze(context.Background(), Input{Filename: file, Src: src, Config: config.Default()})
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error {
				t.Errorf("%s:%s", file, d)
			}
		}
	}
}
