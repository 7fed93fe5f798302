package lsp

import (
	"context"
	"fmt"
	"slices"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis"
)

// renamable lists the symbol kinds rename supports. The top-level
// protocol is excluded: its name is also the file's public interface
// (module exposing lists, other files' imports).
var renamable = map[analysis.SymbolKind]bool{
	analysis.SymRole:          true,
	analysis.SymLabel:         true,
	analysis.SymRecLabel:      true,
	analysis.SymLocalProtocol: true,
	analysis.SymProofBundle:   true,
}

// PrepareRename implements protocol.Server.
func (s *Server) PrepareRename(ctx context.Context, params *protocol.PrepareRenameParams) (protocol.PrepareRenameResult, error) {
	snap, _, sym, span, err := s.symbolAt(ctx, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	if sym == nil || !renamable[sym.Kind] {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "nothing to rename here")
	}
	return &protocol.PrepareRenamePlaceholder{Range: snap.m.spanRange(span), Placeholder: sym.Name}, nil
}

// Rename implements protocol.Server. It renames every occurrence of a role,
// branch label, rec label or local protocol, and refuses names that are not
// identifiers, are keywords, or clash with a symbol of the same kind.
func (s *Server) Rename(ctx context.Context, params *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	snap, res, sym, _, err := s.symbolAt(ctx, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	if sym == nil || !renamable[sym.Kind] {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "nothing to rename here")
	}
	if err := checkNewName(res, sym, params.NewName); err != nil {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "cannot rename %s %s: %v", sym.Kind, sym.Name, err)
	}
	var edits []protocol.TextEdit
	for _, sp := range sym.Occurrences() {
		edits = append(edits, protocol.TextEdit{Range: snap.m.spanRange(sp), NewText: params.NewName})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{snap.URI: edits}}, nil
}

// checkNewName validates a rename target.
func checkNewName(res *analysis.Result, sym *analysis.Symbol, name string) error {
	if !isIdent(name) {
		return fmt.Errorf("%q is not an identifier", name)
	}
	if slices.Contains(keywords, name) {
		return fmt.Errorf("%q is a keyword", name)
	}
	if name == sym.Name {
		return nil
	}
	if others := res.Symbols.Lookup(sym.Kind, name); len(others) > 0 {
		return fmt.Errorf("a %s named %s already exists (line %d)", sym.Kind, name, others[0].Def.Start.Line+1)
	}
	if sym.Kind == analysis.SymLocalProtocol && res.Protocol != nil && res.Protocol.Name == name {
		return fmt.Errorf("%s is the name of the protocol", name)
	}
	return nil
}

// isIdent reports whether s is an identifier: a letter, then letters,
// digits or '_'.
func isIdent(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '_'):
		default:
			return false
		}
	}
	return s != ""
}

// keywords are the language's keywords (LANGUAGE.md §1).
var keywords = []string{
	"module", "exposing", "import", "as", "protocol", "choreography", "roles", "where", "requires",
	"choice", "case", "choose", "of", "at", "loop", "decide", "by", "repeat", "while", "forever",
	"rec", "continue", "par", "branch", "parallel", "call", "when", "handshake", "retry",
	"quorum_collect", "min", "timed_choice", "heartbeat", "every", "on_missing", "body", "acquire",
	"release", "using", "fork", "join", "abort", "transfer", "delegate", "to", "with", "bundle",
	"tag", "check", "for", "into",
}
