package cli

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

// complete runs `choreo __complete args...` and returns the candidates
// and the directive the shell scripts read from the last line.
func complete(t *testing.T, args ...string) ([]string, cobra.ShellCompDirective) {
	t.Helper()
	code, out, errOut := runChoreo(t, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if code != cmdline.ExitOK {
		t.Fatalf("__complete %q: exit %d\n%s%s", args, code, out, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	d, err := strconv.Atoi(strings.TrimPrefix(last, ":"))
	if !strings.HasPrefix(last, ":") || err != nil {
		t.Fatalf("__complete %q: no directive line:\n%s", args, out)
	}
	return lines[:len(lines)-1], cobra.ShellCompDirective(d)
}

func TestCompletion(t *testing.T) {
	proto := filepath.Join(t.TempDir(), "fam.choreo")
	writeFile(t, proto, "module fam exposing (Fam)\n\nprotocol Fam =\n  roles Lead, Member[2]\n  Lead -> Member[0] : Hi\n  Lead -> Member[1] : Hi\n")
	noFiles := cobra.ShellCompDirectiveNoFileComp
	files := cobra.ShellCompDirectiveFilterFileExt
	tests := []struct {
		args      []string
		want      []string
		directive cobra.ShellCompDirective
	}{
		{[]string{"lint", "--format", ""}, []string{"text", "json", "sarif", "github"}, noFiles},
		{[]string{"compat", "--format", ""}, []string{"text", "json", "sarif", "github"}, noFiles},
		{[]string{"lint", "--fail-on", ""}, []string{"error", "warning", "never"}, noFiles},
		{[]string{"project", "--notation", ""}, []string{"session", "rust", "pretty"}, noFiles},
		{[]string{"project", "--format", ""}, []string{"text", "dot", "mermaid", "svg", "json"}, noFiles},
		{[]string{"run", "--policy", ""}, []string{"cooperative", "round-robin", "random"}, noFiles},
		{[]string{"run", "--trace", ""}, []string{"text", "json", "mermaid", "svg"}, noFiles},
		{[]string{"node", "--trace", ""}, []string{"text", "json"}, noFiles},
		{[]string{"run", "--branch", ""}, []string{"first", "round-robin", "random", "script:"}, noFiles | cobra.ShellCompDirectiveNoSpace},
		{[]string{"subtype", "--relation", ""}, []string{"async", "sync", "equal"}, noFiles},
		{[]string{"lsp", "--log-level", ""}, []string{"debug", "info", "warn", "error"}, noFiles},
		{[]string{"run", "--config", ""}, []string{"yaml", "yml"}, files},
		{[]string{"run", "--replay", ""}, []string{"json"}, files},
		// Positional arguments: choreography files.
		{[]string{"lint", ""}, []string{"choreo", "tell"}, files},
		{[]string{"run", ""}, []string{"choreo", "tell"}, files},
		{[]string{"fmt", "-w", ""}, []string{"choreo", "tell"}, files},
		{[]string{"lint", proto, ""}, []string{"choreo", "tell"}, files},
		{[]string{"project", proto, ""}, nil, noFiles}, // project takes one file
		{[]string{"compat", proto, ""}, []string{"choreo", "tell"}, files},
		// --role: the roles and participants of the file on the command line.
		{[]string{"project", proto, "--role", ""}, []string{"Lead", "Member", "Member[0]", "Member[1]"}, noFiles},
		{[]string{"project", "--role", ""}, nil, noFiles}, // no file yet: nothing
		{[]string{"project", proto, "--role", "Lead,M"}, []string{"Lead,Lead", "Lead,Member", "Lead,Member[0]", "Lead,Member[1]"}, noFiles},
		{[]string{"node", proto, "--role", ""}, []string{"Lead", "Member", "Member[0]", "Member[1]"}, noFiles},
		{[]string{"subtype", "--file", proto, proto, "--role", ""}, []string{"Lead", "Member", "Member[0]", "Member[1]"}, noFiles},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got, directive := complete(t, tt.args...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("candidates %q, want %q", got, tt.want)
			}
			if directive != tt.directive {
				t.Errorf("directive %d, want %d", directive, tt.directive)
			}
		})
	}
}

// TestCompletionOfBrokenFile: a file that cannot be read gives no role
// candidates and an error directive, never a crash.
func TestCompletionOfBrokenFile(t *testing.T) {
	got, directive := complete(t, "project", filepath.Join(t.TempDir(), "missing.choreo"), "--role", "")
	if len(got) != 0 || directive != cobra.ShellCompDirectiveError {
		t.Errorf("candidates %q, directive %d; want none and %d", got, directive, cobra.ShellCompDirectiveError)
	}
}
