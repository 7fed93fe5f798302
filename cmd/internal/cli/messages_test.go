package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

// runChoreoStdin is runChoreo with stdin as the command's standard input.
func runChoreoStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	code := cmdline.Report(&errOut, root.ExecuteContext(context.Background()))
	return code, out.String(), errOut.String()
}

// TestLintStdin: lint - reads the protocol from standard input, as fmt
// does, in every format.
func TestLintStdin(t *testing.T) {
	t.Chdir(t.TempDir())
	const bad = "module bad exposing (Bad)\nprotocol Bad =\n  roles A, B\n  A -> Ghost : Hi\n  A -> B : Hi\n"
	code, out, errOut := runChoreoStdin(t, bad, "lint", "-")
	if code != cmdline.ExitFindings || !strings.HasPrefix(out, "<standard input>:4:8: error: role Ghost is not declared") {
		t.Errorf("lint - on an error: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, errOut := runChoreoStdin(t, pingPong, "lint", "-f", "json", "-"); code != cmdline.ExitOK || strings.TrimSpace(out) != "[]" {
		t.Errorf("lint -f json - on a clean protocol: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	writeFile(t, "choreo.yaml", "diagnostics:\n  undeclared-role: off\n")
	if code, out, errOut := runChoreoStdin(t, bad, "lint", "-"); code != cmdline.ExitOK || out != "" {
		t.Errorf("lint - with the current directory's choreo.yaml: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runChoreoStdin(t, bad, "lint", "-", "x.choreo"); code != cmdline.ExitUsage || !strings.Contains(errOut, "cannot be mixed") {
		t.Errorf("lint - with a path: exit %d, stderr %q", code, errOut)
	}
}

// TestRunConfigMistakes: a branch script entry that is no label and a
// fault naming an unknown participant are usage errors, before any trace.
func TestRunConfigMistakes(t *testing.T) {
	auction := filepath.Join("..", "..", "..", "examples", "auction.choreo")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--branch", "script:nope"}, `branch script entry 1 is "nope", which is no branch label of Auction (labels: accept, reject)`},
		{[]string{"--branch", "script:accept,nope"}, `entry 2 is "nope"`},
		{[]string{"--faults", "crash:Nobody@3"}, `crash names unknown participant "Nobody" (participants: Buyer, Seller, Shipper)`},
		{[]string{"--transport", "memory", "--faults", "crash:Nobody@3"}, `crash names unknown participant "Nobody"`},
	} {
		code, out, errOut := runChoreo(t, append([]string{"run", auction}, tt.args...)...)
		if code != cmdline.ExitUsage || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("run %q: exit %d, stdout %q, stderr %q; want exit 2, no trace and %q", tt.args, code, out, errOut, tt.want)
		}
	}
	if code, out, errOut := runChoreo(t, "run", auction, "--branch", "script:reject"); code != cmdline.ExitOK || !strings.Contains(out, "reject") {
		t.Errorf("run with a known script label: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestExamplesLint: the first command of the README, lint on the bundled
// examples, finds no error, and each warning it prints says what to do.
func TestExamplesLint(t *testing.T) {
	code, out, errOut := runChoreo(t, "lint", filepath.Join("..", "..", "..", "examples"))
	if code != cmdline.ExitOK {
		t.Fatalf("lint examples: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	explains := map[string]string{"budget-range": "choose the protocol's class in choreo.yaml"}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var code string
		if i := strings.LastIndex(line, " ["); i >= 0 {
			code = strings.TrimSuffix(line[i+2:], "]")
		}
		if hint, ok := explains[code]; !ok || !strings.Contains(line, hint) {
			t.Errorf("lint examples: %q does not say how to act on it", line)
		}
	}
}

// TestMisspeltFlag: an unknown flag names the closest one of its command.
func TestMisspeltFlag(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--formt", "json"}, "unknown flag: --formt (did you mean --format?)"},
		{[]string{"run", "--seeed", "3", "x.choreo"}, "(did you mean --seed?)"},
		{[]string{"compat", "--bsae", "HEAD"}, "(did you mean --base?)"},
		{[]string{"lint", "--zzzzzz"}, "unknown flag: --zzzzzz\n"},
	} {
		code, _, errOut := runChoreo(t, tt.args...)
		if code != cmdline.ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("choreo %q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestLargeFamily: choreo.yaml warns about a family too large to check
// quickly, and run refuses one the VM cannot hold, saying why, instead of
// allocating a buffer per pair of its members.
func TestLargeFamily(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "fam.choreo")
	writeFile(t, file, "module fam exposing (Fam)\n\nprotocol Fam =\n  roles C, W[N]\n\n  C -> W[*] : Req\n  W[*] -> C : Share\n")
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "families:\n  sizes:\n    W: 2500\n")
	code, _, errOut := runChoreo(t, "run", file)
	if code != cmdline.ExitUsage || !strings.Contains(errOut, "family size 2500 of W is large") ||
		!strings.Contains(errOut, "Fam has 2501 participants (family W has 2500 members), more than the 2000 the VM runs") {
		t.Errorf("run with 2500 members: exit %d, stderr %q", code, errOut)
	}
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "families:\n  sizes:\n    W: 500\n")
	if code, _, errOut := runChoreo(t, "run", file); code != cmdline.ExitOK || errOut != "" {
		t.Errorf("run with 500 members: exit %d, stderr %q", code, errOut)
	}
}
