package lsp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim attaches a real Neovim (headless) to `choreo lsp`: it opens a
// file, waits for diagnostics and checks a hover.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not installed (apt-get install neovim)")
	}
	if testing.Short() {
		t.Skip("builds the choreo binary and runs Neovim")
	}
	bin, err := binary()
	if err != nil {
		t.Fatalf("building choreo: %v", err)
	}
	dir := t.TempDir()
	text := pingPong + "  Server -> Nobody : Oops\n"
	file := filepath.Join(dir, "ping.choreo")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "nvim", "hover.lua"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.txt")
	at := posOf(t, text, "Client,", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(),
		"CHOREO_BIN="+bin, "CHOREO_FILE="+file, "CHOREO_OUT="+out,
		fmt.Sprintf("CHOREO_LINE=%d", at.Line), fmt.Sprintf("CHOREO_CHAR=%d", at.Character))
	cmd.Dir = dir
	combined, runErr := cmd.CombinedOutput()
	result, err := os.ReadFile(out)
	if err != nil || runErr != nil {
		t.Fatalf("nvim: %v\n%s\nresult: %s", runErr, combined, result)
	}
	got := string(result)
	if !strings.Contains(got, "undeclared-role") {
		t.Errorf("nvim saw no undeclared-role diagnostic:\n%s", got)
	}
	if !strings.Contains(got, "!Server.Request(query: String); ?Server.Response(body: Vec<u8>); end") {
		t.Errorf("nvim hover lacks Client's local type:\n%s", got)
	}
}
