package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// upstreamSyntax uses the constructs read since the upstream DSL's parser
// tests: proof bundles, protocol-level annotations, receiver annotations,
// bare and quoted annotation keys, a type list before a payload and a
// brace block inside the layout form.
const upstreamSyntax = `module guardian exposing (Setup)

proof_bundle Evidence version "1.0.0" issuer "did:example:runtime" requires [envelope_admission]

@optimize(inline, buffer_size = 1024)
protocol Setup requires Evidence =
  roles A, Database
  @parallel A[@critical, @"key with spaces" = "v"] -> Database[@pool = "primary"] : Request<String>(data)
  choice at A {
    | ok => { Database -> A : Done }
    | no => Database -> A : Fail
  }
`

// TestUpstreamSyntaxInTheServer checks definition, references, rename and
// hover of a proof bundle, the hovers that show annotations the model keeps without
// projecting them, and their semantic tokens.
func TestUpstreamSyntaxInTheServer(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	u := ts.open(t, "guardian.tell", upstreamSyntax)
	ref := posOf(t, upstreamSyntax, "Evidence =", 0)
	decl := posOf(t, upstreamSyntax, "Evidence version", 0)

	var loc protocol.Location
	if err := ts.Call(ctx, protocol.MethodTextDocumentDefinition, &protocol.DefinitionParams{TextDocumentPositionParams: docPos(u, ref)}, &loc); err != nil {
		t.Fatal(err)
	}
	if loc.Range.Start != decl {
		t.Errorf("definition of the required bundle = %+v, want %v", loc.Range.Start, decl)
	}
	var refs []protocol.Location
	params := &protocol.ReferenceParams{TextDocumentPositionParams: docPos(u, decl), Context: protocol.ReferenceContext{IncludeDeclaration: false}}
	if err := ts.Call(ctx, protocol.MethodTextDocumentReferences, params, &refs); err != nil {
		t.Fatal(err)
	}
	if len(refs) != 1 || refs[0].Range.Start != ref {
		t.Errorf("references of the bundle = %+v, want the requires clause at %v", refs, ref)
	}

	var edit protocol.WorkspaceEdit
	if err := ts.Call(ctx, protocol.MethodTextDocumentRename, &protocol.RenameParams{TextDocumentPositionParams: docPos(u, ref), NewName: "Admission"}, &edit); err != nil {
		t.Fatal(err)
	}
	if got, want := applyEdits(t, upstreamSyntax, edit.Changes[u]), strings.ReplaceAll(upstreamSyntax, "Evidence", "Admission"); got != want {
		t.Errorf("after renaming the bundle:\n%s\nwant:\n%s", got, want)
	}

	hover := func(marker string, delta int) string {
		t.Helper()
		var h protocol.Hover
		p := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, posOf(t, upstreamSyntax, marker, delta))}
		if err := ts.Call(ctx, protocol.MethodTextDocumentHover, p, &h); err != nil {
			t.Fatal(err)
		}
		mc, ok := h.Contents.(*protocol.MarkupContent)
		if !ok {
			t.Fatalf("hover at %q: contents = %T", marker, h.Contents)
		}
		return mc.Value
	}
	for _, tt := range []struct {
		marker string
		delta  int
		want   []string
	}{
		{"Evidence =", 0, []string{"**proof bundle** `Evidence`", `version "1.0.0"`, "requires [envelope_admission]"}},
		{"protocol Setup", 10, []string{"`@optimize(inline, buffer_size = 1024)`", "**Requires proof bundles:**", "`Evidence` [envelope_admission]"}},
		{"Request<", 1, []string{"`!Database.Request(<String> data)`", "`@parallel`", `receiver ` + "`" + `Database[@pool = "primary"]` + "`"}},
	} {
		got := hover(tt.marker, tt.delta)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("hover at %q lacks %q:\n%s", tt.marker, w, got)
			}
		}
	}

	var full protocol.SemanticTokens
	if err := ts.Call(ctx, protocol.MethodTextDocumentSemanticTokensFull, &protocol.SemanticTokensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &full); err != nil {
		t.Fatal(err)
	}
	toks := decodeTokens(full.Data)
	for _, tt := range []struct {
		marker string
		typ    string
		decl   bool
	}{
		{"Evidence version", "class", true},
		{"Evidence =", "class", false},
		{"envelope_admission", "property", false},
		{"optimize", "decorator", false},
		{"critical", "property", false},
		{`"key with spaces"`, "property", false},
		{"pool", "property", false},
		{`"primary"`, "string", false},
	} {
		p := posOf(t, upstreamSyntax, tt.marker, 0)
		var found *decoded
		for i := range toks {
			if toks[i].line == p.Line && toks[i].char == p.Character {
				found = &toks[i]
			}
		}
		if found == nil || found.typ != tt.typ || found.decl != tt.decl {
			t.Errorf("token at %q = %+v, want %s decl=%v", tt.marker, found, tt.typ, tt.decl)
		}
	}
}

// TestUpstreamSyntaxInTheServerBraceForm checks the hovers and tokens of
// the brace-form spellings: annotations before the attributes, `[@k]`
// prefixes, receiver annotations after an index.
func TestUpstreamSyntaxInTheServerBraceForm(t *testing.T) {
	const src = `@verify(deadlock_free)
#[namespace = "upstream"]
choreography Routed {
    roles: A, Servers[3];
    [@critical, @retry = 3]
    A -> Servers[1][@route = "x"]: Forward<u8>(n);
    Servers[1] -> A: Done;
}
`
	ctx := testContext(t)
	ts := session(t)
	u := ts.open(t, "routed.choreo", src)
	hover := func(marker string, delta int) string {
		t.Helper()
		var h protocol.Hover
		p := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, posOf(t, src, marker, delta))}
		if err := ts.Call(ctx, protocol.MethodTextDocumentHover, p, &h); err != nil {
			t.Fatal(err)
		}
		mc, ok := h.Contents.(*protocol.MarkupContent)
		if !ok {
			t.Fatalf("hover at %q: contents = %T", marker, h.Contents)
		}
		return mc.Value
	}
	if got := hover("Routed", 1); !strings.Contains(got, "`@verify(deadlock_free)`") {
		t.Errorf("protocol hover lacks its annotation:\n%s", got)
	}
	got := hover("Forward", 1)
	for _, w := range []string{"`[@critical]`", "`[@retry = 3]`", "receiver `Servers[1][@route = \"x\"]`", "`!Servers[1].Forward(<u8> n)`"} {
		if !strings.Contains(got, w) {
			t.Errorf("send hover lacks %q:\n%s", w, got)
		}
	}
	var full protocol.SemanticTokens
	if err := ts.Call(ctx, protocol.MethodTextDocumentSemanticTokensFull, &protocol.SemanticTokensParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &full); err != nil {
		t.Fatal(err)
	}
	toks := decodeTokens(full.Data)
	for _, tt := range []struct{ marker, typ string }{{"verify", "decorator"}, {"critical", "decorator"}, {"route", "property"}} {
		p := posOf(t, src, tt.marker, 0)
		found := false
		for _, tok := range toks {
			found = found || tok.line == p.Line && tok.char == p.Character && tok.typ == tt.typ
		}
		if !found {
			t.Errorf("no %s token at %q", tt.typ, tt.marker)
		}
	}
}
