package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// FoldingRanges implements protocol.Server: protocols, local protocols,
// every multi-line statement (choices, loops, recursion, parallel blocks,
// multi-line annotation records) and block comments.
func (s *Server) FoldingRanges(ctx context.Context, params *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	snap, res, err := s.analyzed(ctx, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	var out []protocol.FoldingRange
	add := func(sp diag.Span, kind protocol.FoldingRangeKind) {
		start, end := snap.m.position(sp.Start.Offset), snap.m.position(sp.End.Offset)
		if end.Line > start.Line {
			out = append(out, protocol.FoldingRange{StartLine: start.Line, EndLine: end.Line, Kind: kind})
		}
	}
	f := res.File
	if len(f.Imports) > 1 {
		add(diag.Span{Start: f.Imports[0].Span.Start, End: f.Imports[len(f.Imports)-1].Span.End}, protocol.FoldingRangeKindImports)
	}
	var proto func(p *syntax.Protocol)
	proto = func(p *syntax.Protocol) {
		add(p.Span, protocol.FoldingRangeKindRegion)
		for _, l := range p.Locals {
			proto(l)
		}
	}
	for _, p := range f.Protocols {
		proto(p)
	}
	walkStmts(f, func(st syntax.Stmt) { add(st.StmtSpan(), protocol.FoldingRangeKindRegion) })
	for _, c := range f.Comments {
		if c.Block {
			add(c.Span, protocol.FoldingRangeKindComment)
		}
	}
	return out, nil
}
