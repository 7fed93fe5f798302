package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestDefinitionReferencesHighlight(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	ref := posOf(t, pingPong, "Server -> Client", 0)
	decl := posOf(t, pingPong, "Server\n", 0)

	var loc protocol.Location
	if err := ts.Call(ctx, protocol.MethodTextDocumentDefinition, &protocol.DefinitionParams{TextDocumentPositionParams: docPos(u, ref)}, &loc); err != nil {
		t.Fatal(err)
	}
	if loc.URI != u || loc.Range.Start != decl {
		t.Errorf("definition = %+v, want %v", loc, decl)
	}

	var refs []protocol.Location
	params := &protocol.ReferenceParams{TextDocumentPositionParams: docPos(u, ref), Context: protocol.ReferenceContext{IncludeDeclaration: true}}
	if err := ts.Call(ctx, protocol.MethodTextDocumentReferences, params, &refs); err != nil {
		t.Fatal(err)
	}
	if len(refs) != 3 { // declaration, receiver of Request, sender of Response
		t.Errorf("references with declaration = %d, want 3: %+v", len(refs), refs)
	}
	params.Context.IncludeDeclaration = false
	if err := ts.Call(ctx, protocol.MethodTextDocumentReferences, params, &refs); err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if r.Range.Start == decl {
			t.Errorf("references without declaration include it: %+v", refs)
		}
	}

	var hl []protocol.DocumentHighlight
	if err := ts.Call(ctx, protocol.MethodTextDocumentDocumentHighlight, &protocol.DocumentHighlightParams{TextDocumentPositionParams: docPos(u, ref)}, &hl); err != nil {
		t.Fatal(err)
	}
	writes := 0
	for _, h := range hl {
		if h.Kind == protocol.DocumentHighlightKindWrite {
			writes++
		}
	}
	if writes != 1 || len(hl) < 2 {
		t.Errorf("highlights = %+v, want one write (the declaration) among several", hl)
	}
}
