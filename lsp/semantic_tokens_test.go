package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

// decoded is one semantic token in absolute coordinates.
type decoded struct {
	line, char, length uint32
	typ                string
	decl               bool
}

func decodeTokens(data []uint32) []decoded {
	var out []decoded
	var line, char uint32
	for i := 0; i+4 < len(data); i += 5 {
		if data[i] > 0 {
			char = 0
		}
		line += data[i]
		char += data[i+1]
		out = append(out, decoded{line, char, data[i+2], tokenTypes[data[i+3]], data[i+4]&modDeclaration != 0})
	}
	return out
}

func TestSemanticTokens(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	u := ts.open(t, "auction.choreo", auction)
	doc := protocol.TextDocumentIdentifier{URI: u}
	var full protocol.SemanticTokens
	if err := ts.Call(ctx, protocol.MethodTextDocumentSemanticTokensFull, &protocol.SemanticTokensParams{TextDocument: doc}, &full); err != nil {
		t.Fatal(err)
	}
	toks := decodeTokens(full.Data)
	at := func(marker string, delta int) *decoded {
		p := posOf(t, auction, marker, delta)
		for i := range toks {
			if toks[i].line == p.Line && toks[i].char == p.Character {
				return &toks[i]
			}
		}
		return nil
	}
	for _, tt := range []struct {
		marker string
		typ    string
		length uint32
		decl   bool
	}{
		{"Buyer, Seller", "class", 5, true},
		{"Seller : Bid", "class", 6, false},
		{"Bid(amount", "event", 3, false},
		{"accept ->", "enumMember", 6, true},
		{"guard_capability", "property", 16, false},
		{`"auction:accept"`, "string", 16, false},
		{"20 }", "number", 2, false},
		{"auction exposing", "namespace", 7, false},
	} {
		tok := at(tt.marker, 0)
		if tok == nil || tok.typ != tt.typ || tok.length != tt.length || tok.decl != tt.decl {
			t.Errorf("token at %q = %+v, want %s/%d decl=%v", tt.marker, tok, tt.typ, tt.length, tt.decl)
		}
	}
	// The two-line block comment is split into one token per line.
	if c1, c2 := at("{- A", 0), at("   the seller", 0); c1 == nil || c2 == nil || c1.typ != "comment" || c2.typ != "comment" {
		t.Errorf("block comment tokens = %+v, %+v", c1, c2)
	}

	// Range: only tokens on the requested lines.
	var part protocol.SemanticTokens
	r := protocol.Range{Start: protocol.Position{Line: 7}, End: protocol.Position{Line: 8}}
	if err := ts.Call(ctx, protocol.MethodTextDocumentSemanticTokensRange, &protocol.SemanticTokensRangeParams{TextDocument: doc, Range: r}, &part); err != nil {
		t.Fatal(err)
	}
	for _, tok := range decodeTokens(part.Data) {
		if tok.line != 7 {
			t.Errorf("range token outside line 7: %+v", tok)
		}
	}

	// Delta after an edit that renames Bid: applying the edits to the old
	// data gives the new full data.
	bid := posOf(t, auction, "Bid(", 0)
	if err := ts.Change(u, 2, protocol.Range{Start: bid, End: protocol.Position{Line: bid.Line, Character: bid.Character + 3}}, "Offer"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.DiagnosticsFor(ctx, u, 2); err != nil {
		t.Fatal(err)
	}
	var delta protocol.SemanticTokensDelta
	params := &protocol.SemanticTokensDeltaParams{TextDocument: doc, PreviousResultID: *full.ResultID}
	if err := ts.Call(ctx, protocol.MethodTextDocumentSemanticTokensFullDelta, params, &delta); err != nil {
		t.Fatal(err)
	}
	if len(delta.Edits) != 1 {
		t.Fatalf("delta edits = %+v, want one", delta.Edits)
	}
	e := delta.Edits[0]
	patched := append(append(append([]uint32{}, full.Data[:e.Start]...), e.Data...), full.Data[e.Start+e.DeleteCount:]...)
	var now protocol.SemanticTokens
	if err := ts.Call(ctx, protocol.MethodTextDocumentSemanticTokensFull, &protocol.SemanticTokensParams{TextDocument: doc}, &now); err != nil {
		t.Fatal(err)
	}
	if len(patched) != len(now.Data) {
		t.Fatalf("patched %d values, full result has %d", len(patched), len(now.Data))
	}
	for i := range patched {
		if patched[i] != now.Data[i] {
			t.Fatalf("patched data differs from the full result at %d", i)
		}
	}
}
