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
	"slices"
	"strconv"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// Scope is the recursions enclosing a node, innermost last.
type Scope []*global.Rec

// Lookup returns the rec a `continue label` jumps to, or nil.
func (sc Scope) Lookup(label string) *global.Rec {
	if i := sc.index(label); i >= 0 {
		return sc[i]
	}
	return nil
}

// index returns the position in sc of the rec a `continue label` jumps
// to, or -1.
func (sc Scope) index(label string) int {
	for i := len(sc) - 1; i >= 0; i-- {
		if sc[i].Label == label {
			return i
		}
	}
	return -1
}

// FirstSends returns the first communication on every path through b in
// scope sc (nested choices, recs and par branches contribute theirs). A
// `continue L` is looked through: the body of rec L is searched in its
// place, once per path. ok is false when some path reaches the end of b,
// or comes back to a recursion it already unfolded, with no communication.
func FirstSends(b global.Block, sc Scope) (sends []*global.Send, ok bool) {
	f := finder{scope: sc[:len(sc):len(sc)]} // never append into the caller's array
	return f.first(b, nil)
}

// finder searches first sends with one scope stack and one stack of the
// recursions being unfolded, pushed and popped as it goes.
type finder struct {
	scope     Scope
	unfolding []*global.Rec
}

func (f *finder) first(b global.Block, sends []*global.Send) ([]*global.Send, bool) {
	for _, n := range b {
		switch n := n.(type) {
		case *global.Send:
			return append(sends, n), true
		case *global.Choice:
			all := len(n.Branches) > 0
			for _, br := range n.Branches {
				var brOK bool
				sends, brOK = f.first(br.Body, sends)
				all = all && brOK
			}
			if all {
				return sends, true
			}
		case *global.Rec:
			f.scope = append(f.scope, n)
			f.unfolding = append(f.unfolding, n)
			var recOK bool
			sends, recOK = f.first(n.Body, sends)
			f.scope = f.scope[:len(f.scope)-1]
			f.unfolding = f.unfolding[:len(f.unfolding)-1]
			if recOK {
				return sends, true
			}
		case *global.Par:
			some := false
			for _, br := range n.Branches {
				var brOK bool
				sends, brOK = f.first(br, sends)
				some = some || brOK
			}
			if some {
				return sends, true
			}
		case *global.Loop:
			sends, _ = f.first(n.Body, sends) // the loop may run zero times
		case *global.Continue:
			i := f.scope.index(n.Label)
			if i < 0 || slices.Contains(f.unfolding, f.scope[i]) {
				return sends, false
			}
			r := f.scope[i]
			saved := f.scope
			f.scope = f.scope[: i+1 : i+1] // what is visible at rec L
			f.unfolding = append(f.unfolding, r)
			var recOK bool
			sends, recOK = f.first(r.Body, sends)
			f.unfolding = f.unfolding[:len(f.unfolding)-1]
			f.scope = saved
			return sends, recOK
		}
	}
	return sends, false
}

// Branch is what the desugaring knows of one branch of a choice, on the
// protocol as written.
type Branch struct {
	Sends    []*global.Send // its first communications (FirstSends)
	Complete bool           // every path through it communicates
	Selector Selector       // how it is selected, when Selected
	Selected bool           // the decider sends first on every path, so the branch has a selector
}

// Analyze returns what the desugaring knows of every branch of every
// choice of p. Checks read it (choice-not-decider, choice-ambiguous)
// before Apply rewrites p with it.
func Analyze(p *global.Protocol) map[*global.Branch]*Branch {
	n := 0
	global.Walk(p.Body, func(node global.Node) {
		if c, ok := node.(*global.Choice); ok {
			n += len(c.Branches)
		}
	})
	a := &analyzer{out: make(map[*global.Branch]*Branch, n)}
	a.block(p.Body)
	return a.out
}

type analyzer struct {
	scope Scope
	out   map[*global.Branch]*Branch
}

func (a *analyzer) block(b global.Block) {
	for _, n := range b {
		switch n := n.(type) {
		case *global.Choice:
			infos := make([]Branch, len(n.Branches)) // one allocation per choice
			for i, br := range n.Branches {
				f := finder{scope: a.scope} // appends past a.scope's length only, while a.scope does not change
				info := &infos[i]
				info.Sends, info.Complete = f.first(br.Body, nil)
				info.Selector, info.Selected = selector(n, br, a.scope, info.Sends)
				a.out[br] = info
				a.block(br.Body)
			}
		case *global.Rec:
			a.scope = append(a.scope, n)
			a.block(n.Body)
			a.scope = a.scope[:len(a.scope)-1]
		case *global.Loop:
			a.block(n.Body)
		case *global.Par:
			for _, br := range n.Branches {
				a.block(br)
			}
		}
	}
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

// selector returns the selector of branch br of choice c in scope sc,
// given its first sends; ok is false when the branch has no first
// communication or one not sent by the decider (choice-not-decider:
// nothing is put on the wire for it).
func selector(c *global.Choice, br *global.Branch, sc Scope, sends []*global.Send) (Selector, bool) {
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
// doc), as branches (from Analyze on p as written) say. New sends are
// numbered from nextID+1 on, in source order; Apply returns the last ID it
// used (nextID when it added none).
func Apply(p *global.Protocol, branches map[*global.Branch]*Branch, nextID int) int {
	a := &applier{nextID: nextID, labels: make(map[string]bool), split: make(map[*global.Rec]*global.Rec)}
	global.Walk(p.Body, func(n global.Node) {
		if r, ok := n.(*global.Rec); ok {
			a.labels[r.Label] = true
		}
	})
	var choices []*global.Choice
	global.Walk(p.Body, func(n global.Node) {
		if c, ok := n.(*global.Choice); ok {
			choices = append(choices, c)
		}
	})
	for _, c := range choices {
		for _, br := range c.Branches {
			if info := branches[br]; info != nil && info.Selected {
				a.selectBranch(c, br, &info.Selector)
			}
		}
	}
	return a.nextID
}

type applier struct {
	nextID int
	labels map[string]bool             // rec labels in use
	split  map[*global.Rec]*global.Rec // rec L → rec L_M after its first message
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
		body := make(global.Block, 0, len(br.Body)+1)
		body = append(body, br.Body[:sel.Lead]...)
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
