package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/diag"
)

// symbolAt returns the snapshot and the symbol under a position (nil when
// there is none).
func (s *Server) symbolAt(ctx context.Context, p protocol.TextDocumentPositionParams) (*Snapshot, *analysis.Result, *analysis.Symbol, diag.Span, error) {
	snap, res, off, err := s.at(ctx, p)
	if err != nil {
		return nil, nil, nil, diag.Span{}, err
	}
	sym, span := res.Symbols.At(off)
	return snap, res, sym, span, nil
}

// Definition implements protocol.Server: roles, labels, rec labels and
// local protocols jump to their declaration.
func (s *Server) Definition(ctx context.Context, params *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	snap, _, sym, _, err := s.symbolAt(ctx, params.TextDocumentPositionParams)
	if err != nil || sym == nil {
		return nil, err
	}
	return &protocol.Location{URI: snap.URI, Range: snap.m.spanRange(sym.Def)}, nil
}

// References implements protocol.Server.
func (s *Server) References(ctx context.Context, params *protocol.ReferenceParams) ([]protocol.Location, error) {
	snap, _, sym, _, err := s.symbolAt(ctx, params.TextDocumentPositionParams)
	if err != nil || sym == nil {
		return nil, err
	}
	var out []protocol.Location
	for _, sp := range sym.Occurrences() {
		if sp == sym.Def && !params.Context.IncludeDeclaration {
			continue
		}
		out = append(out, protocol.Location{URI: snap.URI, Range: snap.m.spanRange(sp)})
	}
	return out, nil
}

// DocumentHighlight implements protocol.Server: every occurrence of the
// symbol under the cursor, the declaration marked as a write.
func (s *Server) DocumentHighlight(ctx context.Context, params *protocol.DocumentHighlightParams) ([]protocol.DocumentHighlight, error) {
	snap, _, sym, _, err := s.symbolAt(ctx, params.TextDocumentPositionParams)
	if err != nil || sym == nil {
		return nil, err
	}
	var out []protocol.DocumentHighlight
	for _, sp := range sym.Occurrences() {
		kind := protocol.DocumentHighlightKindRead
		if sp == sym.Def {
			kind = protocol.DocumentHighlightKindWrite
		}
		out = append(out, protocol.DocumentHighlight{Range: snap.m.spanRange(sp), Kind: kind})
	}
	return out, nil
}
