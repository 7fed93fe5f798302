package projection

import (
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// Diagnostic codes reported by Project (SEMANTICS §2).
const (
	CodeUnmergeable          diag.Code = "unmergeable"
	CodeUnawareRole          diag.Code = "unaware-role"
	CodeInconsistentParallel diag.Code = "inconsistent-parallel"
)

// Project projects p onto every participant (family members expanded, see
// global.Protocol.Participants) with full merging as in SEMANTICS §3. The
// map has one entry per participant; each type is complete even when a
// diagnostic was reported for it (the doc comment of the package says what
// is produced then). Diagnostics are sorted with diag.Sort. Project does not
// modify p and is deterministic: equal protocols give equal results.
func Project(p *global.Protocol) (map[string]Type, []diag.Diagnostic) {
	pj := newProjector(p)
	roles := make([]*roleProjector, len(pj.participants))
	for i, r := range pj.participants {
		roles[i] = pj.forRole(r)
	}
	// Roles are independent: project them on parallel workers. Each role
	// keeps its own diagnostics, joined in participant order, so the result
	// does not depend on scheduling.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(roles)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(roles); i = int(next.Add(1)) - 1 {
				roles[i].result = roles[i].block(p.Body, pj.end)
			}
		})
	}
	wg.Wait()
	out := make(map[string]Type, len(roles))
	var diags []diag.Diagnostic
	for _, rp := range roles {
		out[rp.role] = rp.result
		diags = append(diags, rp.diags...)
	}
	diag.Sort(diags)
	return out, diags
}

// projector holds what every role's projection shares: indexes over the
// global tree computed once, read-only while the roles are projected.
type projector struct {
	participants []string
	index        map[string]int            // participant (or undeclared name) → bit
	sends        map[int]*global.Send      // by ID, for the spans of conflicting actions
	info         map[global.Node]nodeInfo  // for every Choice, Rec, Loop and Par
	parInvolved  map[*global.Par][]roleSet // the roles of each branch of a Par
	end          *End                      // the one End value of this projection
	silent       *Var                      // a jump to a rec the role takes no part in
}

func newProjector(p *global.Protocol) *projector {
	pj := &projector{
		participants: p.Participants(),
		index:        make(map[string]int),
		sends:        make(map[int]*global.Send),
		info:         make(map[global.Node]nodeInfo),
		parInvolved:  make(map[*global.Par][]roleSet),
		end:          &End{},
		silent:       &Var{},
	}
	for _, r := range pj.participants {
		pj.bit(r)
	}
	pj.collect(p.Body)
	return pj
}

// bit returns the index of a role name in role sets, assigning a new one to
// a name seen for the first time (an undeclared role, reported by analysis).
func (pj *projector) bit(name string) int {
	if i, ok := pj.index[name]; ok {
		return i
	}
	i := len(pj.index)
	pj.index[name] = i
	return i
}

// nodeInfo summarizes a compound node for the projections.
type nodeInfo struct {
	roles roleSet // the roles that send or receive somewhere inside
	jumps bool    // a continue occurs somewhere inside
	stuck bool    // control never passes the node on (global.NodeFallsThrough is false)
}

// collect records the sends of b by ID and the nodeInfo of each compound
// node, and returns the summary of b (stuck when control never leaves b at
// its end).
func (pj *projector) collect(b global.Block) nodeInfo {
	var s nodeInfo
	add := func(n global.Node, i nodeInfo) {
		pj.info[n] = i
		s.roles = s.roles.union(i.roles)
		s.jumps = s.jumps || i.jumps
		s.stuck = s.stuck || i.stuck
	}
	for _, n := range b {
		switch n := n.(type) {
		case *global.Send:
			pj.sends[n.ID] = n
			s.roles = s.roles.with(pj.bit(n.From)).with(pj.bit(n.To))
		case *global.Continue:
			s.jumps, s.stuck = true, true
		case *global.Choice:
			ci := nodeInfo{stuck: len(n.Branches) > 0}
			for _, br := range n.Branches {
				bi := pj.collect(br.Body)
				ci.roles = ci.roles.union(bi.roles)
				ci.jumps = ci.jumps || bi.jumps
				ci.stuck = ci.stuck && bi.stuck
			}
			add(n, ci)
		case *global.Rec:
			add(n, pj.collect(n.Body))
		case *global.Loop:
			li := pj.collect(n.Body)
			li.stuck = false // it may run zero times
			add(n, li)
		case *global.Par:
			var pi nodeInfo
			per := make([]roleSet, len(n.Branches))
			for i, br := range n.Branches {
				bi := pj.collect(br)
				per[i] = bi.roles
				pi.roles = pi.roles.union(bi.roles)
				pi.jumps = pi.jumps || bi.jumps
				pi.stuck = pi.stuck || bi.stuck
			}
			pj.parInvolved[n] = per
			add(n, pi)
		}
	}
	return s
}

// roleProjector projects the global tree onto one role.
type roleProjector struct {
	*projector
	role     string
	bit      int                // the role's index in role sets
	scope    []recBinding       // enclosing recs, innermost last
	uses     map[string]int     // Vars created per local variable name, for dropping unused binders
	varSpans map[*Var]diag.Span // the Continue each Var came from
	diags    []diag.Diagnostic
	result   Type
}

// forRole returns a projector onto role.
func (pj *projector) forRole(role string) *roleProjector {
	return &roleProjector{
		projector: pj,
		role:      role,
		bit:       pj.bit(role),
		uses:      make(map[string]int),
		varSpans:  make(map[*Var]diag.Span),
	}
}

func (rp *roleProjector) report(d diag.Diagnostic) { rp.diags = append(rp.diags, d) }

// recBinding maps a global rec label to the local variable that stands for
// it (renamed when an enclosing rec already uses the label; "" for a rec the
// role takes no part in).
type recBinding struct {
	label, name string
}

func (rp *roleProjector) in(s roleSet) bool { return s.has(rp.bit) }

// block projects b followed by cont, the projection of what comes after b.
// When control never leaves b (a continue, or a node whose every path jumps
// back), the nodes after that point and cont are unreachable (reported by
// analysis) and left out: a role that takes no part in a loop that never
// exits has nothing more to do, so it is not given cont.
func (rp *roleProjector) block(b global.Block, cont Type) Type {
	for i, n := range b {
		if rp.stuckAt(n) {
			b, cont = b[:i+1], rp.end
			break
		}
	}
	t := cont
	for i := len(b) - 1; i >= 0; i-- {
		t = rp.node(b[i], t)
	}
	return t
}

func (rp *roleProjector) node(n global.Node, cont Type) Type {
	switch n := n.(type) {
	case *global.Send:
		next := cont
		if n.To == rp.role {
			next = &Recv{From: n.From, Msg: n.Msg, Origin: n.ID, Next: next}
		}
		if n.From == rp.role {
			next = &Send{To: n.To, Msg: n.Msg, Origin: n.ID, Next: next}
		}
		return next
	case *global.Choice:
		if rp.skips(n) || len(n.Branches) == 0 {
			return cont
		}
		if n.Decider == rp.role {
			return rp.selection(n, cont)
		}
		return rp.merging(n, cont)
	case *global.Rec:
		if rp.skips(n) {
			return cont
		}
		return rp.rec(n, cont)
	case *global.Continue:
		name := rp.varName(n.Label)
		if name == "" {
			return rp.silent
		}
		v := &Var{Name: name}
		rp.varSpans[v] = n.Span
		rp.uses[name]++
		return v
	case *global.Loop:
		if rp.skips(n) {
			return cont
		}
		return rp.block(n.Body, cont)
	case *global.Par:
		return rp.par(n, cont)
	}
	return cont // Opaque: kept in the tree, not projected
}

// stuckAt reports whether control never passes n on.
func (rp *roleProjector) stuckAt(n global.Node) bool {
	switch n := n.(type) {
	case *global.Send:
		return false
	case *global.Continue:
		return true
	case *global.Opaque:
		return false
	default:
		return rp.info[n].stuck
	}
}

// skips reports whether the role can pass over n: it neither communicates
// nor jumps anywhere inside.
func (rp *roleProjector) skips(n global.Node) bool {
	i := rp.info[n]
	return !rp.in(i.roles) && !i.jumps
}

// varName is the local variable for a continue to label.
func (rp *roleProjector) varName(label string) string {
	for i := len(rp.scope) - 1; i >= 0; i-- {
		if rp.scope[i].label == label {
			return rp.scope[i].name
		}
	}
	return label // unbound continue (reported by analysis): keep it free
}

// rec projects `rec L { body }` followed by cont. The continuation sits
// inside the local rec (the exits of the body lead to it), so a label that
// an enclosing rec already binds is renamed to keep cont's variables from
// being captured.
func (rp *roleProjector) rec(n *global.Rec, cont Type) Type {
	if !rp.in(rp.info[n].roles) {
		return rp.silentRec(n, cont)
	}
	name := n.Label
	for k := 2; rp.bound(name); k++ {
		name = n.Label + "_" + strconv.Itoa(k)
	}
	saved := rp.uses[name]
	rp.uses[name] = 0
	rp.scope = append(rp.scope, recBinding{label: n.Label, name: name})
	body := rp.block(n.Body, cont)
	rp.scope = rp.scope[:len(rp.scope)-1]
	used := rp.uses[name] > 0
	rp.uses[name] = saved
	if v, ok := body.(*Var); ok && v.Name == name {
		return cont // the role only loops silently: it takes no part
	}
	if !used {
		return body
	}
	return &Rec{Var: name, Body: body}
}

// silentRec projects a rec the role takes no part in but whose body jumps
// (to it or to an enclosing rec). Jumps to it are silent for the role: they
// merge with anything, so the role's type is what it does when the loop is
// left (the continuation, or a jump to an enclosing rec), and the
// continuation when every path loops.
func (rp *roleProjector) silentRec(n *global.Rec, cont Type) Type {
	rp.scope = append(rp.scope, recBinding{label: n.Label, name: ""})
	body := rp.block(n.Body, cont)
	rp.scope = rp.scope[:len(rp.scope)-1]
	if body == rp.silent {
		return cont
	}
	return body
}

func (rp *roleProjector) bound(name string) bool {
	for _, b := range rp.scope {
		if b.name == name {
			return true
		}
	}
	return false
}

// selection projects a choice for its decider: an internal choice keyed by
// the first send of each branch. A branch that does not start with a send
// of the decider is a choice-not-decider error (reported by analysis) and
// is left out; when no branch starts with a send, the branches are merged
// as for any other role.
func (rp *roleProjector) selection(c *global.Choice, cont Type) Type {
	ts := make([]Type, len(c.Branches))
	var choices []Choice
	var unfolds unfolder
	for i, br := range c.Branches {
		ts[i] = rp.block(br.Body, cont)
		h := ts[i]
		if r, ok := h.(*Rec); ok { // a branch that starts with a loop
			if u, ok := unfolds.head(r); ok {
				h = u
			}
		}
		switch h := h.(type) {
		case *Send:
			choices = append(choices, Choice{Peer: h.To, Msg: h.Msg, Label: br.Label, Origin: h.Origin, Merged: h.Merged, Next: h.Next})
		case *Select: // the branch starts with a nested choice of the same decider
			choices = append(choices, h.Choices...)
		}
	}
	if len(choices) == 0 {
		return rp.mergeBranches(c, ts)
	}
	return outputOf(choices)
}

// merging projects a choice for a role that does not decide it: the merge
// of its projections of every branch. A branch whose projection starts with
// a receive becomes a one-alternative external choice carrying the
// branch's label, so the merged external choice knows its labels.
func (rp *roleProjector) merging(c *global.Choice, cont Type) Type {
	ts := make([]Type, len(c.Branches))
	for i, br := range c.Branches {
		t := rp.block(br.Body, cont)
		if h, ok := t.(*Recv); ok {
			t = &Branch{Choices: []Choice{{Peer: h.From, Msg: h.Msg, Label: br.Label, Origin: h.Origin, Merged: h.Merged, Next: h.Next}}}
		}
		ts[i] = t
	}
	return rp.mergeBranches(c, ts)
}

// mergeBranches folds merge over ts (the projections of c's branches, in
// order) and reports the first conflict as unmergeable or, when there is
// none, the first end-against-action as unaware-role.
func (rp *roleProjector) mergeBranches(c *global.Choice, ts []Type) Type {
	acc := ts[0]
	var conflict, unaware *mergeIssue
	conflictAt, unawareAt := 0, 0
	for j := 1; j < len(ts); j++ {
		m := merger{silent: rp.silent}
		acc = m.merge(acc, ts[j])
		if conflict == nil && m.conflict != nil {
			conflict, conflictAt = m.conflict, j
		}
		if unaware == nil && m.unaware != nil {
			unaware, unawareAt = m.unaware, j
		}
	}
	switch {
	case conflict != nil:
		rp.reportIssue(c, ts, conflictAt, conflict, false)
	case unaware != nil:
		rp.reportIssue(c, ts, unawareAt, unaware, true)
	}
	if b, ok := acc.(*Branch); ok && len(b.Choices) == 1 {
		return inputOf(b.Choices)
	}
	return acc
}

// reportIssue reports a merge issue found when folding branch j into the
// earlier ones. It names the earliest branch k < j that conflicts with j on
// its own (falling back to j-1 with the accumulated issue).
func (rp *roleProjector) reportIssue(c *global.Choice, ts []Type, j int, issue *mergeIssue, lenient bool) {
	k := j - 1
	for i := 0; i < j; i++ {
		m := merger{silent: rp.silent}
		m.merge(ts[i], ts[j])
		found := m.conflict
		if lenient {
			found = m.unaware
		}
		if found != nil {
			k, issue = i, found
			break
		}
	}
	left, right := c.Branches[k], c.Branches[j]
	related := []diag.Related{
		rp.relatedFor(issue.a, left),
		rp.relatedFor(issue.b, right),
	}
	if !lenient {
		rp.report(diag.Diagnostic{
			Span:     c.Span,
			Severity: diag.Error,
			Code:     CodeUnmergeable,
			Message: fmt.Sprintf("role %s cannot tell branch %s from branch %s of the choice at %s: it does %s in one and %s in the other",
				rp.role, branchName(c, k), branchName(c, j), c.Decider, describe(issue.a), describe(issue.b)),
			Related: related,
		})
		return
	}
	actionBranch, endBranch, action := k, j, issue.a
	if _, ok := issue.a.(*End); ok {
		actionBranch, endBranch, action = j, k, issue.b
	}
	rp.report(diag.Diagnostic{
		Span:     c.Span,
		Severity: diag.Warning,
		Code:     CodeUnawareRole,
		Message: fmt.Sprintf("role %s is not told which branch of the choice at %s was taken: it does %s in branch %s but nothing in branch %s (it may wait forever)",
			rp.role, c.Decider, describe(action), branchName(c, actionBranch), branchName(c, endBranch)),
		Related: related,
	})
}

// relatedFor locates the action t (a conflicting head found in branch br).
func (rp *roleProjector) relatedFor(t Type, br *global.Branch) diag.Related {
	name := "`" + br.Label + "`"
	if br.Label == "" {
		name = "here"
	}
	if _, ok := t.(*End); ok {
		return diag.Related{Span: br.Span, Message: fmt.Sprintf("%s has nothing more to do in branch %s", rp.role, name)}
	}
	return diag.Related{Span: rp.spanOf(t, br), Message: fmt.Sprintf("%s does %s in branch %s", rp.role, describe(t), name)}
}

// spanOf is the source span of the first action of t, or br's span when
// none is known.
func (rp *roleProjector) spanOf(t Type, br *global.Branch) diag.Span {
	origin := -1
	switch t := t.(type) {
	case *Send:
		origin = t.Origin
	case *Recv:
		origin = t.Origin
	case *Select:
		origin = t.Choices[0].Origin
	case *Branch:
		origin = t.Choices[0].Origin
	case *Rec:
		return rp.spanOf(t.Body, br)
	case *Var:
		if s, ok := rp.varSpans[t]; ok {
			return s
		}
	}
	if s, ok := rp.sends[origin]; ok {
		return s.Span
	}
	return br.Span
}

// branchName names branch i of c for messages: its label in backquotes, or
// its position when it has none.
func branchName(c *global.Choice, i int) string {
	if l := c.Branches[i].Label; l != "" {
		return "`" + l + "`"
	}
	return "#" + strconv.Itoa(i+1)
}

// par projects a parallel composition: the branches the role takes part in,
// in declaration order, each continuing with the next.
func (rp *roleProjector) par(n *global.Par, cont Type) Type {
	var mine []int
	for i, s := range rp.parInvolved[n] {
		if rp.in(s) {
			mine = append(mine, i)
		}
	}
	if len(mine) > 1 {
		rp.checkParallel(n, mine)
	}
	t := cont
	for k := len(mine) - 1; k >= 0; k-- {
		t = rp.block(n.Branches[mine[k]], t)
	}
	return t
}

// checkParallel reports inconsistent-parallel when two branches of n both
// send to the same peer for the role. Two branches that both receive from
// the same peer for a role are the same situation seen from the peer, which
// reports it as a sender, so each clash is reported once.
func (rp *roleProjector) checkParallel(n *global.Par, branches []int) {
	first := make(map[string]*global.Send) // peer → the role's first send to it in earlier branches
	for _, i := range branches {
		var mine []*global.Send
		forEachSend(n.Branches[i], func(s *global.Send) {
			if s.From == rp.role && s.To != rp.role {
				mine = append(mine, s)
			}
		})
		for _, s := range mine {
			if f, ok := first[s.To]; ok {
				rp.reportParallel(n, f, s)
				return
			}
		}
		for _, s := range mine {
			if _, ok := first[s.To]; !ok {
				first[s.To] = s
			}
		}
	}
}

func (rp *roleProjector) reportParallel(n *global.Par, first, second *global.Send) {
	rp.report(diag.Diagnostic{
		Span:     n.Span,
		Severity: diag.Error,
		Code:     CodeInconsistentParallel,
		Message: fmt.Sprintf("role %s sends to %s in two branches of par, so the protocol does not fix the order of %s and %s on that channel",
			rp.role, second.To, first.Msg.Name, second.Msg.Name),
		Related: []diag.Related{
			{Span: first.Span, Message: fmt.Sprintf("%s -> %s : %s in one branch", first.From, first.To, first.Msg.Name)},
			{Span: second.Span, Message: fmt.Sprintf("%s -> %s : %s in a later branch", second.From, second.To, second.Msg.Name)},
		},
	})
}

// forEachSend calls f for every send in b, in source order, descending into
// every compound node.
func forEachSend(b global.Block, f func(*global.Send)) {
	global.Walk(b, func(n global.Node) {
		if s, ok := n.(*global.Send); ok {
			f(s)
		}
	})
}

// roleSet is a set of role bits.
type roleSet []uint64

func (s roleSet) has(i int) bool {
	w := i / 64
	return w < len(s) && s[w]&(1<<(i%64)) != 0
}

// with returns s with i added (s may be reused).
func (s roleSet) with(i int) roleSet {
	for len(s) <= i/64 {
		s = append(s, 0)
	}
	s[i/64] |= 1 << (i % 64)
	return s
}

// union returns s ∪ o (s may be reused).
func (s roleSet) union(o roleSet) roleSet {
	for len(s) < len(o) {
		s = append(s, 0)
	}
	for i, w := range o {
		s[i] |= w
	}
	return s
}
