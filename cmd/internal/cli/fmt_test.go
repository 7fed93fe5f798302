package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

const (
	messyChoreo = "protocol P =\n  roles A,B\n  A->B:M\n"
	tidyChoreo  = "protocol P =\n  roles A, B\n  A -> B : M\n"
	badChoreo   = "protocol P =\n  roles A, B\n  A -> : M\n"
)

// fmtDir creates a directory with a messy, a tidy and (optionally) a
// broken file and returns its path.
func fmtDir(t *testing.T, broken bool) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string, perm os.FileMode) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), perm); err != nil {
			t.Fatal(err)
		}
	}
	write("messy.choreo", messyChoreo, 0o640)
	write("tidy.choreo", tidyChoreo, 0o644)
	write("notes.txt", "not a choreography", 0o644)
	if broken {
		write("broken.choreo", badChoreo, 0o644)
	}
	return dir
}

func exitCode(err error) int {
	if err == nil {
		return cmdline.ExitOK
	}
	var ee *cmdline.ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return cmdline.ExitUsage
}

func TestFmt(t *testing.T) {
	for _, tc := range []struct {
		name       string
		flags      fmtFlags
		broken     bool
		wantCode   int
		wantOut    []string // substrings of stdout
		wantErr    string   // substring of stderr
		wantMessy  string   // content of messy.choreo afterwards
		notWantOut string
	}{
		{name: "print", wantOut: []string{tidyChoreo + tidyChoreo}, wantMessy: messyChoreo},
		{name: "list", flags: fmtFlags{list: true}, wantOut: []string{"messy.choreo\n"}, notWantOut: "tidy.choreo", wantMessy: messyChoreo},
		{name: "write", flags: fmtFlags{write: true}, wantMessy: tidyChoreo},
		{name: "diff", flags: fmtFlags{diff: true}, wantOut: []string{"messy.choreo.orig", "-  A->B:M\n", "+  A -> B : M\n"}, wantMessy: messyChoreo},
		{name: "check", flags: fmtFlags{check: true}, wantCode: cmdline.ExitFindings, wantOut: []string{"messy.choreo\n"}, wantMessy: messyChoreo},
		{name: "syntax error", flags: fmtFlags{write: true}, broken: true, wantCode: cmdline.ExitUsage, wantErr: "broken.choreo:3:", wantMessy: tidyChoreo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := fmtDir(t, tc.broken)
			tc.flags.width = 100
			var stdout, stderr bytes.Buffer
			err := runFmt(context.Background(), strings.NewReader(""), &stdout, &stderr, []string{dir}, tc.flags)
			if got := exitCode(err); got != tc.wantCode {
				t.Errorf("exit code %d, want %d (err %v, stderr %q)", got, tc.wantCode, err, stderr.String())
			}
			for _, s := range tc.wantOut {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout %q does not contain %q", stdout.String(), s)
				}
			}
			if tc.notWantOut != "" && strings.Contains(stdout.String(), tc.notWantOut) {
				t.Errorf("stdout %q contains %q", stdout.String(), tc.notWantOut)
			}
			if !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tc.wantErr)
			}
			got, err := os.ReadFile(filepath.Join(dir, "messy.choreo"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.wantMessy {
				t.Errorf("messy.choreo is now %q, want %q", got, tc.wantMessy)
			}
			if tc.broken {
				if b, _ := os.ReadFile(filepath.Join(dir, "broken.choreo")); string(b) != badChoreo {
					t.Errorf("broken.choreo was changed to %q", b)
				}
			}
		})
	}
}

func TestFmtWriteKeepsPermissions(t *testing.T) {
	dir := fmtDir(t, false)
	path := filepath.Join(dir, "messy.choreo")
	if err := runFmt(context.Background(), nil, new(bytes.Buffer), new(bytes.Buffer), []string{path}, fmtFlags{write: true, width: 100}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestFmtStdin(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := runFmt(context.Background(), strings.NewReader(messyChoreo), &stdout, &stderr, nil, fmtFlags{width: 100}); err != nil {
		t.Fatalf("runFmt: %v (stderr %q)", err, stderr.String())
	}
	if stdout.String() != tidyChoreo {
		t.Errorf("stdout %q, want %q", stdout.String(), tidyChoreo)
	}
	err := runFmt(context.Background(), strings.NewReader(badChoreo), &stdout, &stderr, nil, fmtFlags{width: 100})
	if exitCode(err) != cmdline.ExitUsage || !strings.Contains(stderr.String(), "<standard input>:3:") {
		t.Errorf("syntax error on stdin: err %v, stderr %q", err, stderr.String())
	}
	if err := runFmt(context.Background(), strings.NewReader(messyChoreo), &stdout, &stderr, nil, fmtFlags{write: true}); exitCode(err) != cmdline.ExitUsage {
		t.Errorf("-w with stdin: err %v, want a usage error", err)
	}
	stdout.Reset()
	err = runFmt(context.Background(), strings.NewReader(messyChoreo), &stdout, &stderr, nil, fmtFlags{check: true, width: 100})
	if exitCode(err) != cmdline.ExitFindings || stdout.String() != "<standard input>\n" {
		t.Errorf("--check on stdin: err %v, stdout %q", err, stdout.String())
	}
}
