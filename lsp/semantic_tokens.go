package lsp

import (
	"context"
	"sort"
	"strconv"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// Semantic token types and modifiers (the legend). Keywords and operators
// are left to the editor's grammar; the server marks what only analysis
// knows: which identifiers are roles, labels, messages, keys.
var (
	tokenTypes     = []string{"namespace", "class", "enumMember", "event", "function", "property", "string", "number", "comment", "decorator", "label", "keyword"}
	tokenModifiers = []string{"declaration"}
)

// Indices into tokenTypes.
const (
	tokNamespace = iota
	tokClass
	tokEnumMember
	tokEvent
	tokFunction
	tokProperty
	tokString
	tokNumber
	tokComment
	tokDecorator
	tokLabel
	tokKeyword
)

const modDeclaration = 1 << 0

// symbolTokens maps symbol kinds to token types.
var symbolTokens = map[analysis.SymbolKind]int{
	analysis.SymRole:          tokClass,
	analysis.SymLabel:         tokEnumMember,
	analysis.SymRecLabel:      tokLabel,
	analysis.SymLocalProtocol: tokFunction,
	analysis.SymProtocol:      tokNamespace,
	analysis.SymProofBundle:   tokClass,
}

type token struct {
	span diag.Span
	typ  int
	mods uint32
}

// tokens collects the semantic tokens of a file, sorted and without
// overlaps.
func tokens(res *analysis.Result) []token {
	var ts []token
	add := func(sp diag.Span, typ int, mods uint32) {
		if sp.End.Offset > sp.Start.Offset {
			ts = append(ts, token{sp, typ, mods})
		}
	}
	for _, sym := range res.Symbols.All {
		add(sym.Def, symbolTokens[sym.Kind], modDeclaration)
		for _, r := range sym.Refs {
			add(r, symbolTokens[sym.Kind], 0)
		}
	}
	f := res.File
	if f.Module != nil {
		add(f.Module.Name.Span, tokNamespace, 0)
	}
	for _, c := range f.Comments {
		add(c.Span, tokComment, 0)
	}
	value := func(v syntax.Value) {
		switch v.Kind {
		case syntax.ValueString:
			add(v.Span, tokString, 0)
		case syntax.ValueInt, syntax.ValueDuration, syntax.ValueIntList:
			add(v.Span, tokNumber, 0)
		case syntax.ValueBool:
			add(v.Span, tokKeyword, 0)
		}
	}
	for _, a := range f.Attributes {
		add(a.Key.Span, tokProperty, 0)
		value(a.Value)
	}
	entries := func(a *syntax.AnnotationList) {
		if a == nil {
			return
		}
		for _, e := range a.Entries {
			add(e.Key.Span, tokProperty, 0)
			if !e.Bare {
				value(e.Value)
			}
		}
	}
	for _, b := range f.Bundles {
		for _, v := range []*syntax.Value{b.Version, b.Issuer} {
			if v != nil {
				value(*v)
			}
		}
		for _, v := range b.Constraints {
			value(v)
		}
		for _, c := range b.Requires {
			add(c.Span, tokProperty, 0)
		}
	}
	for _, t := range f.Topologies {
		add(t.Name.Span, tokNamespace, modDeclaration)
	}
	for _, p := range f.Protocols {
		for _, pa := range p.Prefix {
			add(pa.Name.Span, tokDecorator, 0)
		}
	}
	walkStmts(f, func(st syntax.Stmt) {
		for _, p := range st.Prefixes() {
			add(p.Name.Span, tokDecorator, 0)
		}
		switch st := st.(type) {
		case *syntax.Send:
			if st.Message != nil {
				add(st.Message.Name.Span, tokEvent, 0)
			}
			entries(st.Annotations)
			entries(st.ReceiverAnnotations)
		case *syntax.QuorumCollect:
			if st.Message != nil {
				add(st.Message.Name.Span, tokEvent, 0)
			}
		case *syntax.Handshake:
			add(st.Label.Span, tokEvent, 0)
		}
	})
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].span.Start.Offset < ts[j].span.Start.Offset })
	out := ts[:0]
	end := -1
	for _, t := range ts {
		if t.span.Start.Offset >= end {
			out = append(out, t)
			end = t.span.End.Offset
		}
	}
	return out
}

// encodeTokens encodes ts in LSP's relative form, splitting multi-line
// tokens at line ends, keeping those that intersect [from, to).
func encodeTokens(m *mapper, ts []token, from, to int) []uint32 {
	data := []uint32{}
	var prevLine, prevChar uint32
	emit := func(start, end int, t token) {
		p, q := m.position(start), m.position(end)
		if q.Character <= p.Character {
			return
		}
		dl, dc := p.Line-prevLine, p.Character
		if dl == 0 {
			dc = p.Character - prevChar
		}
		data = append(data, dl, dc, q.Character-p.Character, uint32(t.typ), t.mods)
		prevLine, prevChar = p.Line, p.Character
	}
	for _, t := range ts {
		if t.span.End.Offset <= from || t.span.Start.Offset >= to {
			continue
		}
		start := t.span.Start.Offset
		for line := m.line(start); start < t.span.End.Offset; line++ {
			_, lineEnd := m.lineBounds(line)
			emit(start, min(lineEnd, t.span.End.Offset), t)
			if line+1 >= len(m.lines) {
				break
			}
			start = m.lines[line+1]
		}
	}
	return data
}

// tokenCache remembers the last full result per document for deltas.
type tokenCache struct {
	mu   sync.Mutex
	next int
	last map[uri.URI]cachedTokens
}

type cachedTokens struct {
	id   string
	data []uint32
}

func (c *tokenCache) store(u uri.URI, data []uint32) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	id := strconv.Itoa(c.next)
	if c.last == nil {
		c.last = make(map[uri.URI]cachedTokens)
	}
	c.last[u] = cachedTokens{id, data}
	return id
}

func (c *tokenCache) load(u uri.URI, id string) ([]uint32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.last[u]
	return t.data, ok && t.id == id
}

func (s *Server) fullTokens(ctx context.Context, u uri.URI) ([]uint32, error) {
	snap, res, err := s.analyzed(ctx, u)
	if err != nil {
		return nil, err
	}
	return encodeTokens(snap.m, tokens(res), 0, len(snap.Text)), nil
}

// SemanticTokensFull implements protocol.Server.
func (s *Server) SemanticTokensFull(ctx context.Context, params *protocol.SemanticTokensParams) (*protocol.SemanticTokens, error) {
	data, err := s.fullTokens(ctx, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	id := s.tokens.store(params.TextDocument.URI, data)
	return &protocol.SemanticTokens{ResultID: &id, Data: data}, nil
}

// SemanticTokensFullDelta implements protocol.Server: one edit replacing
// the part between the common prefix and suffix of the previous result.
func (s *Server) SemanticTokensFullDelta(ctx context.Context, params *protocol.SemanticTokensDeltaParams) (protocol.SemanticTokensDeltaResult, error) {
	u := params.TextDocument.URI
	data, err := s.fullTokens(ctx, u)
	if err != nil {
		return nil, err
	}
	prev, ok := s.tokens.load(u, params.PreviousResultID)
	id := s.tokens.store(u, data)
	if !ok {
		return &protocol.SemanticTokens{ResultID: &id, Data: data}, nil
	}
	p := 0
	for p < len(prev) && p < len(data) && prev[p] == data[p] {
		p++
	}
	q := 0
	for q < len(prev)-p && q < len(data)-p && prev[len(prev)-1-q] == data[len(data)-1-q] {
		q++
	}
	edits := []protocol.SemanticTokensEdit{}
	if p != len(prev) || p != len(data) {
		edits = append(edits, protocol.SemanticTokensEdit{
			Start: uint32(p), DeleteCount: uint32(len(prev) - p - q), Data: data[p : len(data)-q],
		})
	}
	return &protocol.SemanticTokensDelta{ResultID: &id, Edits: edits}, nil
}

// SemanticTokensRange implements protocol.Server.
func (s *Server) SemanticTokensRange(ctx context.Context, params *protocol.SemanticTokensRangeParams) (*protocol.SemanticTokens, error) {
	snap, res, err := s.analyzed(ctx, params.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	from, to := snap.m.offsets(params.Range)
	return &protocol.SemanticTokens{Data: encodeTokens(snap.m, tokens(res), from, to)}, nil
}
