package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/testkit"
)

func TestSubtypeCommand(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"subtype", "!x; ?y; !a; !c; ?b; end", "!x; ?y; !a; ?b; !c; end"}, cmdline.ExitOK, "compatible: the new role sends !c before ?b"},
		{[]string{"subtype", "!B.Ping2; ?B.Pong", "!B.Ping; ?B.Pong"}, cmdline.ExitFindings, "new role does: !B.Ping2"},
		{[]string{"subtype", "--relation", "sync", "!a; ?b", "?b; !a"}, cmdline.ExitFindings, "incompatible (unexpected-message)"},
		{[]string{"subtype", "--max-pending", "4", "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X"}, cmdline.ExitFindings, "--max-pending 4"},
		{[]string{"subtype", "--max-pending", "4", "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X"}, cmdline.ExitFindings, "raise it with --max-pending"},
		{[]string{"subtype", "--timeout", "1ns", "rec X. ?C.y; X", "rec X. ?B.x; ?C.y; X"}, cmdline.ExitFindings, "raise it with --timeout"},
		{[]string{"subtype", "rec X. !a; X", "rec X. ?b; !a; X"}, cmdline.ExitFindings, "incompatible (pending-forever)"},
		{[]string{"subtype", "rec X. !a; !a; ?b; X", "rec X. ?b; !a; X"}, cmdline.ExitOK, "runs ahead of the old role without bound: each round postpones ?b ?b and performs ?b"},
		{[]string{"subtype", "-f", "json", "&{ ?A.Ok; end }", "&{ ?A.Ok; end, ?A.Retry; end }"}, cmdline.ExitFindings, `"kind": "missing-branch"`},
	}
	for _, tt := range tests {
		code, out, errOut := runChoreo(t, tt.args...)
		if code != tt.code || !strings.Contains(out, tt.out) {
			t.Errorf("choreo %q: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, tt.code, tt.out)
		}
	}
}

// TestSubtypeRoles compares listings of one type per role, as choreo
// project prints them, role by role: with another listing, with a
// protocol, and one role with --role.
func TestSubtypeRoles(t *testing.T) {
	dir := t.TempDir()
	proto := filepath.Join(dir, "ping.choreo")
	writeFile(t, proto, pingPong)
	code, projected, errOut := runChoreo(t, "project", proto)
	if code != cmdline.ExitOK {
		t.Fatalf("project: exit %d, %q", code, errOut)
	}
	old := filepath.Join(dir, "old.types")
	writeFile(t, old, projected)
	same := filepath.Join(dir, "same.types")
	writeFile(t, same, "-- the projection, read back\n"+projected)
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"listing against itself", []string{old, same}, cmdline.ExitOK, []string{"A: NEW ≤ OLD (async): compatible", "B: NEW ≤ OLD (async): compatible"}},
		{"listing against the protocol", []string{same, proto}, cmdline.ExitOK, []string{"A: NEW ≤ OLD (async): compatible", "B: NEW ≤ OLD (async): compatible"}},
		{"one role", []string{"--role", "B", same, proto}, cmdline.ExitOK, []string{"NEW ≤ OLD (async): compatible"}},
		{"json", []string{"-f", "json", same, old}, cmdline.ExitOK, []string{`"role": "A"`, `"role": "B"`, `"verdict": "compatible"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runChoreo(t, append([]string{"subtype", "--file"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %q %q", code, tc.code, out, errOut)
			}
			for _, want := range tc.contains {
				if !strings.Contains(out, want) {
					t.Errorf("output %q lacks %q", out, want)
				}
			}
		})
	}
	// A role edited to run ahead is compared with its projection, and a
	// role missing on one side is named.
	lines := strings.Split(strings.TrimSpace(projected), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "B: ") {
		t.Fatalf("project printed %q, want the roles A and B", projected)
	}
	onlyA := filepath.Join(dir, "a.types")
	writeFile(t, onlyA, lines[0]+"\n")
	if code, _, errOut := runChoreo(t, "subtype", "--file", onlyA, old); code != cmdline.ExitUsage || !strings.Contains(errOut, "NEW has no role B") {
		t.Errorf("a role missing from NEW: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runChoreo(t, "subtype", "--file", "--role", "C", old, old); code != cmdline.ExitUsage || !strings.Contains(errOut, `NEW has no role "C" (roles: A, B)`) {
		t.Errorf("an unknown role: exit %d, %q", code, errOut)
	}
	broken := filepath.Join(dir, "broken.types")
	writeFile(t, broken, lines[0]+"\nB: ?A.Ping; !A.Pong end\n")
	if code, _, errOut := runChoreo(t, "subtype", "--file", broken, old); code != cmdline.ExitUsage || !strings.Contains(errOut, "broken.types: new type: 2:") || !strings.Contains(errOut, "role B:") {
		t.Errorf("a parse error in a listing: exit %d, %q", code, errOut)
	}
}

func TestSubtypeCommandErrors(t *testing.T) {
	if code, _, _ := runChoreo(t, "subtype", "!a; ?b end", "end"); code != cmdline.ExitUsage {
		t.Errorf("parse error: exit %d, want 2", code)
	}
	if code, _, errOut := runChoreo(t, "subtype", "!a; end", "end;\n!a; ?b end"); code != cmdline.ExitUsage ||
		!strings.Contains(errOut, "old type: 1:4: unexpected \";\" after the end of the type\n  end;\n     ^") {
		t.Errorf("parse error: exit %d, stderr %q; want the error under its line", code, errOut)
	}
	dir := t.TempDir()
	newFile, oldFile := filepath.Join(dir, "new.txt"), filepath.Join(dir, "old.txt")
	writeFile(t, newFile, "rec X. !B.Tick;\n  ?B.Tock; X\n")
	writeFile(t, oldFile, "rec X. ?B.Tock; !B.Tick; X\n")
	if code, out, errOut := runChoreo(t, "subtype", "--file", newFile, oldFile); code != cmdline.ExitOK {
		t.Errorf("--file: exit %d, %q %q", code, out, errOut)
	}
	oldProto, newProto := filepath.Join(dir, "old.choreo"), filepath.Join(dir, "new.choreo")
	writeFile(t, oldProto, pingPong)
	writeFile(t, newProto, strings.Replace(pingPong, "Ping", "Ping2", 1))
	if code, out, _ := runChoreo(t, "subtype", "--file", "--role", "B", newProto, oldProto); code != cmdline.ExitFindings || !strings.Contains(out, "missing-branch") {
		t.Errorf("--file .choreo: exit %d, %q", code, out)
	}
	// Without --role every role is compared: A (who sends Ping2 instead of
	// Ping) is incompatible, and so is B, who does not expect it.
	if code, out, errOut := runChoreo(t, "subtype", "--file", newProto, oldProto); code != cmdline.ExitFindings ||
		!strings.Contains(out, "A: NEW ≤ OLD (async): incompatible") || !strings.Contains(out, "B: NEW ≤ OLD (async): incompatible") {
		t.Errorf("--file .choreo without --role: exit %d, %q %q; want every role compared", code, out, errOut)
	}
	if code, _, errOut := runChoreo(t, "subtype", "--file", newFile, oldProto); code != cmdline.ExitUsage || !strings.Contains(errOut, "NEW is one type and OLD has the roles A, B: name the role to compare with --role") {
		t.Errorf("one type against a protocol without --role: exit %d, %q", code, errOut)
	}
	if code, _, _ := runChoreo(t, "subtype", "--file", "--role", "Z", newProto, oldProto); code != cmdline.ExitUsage {
		t.Errorf("--file .choreo with an unknown role: exit %d, want 2", code)
	}
	if code, _, _ := runChoreo(t, "subtype", "--relation", "weak", "end", "end"); code != cmdline.ExitUsage {
		t.Errorf("unknown relation: exit %d, want 2", code)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const pingPong = "module pp exposing (PP)\n\nprotocol PP =\n  roles A, B\n\n  A -> B : Ping\n  B -> A : Pong\n"

func TestCompatTwoFiles(t *testing.T) {
	dir := t.TempDir()
	oldFile, newFile := filepath.Join(dir, "old.choreo"), filepath.Join(dir, "new.choreo")
	writeFile(t, oldFile, pingPong)
	writeFile(t, newFile, strings.Replace(pingPong, "Ping", "Ping2", 1))
	code, out, _ := runChoreo(t, "compat", oldFile, newFile)
	if code != cmdline.ExitFindings || !strings.Contains(out, "major: incompatible role A, B") || !strings.Contains(out, "!B.Ping2") {
		t.Errorf("renamed message: exit %d, output %q", code, out)
	}
	writeFile(t, newFile, strings.Replace(pingPong, "  A -> B", "  -- a comment\n  A -> B", 1))
	code, out, _ = runChoreo(t, "compat", "-f", "json", oldFile, newFile)
	var reps []struct {
		Level string   `json:"level"`
		Rows  []string `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	if code != cmdline.ExitOK || len(reps) != 1 || reps[0].Level != "patch" || reps[0].Rows[0] != "metadata-only" {
		t.Errorf("comment only: exit %d, reports %+v", code, reps)
	}
	if code, _, _ := runChoreo(t, "compat", oldFile, filepath.Join(dir, "missing.choreo")); code != cmdline.ExitUsage {
		t.Errorf("missing file: exit %d, want 2", code)
	}
	code, out, _ = runChoreo(t, "compat", "-f", "sarif", oldFile, newFile)
	// The report points at the protocol name, with UTF-16 columns.
	if code != cmdline.ExitOK || !strings.Contains(out, `"ruleId": "compat-patch"`) || !strings.Contains(out, `"startColumn"`) {
		t.Errorf("sarif: exit %d, output %q", code, out)
	}
}

// TestCompatGit compares the working tree of a fresh repository with its
// last commit: a modified, a new, a deleted and an untouched file.
func TestCompatGit(t *testing.T) {
	dir, run := gitRepo(t)
	writeFile(t, filepath.Join(dir, "proto", "pp.choreo"), pingPong)
	writeFile(t, filepath.Join(dir, "proto", "gone.choreo"), strings.ReplaceAll(pingPong, "pp", "gone"))
	writeFile(t, filepath.Join(dir, "same.choreo"), strings.ReplaceAll(pingPong, "pp", "same"))
	run("add", ".")
	run("commit", "-q", "-m", "baseline")
	writeFile(t, filepath.Join(dir, "proto", "pp.choreo"), strings.Replace(pingPong, "B -> A : Pong", "B { flow_cost = 3 } -> A : Pong", 1))
	writeFile(t, filepath.Join(dir, "proto", "fresh.choreo"), "module fresh exposing (Fresh)\n\nprotocol Fresh =\n  roles Client, Server, Audit\n\n  Client -> Server : Hello(greeting: String)\n  Server -> Audit : Seen\n")
	run("add", "proto/fresh.choreo")
	writeFile(t, filepath.Join(dir, "untracked.choreo"), strings.ReplaceAll(pingPong, "pp", "untracked"))
	if err := os.Remove(filepath.Join(dir, "proto", "gone.choreo")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	code, out, errOut := runChoreo(t, "compat", "--base", "HEAD")
	if code != cmdline.ExitFindings {
		t.Errorf("exit %d, want 1 for the deleted file (stderr %q)", code, errOut)
	}
	for _, want := range []string{
		"proto/pp.choreo: patch:",
		"proto/fresh.choreo: unclassified: initial versioning needs an explicit review",
		"proto/gone.choreo: major: the protocol file was deleted",
		"untracked.choreo: unclassified",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "same.choreo") {
		t.Errorf("unchanged file reported:\n%s", out)
	}
	// Paths restrict the comparison; the modified file alone passes.
	if code, out, _ := runChoreo(t, "compat", "--base", "HEAD", filepath.Join("proto", "pp.choreo")); code != cmdline.ExitOK || strings.Count(out, "\n") != 3 {
		t.Errorf("restricted: exit %d, output %q", code, out)
	}
	if code, _, _ := runChoreo(t, "compat", "--base", "no-such-ref"); code != cmdline.ExitUsage {
		t.Errorf("bad revision: exit %d, want 2", code)
	}
	// A deleted file may be named; a path that exists nowhere is an error.
	if code, out, _ := runChoreo(t, "compat", "--base", "HEAD", filepath.Join("proto", "gone.choreo")); code != cmdline.ExitFindings || !strings.Contains(out, "deleted") {
		t.Errorf("deleted path: exit %d, output %q", code, out)
	}
	if code, _, _ := runChoreo(t, "compat", "--base", "HEAD", "no-such-dir"); code != cmdline.ExitUsage {
		t.Errorf("missing path: exit %d, want 2", code)
	}
}

// gitRepo creates a git repository and returns its directory and a
// function that runs git there (it skips the test without git).
func gitRepo(t *testing.T) (dir string, run func(args ...string)) {
	t.Helper()
	dir = testkit.GitRepo(t)
	return dir, func(args ...string) {
		t.Helper()
		testkit.Git(t, dir, args...)
	}
}

// TestCompatGitBaseConfig: the old version is analysed with the
// choreo.yaml that applied to it at the base revision, found by walking up
// its directories there, not with the working tree's.
func TestCompatGitBaseConfig(t *testing.T) {
	dir, run := gitRepo(t)
	const family = "module fam exposing (Fam)\n\nprotocol Fam =\n  roles C, W[N]\n\n  C -> W[*] : Req\n  W[*] -> C : Share\n"
	writeFile(t, filepath.Join(dir, "proto", "choreo.yaml"), "families:\n  sizes:\n    W: 2\n")
	writeFile(t, filepath.Join(dir, "proto", "fam", "fam.choreo"), family)
	run("add", ".")
	run("commit", "-q", "-m", "baseline")
	// The working tree moves the project file up and sizes W at 3; the
	// protocol only gains a comment.
	run("rm", "-q", filepath.Join("proto", "choreo.yaml"))
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "families:\n  sizes:\n    W: 3\n")
	writeFile(t, filepath.Join(dir, "proto", "fam", "fam.choreo"), family+"-- a comment\n")
	t.Chdir(dir)

	code, out, errOut := runChoreo(t, "compat", "--base", "HEAD")
	if code != cmdline.ExitFindings || !strings.Contains(out, "proto/fam/fam.choreo: major") || !strings.Contains(out, "W[2]") {
		t.Errorf("W sized 2 at HEAD and 3 now: exit %d, output %q (stderr %q); want a major change adding W[2]", code, out, errOut)
	}
	// The same sizes on both sides: only the comment changed.
	writeFile(t, filepath.Join(dir, "choreo.yaml"), "families:\n  sizes:\n    W: 2\n")
	if code, out, _ := runChoreo(t, "compat", "--base", "HEAD"); code != cmdline.ExitOK || !strings.Contains(out, "proto/fam/fam.choreo: patch") {
		t.Errorf("W sized 2 on both sides: exit %d, output %q; want patch", code, out)
	}
	// A broken project file at the base is an error, not the defaults.
	writeFile(t, filepath.Join(dir, "proto", "choreo.yaml"), "families:\n  default: 0\n")
	run("add", ".")
	run("commit", "-q", "-m", "broken")
	if err := os.Remove(filepath.Join(dir, "proto", "choreo.yaml")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "proto", "fam", "fam.choreo"), family)
	root := newRootCmd()
	root.SetOut(io.Discard)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"compat", "--base", "HEAD"})
	err := root.ExecuteContext(context.Background())
	if code := exitCode(err); code != cmdline.ExitUsage || err == nil || !strings.Contains(err.Error(), "HEAD:proto/choreo.yaml:2:") {
		t.Errorf("broken base configuration: exit %d, error %v; want exit 2 naming HEAD:proto/choreo.yaml:2", code, err)
	}
}

// TestSubtypeCommandInputErrors: every bad input is a usage error whose
// message says where the problem is.
func TestSubtypeCommandInputErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	writeFile(t, bad, "!B.Tick;\n  ?B.Tock X\n")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"subtype", "--file", bad, bad}, bad + ": new type: 2:11: expected \";\" after the action"},
		{[]string{"subtype", "--file", filepath.Join(dir, "missing.txt"), bad}, "new type: open " + filepath.Join(dir, "missing.txt")},
		{[]string{"subtype", "--max-pending", "0", "end", "end"}, "--max-pending must be at least 1, got 0"},
		{[]string{"subtype", "--timeout", "0s", "end", "end"}, "--timeout must be positive, got 0s"},
		{[]string{"subtype", "--max-configurations", "-1", "end", "end"}, "--max-configurations must be at least 1, got -1"},
		{[]string{"compat", "--max-pending", "-2", "a.choreo", "b.choreo"}, "--max-pending must be at least 1, got -2"},
	}
	for _, tt := range tests {
		root := newRootCmd()
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		root.SetArgs(tt.args)
		err := root.ExecuteContext(context.Background())
		if code := exitCode(err); code != cmdline.ExitUsage || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("choreo %q: exit %d, error %v; want exit 2 and %q", tt.args, code, err, tt.msg)
		}
	}
}
