package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

const undeclared = `module d exposing (P)

protocol P =
  roles A, B

  A -> B : Ping
  B -> C : Pong
`

// TestDiagnosticsLifecycle checks that diagnostics appear for the opened
// version, clear for the version that fixes them, and clear on close.
func TestDiagnosticsLifecycle(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	u := ts.open(t, "d.choreo", undeclared)
	p, err := ts.DiagnosticsFor(ctx, u, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := findCode(p.Diagnostics, "undeclared-role")
	if d == nil {
		t.Fatalf("no undeclared-role diagnostic in %+v", p.Diagnostics)
	}
	if want := posOf(t, undeclared, "C : Pong", 0); d.Range.Start != want || d.Range.End.Character != want.Character+1 {
		t.Errorf("range = %+v, want C at %+v", d.Range, want)
	}
	if d.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("severity = %d, want error", d.Severity)
	}
	if href := string(d.CodeDescription.Href); !strings.HasSuffix(href, "/docs/diagnostics/undeclared-role.md") {
		t.Errorf("codeDescription = %q, want the page of undeclared-role", href)
	}
	// Fix it: C -> A.
	at := posOf(t, undeclared, "C : Pong", 0)
	if err := ts.Change(u, 2, protocol.Range{Start: at, End: protocol.Position{Line: at.Line, Character: at.Character + 1}}, "A"); err != nil {
		t.Fatal(err)
	}
	p, err = ts.DiagnosticsFor(ctx, u, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diagnostics) != 0 {
		t.Errorf("version 2 diagnostics = %+v, want none", p.Diagnostics)
	}
	// Break it again, then close: the close clears.
	if err := ts.Change(u, 3, protocol.Range{Start: at, End: protocol.Position{Line: at.Line, Character: at.Character + 1}}, "Z"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.DiagnosticsFor(ctx, u, 3); err != nil {
		t.Fatal(err)
	}
	if err := ts.Notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Diagnostics(ctx, u, func(p protocol.PublishDiagnosticsParams) bool {
		_, versioned := p.Version.Get()
		return !versioned && len(p.Diagnostics) == 0
	}); err != nil {
		t.Fatal(err)
	}
}

// TestDiagnosticsRelatedInformation checks that related locations are
// published (a second top-level protocol points at the first).
func TestDiagnosticsRelatedInformation(t *testing.T) {
	text := "module m exposing (P)\n\nprotocol P =\n  roles A, B\n  A -> B : M\n\nprotocol Q =\n  roles A, B\n  A -> B : M\n"
	ts := session(t)
	u := ts.open(t, "m.choreo", text)
	p, err := ts.DiagnosticsFor(testContext(t), u, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := findCode(p.Diagnostics, "multiple-protocols")
	if d == nil {
		t.Fatalf("no multiple-protocols diagnostic in %+v", p.Diagnostics)
	}
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.Range.Start != posOf(t, text, "P =", 0) || d.RelatedInformation[0].Location.URI != u {
		t.Errorf("related = %+v, want the first protocol's name", d.RelatedInformation)
	}
}

func findCode(ds []protocol.Diagnostic, code string) *protocol.Diagnostic {
	for i, d := range ds {
		if c, ok := d.Code.(protocol.String); ok && string(c) == code {
			return &ds[i]
		}
	}
	return nil
}
