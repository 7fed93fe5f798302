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
// local protocols jump to their declaration; a link endpoint jumps to the
// links of its bundle that export it and `import Name` to the top-level
// protocol Name, in any open or workspace file.
func (s *Server) Definition(ctx context.Context, params *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	snap, res, off, err := s.at(ctx, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	if e, ok := endpointAt(snap, res, off); ok {
		return nilIfEmpty(s.endpointLocations(ctx, e.Bundle, e.Name, true, false)), nil
	}
	if imp := importAt(res, off); imp != nil {
		return nilIfEmpty(s.protocolDefinitions(ctx, imp.Name.Name)), nil
	}
	sym, _ := res.Symbols.At(off)
	if sym == nil {
		return nil, nil
	}
	return &protocol.Location{URI: snap.URI, Range: snap.m.spanRange(sym.Def)}, nil
}

// nilIfEmpty returns locs as a definition result, nil when empty.
func nilIfEmpty(locs []protocol.Location) protocol.DefinitionResult {
	if len(locs) == 0 {
		return nil
	}
	return protocol.LocationSlice(locs)
}

// References implements protocol.Server. A link endpoint's references are
// every export and import of it in the same bundle across the workspace
// (exports count as declarations); a top-level protocol's include the
// `import`s of it in other files.
func (s *Server) References(ctx context.Context, params *protocol.ReferenceParams) ([]protocol.Location, error) {
	snap, res, off, err := s.at(ctx, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	if e, ok := endpointAt(snap, res, off); ok {
		return s.endpointLocations(ctx, e.Bundle, e.Name, params.Context.IncludeDeclaration, true), nil
	}
	if imp := importAt(res, off); imp != nil {
		out := s.protocolImports(ctx, imp.Name.Name)
		if params.Context.IncludeDeclaration {
			out = append(s.protocolDefinitions(ctx, imp.Name.Name), out...)
		}
		return out, nil
	}
	sym, _ := res.Symbols.At(off)
	if sym == nil {
		return nil, nil
	}
	var out []protocol.Location
	for _, sp := range sym.Occurrences() {
		if sp == sym.Def && !params.Context.IncludeDeclaration {
			continue
		}
		out = append(out, protocol.Location{URI: snap.URI, Range: snap.m.spanRange(sp)})
	}
	if sym.Kind == analysis.SymProtocol {
		out = append(out, s.protocolImports(ctx, sym.Name)...)
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
