package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// ProofBundle is a proof bundle the protocol requires (LANGUAGE §2.1):
// admission evidence the runtime must hold before it runs the protocol.
// Declared is false for a `requires` name that no proof_bundle of the file
// declares (a bundle provided from elsewhere); the other fields are then
// empty. Inferred is true for a bundle the requires clause does not name
// but whose capabilities the protocol's runtime operations need (as
// upstream infers them: acquire and release need guard_tokens; fork, join
// and abort speculation; transfer and delegate delegation; tag and check
// knowledge_flow).
type ProofBundle struct {
	Name         string   `json:"name"`
	Declared     bool     `json:"declared"`
	Inferred     bool     `json:"inferred,omitempty"`
	Version      string   `json:"version,omitempty"`
	Issuer       string   `json:"issuer,omitempty"`
	Constraints  []string `json:"constraints,omitempty"`
	Capabilities []string `json:"capabilities"`
}

// opCapabilities maps runtime operations to the capability they need.
var opCapabilities = map[string]string{
	"acquire": "guard_tokens", "release": "guard_tokens",
	"fork": "speculation", "join": "speculation", "abort": "speculation",
	"transfer": "delegation", "delegate": "delegation",
	"tag": "knowledge_flow", "check": "knowledge_flow",
}

// proofBundles declares the file's proof bundles as symbols, links the
// protocol's `requires` names to them and reports bundles declared twice
// (duplicate-bundle) and bundles the protocol neither requires nor needs
// for its runtime operations (unused-bundle). It returns the bundles p
// requires, in the order of its requires clause, then the inferred ones.
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
	required := make(map[string]bool)
	for _, r := range p.Requires {
		required[r.Name] = true
		b, ok := decls[r.Name]
		if !ok {
			out = append(out, ProofBundle{Name: r.Name, Capabilities: []string{}})
			continue
		}
		syms[r.Name].addRef(r.Span)
		out = append(out, bundleOf(b))
	}
	needed := neededCapabilities(p)
	for _, b := range f.Bundles {
		name := b.Name.Name
		if sym := syms[name]; sym == nil || sym.Def != b.Name.Span || required[name] {
			continue
		}
		if slices.ContainsFunc(b.Requires, func(c syntax.Ident) bool { return needed[c.Name] }) {
			pb := bundleOf(b)
			pb.Inferred = true
			out = append(out, pb)
			continue
		}
		l.warnf(CodeUnusedBundle, diag.Warning, b.Name.Span,
			"proof bundle %s is declared but %s does not require it (add it to 'protocol %s requires ...', or remove it)",
			name, p.Name.Name, p.Name.Name)
	}
	return out
}

// neededCapabilities returns the capabilities the runtime operations of p
// and its local protocols need.
func neededCapabilities(p *syntax.Protocol) map[string]bool {
	need := make(map[string]bool)
	var block func(b *syntax.Block)
	block = func(b *syntax.Block) {
		if b == nil {
			return
		}
		for _, st := range b.Stmts {
			if op, ok := st.(*syntax.RuntimeOp); ok {
				if c, ok := opCapabilities[op.Op.Name]; ok {
					need[c] = true
				}
			}
			for _, sub := range childBlocks(st) {
				block(sub)
			}
		}
	}
	block(p.Body)
	for _, lp := range p.Locals {
		block(lp.Body)
	}
	return need
}

func bundleOf(b *syntax.ProofBundle) ProofBundle {
	out := ProofBundle{Name: b.Name.Name, Declared: true, Capabilities: []string{}}
	if b.Version != nil {
		out.Version = b.Version.Str
	}
	if b.Issuer != nil {
		out.Issuer = b.Issuer.Str
	}
	for _, c := range b.Constraints {
		out.Constraints = append(out.Constraints, c.Str)
	}
	for _, c := range b.Requires {
		out.Capabilities = append(out.Capabilities, c.Name)
	}
	return out
}

// bundleDetail is the one-line description of a bundle for hovers.
func bundleDetail(b *syntax.ProofBundle) string {
	pb := bundleOf(b)
	var parts []string
	if pb.Version != "" {
		parts = append(parts, fmt.Sprintf("version %q", pb.Version))
	}
	if pb.Issuer != "" {
		parts = append(parts, fmt.Sprintf("issuer %q", pb.Issuer))
	}
	for _, c := range pb.Constraints {
		parts = append(parts, fmt.Sprintf("constraint %q", c))
	}
	parts = append(parts, "requires ["+strings.Join(pb.Capabilities, ", ")+"]")
	return "proof bundle " + pb.Name + " " + strings.Join(parts, " ")
}
