// Package helperbin finds and starts choreo's helper programs: the programs
// installed next to choreo that carry what only some commands need
// (choreo-syntax is the full command line with the parser, choreo-graphviz
// lays out SVG pictures, choreo-lsp is the language server,
// choreo-nats-server the embedded NATS server, choreo-nats the command line
// with the NATS client). They are programs of their own because Go
// initialises every package linked into a binary before main runs, and
// links what any command uses: a language server, NATS and a WebAssembly
// Graphviz in choreo itself would make `choreo subtype`,
// `lint` and every other short command start several times slower (most of
// it page faults on the code and data those packages touch at start-up).
//
// A helper is found as Find says: an environment variable naming it (set by
// tests and by users with their own build; EnvVar gives its name), else
// next to the running executable (where `go install ./cmd/...` and the
// editor packages put it), else on PATH.
//
// choreo hands a whole command over to its helper with Exec (`choreo lsp`,
// `choreo nats-server`), after checking the command line itself where the
// two share it; it runs a helper beside itself for
// as long as it needs it with StartService (the NATS server of a run).
package helperbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// EnvVar is the environment variable that names the helper program name:
// CHOREO_LSP for choreo-lsp, CHOREO_NATS_SERVER for choreo-nats-server.
func EnvVar(name string) string {
	return "CHOREO_" + strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(name, "choreo-"), "-", "_"))
}

// Find returns the path of the helper program name: $EnvVar(name) when set
// and not empty, else name next to the running executable, else name on
// PATH.
func Find(name string) (string, error) {
	env := EnvVar(name)
	if p := os.Getenv(env); p != "" {
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), exeName(name))
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is installed with choreo (go install ./cmd/... from a clone, or set %s to its path): %w", name, env, err)
	}
	return p, nil
}

// exeName is the file name of program name on this system.
func exeName(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}
