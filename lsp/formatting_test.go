package lsp

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/internal/testkit"
)

func TestFormatting(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "format", "messy.choreo"))
	if err != nil {
		t.Fatal(err)
	}
	ts := session(t)
	u := ts.open(t, "messy.choreo", string(src))
	var edits []protocol.TextEdit
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentFormatting, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &edits); err != nil {
		t.Fatal(err)
	}
	got := applyEdits(t, string(src), edits)
	testkit.Golden(t, filepath.Join("testdata", "format", "messy.golden"), []byte(got))
}

func TestFormattingRefusesSyntaxErrors(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "bad.choreo", "protocol P =\n  roles A, B\n  A -> : M\n")
	err := ts.Call(testContext(t), protocol.MethodTextDocumentFormatting, &protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, nil)
	if err == nil {
		t.Error("formatting a file with syntax errors: want an error")
	}
}

func TestMinimalEdit(t *testing.T) {
	for _, tt := range []struct{ old, new string }{
		{"a\nb\nc\n", "a\nB\nc\n"},
		{"a\n", "a\nb\n"},
		{"abc", ""},
		{"", "x"},
		{"same", "same"},
	} {
		edits := minimalEdit(newMapper([]byte(tt.old), utf16), []byte(tt.old), []byte(tt.new))
		if got := applyEdits(t, tt.old, edits); got != tt.new {
			t.Errorf("minimalEdit(%q, %q) applied = %q", tt.old, tt.new, got)
		}
	}
}
