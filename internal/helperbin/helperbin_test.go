package helperbin

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestFind(t *testing.T) {
	dir := t.TempDir()
	onPath := filepath.Join(dir, exeName("choreo-test-helper"))
	if err := os.WriteFile(onPath, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)

	t.Setenv("CHOREO_TEST_HELPER", "/elsewhere/helper")
	if p, err := Find("choreo-test-helper"); err != nil || p != "/elsewhere/helper" {
		t.Errorf("with the variable set: %q, %v; want the variable's path", p, err)
	}
	t.Setenv("CHOREO_TEST_HELPER", "")
	if p, err := Find("choreo-test-helper"); err != nil || p != onPath {
		t.Errorf("on PATH: %q, %v; want %s", p, err, onPath)
	}
	_, err := Find("choreo-no-such-helper")
	if err == nil || !strings.Contains(err.Error(), "CHOREO_NO_SUCH_HELPER") || !strings.Contains(err.Error(), "go install ./cmd/...") {
		t.Errorf("missing helper: %v; want an error saying how to install it or point to it", err)
	}
}

// TestFindNextToExecutable: a helper next to the running program wins over
// one on PATH.
func TestFindNextToExecutable(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	next := filepath.Join(filepath.Dir(exe), exeName("choreo-test-sibling"))
	if err := os.WriteFile(next, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Skip(err) // the test binary's directory is not writable
	}
	defer os.Remove(next)
	t.Setenv("CHOREO_TEST_SIBLING", "")
	t.Setenv("PATH", t.TempDir())
	if p, err := Find("choreo-test-sibling"); err != nil || p != next {
		t.Errorf("Find = %q, %v; want %s", p, err, next)
	}
}

// TestExec runs this test binary as a program that hands over to sh, and
// checks that the helper got the arguments, the standard streams and the
// exit status.
func TestExec(t *testing.T) {
	if os.Getenv("HELPERBIN_EXEC") == "1" {
		sh, err := exec.LookPath("sh")
		if err != nil {
			os.Exit(3)
		}
		err = Exec(sh, []string{"-c", `read line; echo "got $line and $0"; exit 7`, "arg"})
		t.Fatalf("Exec returned: %v", err) // only reached when the handover failed
	}
	if _, err := exec.LookPath("sh"); err != nil || runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestExec$")
	cmd.Env = append(os.Environ(), "HELPERBIN_EXEC=1")
	cmd.Stdin = strings.NewReader("input\n")
	out, err := cmd.Output()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 7 || string(out) != "got input and arg\n" {
		t.Errorf("exit %v, output %q; want the helper's exit 7 and %q", err, out, "got input and arg\n")
	}
}

func TestEnvVar(t *testing.T) {
	for name, want := range map[string]string{"choreo-lsp": "CHOREO_LSP", "choreo-nats-server": "CHOREO_NATS_SERVER", "choreo-graphviz": "CHOREO_GRAPHVIZ"} {
		if got := EnvVar(name); got != want {
			t.Errorf("EnvVar(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestStartService starts sh as a service that reports ready and stops
// when its input ends, and one that exits before it is ready.
func TestStartService(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("needs sh")
	}
	srv, line, err := StartService(sh, []string{"-c", `echo ready at 1234; echo more; cat >/dev/null`}, 10*time.Second)
	if err != nil || line != "ready at 1234" {
		t.Fatalf("StartService = %q, %v", line, err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	_, _, err = StartService(sh, []string{"-c", `echo cannot listen >&2; exit 2`}, 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "cannot listen") {
		t.Errorf("a helper that fails: %v; want its stderr in the error", err)
	}
	_, _, err = StartService(sh, []string{"-c", `sleep 5`}, 50*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "not ready within") {
		t.Errorf("a helper that never gets ready: %v", err)
	}
}
