package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// linkEndpoint is one endpoint named in a link annotation string: an
// export or an import of the link's bundle, with its span in the source.
type linkEndpoint struct {
	Bundle string
	Name   string
	Export bool
	Span   diag.Span
}

// linkEndpoints returns the endpoints of l with their spans inside the
// annotation's string literal in text. analysis keeps only the literal's
// span, so the value is re-split here the way analysis splits it
// ('|' or ';' between key=value segments, ',' between endpoints). A
// literal with escapes or line breaks has no reliable byte mapping and
// yields nothing.
func linkEndpoints(text []byte, l *global.Link) []linkEndpoint {
	start, end := l.Span.Start.Offset+1, l.Span.End.Offset-1
	if l.Span.Start.Line != l.Span.End.Line || start > end || end > len(text) {
		return nil
	}
	s := string(text[start:end])
	if strings.ContainsAny(s, "\\\n") {
		return nil
	}
	at := func(i int) diag.Pos {
		return diag.Pos{Offset: start + i, Line: l.Span.Start.Line, Col: l.Span.Start.Col + 1 + i}
	}
	var out []linkEndpoint
	segStart := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '|' && s[i] != ';' {
			continue
		}
		seg := s[segStart:i]
		base := segStart
		segStart = i + 1
		key, val, ok := strings.Cut(seg, "=")
		export := strings.TrimSpace(key) == "exports"
		if !ok || !export && strings.TrimSpace(key) != "imports" {
			continue
		}
		valStart := base + len(key) + 1
		for j := 0; j <= len(val); {
			k := strings.IndexByte(val[j:], ',')
			if k < 0 {
				k = len(val) - j
			}
			item := val[j : j+k]
			if name := strings.TrimSpace(item); name != "" {
				from := valStart + j + strings.Index(item, name)
				out = append(out, linkEndpoint{Bundle: l.Bundle, Name: name, Export: export,
					Span: diag.Span{Start: at(from), End: at(from + len(name))}})
			}
			j += k + 1
		}
	}
	return out
}

// endpointAt returns the link endpoint of res under offset off, if any.
func endpointAt(snap *Snapshot, res *analysis.Result, off int) (linkEndpoint, bool) {
	for _, l := range res.Links {
		if off < l.Span.Start.Offset || off > l.Span.End.Offset {
			continue
		}
		for _, e := range linkEndpoints(snap.Text, l) {
			if e.Span.Start.Offset <= off && off <= e.Span.End.Offset {
				return e, true
			}
		}
	}
	return linkEndpoint{}, false
}

// importAt returns the layout-form `import` whose name is under offset off.
func importAt(res *analysis.Result, off int) *syntax.Import {
	if res.File == nil {
		return nil
	}
	for _, imp := range res.File.Imports {
		if imp.Name.Span.Start.Offset <= off && off <= imp.Name.Span.End.Offset {
			return imp
		}
	}
	return nil
}

// workspaceFile pairs a known file's snapshot with its analysis.
type workspaceFile struct {
	snap *Snapshot
	res  *analysis.Result
}

// workspaceFiles analyzes every open and workspace-scanned file; files
// whose analysis was cancelled are left out.
func (s *Server) workspaceFiles(ctx context.Context) []workspaceFile {
	snaps := s.files.all()
	var out []workspaceFile
	for i, res := range s.analyzeAll(ctx, snaps) {
		if res != nil {
			out = append(out, workspaceFile{snaps[i], res})
		}
	}
	return out
}

// endpointLocations lists the workspace-wide exports and/or imports of
// endpoint name in bundle (SEMANTICS §6).
func (s *Server) endpointLocations(ctx context.Context, bundle, name string, exports, imports bool) []protocol.Location {
	var out []protocol.Location
	for _, f := range s.workspaceFiles(ctx) {
		for _, l := range f.res.Links {
			if l.Bundle != bundle {
				continue
			}
			for _, e := range linkEndpoints(f.snap.Text, l) {
				if e.Name == name && (e.Export && exports || !e.Export && imports) {
					out = append(out, protocol.Location{URI: f.snap.URI, Range: f.snap.m.spanRange(e.Span)})
				}
			}
		}
	}
	return out
}

// protocolDefinitions lists the top-level protocols named name across the
// workspace: the targets of `import name`.
func (s *Server) protocolDefinitions(ctx context.Context, name string) []protocol.Location {
	var out []protocol.Location
	for _, f := range s.workspaceFiles(ctx) {
		for _, sym := range f.res.Symbols.Lookup(analysis.SymProtocol, name) {
			out = append(out, protocol.Location{URI: f.snap.URI, Range: f.snap.m.spanRange(sym.Def)})
		}
	}
	return out
}

// protocolImports lists every `import name` across the workspace.
func (s *Server) protocolImports(ctx context.Context, name string) []protocol.Location {
	var out []protocol.Location
	for _, f := range s.workspaceFiles(ctx) {
		if f.res.File == nil {
			continue
		}
		for _, imp := range f.res.File.Imports {
			if imp.Name.Name == name {
				out = append(out, protocol.Location{URI: f.snap.URI, Range: f.snap.m.spanRange(imp.Name.Span)})
			}
		}
	}
	return out
}
