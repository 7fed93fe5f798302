package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// unawareProtocol lints with only an unaware-role warning, and deadlocks
// when the branch right is taken (C waits for a message that never comes).
const unawareProtocol = `module unaware exposing (Unaware)
protocol Unaware =
  roles A, B, C
  choice at A
    | left ->
        A -> B : L
        A -> C : Go
    | right ->
        A -> B : R
`

// TestLintFailOn: --fail-on (and lint.fail_on of choreo.yaml) decides which
// severities fail a lint run, so a CI gate never passes silently on a
// protocol that can deadlock.
func TestLintFailOn(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "unaware.choreo")
	writeFile(t, file, unawareProtocol)
	tests := []struct {
		name string
		args []string
		yaml string
		code int
	}{
		{"warnings do not fail by default", nil, "", cmdline.ExitOK},
		{"--fail-on warning", []string{"--fail-on", "warning"}, "", cmdline.ExitFindings},
		{"--fail-on never", []string{"--fail-on", "never"}, "", cmdline.ExitOK},
		{"lint.fail_on in choreo.yaml", nil, "lint:\n  fail_on: warning\n", cmdline.ExitFindings},
		{"the flag wins over choreo.yaml", []string{"--fail-on", "error"}, "lint:\n  fail_on: warning\n", cmdline.ExitOK},
		{"a bad value", []string{"--fail-on", "loud"}, "", cmdline.ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := t.TempDir()
			writeFile(t, filepath.Join(sub, "unaware.choreo"), unawareProtocol)
			if tt.yaml != "" {
				writeFile(t, filepath.Join(sub, "choreo.yaml"), tt.yaml)
			}
			t.Chdir(sub)
			code, out, errOut := runChoreo(t, append([]string{"lint"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
		})
	}
	// Errors fail under error and warning alike, and not under never.
	writeFile(t, file, unawareProtocol+"  A -> Ghost : Boo\n")
	for flag, want := range map[string]int{"error": cmdline.ExitFindings, "warning": cmdline.ExitFindings, "never": cmdline.ExitOK} {
		if code, _, _ := runChoreo(t, "lint", "--fail-on", flag, file); code != want {
			t.Errorf("--fail-on %s with an error: exit %d, want %d", flag, code, want)
		}
	}
}

// TestLintEmptyInputs: with no file to check, machine formats still print
// a valid document (an empty SARIF log, an empty JSON array) and text says
// why on stderr.
func TestLintEmptyInputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "README.md"), "no protocols here\n")
	code, out, _ := runChoreo(t, "lint", "--format", "sarif", dir)
	if code != cmdline.ExitOK {
		t.Errorf("sarif: exit %d", code)
	}
	rep, err := sarif.FromString(out)
	if err != nil {
		t.Fatalf("sarif: %v\n%q", err, out)
	}
	if err := rep.Validate(); err != nil || len(rep.Runs) != 1 || rep.Runs[0].Results == nil || len(rep.Runs[0].Results) != 0 {
		t.Errorf("sarif: %v, want one run with an empty result list:\n%s", err, out)
	}
	code, out, _ = runChoreo(t, "lint", "--format", "json", dir)
	var got []any
	if code != cmdline.ExitOK || json.Unmarshal([]byte(out), &got) != nil || got == nil || len(got) != 0 {
		t.Errorf("json: exit %d, %q, want []", code, out)
	}
	code, out, errOut := runChoreo(t, "lint", dir)
	if code != cmdline.ExitOK || out != "" || !strings.Contains(errOut, "no .choreo or .tell files") {
		t.Errorf("text: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestLintScope: directory walks respect .gitignore and the exclude globs
// of choreo.yaml; a file named on the command line is always checked.
func TestLintScope(t *testing.T) {
	dir := t.TempDir()
	const broken = "module x exposing (X)\nprotocol X =\n  roles A\n  A -> Ghost : M\n"
	writeFile(t, filepath.Join(dir, ".gitignore"), "node_modules/\n")
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "exclude:\n  - \"generated/**\"\n")
	writeFile(t, filepath.Join(dir, "node_modules", "pkg", "x.choreo"), broken)
	writeFile(t, filepath.Join(dir, "generated", "deep", "y.tell"), broken)
	writeFile(t, filepath.Join(dir, "src", "ok.choreo"), "module ok exposing (Ok)\nprotocol Ok =\n  roles A, B\n  A -> B : M\n")
	t.Chdir(dir)
	if code, out, errOut := runChoreo(t, "lint"); code != cmdline.ExitOK || out != "" {
		t.Errorf("lint in the project: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := runChoreo(t, "lint", filepath.Join("generated", "deep", "y.tell")); code != cmdline.ExitFindings || !strings.Contains(out, "y.tell") {
		t.Errorf("an excluded file named explicitly: exit %d\n%s", code, out)
	}
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "exclude:\n  - \"[bad\"\n")
	if code, _, errOut := runChoreo(t, "lint", "src"); code != cmdline.ExitUsage || !strings.Contains(errOut, `choreo.yaml:2:5: exclude: "[bad" is not a valid glob`) {
		t.Errorf("a bad glob is reported with its position: exit %d, %s", code, errOut)
	}
}

// TestCompatBases: one default base everywhere (HEAD, or compat.base of
// choreo.yaml); a history too short for the base makes every file new and
// unclassified, with a note; a shallow clone says what is missing and how
// to fetch it; one file is a usage error.
func TestCompatBases(t *testing.T) {
	dir, run := gitRepo(t)
	const proto = "module hello exposing (Hello)\n\nprotocol Hello =\n  roles A, B\n\n  A -> B : Hi\n"
	writeFile(t, filepath.Join(dir, "hello.choreo"), proto)
	run("add", ".")
	run("commit", "-q", "-m", "one commit")
	t.Chdir(dir)

	// No --base: HEAD, the work tree's changes.
	writeFile(t, filepath.Join(dir, "hello.choreo"), proto+"  B -> A : Ho\n")
	if code, out, _ := runChoreo(t, "compat"); code != cmdline.ExitFindings || !strings.Contains(out, "hello.choreo: major") {
		t.Errorf("default base: exit %d\n%s", code, out)
	}
	// HEAD~1 of a one-commit repository: every file is new.
	code, out, errOut := runChoreo(t, "compat", "--base", "HEAD~1")
	if code != cmdline.ExitOK || !strings.Contains(out, "hello.choreo: unclassified") || !strings.Contains(errOut, "no base revision: HEAD~1 does not exist (the history has 1 commit)") {
		t.Errorf("no base: exit %d\n%s\n%s", code, out, errOut)
	}
	// compat.base of choreo.yaml is the default.
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "compat:\n  base: HEAD~1\n")
	if _, out, errOut := runChoreo(t, "compat"); !strings.Contains(errOut, "HEAD~1 does not exist") {
		t.Errorf("compat.base: %s\n%s", out, errOut)
	}
	// An unknown revision is an error that says so.
	if code, _, errOut := runChoreo(t, "compat", "--base", "origni/main"); code != cmdline.ExitUsage || !strings.Contains(errOut, "unknown revision origni/main") {
		t.Errorf("unknown revision: exit %d, %s", code, errOut)
	}
	// One file is a usage error.
	if code, _, errOut := runChoreo(t, "compat", "hello.choreo"); code != cmdline.ExitUsage || !strings.Contains(errOut, "needs two versions") {
		t.Errorf("one file: exit %d, %s", code, errOut)
	}

	// A shallow clone: the base is missing data, not "no base".
	run("commit", "-q", "-am", "second")
	clone := filepath.Join(t.TempDir(), "clone")
	testkit.Git(t, dir, "clone", "-q", "--depth", "1", "file://"+dir, clone)
	t.Chdir(clone)
	if code, _, errOut := runChoreo(t, "compat", "--base", "HEAD~1"); code != cmdline.ExitUsage || !strings.Contains(errOut, "shallow clone") || !strings.Contains(errOut, "fetch-depth: 0") {
		t.Errorf("shallow clone: exit %d, %s", code, errOut)
	}
}
