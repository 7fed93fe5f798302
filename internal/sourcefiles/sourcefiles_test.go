package sourcefiles

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func rel(t *testing.T, root string, files []string) []string {
	t.Helper()
	var out []string
	for _, f := range files {
		r, err := filepath.Rel(root, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/info/exclude":           "scratch/\n",
		".gitignore":                  "node_modules/\n# a comment\n*.gen.choreo\n!keep.gen.choreo\n/build\n",
		"a.choreo":                    "",
		"b.tell":                      "",
		"notes.md":                    "",
		"keep.gen.choreo":             "",
		"x.gen.choreo":                "",
		"node_modules/pkg/p.choreo":   "",
		"build/out.choreo":            "",
		"src/build/in.choreo":         "", // /build is anchored at the top
		"src/.gitignore":              "local.tell\n",
		"src/local.tell":              "",
		"src/proto.tell":              "",
		"scratch/s.choreo":            "",
		".hidden/h.choreo":            "",
		"third_party/vendor/v.choreo": "",
		"third_party/ours/o.choreo":   "",
		"docs/examples/e.choreo":      "",
	})
	tests := []struct {
		name string
		dir  string
		opts Options
		want []string
	}{
		{"gitignore, info/exclude, hidden directories", ".", Options{}, []string{
			"a.choreo", "b.tell", "docs/examples/e.choreo", "keep.gen.choreo", "src/build/in.choreo", "src/proto.tell",
			"third_party/ours/o.choreo", "third_party/vendor/v.choreo"}},
		{"exclude globs relative to the project file", ".", Options{Exclude: []string{"third_party/vendor/**", "docs/**/*.choreo"}, ExcludeBase: root}, []string{
			"a.choreo", "b.tell", "keep.gen.choreo", "src/build/in.choreo", "src/proto.tell", "third_party/ours/o.choreo"}},
		{"a subdirectory keeps the patterns above it", "src", Options{}, []string{"src/build/in.choreo", "src/proto.tell"}},
		{"an ignored directory walked explicitly", "node_modules", Options{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Find(context.Background(), filepath.Join(root, tt.dir), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if g := rel(t, root, got); !slices.Equal(g, tt.want) {
				t.Errorf("Find = %q\nwant %q", g, tt.want)
			}
		})
	}
	// A file named explicitly is taken even when ignored.
	got, err := Find(context.Background(), filepath.Join(root, "x.gen.choreo"), Options{})
	if err != nil || len(got) != 1 {
		t.Errorf("explicit ignored file: %v, %v", got, err)
	}
	if _, err := Find(context.Background(), root, Options{Exclude: []string{"[bad"}}); err == nil {
		t.Error("an invalid glob was accepted")
	}
	if _, err := Find(context.Background(), filepath.Join(root, "missing"), Options{}); err == nil {
		t.Error("a missing path was accepted")
	}
}

func TestFindCancelled(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"a/b.choreo": ""})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Find(ctx, root, Options{}); err == nil {
		t.Error("a cancelled walk succeeded")
	}
}
