package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// GitRepo creates an empty git repository in a temporary directory and
// returns the directory. It skips the test when git is not installed.
func GitRepo(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	Git(t, dir, "init", "-q")
	return dir
}

// Git runs git in dir, with a fixed author, and fails the test when it
// fails.
func Git(t testing.TB, dir string, args ...string) {
	t.Helper()
	args = append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)
	if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// GitCommit writes files (slash-separated paths relative to dir; an empty
// text removes the file) and commits every change in dir.
func GitCommit(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if text == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	Git(t, dir, "add", "-A", ".")
	Git(t, dir, "commit", "-q", "-m", "change")
}
