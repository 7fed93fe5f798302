package runtime

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/choreo-lang/choreo/analysis"
)

// analyzeFile analyses a .choreo file with the run configuration's family
// sizes.
func analyzeFile(t *testing.T, path string, cfg Config) *analysis.Result {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Analyze(context.Background(), analysis.Input{Filename: filepath.Base(path), Src: src}, cfg)
}

// analyzeSource analyses protocol text.
func analyzeSource(t *testing.T, name, src string, cfg Config) *analysis.Result {
	t.Helper()
	return Analyze(context.Background(), analysis.Input{Filename: name + ".choreo", Src: []byte(src)}, cfg)
}

// mustRun compiles res and runs it under cfg with a recorded trace.
func mustRun(t *testing.T, res *analysis.Result, cfg Config) *Report {
	t.Helper()
	rep, err := Run(context.Background(), res, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
