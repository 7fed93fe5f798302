package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunCommand(t *testing.T) {
	dir := t.TempDir()
	runYAML := filepath.Join(dir, "run.yaml")
	if err := os.WriteFile(runYAML, []byte("capabilities:\n  Seller: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	auction := filepath.Join("..", "..", "..", "examples", "auction.choreo")
	for _, tt := range []struct {
		name   string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"completed", []string{"run", auction}, 0, "outcome: completed at step 10", ""},
		{"scripted branch", []string{"run", auction, "--branch", "script:reject"}, 0, "Seller chooses reject", ""},
		{"json", []string{"run", auction, "--trace", "json", "--seed", "4", "--policy", "random"}, 0, `"format":"choreo-trace/1"`, "outcome: completed"},
		{"mermaid", []string{"run", auction, "--trace", "mermaid"}, 0, "sequenceDiagram", "outcome: completed"},
		{"svg", []string{"run", auction, "--trace", "svg"}, 0, "<svg xmlns", "outcome: completed"},
		{"disasm", []string{"run", auction, "--disasm"}, 0, "program Seller", ""},
		{"denied by config", []string{"run", auction, "--config", runYAML}, 1, "CapGuard DENIED", ""},
		{"crash", []string{"run", auction, "--faults", "crash:Shipper@2"}, 1, "outcome: fault at step 2", ""},
		{"bad trace format", []string{"run", auction, "--trace", "png"}, 2, "", ""},
		{"bad policy", []string{"run", auction, "--policy", "fastest"}, 2, "", ""},
		{"bad faults", []string{"run", auction, "--faults", "explode:1"}, 2, "", ""},
		{"missing file", []string{"run", filepath.Join(dir, "none.choreo")}, 2, "", ""},
		{"no file", []string{"run"}, 2, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runChoreo(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
		})
	}
}

func TestRunOutFileAndErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "trace.svg")
	if code, _, stderr := runChoreo(t, "run", filepath.Join("..", "..", "..", "examples", "relay.choreo"), "--trace", "svg", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if data, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(data), "<svg") {
		t.Fatalf("trace file: %v", err)
	}
	trace := filepath.Join(dir, "trace.jsonl")
	relay := filepath.Join("..", "..", "..", "examples", "relay.choreo")
	if code, _, stderr := runChoreo(t, "run", relay, "--trace", "json", "--seed", "9", "--policy", "random", "--faults", "delay:0.5", "--out", trace); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, stdout, _ := runChoreo(t, "run", relay, "--replay", trace); code != 0 || !strings.Contains(stdout, "replay matches") {
		t.Fatalf("replay: exit %d: %s", code, stdout)
	}
	if code, stdout, _ := runChoreo(t, "run", relay, "--replay", trace, "--policy", "fastest"); code != 2 {
		t.Fatalf("replay with a bad flag: exit %d, want 2 (usage): %s", code, stdout)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	tampered := strings.Replace(string(data), `"msg":"Packet"`, `"msg":"Pocket"`, 1)
	if err := os.WriteFile(trace, []byte(tampered), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := runChoreo(t, "run", relay, "--replay", trace); code != 1 || !strings.Contains(stdout, "Pocket") {
		t.Fatalf("tampered replay: exit %d: %s", code, stdout)
	}
	bad := filepath.Join(dir, "bad.choreo")
	if err := os.WriteFile(bad, []byte("protocol Bad {\n    roles: A;\n    A -> A: Self;\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runChoreo(t, "run", bad)
	if code != 1 || !strings.Contains(stderr, "self-send") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
}
