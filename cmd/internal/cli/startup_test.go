package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// heavyPackages are the packages kept out of choreo-syntax, the full
// command line, so that its short commands start fast, each with the
// helper program that links it instead (see internal/helperbin). Go
// initialises every linked package before main runs, and these touch
// enough code and data at start-up to cost each command several
// milliseconds, mostly in page faults.
var heavyPackages = []struct{ pkg, helper string }{
	{"go.lsp.dev/protocol", "choreo-lsp"},
	{"go.lsp.dev/jsonrpc2", "choreo-lsp"},
	{"go.uber.org/zap", "choreo-lsp"},
	{"github.com/choreo-lang/choreo/lsp", "choreo-lsp"},
	{"github.com/nats-io/nats.go", "choreo-nats"},
	{"net/http", "choreo-nats"},
	{"crypto/tls", "choreo-nats"},
	{"github.com/choreo-lang/choreo/cmd/internal/natsnet", "choreo-nats"},
	{"github.com/nats-io/nats-server/v2/server", "choreo-nats-server"},
	{"github.com/nats-io/jwt/v2", "choreo-nats-server"},
	{"github.com/goccy/go-graphviz", "choreo-graphviz"},
	{"github.com/tetratelabs/wazero", "choreo-graphviz"},
}

// lightPackages are heavy packages that no program of choreo may link:
// gojsonschema came with go-sarif v3 (SARIF is written with v2, and v3
// validates it in tests only).
var lightPackages = []string{"github.com/xeipuuv/gojsonschema", "runtime/pprof", "net/http/pprof"}

// deps lists the packages the program cmd/name links, with the number of
// cgo files of each.
func deps(t *testing.T, name string) map[string]int {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{len .CgoFiles}}", "github.com/choreo-lang/choreo/cmd/"+name).Output()
	if err != nil {
		t.Fatalf("go list -deps cmd/%s: %v", name, err)
	}
	pkgs := make(map[string]int)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, n, _ := strings.Cut(line, " ")
		pkgs[pkg], _ = strconv.Atoi(n)
	}
	return pkgs
}

// TestShortPathLinks: choreo-syntax links none of the heavy packages, and
// each helper does link the ones it carries (so that a renamed package
// cannot pass unnoticed).
func TestShortPathLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	full := deps(t, "choreo-syntax")
	helpers := map[string]map[string]int{}
	for _, h := range heavyPackages {
		if _, ok := full[h.pkg]; ok {
			t.Errorf("choreo-syntax links %s, which belongs in %s", h.pkg, h.helper)
		}
		if helpers[h.helper] == nil {
			helpers[h.helper] = deps(t, h.helper)
		}
		if _, ok := helpers[h.helper][h.pkg]; !ok {
			t.Errorf("%s does not link %s: update heavyPackages", h.helper, h.pkg)
		}
	}
	for _, pkg := range lightPackages {
		if _, ok := full[pkg]; ok {
			t.Errorf("choreo-syntax links %s", pkg)
		}
	}
}

// TestFrontLinks: choreo links no package with C code (cgo files), so that
// it starts as a Go program without the C runtime, and neither the command
// line nor the parser it hands over to choreo-syntax.
func TestFrontLinks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	front := deps(t, "choreo")
	for pkg, cgoFiles := range front {
		if cgoFiles > 0 {
			t.Errorf("choreo links %s, which has C code", pkg)
		}
	}
	for _, pkg := range []string{"github.com/choreo-lang/choreo/cmd/internal/cli", "github.com/choreo-lang/choreo/syntax", "github.com/spf13/cobra", "net"} {
		if _, ok := front[pkg]; ok {
			t.Errorf("choreo links %s", pkg)
		}
	}
	if _, ok := front["github.com/choreo-lang/choreo/projection/subtype"]; !ok {
		t.Error("choreo does not link the subtyping checker: update TestFrontLinks")
	}
}

// BenchmarkStartup times whole processes: choreo on the trivial subtyping
// pair and `choreo version` (which it answers itself), `choreo lint` on an
// example (which it hands over to choreo-syntax), and choreo-syntax on the
// trivial pair, beside two
// empty Go programs built here: one without cgo, the floor any Go program
// starts from and choreo's, and one that calls C, the floor of
// choreo-syntax, which links C code (the tree-sitter parser, and the cgo
// resolver of package net, which pflag imports): the C runtime's start
// (libc, the cgo runtime's threads and signal set-up) comes on top. It reports ms/op and the minor page
// faults of one run (faults/op), which is where most of a Go program's
// start-up goes on a machine with slow page faults.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	choreo, err := testkit.BuildCommands(dir)
	if err != nil {
		b.Fatal(err)
	}
	empty := buildEmpty(b, dir, "empty", "package main\n\nfunc main() {}\n")
	emptyCgo := buildEmpty(b, dir, "empty-cgo", "package main\n\n// static int one(void) { return 1; }\nimport \"C\"\n\nfunc main() { C.one() }\n")
	for _, bc := range []struct {
		name string
		argv []string
	}{
		{"empty", []string{empty}},
		{"empty-cgo", []string{emptyCgo}},
		{"version", []string{choreo, "version"}},
		{"subtype", []string{choreo, "subtype", "!a; end", "!a; end"}},
		{"choreo-syntax-subtype", []string{filepath.Join(dir, "choreo-syntax"), "subtype", "!a; end", "!a; end"}},
		{"lint", []string{choreo, "lint", filepath.Join("..", "..", "..", "examples", "ping_pong.choreo")}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var faults int64
			start := time.Now()
			for b.Loop() {
				cmd := exec.Command(bc.argv[0], bc.argv[1:]...)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %v\n%s", bc.argv, err, out)
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					faults += int64(ru.Minflt)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
			b.ReportMetric(float64(faults)/float64(b.N), "faults/op")
		})
	}
}

// buildEmpty builds the one-file program main into dir/name.
func buildEmpty(b *testing.B, dir, name, main string) string {
	b.Helper()
	src := filepath.Join(dir, name+"-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	for file, text := range map[string]string{"go.mod": "module " + name + "\n", "main.go": main} {
		if err := os.WriteFile(filepath.Join(src, file), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	bin := filepath.Join(dir, name)
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = src
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building %s: %v\n%s", name, err, out)
	}
	return bin
}
