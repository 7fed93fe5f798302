// Package testkit holds what the tests of every package share: golden files
// (rewritten with `go test -update`) and the location of the real-world
// corpus in ../shared/corpus, which tests skip when it is absent.
//
// Only tests import this package; its -update flag is registered in the
// test binaries of the packages that use it.
package testkit

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata instead of comparing")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Golden compares got with the golden file at path. With -update it writes
// got to path instead (creating directories as needed).
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update and review the diff):\n%s", path, diffLines(want, got))
	}
}

// diffLines shows the first differing line of want and got with its
// neighbours, which is what one needs to see in a failing golden test.
func diffLines(want, got []byte) string {
	w := bytes.Split(want, []byte("\n"))
	g := bytes.Split(got, []byte("\n"))
	i := 0
	for i < len(w) && i < len(g) && bytes.Equal(w[i], g[i]) {
		i++
	}
	var b bytes.Buffer
	from := max(0, i-2)
	fmt.Fprintf(&b, "first difference at line %d\n", i+1)
	for j := from; j < i+3 && j < max(len(w), len(g)); j++ {
		if j < len(w) {
			b.WriteString("- " + string(w[j]) + "\n")
		}
		if j < len(g) {
			b.WriteString("+ " + string(g[j]) + "\n")
		}
	}
	return b.String()
}

// RepoRoot returns the directory holding the module's go.mod, found by
// walking up from the test's working directory (the package directory).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// CorpusDir returns ../shared/corpus/aura next to the repository, or skips
// the test with a message when that folder is absent.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(RepoRoot(t)), "shared", "corpus", "aura")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real-world corpus not available at %s: skipping", dir)
	}
	return dir
}

// ExamplesDir returns the repository's examples/ folder.
func ExamplesDir(t testing.TB) string {
	t.Helper()
	return filepath.Join(RepoRoot(t), "examples")
}

// ChoreoFiles returns every .choreo and .tell file under root, in lexical order.
func ChoreoFiles(t testing.TB, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if ext := filepath.Ext(path); err == nil && !d.IsDir() && (ext == ".choreo" || ext == ".tell") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .choreo or .tell files under %s", root)
	}
	return files
}
