package runtime

import (
	"testing"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/projection"
)

// builder constructs global protocols in tests, numbering sends.
type builder struct{ next int }

func (b *builder) send(from, to, msg string) *global.Send {
	b.next++
	return &global.Send{ID: b.next, From: from, To: to, Msg: global.Message{Name: msg}}
}

func (b *builder) sendP(from, to, msg, payload string) *global.Send {
	s := b.send(from, to, msg)
	s.Msg.Payload = payload
	return s
}

func (b *builder) annotated(from, to, msg string, meta global.Meta) *global.Send {
	s := b.send(from, to, msg)
	s.Meta = &meta
	return s
}

func choice(decider string, branches ...*global.Branch) *global.Choice {
	return &global.Choice{Decider: decider, Branches: branches}
}

func branch(label string, body ...global.Node) *global.Branch {
	return &global.Branch{Label: label, Body: body}
}

func rec(label string, body ...global.Node) *global.Rec {
	return &global.Rec{Label: label, Body: body}
}

func cont(label string) *global.Continue { return &global.Continue{Label: label} }

func protocol(name string, roles []string, body ...global.Node) *global.Protocol {
	p := &global.Protocol{Name: name, Body: body}
	for _, r := range roles {
		p.Roles = append(p.Roles, &global.Role{Name: r, Size: 1})
	}
	return p
}

// image projects p (which must project without errors) and compiles it.
func image(t testing.TB, p *global.Protocol) *Image {
	t.Helper()
	projs, diags := projection.Project(p)
	for _, d := range diags {
		if d.Severity == diag.Error {
			t.Fatalf("%s does not project: %s", p.Name, d.Message)
		}
	}
	img, err := NewImage(p, projs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// localImage compiles hand-written local types (for protocols that no
// global protocol projects to, such as deadlocks).
func localImage(t testing.TB, roles []string, types ...projection.Type) *Image {
	t.Helper()
	p := protocol("Local", roles)
	projs := make(map[string]projection.Type)
	for i, r := range roles {
		projs[r] = types[i]
	}
	img, err := NewImage(p, projs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func end() projection.Type { return &projection.End{} }

func lsend(to, msg string, next projection.Type) projection.Type {
	return &projection.Send{To: to, Msg: global.Message{Name: msg}, Next: next}
}

func lrecv(from, msg string, next projection.Type) projection.Type {
	return &projection.Recv{From: from, Msg: global.Message{Name: msg}, Next: next}
}
