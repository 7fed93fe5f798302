// Package selection puts the branch labels of choices on the wire: the
// desugaring, done on the global protocol model before projection, that
// makes a choice's selection an explicit message (SEMANTICS §3, following
// the upstream Telltale projection).
//
// The decider of a choice selects a label towards the recipient of the
// branch's first send. When the label equals the name of that first
// message, label and message are one communication (fused) and the model
// is left as it is. Otherwise a send of the label, without payload, is
// inserted at the start of the branch (a global.Send with origin
// global.FromLabel), so every later stage — projection, budgets, the code
// image, traces, compatibility — sees the selection as the message it is.
//
// A branch's first communication is found by looking through `continue L`:
// the recursion is unfolded once, so a branch that only continues a loop is
// selected like one that starts with the loop's first message. When such a
// branch's label equals the name of that first message and the message is
// the first statement of rec L, the label is fused with it: rec L is split
// after the message (rec L { M; rec L_M { ... } }) and the branch becomes
// M; continue L_M, which is the same protocol with the label on the wire
// once.
package selection

import (
	"strconv"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// Scope is the recursions enclosing a node, innermost last.
type Scope []*global.Rec

// Lookup returns the rec a `continue label` jumps to, or nil.
func (sc Scope) Lookup(label string) *global.Rec {
	for i := len(sc) - 1; i >= 0; i-- {
		if sc[i].Label == label {
			return sc[i]
		}
	}
	return nil
}

func (sc Scope) with(r *global.Rec) Scope {
	return append(sc[:len(sc):len(sc)], r)
}

// Walk calls fn for every node of b in depth-first source order with the
// recursions that enclose it.
func Walk(b global.Block, sc Scope, fn func(global.Node, Scope)) {
	for _, n := range b {
		fn(n, sc)
		switch n := n.(type) {
		case *global.Choice:
			for _, br := range n.Branches {
				Walk(br.Body, sc, fn)
			}
		case *global.Rec:
			Walk(n.Body, sc.with(n), fn)
		case *global.Loop:
			Walk(n.Body, sc, fn)
		case *global.Par:
			for _, br := range n.Branches {
				Walk(br, sc, fn)
			}
		}
	}
}

// FirstSends returns the first communication on every path through b in
// scope sc (nested choices, recs and par branches contribute theirs). A
// `continue L` is looked through: the body of rec L is searched in its
// place, once per path. ok is false when some path reaches the end of b,
// or comes back to a recursion it already unfolded, with no communication.
func FirstSends(b global.Block, sc Scope) (sends []*global.Send, ok bool) {
	return firstSends(b, sc, nil)
}

func firstSends(b global.Block, sc Scope, unfolding []*global.Rec) (sends []*global.Send, ok bool) {
	for _, n := range b {
		switch n := n.(type) {
		case *global.Send:
			return append(sends, n), true
		case *global.Choice:
			all := len(n.Branches) > 0
			for _, br := range n.Branches {
				s, brOK := firstSends(br.Body, sc, unfolding)
				sends = append(sends, s...)
				all = all && brOK
			}
			if all {
				return sends, true
			}
		case *global.Rec:
			s, recOK := firstSends(n.Body, sc.with(n), append(unfolding[:len(unfolding):len(unfolding)], n))
			sends = append(sends, s...)
			if recOK {
				return sends, true
			}
		case *global.Par:
			some := false
			for _, br := range n.Branches {
				s, brOK := firstSends(br, sc, unfolding)
				sends = append(sends, s...)
				some = some || brOK
			}
			if some {
				return sends, true
			}
		case *global.Loop:
			s, _ := firstSends(n.Body, sc, unfolding) // the loop may run zero times
			sends = append(sends, s...)
		case *global.Continue:
			r := sc.Lookup(n.Label)
			if r == nil || contains(unfolding, r) {
				return sends, false
			}
			s, recOK := firstSends(r.Body, scopeOf(sc, r), append(unfolding[:len(unfolding):len(unfolding)], r))
			return append(sends, s...), recOK
		}
	}
	return sends, false
}

// scopeOf returns the part of sc up to and including r.
func scopeOf(sc Scope, r *global.Rec) Scope {
	for i := len(sc) - 1; i >= 0; i-- {
		if sc[i] == r {
			return sc[: i+1 : i+1]
		}
	}
	return sc
}

func contains(rs []*global.Rec, r *global.Rec) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// Selector says how a branch of a choice is selected on the wire.
type Selector struct {
	To    string           // the recipient of the selection
	Name  string           // what is on the wire: the label (the first message's name when the branch has no label)
	First *global.Send     // the decider's first send on the branch (after unfolding)
	Fused bool             // the label is the first message itself
	Via   *global.Rec      // for a label fused through `continue L`: rec L
	Lead  int              // nodes before the first communication (not communicating: runtime operations)
	Jump  *global.Continue // for Via: the continue the branch starts with
}

// Of returns the selector of branch br of choice c in scope sc; ok is false
// when the branch has no first communication or one not sent by the
// decider (choice-not-decider: nothing is put on the wire for it).
func Of(c *global.Choice, br *global.Branch, sc Scope) (Selector, bool) {
	sends, _ := FirstSends(br.Body, sc)
	if len(sends) == 0 {
		return Selector{}, false
	}
	for _, s := range sends {
		if s.From != c.Decider {
			return Selector{}, false
		}
	}
	sel := Selector{To: sends[0].To, Name: br.Label, First: sends[0]}
	if br.Label == "" {
		sel.Name, sel.Fused = sends[0].Msg.Name, true
		return sel, true
	}
	lead := 0
	for lead < len(br.Body) {
		if _, ok := br.Body[lead].(*global.Opaque); !ok {
			break
		}
		lead++
	}
	sel.Lead = lead
	if lead == len(br.Body) {
		return sel, true
	}
	switch n := br.Body[lead].(type) {
	case *global.Send:
		sel.Fused = n == sends[0] && n.Msg.Name == br.Label
	case *global.Continue:
		r := sc.Lookup(n.Label)
		if r != nil && len(r.Body) > 0 {
			if s, ok := r.Body[0].(*global.Send); ok && s == sends[0] && s.Msg.Name == br.Label {
				sel.Fused, sel.Via, sel.Jump = true, r, n
			}
		}
	}
	return sel, true
}

// Apply puts the labels of every choice of p on the wire (see the package
// doc). New sends are numbered from nextID+1 on, in source order; Apply
// returns the last ID it used (nextID when it added none).
func Apply(p *global.Protocol, nextID int) int {
	a := &applier{nextID: nextID, labels: make(map[string]bool), split: make(map[*global.Rec]*global.Rec)}
	global.Walk(p.Body, func(n global.Node) {
		if r, ok := n.(*global.Rec); ok {
			a.labels[r.Label] = true
		}
	})
	a.block(p.Body, nil)
	return a.nextID
}

type applier struct {
	nextID int
	labels map[string]bool             // rec labels in use
	split  map[*global.Rec]*global.Rec // rec L → rec L_M after its first message
}

// block rewrites the choices of b and of everything nested in it. The
// selectors of a choice are computed before its branches are rewritten, so
// they see the protocol as written.
func (a *applier) block(b global.Block, sc Scope) {
	for _, n := range b {
		switch n := n.(type) {
		case *global.Choice:
			sels := make([]*Selector, len(n.Branches))
			for i, br := range n.Branches {
				if s, ok := Of(n, br, sc); ok {
					sels[i] = &s
				}
			}
			for i, br := range n.Branches {
				a.block(br.Body, sc)
				if sels[i] != nil {
					a.selectBranch(n, br, sels[i])
				}
			}
		case *global.Rec:
			a.block(n.Body, sc.with(n))
		case *global.Loop:
			a.block(n.Body, sc)
		case *global.Par:
			for _, br := range n.Branches {
				a.block(br, sc)
			}
		}
	}
}

func (a *applier) selectBranch(c *global.Choice, br *global.Branch, sel *Selector) {
	switch {
	case sel.Via != nil:
		after := a.splitAfterFirst(sel.Via)
		first := sel.First
		a.nextID++
		again := &global.Send{ID: a.nextID, From: first.From, To: first.To, Msg: first.Msg, Meta: first.Meta, Origin: first.Origin, Span: first.Span, MsgSpan: first.MsgSpan}
		body := append(global.Block(nil), br.Body[:sel.Lead]...)
		body = append(body, again, &global.Continue{Label: after.Label, Span: sel.Jump.Span})
		br.Body = append(body, br.Body[sel.Lead+1:]...)
	case sel.Fused:
	default:
		a.nextID++
		span := br.LabelSpan
		if span == (diag.Span{}) {
			span = br.Span
		}
		label := &global.Send{ID: a.nextID, From: c.Decider, To: sel.To, Msg: global.Message{Name: sel.Name}, Origin: global.FromLabel, Span: span, MsgSpan: span}
		body := append(global.Block(nil), br.Body[:sel.Lead]...)
		body = append(body, label)
		br.Body = append(body, br.Body[sel.Lead:]...)
	}
}

// splitAfterFirst turns rec L { M; rest } into rec L { M; rec L_M { rest } }
// (once per rec) and returns the inner rec.
func (a *applier) splitAfterFirst(r *global.Rec) *global.Rec {
	if in, ok := a.split[r]; ok {
		return in
	}
	first := r.Body[0].(*global.Send)
	name := r.Label + "_" + first.Msg.Name
	for k := 2; a.labels[name]; k++ {
		name = r.Label + "_" + first.Msg.Name + "_" + strconv.Itoa(k)
	}
	a.labels[name] = true
	in := &global.Rec{Label: name, Body: r.Body[1:], Span: r.Span}
	r.Body = global.Block{first, in}
	a.split[r] = in
	return in
}
