package analysis

import (
	"context"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gen"
	"github.com/choreo-lang/choreo/syntax"
)

// benchCorpus is the generated lint corpus: 100 files of 1,000 lines.
func benchCorpus() [][]byte {
	files := make([][]byte, 100)
	for i := range files {
		files[i] = gen.SeededProtocol(uint64(i+1), 1000)
	}
	return files
}

func corpusBytes(files [][]byte) int64 {
	var n int64
	for _, f := range files {
		n += int64(len(f))
	}
	return n
}

// BenchmarkParseCorpus is the baseline: syntax.ParseFile alone.
func BenchmarkParseCorpus(b *testing.B) {
	files := benchCorpus()
	b.SetBytes(corpusBytes(files))
	for b.Loop() {
		for _, f := range files {
			syntax.ParseFile(f)
		}
	}
}

// BenchmarkLintCorpus is the whole of Analyze (parse, lower, check,
// project, budget, manifest) over the same corpus; the target is at most
// three times BenchmarkParseCorpus.
func BenchmarkLintCorpus(b *testing.B) {
	files := benchCorpus()
	cfg := config.Default()
	b.SetBytes(corpusBytes(files))
	for b.Loop() {
		for _, f := range files {
			Analyze(context.Background(), Input{Filename: "gen.choreo", Src: f, Config: cfg})
		}
	}
}

// TestGeneratedCorpusIsClean guards the benchmark: generated files must be
// well-formed, or the benchmark would measure error paths.
func TestGeneratedCorpusIsClean(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		res := Analyze(context.Background(), Input{Filename: "gen.choreo", Src: gen.SeededProtocol(seed, 300)})
		for _, d := range res.Diagnostics {
			if d.Severity == diag.Error || d.Severity == diag.Warning && d.Code != CodeBudgetRange {
				t.Errorf("seed %d: %s", seed, d)
			}
		}
	}
}

// BenchmarkAnalyzeTree is what the language server runs on every edit of
// a 5,000-line file after re-parsing: AnalyzeTree on a parsed file.
func BenchmarkAnalyzeTree(b *testing.B) {
	src := gen.SeededProtocol(1, 5000)
	f, ds := syntax.ParseFile(src)
	in := Input{Filename: "gen.choreo", Src: src, Config: config.Default()}
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeTree(context.Background(), in, f, ds)
	}
}
