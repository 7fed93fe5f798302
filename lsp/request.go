package lsp

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis"
)

// analyzed returns the current snapshot of u and its analysis.
func (s *Server) analyzed(ctx context.Context, u uri.URI) (*Snapshot, *analysis.Result, error) {
	snap, err := s.files.snapshot(u)
	if err != nil {
		return nil, nil, err
	}
	res, err := snap.analysis(ctx, s.files)
	if err != nil {
		return nil, nil, err
	}
	return snap, res, nil
}

// at returns the snapshot, analysis and byte offset of a position request.
func (s *Server) at(ctx context.Context, p protocol.TextDocumentPositionParams) (*Snapshot, *analysis.Result, int, error) {
	snap, res, err := s.analyzed(ctx, p.TextDocument.URI)
	if err != nil {
		return nil, nil, 0, err
	}
	return snap, res, snap.m.offset(p.Position), nil
}
