package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

func TestParseCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean := write("ok.choreo", "protocol Ok =\n  roles A, B\n  A -> B : Hi\n")
	broken := write("bad.choreo", "protocol Bad =\n  roles A, B\n  A -> B\n  B -> A : Ho\n")
	tests := []struct {
		name     string
		args     []string
		code     int
		out      []string // substrings of stdout
		exactOut *string
	}{
		{name: "clean", args: []string{"parse", clean}, code: cmdline.ExitOK, exactOut: new(string)},
		{
			name: "syntax error",
			args: []string{"parse", clean, broken},
			code: cmdline.ExitFindings,
			out:  []string{broken + ":3:9: error: expected ':' and a message after 'A -> B' [syntax]\n"},
		},
		{
			name: "tree",
			args: []string{"parse", "--tree", clean},
			code: cmdline.ExitOK,
			out:  []string{"source_file 1:1-4:1\n", "      send 3:3-3:14\n", `message: message 3:12-3:14 "Hi"`},
		},
		{name: "missing file", args: []string{"parse", filepath.Join(dir, "nope.choreo")}, code: cmdline.ExitUsage},
		{name: "no arguments", args: []string{"parse"}, code: cmdline.ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runChoreo(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if tt.exactOut != nil && out != *tt.exactOut {
				t.Errorf("stdout %q, want %q", out, *tt.exactOut)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
