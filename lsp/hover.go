package lsp

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/syntax"
)

// Hover implements protocol.Server. It explains, in Markdown, the thing
// under the cursor: a role (its local types), a send (both views, effect
// commands, guard chain), the protocol (roles, budget, fragments), an
// annotation key (meaning and command) or another symbol (its detail).
func (s *Server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	snap, res, off, err := s.at(ctx, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	text, span, ok := hoverText(res, off)
	if !ok {
		return nil, nil
	}
	r := snap.m.spanRange(span)
	return &protocol.Hover{
		Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text},
		Range:    &r,
	}, nil
}

// hoverText returns the hover for offset and the span it describes.
func hoverText(res *analysis.Result, off int) (string, diag.Span, bool) {
	if sym, span := res.Symbols.At(off); sym != nil {
		switch sym.Kind {
		case analysis.SymRole:
			return roleHover(res, sym), span, true
		case analysis.SymProtocol:
			return protocolHover(res), span, true
		case analysis.SymLabel:
			return labelHover(res, sym), span, true
		}
		return fmt.Sprintf("**%s** `%s`\n\n%s", sym.Kind, sym.Name, sym.Detail), span, true
	}
	if a := annotationAt(res.File, off); a != nil {
		if key, ok := analysis.LookupAnnotationKey(a.Key.Name); ok {
			return annotationHover(key), a.Key.Span, true
		}
		return "", diag.Span{}, false
	}
	if sends := sendsAt(res, off); len(sends) > 0 {
		return sendHover(res, sends), sends[0].Span, true
	}
	return "", diag.Span{}, false
}

// roleHover shows the local type of every instance of a role.
func roleHover(res *analysis.Result, sym *analysis.Symbol) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**role** `%s`", sym.Name)
	if sym.Detail != "" {
		fmt.Fprintf(&b, " — %s", sym.Detail)
	}
	b.WriteString("\n")
	role := findRole(res.Protocol, sym.Name)
	if role == nil || res.Projections == nil {
		return b.String()
	}
	if role.Family {
		fmt.Fprintf(&b, "\nFamily of %d members (%s).\n", role.Size, sizeSourceText(role.SizeFrom))
	}
	for _, inst := range role.Instances() {
		t, ok := res.Projections[inst]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "\n`%s` — depth %d\n\n```\n%s\n```\n\n```rust\n%s\n```\n",
			inst, res.Budget.Depths[inst], sessionText(t), projection.RustDecl(rustName(inst), t))
	}
	return b.String()
}

// rustName turns a participant name into a Rust identifier ("F[0]" → "F0").
func rustName(p string) string {
	return strings.NewReplacer("[", "", "]", "").Replace(p)
}

func findRole(p *global.Protocol, name string) *global.Role {
	if p == nil {
		return nil
	}
	for _, r := range p.Roles {
		if r.Name == name {
			return r
		}
	}
	return nil
}

func sizeSourceText(s global.SizeSource) string {
	switch s {
	case global.SizeLiteral:
		return "size written in the declaration"
	case global.SizeConfig:
		return "size from configuration"
	case global.SizeDefault:
		return "default size; set it in choreo.yaml"
	}
	return "single role"
}

// protocolHover summarizes the protocol: roles, budget and fragments.
func protocolHover(res *analysis.Result) string {
	p := res.Protocol
	if p == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**protocol** `%s`", p.Name)
	if p.Namespace != "" {
		fmt.Fprintf(&b, " in `%s`", p.Namespace)
	}
	b.WriteString("\n\n**Roles:** ")
	for i, r := range p.Roles {
		if i > 0 {
			b.WriteString(", ")
		}
		if r.Family {
			fmt.Fprintf(&b, "`%s` ×%d", r.Name, r.Size)
		} else {
			fmt.Fprintf(&b, "`%s`", r.Name)
		}
	}
	if len(res.File.Protocols) > 0 && len(res.File.Protocols[0].Prefix) > 0 {
		parts := make([]string, len(res.File.Protocols[0].Prefix))
		for i, pa := range res.File.Protocols[0].Prefix {
			parts[i] = "`" + prefixText(pa) + "`"
		}
		fmt.Fprintf(&b, "\n\n**Annotations** (kept, not projected): %s", strings.Join(parts, ", "))
	}
	if len(res.Bundles) > 0 {
		b.WriteString("\n\n**Requires proof bundles:**")
		for _, pb := range res.Bundles {
			if !pb.Declared {
				fmt.Fprintf(&b, "\n- `%s` (not declared in this file)", pb.Name)
				continue
			}
			fmt.Fprintf(&b, "\n- `%s` [%s]", pb.Name, strings.Join(pb.Capabilities, ", "))
		}
	}
	bud := res.Budget
	fmt.Fprintf(&b, "\n\n**Budget:** W₀ = %d (2 × Σ depth %d), max_steps = %d\n\n", bud.W0, bud.SumDepth, bud.MaxSteps)
	fmt.Fprintf(&b, "**Class:** %s (k_σ = %g, expected W %s) — %s\n", bud.Class.Name, bud.Class.K, bud.Class.ExpectedRange(), bud.RuleText(p.Namespace))
	if !bud.InRange {
		fmt.Fprintf(&b, "\nW₀ is outside the expected range.\n")
	}
	if m := res.Manifest; m != nil && len(m.Fragments) > 0 {
		b.WriteString("\n**Fragments:**")
		for _, f := range m.Fragments {
			fmt.Fprintf(&b, "\n- `%s`", f.Key)
			if len(f.Exports) > 0 {
				fmt.Fprintf(&b, " exports %s", strings.Join(f.Exports, ", "))
			}
			if len(f.Imports) > 0 {
				fmt.Fprintf(&b, " imports %s", strings.Join(f.Imports, ", "))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// annotationAt returns the sender annotation whose key contains off.
func annotationAt(f *syntax.File, off int) *syntax.Annotation {
	var found *syntax.Annotation
	walkSends(f, func(s *syntax.Send) {
		if s.Annotations == nil || found != nil {
			return
		}
		for _, a := range s.Annotations.Entries {
			if a.Key.Span.Contains(off) {
				found = a
			}
		}
	})
	return found
}

func annotationHover(k analysis.AnnotationKey) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**annotation** `%s` = %s\n\n%s\n", k.Name, k.Value, k.Doc)
	if k.Effect != "" {
		fmt.Fprintf(&b, "\n**Generates:** `%s`\n", k.Effect)
	}
	return b.String()
}

// labelHover says how a branch label is selected on the wire: as a
// message of its own before the branch's first message, or fused with it.
func labelHover(res *analysis.Result, sym *analysis.Symbol) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**label** `%s`\n", sym.Name)
	if res.Protocol == nil {
		return b.String()
	}
	seen := make(map[string]bool)
	global.Walk(res.Protocol.Body, func(n global.Node) {
		c, ok := n.(*global.Choice)
		if !ok {
			return
		}
		for _, br := range c.Branches {
			if br.LabelSpan != sym.Def || len(br.Body) == 0 {
				continue
			}
			first, ok := br.Body[0].(*global.Send)
			if !ok {
				continue
			}
			line := fmt.Sprintf("`%s → %s : %s`", first.From, first.To, first.Msg.Name)
			if first.Origin == global.FromLabel {
				line = fmt.Sprintf("\nSelected on the wire by %s, a message of its own sent before the branch's first message.\n", line)
			} else {
				line = fmt.Sprintf("\nSelected on the wire by %s: the label is the branch's first message.\n", line)
			}
			if !seen[line] {
				seen[line] = true
				b.WriteString(line)
			}
		}
	})
	return b.String()
}

// sendsAt returns the global sends whose source statement contains off
// (several when a statement desugars into many, such as a broadcast),
// innermost statement first.
func sendsAt(res *analysis.Result, off int) []*global.Send {
	if res.Protocol == nil {
		return nil
	}
	var out []*global.Send
	global.Walk(res.Protocol.Body, func(n global.Node) {
		if s, ok := n.(*global.Send); ok && s.Span.Contains(off) {
			out = append(out, s)
		}
	})
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Span.End.Offset-out[i].Span.Start.Offset < out[j].Span.End.Offset-out[j].Span.Start.Offset
	})
	// Keep the sends of the innermost statement only.
	n := 0
	for _, s := range out {
		if s.Span == out[0].Span {
			out[n] = s
			n++
		}
	}
	return dedupeSends(out[:n])
}

// dedupeSends drops repeated sends (desugaring can lower a statement in
// several places, e.g. a loop body).
func dedupeSends(ss []*global.Send) []*global.Send {
	seen := make(map[string]bool)
	out := ss[:0]
	for _, s := range ss {
		k := s.From + "->" + s.To + ":" + s.Msg.Name
		if !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// sendHover shows both views of each send, its effect commands and the
// guard chain.
func sendHover(res *analysis.Result, sends []*global.Send) string {
	var b strings.Builder
	msg := projection.MessageText(sends[0].Msg)
	fmt.Fprintf(&b, "**send** `%s`\n", msg)
	for _, s := range sends {
		fmt.Fprintf(&b, "\n`%s → %s` — sender `%s`: `!%s.%s` · receiver `%s`: `?%s.%s`", s.From, s.To, s.From, s.To, msg, s.To, s.From, msg)
	}
	b.WriteString("\n")
	if st := sendStatement(res.File, sends[0].Span); st != nil {
		keptAnnotations(&b, st)
	}
	effects := res.Effects(sends[0].ID)
	if len(effects) == 0 {
		b.WriteString("\nNo annotations: no effect commands.\n")
		return b.String()
	}
	b.WriteString("\n**Effect commands** (before the send):\n")
	for i, e := range effects {
		fmt.Fprintf(&b, "%d. `%s`\n", i+1, e)
	}
	chain := analysis.GuardChain()
	names := make([]string, len(chain))
	for i, g := range chain {
		names[i] = string(g)
	}
	fmt.Fprintf(&b, "\n**Guard chain:** %s\n", strings.Join(names, " → "))
	return b.String()
}

// sendStatement returns the send statement of f that spans sp, or nil.
func sendStatement(f *syntax.File, sp diag.Span) *syntax.Send {
	var found *syntax.Send
	walkSends(f, func(s *syntax.Send) {
		if found == nil && s.Span == sp {
			found = s
		}
	})
	return found
}

// keptAnnotations lists the annotations of a send that the model keeps
// without interpreting them: its prefix annotations (@parallel) and its
// receiver's (`-> B[@pool = "primary"]`).
func keptAnnotations(b *strings.Builder, s *syntax.Send) {
	var parts []string
	for _, p := range s.Prefix {
		parts = append(parts, "`"+prefixText(p)+"`")
	}
	if a := s.ReceiverAnnotations; a != nil {
		entries := make([]string, len(a.Entries))
		for i, e := range a.Entries {
			entries[i] = entryText(e)
		}
		parts = append(parts, "receiver `"+s.Receiver.String()+"["+strings.Join(entries, ", ")+"]`")
	}
	if len(parts) > 0 {
		fmt.Fprintf(b, "\n**Kept, not projected:** %s\n", strings.Join(parts, ", "))
	}
}

// prefixText renders a prefix annotation as written (`@name(args)`,
// `[@k = v]`).
func prefixText(p *syntax.PrefixAnnotation) string {
	if p.Value != nil {
		return "[" + entryText(&syntax.Annotation{Key: p.Name, Quoted: p.Quoted, At: true, Bare: p.Bare, Value: *p.Value}) + "]"
	}
	if p.Args != "" {
		return "@" + p.Name.Name + "(" + p.Args + ")"
	}
	return "@" + p.Name.Name
}

// entryText renders an annotation entry: `k = v`, `k: v` or `@flag`.
func entryText(e *syntax.Annotation) string {
	key := e.Key.Name
	if e.Quoted {
		key = fmt.Sprintf("%q", key)
	}
	if e.At {
		key = "@" + key
	}
	switch {
	case e.Bare:
		return key
	case e.Colon:
		return key + ": " + e.Value.Text
	}
	return key + " = " + e.Value.Text
}

// walkSends calls fn for every send statement of f, including those of
// local protocols and nested blocks.
func walkSends(f *syntax.File, fn func(*syntax.Send)) {
	walkStmts(f, func(st syntax.Stmt) {
		if s, ok := st.(*syntax.Send); ok {
			fn(s)
		}
	})
}

// walkStmts calls fn for every statement of f in source order.
func walkStmts(f *syntax.File, fn func(syntax.Stmt)) {
	var block func(b *syntax.Block)
	block = func(b *syntax.Block) {
		if b == nil {
			return
		}
		for _, st := range b.Stmts {
			fn(st)
			switch st := st.(type) {
			case *syntax.Choice:
				for _, br := range st.Branches {
					block(br.Body)
				}
			case *syntax.Loop:
				block(st.Body)
			case *syntax.Rec:
				block(st.Body)
			case *syntax.Par:
				for _, br := range st.Branches {
					block(br)
				}
			case *syntax.Retry:
				block(st.Body)
			case *syntax.Heartbeat:
				block(st.Missing)
				block(st.Body)
			}
		}
	}
	var proto func(p *syntax.Protocol)
	proto = func(p *syntax.Protocol) {
		block(p.Body)
		for _, l := range p.Locals {
			proto(l)
		}
	}
	for _, p := range f.Protocols {
		proto(p)
	}
}
