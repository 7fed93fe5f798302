package analysis

import (
	"sort"

	"github.com/choreo-lang/choreo/diag"
)

// SymbolKind classifies a symbol.
type SymbolKind int

// Symbol kinds.
const (
	SymRole          SymbolKind = iota // a declared role or role family
	SymLabel                           // a branch label of a choice
	SymRecLabel                        // a `rec L` label
	SymLocalProtocol                   // a local protocol under `where`
	SymProtocol                        // the top-level protocol
	SymProofBundle                     // a proof_bundle declaration
)

func (k SymbolKind) String() string {
	switch k {
	case SymRole:
		return "role"
	case SymLabel:
		return "label"
	case SymRecLabel:
		return "rec label"
	case SymLocalProtocol:
		return "local protocol"
	case SymProtocol:
		return "protocol"
	case SymProofBundle:
		return "proof bundle"
	}
	return "symbol"
}

// Symbol is a named entity of a file with its definition and references.
// Spans cover the name only, so a rename edits exactly Def and Refs.
type Symbol struct {
	Kind SymbolKind
	Name string
	Def  diag.Span
	// Scope is the span of the construct that owns the symbol (the
	// protocol for roles, the choice for labels, the rec for rec labels).
	Scope diag.Span
	Refs  []diag.Span
	// Detail is a one-line description for hovers and document symbols
	// ("role family Witness[N], 3 members (default size)").
	Detail string

	// Refs are recorded in source order except when lowering goes back to
	// an earlier statement; a revisit re-records references already in
	// Refs, found by binary search while Refs is sorted. refSeen (the
	// start offsets of Refs) takes over once a new reference arrives out
	// of order.
	refSeen map[int]bool
}

// Symbols indexes the symbols of one file.
type Symbols struct {
	All []*Symbol // in order of definition
}

func (s *Symbols) add(sym *Symbol) *Symbol {
	s.All = append(s.All, sym)
	return sym
}

// At returns the symbol whose definition or one of whose references
// contains offset, and the span found there; nil when none.
func (s *Symbols) At(offset int) (*Symbol, diag.Span) {
	for _, sym := range s.All {
		if sym.Def.Contains(offset) {
			return sym, sym.Def
		}
		for _, r := range sym.Refs {
			if r.Contains(offset) {
				return sym, r
			}
		}
	}
	return nil, diag.Span{}
}

// Lookup returns the symbols of kind named name.
func (s *Symbols) Lookup(kind SymbolKind, name string) []*Symbol {
	var out []*Symbol
	for _, sym := range s.All {
		if sym.Kind == kind && sym.Name == name {
			out = append(out, sym)
		}
	}
	return out
}

// Occurrences returns the definition and references of sym in source order.
func (sym *Symbol) Occurrences() []diag.Span {
	out := append([]diag.Span{sym.Def}, sym.Refs...)
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Offset < out[j].Start.Offset })
	return out
}

// addRef records a reference unless it is already recorded (desugaring
// may visit a statement several times).
func (sym *Symbol) addRef(sp diag.Span) {
	off := sp.Start.Offset
	n := len(sym.Refs)
	switch {
	case sym.refSeen != nil:
		if sym.refSeen[off] {
			return
		}
		sym.refSeen[off] = true
	case n == 0 || sym.Refs[n-1].Start.Offset < off:
		// In order: new.
	default:
		i := sort.Search(n, func(i int) bool { return sym.Refs[i].Start.Offset >= off })
		if i < n && sym.Refs[i].Start.Offset == off {
			return
		}
		sym.refSeen = make(map[int]bool, n+1)
		for _, r := range sym.Refs {
			sym.refSeen[r.Start.Offset] = true
		}
		sym.refSeen[off] = true
	}
	sym.Refs = append(sym.Refs, sp)
}
