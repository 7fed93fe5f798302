package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/projection"
)

// TestCorpus analyses every real file, .choreo and .tell: the last .choreo
// era (e2-2026-03) and the current .tell era (e3-2026-04) must have no
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
			clean := strings.HasPrefix(rel, "e2-2026-03") || strings.HasPrefix(rel, "e3-2026-04")
			if d.Code == CodeInternal || clean && d.Severity == diag.Error {
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

// TestCorpusLabelsGolden keeps the projections of a few files of the
// current era (e3-2026-04), whose choices select by label, in golden
// files: the labels on the wire are visible in them (regenerate with
// -update and review).
func TestCorpusLabelsGolden(t *testing.T) {
	root := filepath.Join(testkit.CorpusDir(t), "e3-2026-04")
	for _, rel := range []string{
		"crates/aura-agent/src/adaptive_privacy_control/anonymous_path_establish.tell",
		"examples/session-choreography/src/session_patterns.tell",
		"crates/aura-invitation/src/protocol.guardian_invitation.tell",
	} {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil {
				t.Skipf("corpus file missing: %v", err)
			}
			res := Analyze(context.Background(), Input{Filename: rel, Src: src, Config: config.Default()})
			var b strings.Builder
			for _, d := range res.Diagnostics {
				if d.Severity == diag.Error {
					t.Errorf("%s", d)
				}
			}
			for _, p := range res.Protocol.Participants() {
				fmt.Fprintf(&b, "%s: %s\n", p, projection.Session(res.Projections[p]))
			}
			name := strings.TrimSuffix(filepath.Base(rel), ".tell") + ".golden"
			testkit.Golden(t, filepath.Join("testdata", "corpus", name), []byte(b.String()))
		})
	}
}
