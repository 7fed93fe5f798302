package projection

import (
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// builder builds global protocols for tests. Every node gets its own source
// line, so a diagnostic's spans say which statement they point at: the node
// created n-th starts on line n (zero-based).
type builder struct {
	line int
	ids  int
}

func (b *builder) span() diag.Span {
	b.line++
	return diag.Span{Start: diag.Pos{Line: b.line}, End: diag.Pos{Line: b.line, Col: 1}}
}

// send builds From -> To : Msg; msg may carry a payload as "Name(payload)".
func (b *builder) send(from, to, msg string) *global.Send {
	b.ids++
	m := global.Message{Name: msg}
	if i := strings.IndexByte(msg, '('); i >= 0 && strings.HasSuffix(msg, ")") {
		m = global.Message{Name: msg[:i], Payload: msg[i+1 : len(msg)-1]}
	}
	return &global.Send{ID: b.ids, From: from, To: to, Msg: m, Span: b.span()}
}

func (b *builder) choice(decider string, branches ...*global.Branch) *global.Choice {
	return &global.Choice{Decider: decider, Branches: branches, Span: b.span()}
}

func (b *builder) branch(label string, body ...global.Node) *global.Branch {
	return &global.Branch{Label: label, Body: body, Span: b.span()}
}

func (b *builder) rec(label string, body ...global.Node) *global.Rec {
	return &global.Rec{Label: label, Body: body, Span: b.span()}
}

func (b *builder) cont(label string) *global.Continue {
	return &global.Continue{Label: label, Span: b.span()}
}

func (b *builder) par(branches ...global.Block) *global.Par {
	return &global.Par{Branches: branches, Span: b.span()}
}

func (b *builder) loop(body ...global.Node) *global.Loop {
	return &global.Loop{Kind: global.LoopWhile, Predicate: "p", Body: body, Span: b.span()}
}

// protocol declares roles ("W[2]" declares a family of two) around body.
func protocol(roles string, body ...global.Node) *global.Protocol {
	p := &global.Protocol{Name: "P", Body: body}
	for _, r := range strings.Fields(roles) {
		role := &global.Role{Name: r, Size: 1}
		if i := strings.IndexByte(r, '['); i >= 0 {
			role = &global.Role{Name: r[:i], Family: true, Size: int(r[i+1] - '0'), SizeFrom: global.SizeLiteral}
		}
		p.Roles = append(p.Roles, role)
	}
	return p
}
