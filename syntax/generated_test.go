package syntax

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// TestGeneratedParserUpToDate fails when grammar.js changed but the
// generated parser in src/ was not regenerated with scripts/gen-parser.sh,
// which records the hash of the grammar it generated from.
func TestGeneratedParserUpToDate(t *testing.T) {
	grammar, err := os.ReadFile("grammar.js")
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := os.ReadFile("src/grammar.js.sha256")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(grammar)
	if got, want := hex.EncodeToString(sum[:]), strings.TrimSpace(string(recorded)); got != want {
		t.Fatalf("grammar.js (sha256 %s) differs from the grammar src/parser.c was generated from (%s): run scripts/gen-parser.sh and commit syntax/src", got, want)
	}
}

func TestLanguageABI(t *testing.T) {
	// go-tree-sitter v0.25 accepts ABI 13 to 15; the Debian CLI generates 14.
	if v := Language().AbiVersion(); v < 13 || v > 15 {
		t.Fatalf("language ABI %d, want 13..15", v)
	}
	if Language().NodeKindCount() == 0 {
		t.Fatal("language has no node kinds")
	}
}
