package testkit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// WithGraphvizHelper builds cmd/choreo-graphviz (the layout program that
// SVG pictures need), points CHOREO_GRAPHVIZ at it for the tests of a
// package and of the processes they start, runs them and removes it. Call
// it from TestMain: os.Exit(testkit.WithGraphvizHelper(m.Run)).
func WithGraphvizHelper(run func() int) int {
	dir, err := os.MkdirTemp("", "choreo-graphviz-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testkit:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "choreo-graphviz")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/choreo-lang/choreo/cmd/choreo-graphviz").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "testkit: building choreo-graphviz: %v\n%s", err, out)
		return 2
	}
	os.Setenv("CHOREO_GRAPHVIZ", bin)
	return run()
}
