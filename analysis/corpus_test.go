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

// TestCorpus analyses every real file: the final-era folder must have no
// errors; every file of every era must lower and project for every
// participant (families expanded) without an internal error.
func TestCorpus(t *testing.T) {
	corpusRoot := testkit.CorpusDir(t)
	for _, file := range testkit.ChoreoFiles(t, corpusRoot) {
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
	for _, file := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
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
