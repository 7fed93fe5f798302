package analysis

import (
	"fmt"
	"strings"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// ProofBundle is a proof bundle the protocol requires (LANGUAGE §2.1):
// admission evidence the runtime must hold before it runs the protocol.
// Declared is false for a `requires` name that no proof_bundle of the file
// declares (a bundle provided from elsewhere); the other fields are then
// empty.
type ProofBundle struct {
	Name         string   `json:"name"`
	Declared     bool     `json:"declared"`
	Version      string   `json:"version,omitempty"`
	Issuer       string   `json:"issuer,omitempty"`
	Constraint   string   `json:"constraint,omitempty"`
	Capabilities []string `json:"capabilities"`
}

// proofBundles declares the file's proof bundles as symbols, links the
// protocol's `requires` names to them and reports bundles declared twice
// (duplicate-bundle) and bundles nobody requires (unused-bundle). It
// returns the bundles p requires, in the order of its requires clause.
func (l *lowerer) proofBundles(f *syntax.File, p *syntax.Protocol) []ProofBundle {
	decls := make(map[string]*syntax.ProofBundle)
	syms := make(map[string]*Symbol)
	for _, b := range f.Bundles {
		name := b.Name.Name
		if first, ok := decls[name]; ok {
			l.relatedErrorf(CodeDuplicateBundle, b.Name.Span, diag.Related{Span: first.Name.Span, Message: "the first declaration"},
				"proof bundle %s is declared twice", name)
			continue
		}
		decls[name] = b
		syms[name] = l.res.Symbols.add(&Symbol{Kind: SymProofBundle, Name: name, Def: b.Name.Span, Scope: b.Span, Detail: bundleDetail(b)})
	}
	var out []ProofBundle
	for _, r := range p.Requires {
		b, ok := decls[r.Name]
		if !ok {
			out = append(out, ProofBundle{Name: r.Name, Capabilities: []string{}})
			continue
		}
		syms[r.Name].addRef(r.Span)
		out = append(out, bundleOf(b))
	}
	for _, b := range f.Bundles {
		if sym := syms[b.Name.Name]; sym != nil && sym.Def == b.Name.Span && len(sym.Refs) == 0 {
			l.warnf(CodeUnusedBundle, diag.Warning, b.Name.Span,
				"proof bundle %s is declared but %s does not require it (add it to 'protocol %s requires ...', or remove it)",
				b.Name.Name, p.Name.Name, p.Name.Name)
		}
	}
	return out
}

func bundleOf(b *syntax.ProofBundle) ProofBundle {
	out := ProofBundle{Name: b.Name.Name, Declared: true, Capabilities: []string{}}
	str := func(v *syntax.Value) string {
		if v == nil {
			return ""
		}
		return v.Str
	}
	out.Version, out.Issuer, out.Constraint = str(b.Version), str(b.Issuer), str(b.Constraint)
	for _, c := range b.Requires {
		out.Capabilities = append(out.Capabilities, c.Name)
	}
	return out
}

// bundleDetail is the one-line description of a bundle for hovers.
func bundleDetail(b *syntax.ProofBundle) string {
	pb := bundleOf(b)
	var parts []string
	for _, c := range []struct{ k, v string }{{"version", pb.Version}, {"issuer", pb.Issuer}, {"constraint", pb.Constraint}} {
		if c.v != "" {
			parts = append(parts, fmt.Sprintf("%s %q", c.k, c.v))
		}
	}
	parts = append(parts, "requires ["+strings.Join(pb.Capabilities, ", ")+"]")
	return "proof bundle " + pb.Name + " " + strings.Join(parts, " ")
}
