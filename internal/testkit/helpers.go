package testkit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/choreo-lang/choreo/internal/helperbin"
)

// WithHelpers builds the helper programs names (cmd/NAME: choreo-graphviz,
// choreo-nats-server, ...), points their variables (helperbin.EnvVar) at
// them for the tests of a package and the processes they start, runs the
// tests and removes the programs. Call it from TestMain:
// os.Exit(testkit.WithHelpers(m.Run, "choreo-graphviz")).
func WithHelpers(run func() int, names ...string) int {
	dir, err := os.MkdirTemp("", "choreo-helpers-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testkit:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	args := []string{"build", "-o", dir + string(filepath.Separator)}
	for _, name := range names {
		args = append(args, "github.com/choreo-lang/choreo/cmd/"+name)
	}
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "testkit: building %v: %v\n%s", names, err, out)
		return 2
	}
	for _, name := range names {
		os.Setenv(helperbin.EnvVar(name), filepath.Join(dir, name))
	}
	return run()
}
