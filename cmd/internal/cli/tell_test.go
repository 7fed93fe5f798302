package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

const tellProtocol = "module hello exposing (Hello)\n\nprotocol Hello =\n  roles A, B\n\n  A -> B : Hi\n  B -> A : Ho\n"

// TestTellFilesAreChoreographies: directory walks of lint and fmt find
// .tell files like .choreo files.
func TestTellFilesAreChoreographies(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a", "hello.tell"), tellProtocol)
	writeFile(t, filepath.Join(dir, "b", "broken.tell"), "module broken exposing (Broken)\n\nprotocol Broken =\n  roles A, B\n  A -> C : Hi\n")
	writeFile(t, filepath.Join(dir, "b", "notes.txt"), "A -> C : not a protocol\n")
	code, out, errOut := runChoreo(t, "lint", "--format", "json", dir)
	if code != cmdline.ExitFindings || !strings.Contains(out, "broken.tell") || !strings.Contains(out, "undeclared-role") || strings.Contains(out, "notes.txt") {
		t.Errorf("lint of a folder of .tell files: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runChoreo(t, "fmt", "-l", dir)
	if code != cmdline.ExitOK || strings.Contains(out, "hello.tell") {
		t.Errorf("fmt -l: exit %d, %q: hello.tell is formatted", code, out)
	}
	writeFile(t, filepath.Join(dir, "a", "hello.tell"), strings.ReplaceAll(tellProtocol, "  A -> B : Hi", "  A   ->  B : Hi"))
	if code, out, _ = runChoreo(t, "fmt", "-l", dir); !strings.Contains(out, "hello.tell") {
		t.Errorf("fmt -l: exit %d, %q: want hello.tell listed", code, out)
	}
}

// TestCompatRenameToTell: a .choreo file renamed to .tell in the same
// change as it is refactored (so git sees a deletion and an addition) is
// one protocol, compared like any other change.
func TestCompatRenameToTell(t *testing.T) {
	dir, run := gitRepo(t)
	old := "module hello exposing (Hello)\n\n-- the old syntax of records\nprotocol Hello =\n  roles A, B\n\n  A { guard_capability = \"hello:hi\", flow_cost = 10, journal_facts = \"said_hi\", audit_log = \"hi\" } -> B : Hi\n  B -> A : Ho\n"
	writeFile(t, filepath.Join(dir, "proto", "hello.choreo"), old)
	run("add", ".")
	run("commit", "-q", "-m", "baseline")
	run("rm", "-q", filepath.Join("proto", "hello.choreo"))
	writeFile(t, filepath.Join(dir, "proto", "hello.tell"), "module hello exposing (Hello)\n\nprotocol Hello =\n  roles A, B\n\n  A { guard_capability : \"hello:hi\"\n    , flow_cost : 10 } -> B : Hi\n  B -> A : Ho\n")
	t.Chdir(dir)
	code, out, errOut := runChoreo(t, "compat", "--base", "HEAD")
	if code != cmdline.ExitOK || !strings.Contains(out, "proto/hello.choreo → proto/hello.tell: patch") {
		t.Errorf("rename to .tell with only metadata edits: exit %d\n%s\n%s", code, out, errOut)
	}
	// A real change through the rename is classified as one.
	writeFile(t, filepath.Join(dir, "proto", "hello.tell"), strings.ReplaceAll(tellProtocol, "B -> A : Ho", "B -> A : Bye"))
	code, out, _ = runChoreo(t, "compat", "--base", "HEAD")
	if code != cmdline.ExitFindings || !strings.Contains(out, "proto/hello.choreo → proto/hello.tell: major") {
		t.Errorf("rename to .tell with a new message: exit %d\n%s", code, out)
	}
}

func TestPairRenames(t *testing.T) {
	got := pairRenames([]fileChange{
		{oldPath: "a/x.choreo"},                          // deleted
		{newPath: "a/x.tell"},                            // added: the same protocol renamed
		{oldPath: "b/y.choreo", newPath: "b/y.choreo"},   // modified
		{newPath: "c/z.tell"},                            // new
		{oldPath: "c/w.tell"},                            // deleted, no partner
		{oldPath: "d/v.choreo"}, {newPath: "d/v.choreo"}, // same extension: not a rename
	})
	want := []fileChange{
		{oldPath: "a/x.choreo", newPath: "a/x.tell"},
		{oldPath: "b/y.choreo", newPath: "b/y.choreo"},
		{newPath: "c/z.tell"},
		{oldPath: "c/w.tell"},
		{oldPath: "d/v.choreo"}, {newPath: "d/v.choreo"},
	}
	if len(got) != len(want) {
		t.Fatalf("pairRenames = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
