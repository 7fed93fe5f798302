package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/choreo-lang/choreo/internal/helperbin"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestFastPathAgrees runs command lines through choreo and through the full
// command line, choreo-syntax, and requires the same exit status, output
// and errors. The command lines choreo answers itself (fastSubtype,
// isVersion) must also be answered without choreo-syntax: they run again
// with its variable pointing nowhere.
func TestFastPathAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the programs")
	}
	dir := t.TempDir()
	choreo, err := testkit.BuildCommands(dir)
	if err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "choreo-syntax")
	files := map[string]string{
		"old.types":  "A: !B.Ping; ?B.Pong; end\nB: ?A.Ping; !A.Pong; end\n",
		"new.types":  "-- B replies before it reads\nA: !B.Ping; ?B.Pong; end\nB: !A.Pong; ?A.Ping; end\n",
		"a.types":    "A: !B.Ping; ?B.Pong; end\n",
		"bad.types":  "A: !B.Ping; ?B.Pong end\n",
		"one.type":   "rec X. !t.value; ?t.ready; X\n",
		"pp.choreo":  "module pp exposing (PP)\n\nprotocol PP =\n  roles A, B\n\n  A -> B : Ping\n  B -> A : Pong\n",
		"missing.tx": "",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "missing.tx")); err != nil {
		t.Fatal(err)
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, args := range [][]string{
		{"subtype", "!a; ?b; end", "?b; !a; end"},
		{"subtype", "?b; !a; end", "!a; ?b; end"},
		{"subtype", "-f", "json", "?b; !a; end", "!a; ?b; end"},
		{"subtype", "--old", "rec X. ?t.ready; !t.value; X", "--new=!t.value; rec X. ?t.ready; !t.value; X"},
		{"subtype", "--relation", "sync", "!a; ?b; end", "?b; !a; end"},
		{"subtype", "--relation", "weak", "end", "end"},
		{"subtype", "-f", "yaml", "end", "end"},
		{"subtype", "!a; ?b end", "end"},
		{"subtype", "--max-configurations", "1", "rec X. !a; !a; ?b; X", "rec X. !a; ?b; X"},
		{"subtype", "--timeout", "5s", "--max-pending", "3", "rec X. !a; X", "rec X. !a; ?b; X"},
		{"subtype", "--file", in("new.types"), in("old.types")},
		{"subtype", "--file", "-f", "json", in("new.types"), in("old.types")},
		{"subtype", "--file", "--role", "B", in("new.types"), in("old.types")},
		{"subtype", "--file", in("a.types"), in("old.types")},
		{"subtype", "--file", in("bad.types"), in("old.types")},
		{"subtype", "--file", in("one.type"), in("old.types")},
		{"subtype", "--file", in("missing.tx"), in("old.types")},
		{"version"},
		{"--version"},
		// Handed over.
		{"subtype", "--file", in("new.types"), in("pp.choreo")},
		{"subtype", "--help"},
		{"subtype", "!a"},
		{"subtype", "--fromat", "json", "end", "end"},
		{"subtype", "--timeout", "0s", "end", "end"},
		{"version", "--help"},
		{"lint", in("pp.choreo")},
		{"nonsense"},
	} {
		want := run(t, full, args, "")
		if got := run(t, choreo, args, full); got != want {
			t.Errorf("choreo %q:\n%+v\nchoreo-syntax:\n%+v", args, got, want)
		}
		if _, fast := fastSubtype(args); fast || isVersion(args) {
			if got := run(t, choreo, args, filepath.Join(dir, "nowhere", "choreo-syntax")); got != want {
				t.Errorf("choreo %q without choreo-syntax:\n%+v\nwant\n%+v", args, got, want)
			}
		}
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs program with args, with choreo-syntax at helper (when not "").
func run(t *testing.T, program string, args []string, helper string) result {
	t.Helper()
	cmd := exec.Command(program, args...)
	cmd.Env = os.Environ()
	if helper != "" {
		cmd.Env = append(cmd.Env, helperbin.EnvVar("choreo-syntax")+"="+helper)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, stdout.String(), stderr.String()}
}
