package lsp

import (
	"context"
	"errors"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/syntax/format"
)

// Formatting implements protocol.Server with the formatter `choreo fmt`
// uses (syntax/format), which refuses files with syntax errors and checks
// that its output parses back to the same protocol. The result is one edit
// spanning the changed lines.
func (s *Server) Formatting(ctx context.Context, params *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	snap, err := s.files.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out, err := format.Source(snap.Text, format.Options{})
	if err != nil {
		var se *format.SyntaxError
		if errors.As(err, &se) {
			return nil, jsonrpc2.Errorf(codeRequestFailed, "cannot format a file with syntax errors: %v", err)
		}
		return nil, jsonrpc2.Errorf(codeRequestFailed, "formatting: %v", err)
	}
	return minimalEdit(snap.m, snap.Text, out), nil
}

// minimalEdit returns one edit turning old into new, covering only the
// text between their common prefix (whole lines) and common suffix.
func minimalEdit(m *mapper, old, new []byte) []protocol.TextEdit {
	if string(old) == string(new) {
		return []protocol.TextEdit{}
	}
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	for p > 0 && old[p-1] != '\n' { // start at a line start
		p--
	}
	q := 0
	for q < len(old)-p && q < len(new)-p && old[len(old)-1-q] == new[len(new)-1-q] {
		q++
	}
	return []protocol.TextEdit{{Range: m.rangeOf(p, len(old)-q), NewText: string(new[p : len(new)-q])}}
}
