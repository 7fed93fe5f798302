package lsp

import (
	"strings"
	"testing"
)

// TestConfigAtRevision reads the choreo.yaml that applied to a file at a
// revision: the nearest one above it in that revision's tree, the
// defaults when there is none, an error for a broken one.
func TestConfigAtRevision(t *testing.T) {
	dir := gitRepo(t)
	gitCommit(t, dir, map[string]string{
		"proto/choreo.yaml":              "families:\n  sizes:\n    Witness: 2\n",
		"proto/deep/x.choreo":            pingPong,
		"proto/dir/choreo.yaml/z.choreo": pingPong, // a directory named choreo.yaml is skipped
		"other/y.choreo":                 pingPong,
		"broken/choreo.yaml":             "families:\n  default: 0\n",
		"broken/b.choreo":                pingPong,
	})
	gitCommit(t, dir, map[string]string{
		"proto/choreo.yaml": "",
		"choreo.yaml":       "families:\n  default: 5\n",
	})
	ctx := testContext(t)
	tests := []struct {
		rev, file string
		path      string // of the configuration
		witness   int
	}{
		{"HEAD~1", "proto/deep/x.choreo", "HEAD~1:proto/choreo.yaml", 2},
		{"HEAD~1", "proto/dir/choreo.yaml/z.choreo", "HEAD~1:proto/choreo.yaml", 2},
		{"HEAD~1", "other/y.choreo", "", 3},
		{"HEAD", "proto/deep/x.choreo", "HEAD:choreo.yaml", 5},
		{"HEAD", "top.choreo", "HEAD:choreo.yaml", 5},
	}
	for _, tt := range tests {
		cfg, err := ConfigAtRevision(ctx, dir, tt.rev, tt.file)
		if err != nil {
			t.Errorf("%s at %s: %v", tt.file, tt.rev, err)
			continue
		}
		if n, _ := cfg.FamilySize("Witness", "N"); cfg.Path != tt.path || n != tt.witness {
			t.Errorf("%s at %s: configuration %q with Witness[N] of %d, want %q and %d", tt.file, tt.rev, cfg.Path, n, tt.path, tt.witness)
		}
	}
	if _, err := ConfigAtRevision(ctx, dir, "HEAD", "broken/b.choreo"); err == nil || !strings.Contains(err.Error(), "HEAD:broken/choreo.yaml:2:") {
		t.Errorf("broken configuration: error %v, want one located in HEAD:broken/choreo.yaml", err)
	}
}
