package lsp

import (
	"context"
	"sort"
	"strings"
	"sync"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/analysis"
)

// symbolKinds maps analysis symbol kinds to LSP symbol kinds.
var symbolKinds = map[analysis.SymbolKind]protocol.SymbolKind{
	analysis.SymRole:          protocol.SymbolKindClass,
	analysis.SymLabel:         protocol.SymbolKindEnumMember,
	analysis.SymRecLabel:      protocol.SymbolKindKey,
	analysis.SymLocalProtocol: protocol.SymbolKindFunction,
	analysis.SymProtocol:      protocol.SymbolKindModule,
	analysis.SymProofBundle:   protocol.SymbolKindStruct,
}

// DocumentSymbol implements protocol.Server: the protocol, with its roles,
// local protocols, branch labels and rec labels as children.
func (s *Server) DocumentSymbol(ctx context.Context, params *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	snap, res, err := s.analyzed(ctx, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	var root *protocol.DocumentSymbol
	var children []protocol.DocumentSymbol
	for _, sym := range res.Symbols.All {
		ds := protocol.DocumentSymbol{
			Name:           sym.Name,
			Kind:           symbolKinds[sym.Kind],
			Range:          snap.m.spanRange(sym.Def),
			SelectionRange: snap.m.spanRange(sym.Def),
		}
		if sym.Detail != "" {
			detail := sym.Detail
			ds.Detail = &detail
		}
		if sym.Kind == analysis.SymProtocol && root == nil {
			if res.Protocol != nil {
				ds.Range = snap.m.spanRange(res.Protocol.Span)
			}
			root = &ds
			continue
		}
		children = append(children, ds)
	}
	if root == nil {
		return protocol.DocumentSymbolSlice(children), nil
	}
	root.Children = children
	return protocol.DocumentSymbolSlice{*root}, nil
}

// Symbols implements protocol.Server (workspace/symbol): symbols of every
// open and workspace file whose name contains the query (case-insensitive).
func (s *Server) Symbols(ctx context.Context, params *protocol.WorkspaceSymbolParams) (protocol.WorkspaceSymbolResult, error) {
	query := strings.ToLower(params.Query)
	snaps := s.files.all()
	results := s.analyzeAll(ctx, snaps)
	var out protocol.SymbolInformationSlice
	for i, res := range results {
		if res == nil {
			continue
		}
		container := ""
		if res.Protocol != nil {
			container = res.Protocol.Name
		}
		for _, sym := range res.Symbols.All {
			if !strings.Contains(strings.ToLower(sym.Name), query) {
				continue
			}
			si := protocol.SymbolInformation{
				BaseSymbolInformation: protocol.BaseSymbolInformation{Name: sym.Name, Kind: symbolKinds[sym.Kind]},
				Location:              protocol.Location{URI: snaps[i].URI, Range: snaps[i].m.spanRange(sym.Def)},
			}
			if container != "" && sym.Kind != analysis.SymProtocol {
				c := container
				si.ContainerName = &c
			}
			out = append(out, si)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, ctx.Err()
}

// analyzeAll analyzes snaps with bounded parallelism; a file whose analysis
// was cancelled or superseded has a nil entry.
func (s *Server) analyzeAll(ctx context.Context, snaps []*Snapshot) []*analysis.Result {
	out := make([]*analysis.Result, len(snaps))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, snap := range snaps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if res, err := snap.analysis(ctx, s.files); err == nil {
				out[i] = res
			}
		}()
	}
	wg.Wait()
	return out
}
