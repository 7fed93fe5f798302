package gitrev

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/internal/testkit"
)

const protocol = "module m exposing (P)\n\nprotocol P =\n  roles A, B\n\n  A -> B : M\n"

// TestConfig reads the choreo.yaml that applied to a file at a revision:
// the nearest one above it in that revision's tree, the defaults when
// there is none, an error for a broken one.
func TestConfig(t *testing.T) {
	dir := testkit.GitRepo(t)
	testkit.GitCommit(t, dir, map[string]string{
		"proto/choreo.yaml":              "families:\n  sizes:\n    Witness: 2\n",
		"proto/deep/x.choreo":            protocol,
		"proto/dir/choreo.yaml/z.choreo": protocol, // a directory named choreo.yaml is skipped
		"other/y.choreo":                 protocol,
		"broken/choreo.yaml":             "families:\n  default: 0\n",
		"broken/b.choreo":                protocol,
	})
	testkit.GitCommit(t, dir, map[string]string{
		"proto/choreo.yaml": "",
		"choreo.yaml":       "families:\n  default: 5\n",
	})
	ctx := context.Background()
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
		cfg, err := Config(ctx, dir, tt.rev, tt.file)
		if err != nil {
			t.Errorf("%s at %s: %v", tt.file, tt.rev, err)
			continue
		}
		if n, _ := cfg.FamilySize("Witness", "N"); cfg.Path != tt.path || n != tt.witness {
			t.Errorf("%s at %s: configuration %q with Witness[N] of %d, want %q and %d", tt.file, tt.rev, cfg.Path, n, tt.path, tt.witness)
		}
	}
	if _, err := Config(ctx, dir, "HEAD", "broken/b.choreo"); err == nil || !strings.Contains(err.Error(), "HEAD:broken/choreo.yaml:2:") {
		t.Errorf("broken configuration: error %v, want one located in HEAD:broken/choreo.yaml", err)
	}
}

// TestWorkTreeAndShow finds a file's work tree and reads it at a revision.
func TestWorkTreeAndShow(t *testing.T) {
	dir := testkit.GitRepo(t)
	testkit.GitCommit(t, dir, map[string]string{"sub/p.choreo": protocol})
	ctx := context.Background()
	root, rel, err := WorkTree(ctx, filepath.Join(dir, "sub", "p.choreo"))
	if want, _ := filepath.EvalSymlinks(dir); err != nil || root != want || rel != "sub/p.choreo" {
		t.Fatalf("WorkTree = %q, %q, %v; want %q, sub/p.choreo", root, rel, err, want)
	}
	if src, err := Show(ctx, root, "HEAD", rel); err != nil || string(src) != protocol {
		t.Errorf("Show = %q, %v", src, err)
	}
	if src, err := Show(ctx, root, "HEAD", "sub/none.choreo"); err != nil || src != nil {
		t.Errorf("Show of an untracked file = %q, %v; want nil, nil", src, err)
	}
	if root, _, err := WorkTree(ctx, filepath.Join(t.TempDir(), "q.choreo")); err != nil || root != "" {
		t.Errorf("WorkTree outside git = %q, %v; want no work tree", root, err)
	}
}

func TestHeadOffset(t *testing.T) {
	for rev, want := range map[string]int{"HEAD": 0, "HEAD~1": 1, "HEAD~": 1, "HEAD^": 1, "HEAD~3": 3, "HEAD^^": 2, "HEAD~2^": 3} {
		if got, ok := headOffset(rev); !ok || got != want {
			t.Errorf("headOffset(%q) = %d, %v; want %d", rev, got, ok, want)
		}
	}
	for _, rev := range []string{"main", "origin/main", "HEADS", "HEAD@{1}"} {
		if _, ok := headOffset(rev); ok {
			t.Errorf("headOffset(%q) accepted", rev)
		}
	}
}

func TestBase(t *testing.T) {
	cfg := config.Default()
	if got := Base("", cfg); got != DefaultBase {
		t.Errorf("Base = %q", got)
	}
	cfg.CompatBase = "origin/main"
	if got := Base("", cfg); got != "origin/main" {
		t.Errorf("Base from choreo.yaml = %q", got)
	}
	if got := Base("v1", cfg); got != "v1" {
		t.Errorf("Base from the flag = %q", got)
	}
}
