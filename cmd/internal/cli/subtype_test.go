package cli

import (
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

// TestSubtypeSides: the answer says which side is NEW and which OLD, and
// --new/--old name the sides instead of their order.
func TestSubtypeSides(t *testing.T) {
	const earlier, later = "!x; !c; ?b; end", "!x; ?b; !c; end" // sending earlier is a subtype
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{earlier, later}, cmdline.ExitOK, "NEW ≤ OLD (async): compatible"},
		{[]string{later, earlier}, cmdline.ExitFindings, "NEW ≤ OLD (async): incompatible"},
		{[]string{"--new", earlier, "--old", later}, cmdline.ExitOK, "NEW ≤ OLD (async): compatible"},
		{[]string{"--old", later, "--new", earlier}, cmdline.ExitOK, "NEW ≤ OLD (async): compatible"},
		{[]string{"--old", earlier, "--new", later}, cmdline.ExitFindings, "NEW ≤ OLD (async): incompatible"},
		{[]string{"--relation", "sync", "--new", earlier, "--old", later}, cmdline.ExitFindings, "NEW ≤ OLD (sync): incompatible"},
	}
	for _, tt := range tests {
		code, out, errOut := runChoreo(t, append([]string{"subtype"}, tt.args...)...)
		if code != tt.code || !strings.HasPrefix(out, tt.out) {
			t.Errorf("subtype %q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, tt.code, tt.out)
		}
	}
	for _, args := range [][]string{
		{"--new", earlier},
		{"--old", later},
		{"--new", earlier, "--old", later, "end"},
		{earlier},
	} {
		code, _, errOut := runChoreo(t, append([]string{"subtype"}, args...)...)
		if code != cmdline.ExitUsage || !strings.Contains(errOut, "NEW OLD") {
			t.Errorf("subtype %q: exit %d, stderr %q; want a usage error naming both forms", args, code, errOut)
		}
	}
}

// TestNoProtocol: project, budget and manifest on a file without a
// protocol say why there is nothing to show.
func TestNoProtocol(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"empty.choreo": "", "comment.tell": "-- nothing yet\n"} {
		path := dir + "/" + name
		writeFile(t, path, text)
		for _, command := range []string{"project", "budget", "manifest"} {
			code, out, errOut := runChoreo(t, command, path)
			if code != cmdline.ExitFindings || out != "" || !strings.Contains(errOut, path+": the file declares no protocol") {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q; want 1 and the reason", command, name, code, out, errOut)
			}
		}
	}
	broken := dir + "/broken.choreo"
	writeFile(t, broken, "garbage\n")
	for _, command := range []string{"budget", "manifest"} {
		if code, _, errOut := runChoreo(t, command, broken); code != cmdline.ExitFindings || !strings.Contains(errOut, "because of the errors above") {
			t.Errorf("%s on a syntax error: exit %d, stderr %q", command, code, errOut)
		}
	}
}
