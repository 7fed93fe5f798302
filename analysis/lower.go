package analysis

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// maxUnroll bounds the statements a literal `loop repeat n` may produce
// when unrolled; a larger loop is kept as a counted global.Loop.
const maxUnroll = 10_000

// lowerer turns the syntax tree of one protocol into a global.Protocol,
// reporting the checks that need names resolved (§2) on the way.
type lowerer struct {
	ctx  context.Context
	cfg  *config.Config
	src  []byte
	res  *Result
	ann  *annotationChecker
	diag []diag.Diagnostic

	proto     *syntax.Protocol
	out       *global.Protocol
	roles     map[string]*roleInfo
	roleOrder []*roleInfo
	// participants is out.Participants(), fixed once roles are declared
	// (read only).
	participants []string
	locals       map[string]*localInfo
	calling      []string // local protocols being inlined, outermost first

	nextID     int
	metas      map[*syntax.AnnotationList]*global.Meta
	loopLabels map[*syntax.Loop]string   // rec label generated for each loop forever / decide
	genLabels  map[string]diag.Span      // generated label → its loop's span
	symIndex   map[string]map[string]int // family → symbolic index → member
	labelSyms  map[diag.Span]*Symbol
}

type roleInfo struct {
	role      *global.Role
	decl      *syntax.RoleDecl
	sym       *Symbol
	symbol    string   // size symbol of F[N]
	used      bool     // referenced by some statement
	instances []string // role.Instances(), shared by resolve's results (read only)
}

type localInfo struct {
	proto  *syntax.Protocol
	sym    *Symbol
	called bool
}

// scope is what is visible at a statement: enclosing rec labels and the
// family members bound by an enclosing `choice at F[*]`.
type scope struct {
	recs   []*Symbol
	member map[string]int
}

func (sc scope) withRec(sym *Symbol) scope {
	sc.recs = append(append([]*Symbol(nil), sc.recs...), sym)
	return sc
}

func (sc scope) withMember(family string, i int) scope {
	m := make(map[string]int, len(sc.member)+1)
	for k, v := range sc.member {
		m[k] = v
	}
	m[family] = i
	sc.member = m
	return sc
}

func (l *lowerer) report(d diag.Diagnostic) { l.diag = append(l.diag, d) }

func (l *lowerer) errorf(code diag.Code, span diag.Span, format string, args ...any) {
	l.report(diag.Diagnostic{Span: span, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

// relatedErrorf reports an error with one related location.
func (l *lowerer) relatedErrorf(code diag.Code, span diag.Span, rel diag.Related, format string, args ...any) {
	l.report(diag.Diagnostic{Span: span, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...), Related: []diag.Related{rel}})
}

func (l *lowerer) warnf(code diag.Code, sev diag.Severity, span diag.Span, format string, args ...any) {
	l.report(diag.Diagnostic{Span: span, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

// lowerProtocol lowers p (the file's first top-level protocol).
func (l *lowerer) lowerProtocol(p *syntax.Protocol, namespace string) *global.Protocol {
	l.proto = p
	l.out = &global.Protocol{Name: p.Name.Name, NameSpan: p.Name.Span, Span: p.Span, Namespace: namespace}
	l.res.Symbols.add(&Symbol{Kind: SymProtocol, Name: p.Name.Name, Def: p.Name.Span, Scope: p.Span, Detail: "protocol " + p.Name.Name})
	l.declareRoles(p)
	l.participants = l.out.Participants()
	l.declareLocals(p)
	l.labelLoops(p)
	l.out.Body = l.block(p.Body, scope{})
	for _, name := range sortedLocalNames(l.locals) {
		li := l.locals[name]
		if li.proto.Roles != nil || len(li.proto.Params) > 0 {
			sp := li.proto.Name.Span
			if li.proto.Roles != nil {
				sp = li.proto.Roles.Span
			}
			l.errorf(CodeLocalRoles, sp, "local protocol %s declares roles; it uses the roles of %s", name, p.Name.Name)
		}
		if !li.called {
			// Check the body of a local nobody calls, for its diagnostics.
			l.inline(li, p.Name.Span)
		}
	}
	l.checkUnusedRoles()
	return l.out
}

func sortedLocalNames(m map[string]*localInfo) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// declareRoles builds the role table from the header parameters and the
// roles declaration, reporting duplicate-role.
func (l *lowerer) declareRoles(p *syntax.Protocol) {
	l.roles = make(map[string]*roleInfo)
	decls := append([]*syntax.RoleDecl(nil), p.Params...)
	if p.Roles != nil {
		decls = append(decls, p.Roles.Roles...)
	}
	for _, d := range decls {
		name := d.Name.Name
		if prev, dup := l.roles[name]; dup {
			l.relatedErrorf(CodeDuplicateRole, d.Span, diag.Related{Span: prev.decl.Span, Message: "first declared here"}, "role %s is declared twice", name)
			prev.sym.addRef(d.Name.Span)
			continue
		}
		r := &global.Role{Name: name, Span: d.Span, Size: 1, SizeFrom: global.SizeSingle}
		ri := &roleInfo{role: r, decl: d}
		detail := "role " + name
		if f := d.Family; f != nil {
			r.Family = true
			switch f.Kind {
			case syntax.SizeFixed:
				r.Size, r.SizeFrom = f.N, global.SizeLiteral
				detail = fmt.Sprintf("role family %s[%d], %d members", name, f.N, f.N)
			default:
				ri.symbol = f.Symbol
				size, configured := l.cfg.FamilySize(name, f.Symbol)
				r.Size, r.SizeFrom = size, global.SizeDefault
				how := "default size"
				if configured {
					r.SizeFrom, how = global.SizeConfig, "size from choreo.yaml"
				}
				written := f.Symbol
				if f.Kind == syntax.SizeDynamic {
					written = "*"
				}
				detail = fmt.Sprintf("role family %s[%s], %d members (%s)", name, written, size, how)
			}
			if r.Size < 1 {
				l.errorf(CodeBadIndex, f.Span, "role family %s must have at least one member", name)
				r.Size = 1
			}
		}
		ri.instances = r.Instances()
		ri.sym = l.res.Symbols.add(&Symbol{Kind: SymRole, Name: name, Def: d.Name.Span, Scope: p.Span, Detail: detail})
		l.roles[name] = ri
		l.roleOrder = append(l.roleOrder, ri)
		l.out.Roles = append(l.out.Roles, r)
	}
}

func (l *lowerer) declareLocals(p *syntax.Protocol) {
	l.locals = make(map[string]*localInfo)
	for _, lp := range p.Locals {
		name := lp.Name.Name
		if prev, dup := l.locals[name]; dup {
			l.relatedErrorf(CodeDuplicateLocal, lp.Name.Span, diag.Related{Span: prev.proto.Name.Span, Message: "first defined here"}, "local protocol %s is defined twice", name)
			continue
		}
		sym := l.res.Symbols.add(&Symbol{Kind: SymLocalProtocol, Name: name, Def: lp.Name.Span, Scope: lp.Span, Detail: "local protocol " + name})
		l.locals[name] = &localInfo{proto: lp, sym: sym}
	}
}

// labelLoops names the recursion of every loop that becomes one (loop
// forever, loop decide): Loop1, Loop2, ... in source order over the
// protocol's body and then its local protocols, so that labels follow the
// protocol's structure and not its line numbers. A name a rec of the file
// already uses gets a suffix (Loop2_2), so a generated label never captures
// a user's continue.
func (l *lowerer) labelLoops(p *syntax.Protocol) {
	user := make(map[string]bool)
	var loops []*syntax.Loop
	var visit func(b *syntax.Block)
	visit = func(b *syntax.Block) {
		if b == nil {
			return
		}
		for _, st := range b.Stmts {
			switch s := st.(type) {
			case *syntax.Rec:
				user[s.Label.Name] = true
			case *syntax.Loop:
				if s.Kind != syntax.LoopRepeat && s.Kind != syntax.LoopWhile {
					loops = append(loops, s)
				}
			}
			for _, sub := range childBlocks(st) {
				visit(sub)
			}
		}
	}
	visit(p.Body)
	for _, lp := range p.Locals {
		visit(lp.Body)
	}
	l.loopLabels = make(map[*syntax.Loop]string, len(loops))
	for i, lp := range loops {
		base := "Loop" + strconv.Itoa(i+1)
		name := base
		for n := 2; user[name]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		l.loopLabels[lp] = name
		l.genLabels[name] = lp.Span
	}
}

// childBlocks returns the blocks nested directly in st.
func childBlocks(st syntax.Stmt) []*syntax.Block {
	switch s := st.(type) {
	case *syntax.Choice:
		var out []*syntax.Block
		for _, br := range s.Branches {
			out = append(out, br.Body)
		}
		return out
	case *syntax.Loop:
		return []*syntax.Block{s.Body}
	case *syntax.Rec:
		return []*syntax.Block{s.Body}
	case *syntax.Par:
		return s.Branches
	case *syntax.Retry:
		return []*syntax.Block{s.Body}
	case *syntax.Heartbeat:
		return []*syntax.Block{s.Missing, s.Body}
	}
	return nil
}

// block lowers a sequence of statements. Statements after one that never
// passes control on (a `continue`, a `loop forever`, a `rec` or a choice
// whose every path jumps back: global.NodeFallsThrough) are reported
// unreachable and checked but dropped.
func (l *lowerer) block(b *syntax.Block, sc scope) global.Block {
	if b == nil {
		return nil
	}
	var out global.Block
	for i, st := range b.Stmts {
		if l.ctx.Err() != nil {
			return out
		}
		nodes := l.stmt(st, sc)
		out = append(out, nodes...)
		if i+1 == len(b.Stmts) || !mayEndFlow(st) || global.FallsThrough(nodes) {
			continue
		}
		rest := b.Stmts[i+1:]
		sp := diag.Span{Start: rest[0].StmtSpan().Start, End: rest[len(rest)-1].StmtSpan().End}
		kind := flowEnder(st)
		l.relatedErrorf(CodeUnreachable, sp, diag.Related{Span: st.StmtSpan(), Message: "control never passes this " + kind}, "unreachable: nothing after %s runs", kind)
		for _, r := range rest {
			l.stmt(r, sc)
		}
		break
	}
	return out
}

// mayEndFlow reports whether st can keep control from passing to the next
// statement (sends and the like always pass it on), so that the model is
// only searched for those.
func mayEndFlow(st syntax.Stmt) bool {
	switch st.(type) {
	case *syntax.Continue, *syntax.Loop, *syntax.Rec, *syntax.Choice, *syntax.Par, *syntax.Retry, *syntax.Call:
		return true
	}
	return false
}

// flowEnder names a statement that never passes control on, for messages.
func flowEnder(st syntax.Stmt) string {
	switch s := st.(type) {
	case *syntax.Continue:
		return "continue"
	case *syntax.Loop:
		if s.Kind == syntax.LoopForever {
			return "loop forever"
		}
		return "loop (every path repeats it)"
	case *syntax.Rec:
		return "rec " + s.Label.Name + " (every path continues it)"
	case *syntax.Choice:
		return "choice (every branch continues a loop)"
	}
	return "statement (every path continues a loop)"
}

func (l *lowerer) stmt(st syntax.Stmt, sc scope) []global.Node {
	l.ann.checkPrefix(st.Prefixes())
	switch s := st.(type) {
	case *syntax.Send:
		return l.send(s, sc)
	case *syntax.Choice:
		return l.choice(s, sc)
	case *syntax.Loop:
		return l.loop(s, sc)
	case *syntax.Rec:
		sym := l.res.Symbols.add(&Symbol{Kind: SymRecLabel, Name: s.Label.Name, Def: s.Label.Span, Scope: s.Span, Detail: "rec " + s.Label.Name})
		return []global.Node{&global.Rec{Label: s.Label.Name, Body: l.block(s.Body, sc.withRec(sym)), Span: s.Span}}
	case *syntax.Continue:
		for i := len(sc.recs) - 1; i >= 0; i-- {
			if sc.recs[i].Name == s.Label.Name {
				sc.recs[i].addRef(s.Label.Span)
				return []global.Node{&global.Continue{Label: s.Label.Name, Span: s.Span}}
			}
		}
		l.errorf(CodeUnboundContinue, s.Label.Span, "continue %s is not inside rec %s", s.Label.Name, s.Label.Name)
		return nil
	case *syntax.Par:
		p := &global.Par{Span: s.Span}
		for _, b := range s.Branches {
			p.Branches = append(p.Branches, l.block(b, sc))
		}
		return []global.Node{p}
	case *syntax.Call:
		li := l.locals[s.Name.Name]
		if li == nil {
			l.errorf(CodeUnknownCall, s.Name.Span, "call of unknown local protocol %s", s.Name.Name)
			return nil
		}
		li.sym.addRef(s.Name.Span)
		return l.inline(li, s.Name.Span)
	case *syntax.Handshake:
		return l.handshake(s, sc)
	case *syntax.Retry:
		return l.block(s.Body, sc)
	case *syntax.QuorumCollect:
		return l.quorum(s, sc)
	case *syntax.Heartbeat:
		l.resolve(s.From, sc, true)
		l.resolve(s.To, sc, true)
		l.block(s.Missing, sc)
		l.block(s.Body, sc)
		l.warnf(CodeNotProjected, diag.Information, l.headerSpan(s.Span), "heartbeat is kept for the runtime but not projected: local types do not include it")
		return []global.Node{&global.Opaque{Kind: "heartbeat", Span: s.Span}}
	case *syntax.RuntimeOp:
		for _, op := range s.Operands {
			if ri := l.roles[op.Name]; ri != nil { // transfer x to R, check x for R
				ri.used = true
				ri.sym.addRef(op.Span)
			}
		}
		l.warnf(CodeNotProjected, diag.Information, s.Span, "runtime operation %s is kept for the runtime but not projected", s.Op.Name)
		return []global.Node{&global.Opaque{Kind: s.Op.Name, Span: s.Span}}
	}
	return nil
}

// inline lowers the body of a local protocol in a fresh scope (rec labels
// and family bindings of the caller are not visible in it), reporting
// call-cycle when it is already being inlined.
func (l *lowerer) inline(li *localInfo, at diag.Span) []global.Node {
	name := li.proto.Name.Name
	for i, c := range l.calling {
		if c == name {
			cycle := append(append([]string(nil), l.calling[i:]...), name)
			l.errorf(CodeCallCycle, at, "call %s forms a cycle: %s", name, strings.Join(cycle, " → "))
			return nil
		}
	}
	li.called = true
	l.calling = append(l.calling, name)
	defer func() { l.calling = l.calling[:len(l.calling)-1] }()
	return l.block(li.proto.Body, scope{})
}

// send lowers a send or broadcast, expanding families and broadcasts.
func (l *lowerer) send(s *syntax.Send, sc scope) []global.Node {
	froms := l.resolve(s.Sender, sc, false)
	meta := l.meta(s.Annotations)
	if s.Message == nil {
		return nil
	}
	var tos []string
	origin := global.FromSend
	if s.Broadcast {
		tos, origin = l.participants, global.FromBroadcast
		for _, ri := range l.roleOrder {
			ri.used = true // every other role receives a broadcast
		}
	} else {
		tos = l.resolve(s.Receiver, sc, false)
	}
	if len(froms) == 0 || len(tos) == 0 {
		return nil
	}
	if !s.Broadcast && len(froms) == 1 && len(tos) == 1 && froms[0] == tos[0] {
		l.errorf(CodeSelfSend, s.Span, "%s sends %s to itself", froms[0], s.Message.Name.Name)
		return nil
	}
	if origin == global.FromSend && (len(froms) > 1 || len(tos) > 1) {
		origin = global.FromFamily
	}
	return l.sends(froms, tos, s.Message, meta, origin, s.Span)
}

// sends emits from → to for every pair in order, skipping self pairs (a
// family sending to itself means every member to every other member).
func (l *lowerer) sends(froms, tos []string, m *syntax.Message, meta *global.Meta, origin global.Origin, span diag.Span) []global.Node {
	var out []global.Node
	msg := global.Message{Name: m.Name.Name, Payload: payloadText(m)}
	for _, f := range froms {
		for _, t := range tos {
			if f == t {
				continue
			}
			l.nextID++
			out = append(out, &global.Send{ID: l.nextID, From: f, To: t, Msg: msg, Meta: meta, Origin: origin, Span: span, MsgSpan: m.Span})
		}
	}
	return out
}

// payloadText is the payload of a message in the model: its text, after
// its type list when it has both (`Request<String>(data)` → "<String>
// data"), so that a change of either is a payload change.
func payloadText(m *syntax.Message) string {
	if m.TypeArgs == "" {
		return m.Payload
	}
	return strings.TrimSpace("<" + m.TypeArgs + "> " + m.Payload)
}

// meta validates an annotation list once, however often its statement is
// lowered.
func (l *lowerer) meta(list *syntax.AnnotationList) *global.Meta {
	if list == nil {
		return nil
	}
	if m, ok := l.metas[list]; ok {
		return m
	}
	m := l.ann.meta(list)
	l.metas[list] = m
	return m
}

func (l *lowerer) handshake(s *syntax.Handshake, sc scope) []global.Node {
	as, bs := l.resolve(s.Left, sc, false), l.resolve(s.Right, sc, false)
	if len(as) == 0 || len(bs) == 0 {
		return nil
	}
	if len(as) == 1 && len(bs) == 1 && as[0] == bs[0] {
		l.errorf(CodeSelfSend, s.Span, "handshake of %s with itself", as[0])
		return nil
	}
	m := &syntax.Message{Span: s.Label.Span, Name: s.Label}
	out := l.sends(as, bs, m, nil, global.FromHandshake, s.Span)
	return append(out, l.sends(bs, as, m, nil, global.FromHandshake, s.Span)...)
}

func (l *lowerer) quorum(s *syntax.QuorumCollect, sc scope) []global.Node {
	froms := l.resolve(s.Family, sc, true)
	to := l.resolve(s.Receiver, sc, false)
	if len(froms) == 0 || len(to) == 0 || s.Message == nil {
		return nil
	}
	if s.Min.Kind == syntax.ValueInt && (s.Min.Int < 1 || int(s.Min.Int) > len(froms)) {
		l.errorf(CodeBadIndex, s.Min.Span, "quorum min %d is outside 1..%d (the members of %s)", s.Min.Int, len(froms), s.Family.Name.Name)
	}
	return l.sends(froms, to, s.Message, nil, global.FromQuorum, s.Span)
}

// choice lowers a choice; `choice at F[*]` becomes one choice per member,
// in index order, with F[*] standing for that member in its branches.
func (l *lowerer) choice(c *syntax.Choice, sc scope) []global.Node {
	seen := make(map[string]*syntax.Branch)
	for _, br := range c.Branches {
		if prev, dup := seen[br.Label.Name]; dup {
			l.relatedErrorf(CodeDuplicateLabel, br.Label.Span, diag.Related{Span: prev.Label.Span, Message: "first used here"}, "branch label `%s` is used twice in this choice", br.Label.Name)
		} else {
			seen[br.Label.Name] = br
		}
		if l.labelSyms[br.Label.Span] == nil {
			l.labelSyms[br.Label.Span] = l.res.Symbols.add(&Symbol{Kind: SymLabel, Name: br.Label.Name, Def: br.Label.Span, Scope: c.Span, Detail: "branch " + br.Label.Name})
		}
	}
	deciders := l.resolve(c.Decider, sc, false)
	if len(deciders) == 0 {
		for _, br := range c.Branches {
			l.block(br.Body, sc)
		}
		return nil
	}
	timeout := ""
	if c.Timeout != nil {
		timeout = c.Timeout.Text
	}
	var out []global.Node
	for i, d := range deciders {
		bsc := sc
		if len(deciders) > 1 {
			bsc = sc.withMember(c.Decider.Name.Name, l.memberIndex(c.Decider, i))
		}
		ch := &global.Choice{Decider: d, Timeout: timeout, Span: c.Span}
		for _, br := range c.Branches {
			ch.Branches = append(ch.Branches, &global.Branch{Label: br.Label.Name, Guard: br.Guard, Body: l.block(br.Body, bsc), Span: br.Span, LabelSpan: br.Label.Span})
		}
		out = append(out, ch)
	}
	return out
}

// memberIndex returns the member index of the i-th participant a family
// reference resolved to.
func (l *lowerer) memberIndex(ref *syntax.RoleRef, i int) int {
	if ref.Index != nil && ref.Index.Kind == syntax.IndexRange {
		from, _ := l.rangeBounds(ref.Index, l.roles[ref.Name.Name].role.Size)
		return from + i
	}
	return i
}

// loop lowers the four loop kinds (§1).
func (l *lowerer) loop(lp *syntax.Loop, sc scope) []global.Node {
	switch lp.Kind {
	case syntax.LoopDecide:
		return l.decideLoop(lp, sc)
	case syntax.LoopRepeat:
		if lp.Count != nil && lp.Count.Kind == syntax.ValueInt {
			n := int(lp.Count.Int)
			if n*max(1, countStmts(lp.Body)) <= maxUnroll {
				var out []global.Node
				for range n {
					out = append(out, l.block(lp.Body, sc)...)
				}
				if n == 0 {
					l.block(lp.Body, sc)
				}
				return out
			}
		}
		count := ""
		if lp.Count != nil {
			count = lp.Count.Text
		}
		return []global.Node{&global.Loop{Kind: global.LoopRepeat, Count: count, Body: l.block(lp.Body, sc), Span: lp.Span}}
	case syntax.LoopWhile:
		l.warnf(CodeLoopWhile, diag.Warning, l.headerSpan(lp.Span),
			"no role decides this loop: every participant must evaluate %q identically, and the runtime bounds it by configuration", lp.Predicate)
		return []global.Node{&global.Loop{Kind: global.LoopWhile, Predicate: lp.Predicate, Body: l.block(lp.Body, sc), Span: lp.Span}}
	default: // LoopForever
		label := l.loopLabels[lp]
		body := l.block(lp.Body, sc)
		body = append(body, &global.Continue{Label: label, Span: lp.Span})
		return []global.Node{&global.Rec{Label: label, Body: body, Span: lp.Span}}
	}
}

func countStmts(b *syntax.Block) int {
	if b == nil {
		return 0
	}
	n := len(b.Stmts)
	for _, st := range b.Stmts {
		for _, sub := range childBlocks(st) {
			n += countStmts(sub)
		}
	}
	return n
}

// decideLoop desugars `loop decide by R { body }` into
//
//	rec L { choice at R { Continue: [R -> P : Continue]* body; continue L
//	                    | Done: R -> P : Done for every P of body } }
//
// When body starts with a choice at R, that choice's branches replace the
// Continue branch (the rest of body follows each of them).
func (l *lowerer) decideLoop(lp *syntax.Loop, sc scope) []global.Node {
	deciders := l.resolve(lp.Decider, sc, false)
	if len(deciders) != 1 {
		if len(deciders) > 1 {
			l.errorf(CodeBadIndex, lp.Decider.Span, "a loop is decided by one role, not by %d members of %s", len(deciders), lp.Decider.Name.Name)
		}
		l.block(lp.Body, sc) // for its diagnostics
		return nil
	}
	r := deciders[0]
	label := l.loopLabels[lp]

	type branch struct {
		label, guard string
		body         global.Block
		span, at     diag.Span // the branch and its label
		generated    bool
	}
	var conts []branch
	var all global.Block // every branch body, for the participants
	if lp.Body != nil && len(lp.Body.Stmts) > 0 {
		head := l.stmt(lp.Body.Stmts[0], sc)
		rest := &syntax.Block{Span: lp.Body.Span, Stmts: lp.Body.Stmts[1:]}
		if ch, ok := soleChoiceAt(head, r); ok {
			// The rest of the body follows every branch; it is lowered
			// once per branch so that each send keeps its own id.
			for _, br := range ch.Branches {
				b := append(append(global.Block(nil), br.Body...), l.block(rest, sc)...)
				conts = append(conts, branch{br.Label, br.Guard, b, br.Span, br.LabelSpan, false})
				all = append(all, b...)
			}
		} else {
			all = append(head, l.block(rest, sc)...)
		}
	}
	if conts == nil {
		conts = []branch{{label: "Continue", body: all, span: lp.Span, at: lp.Span, generated: true}}
	}
	others := l.participantsOf(all, r)
	signal := func(to, name string) *global.Send {
		l.nextID++
		return &global.Send{ID: l.nextID, From: r, To: to, Msg: global.Message{Name: name}, Origin: global.FromLoopSignal, Span: lp.Span, MsgSpan: lp.Span}
	}
	ch := &global.Choice{Decider: r, Span: lp.Span}
	for _, c := range conts {
		// Signals go first in the Continue branch. A branch that replaces
		// it keeps its own first message first, so that its label selects
		// towards that message's recipient; its signals follow it.
		at := 0
		if len(conts) > 1 && len(c.body) > 0 {
			if first, ok := c.body[0].(*global.Send); ok && first.From == r {
				at = 1
			}
		}
		b := append(global.Block(nil), c.body[:at]...)
		for _, p := range others {
			if !informedBy(c.body, p, r) {
				b = append(b, signal(p, "Continue"))
			}
		}
		b = append(b, c.body[at:]...)
		b = append(b, &global.Continue{Label: label, Span: lp.Span})
		ch.Branches = append(ch.Branches, &global.Branch{Label: c.label, Guard: c.guard, Body: b, Span: c.span, LabelSpan: c.at, Generated: c.generated})
	}
	var done global.Block
	for _, p := range others {
		done = append(done, signal(p, "Done"))
	}
	ch.Branches = append(ch.Branches, &global.Branch{Label: "Done", Body: done, Span: lp.Span, LabelSpan: lp.Span, Generated: true})
	return []global.Node{&global.Rec{Label: label, Body: global.Block{ch}, Span: lp.Span}}
}

// soleChoiceAt returns the choice when nodes is exactly one choice at r.
func soleChoiceAt(nodes []global.Node, r string) (*global.Choice, bool) {
	if len(nodes) != 1 {
		return nil, false
	}
	ch, ok := nodes[0].(*global.Choice)
	return ch, ok && ch.Decider == r
}

// participantsOf returns, in participant order, every participant other
// than except that sends or receives in b.
func (l *lowerer) participantsOf(b global.Block, except string) []string {
	in := make(map[string]bool)
	global.Walk(b, func(n global.Node) {
		if s, ok := n.(*global.Send); ok {
			in[s.From], in[s.To] = true, true
		}
	})
	var out []string
	for _, p := range l.participants {
		if in[p] && p != except {
			out = append(out, p)
		}
	}
	return out
}

// informedBy reports whether p's first action in b, on every path, is a
// receive from r.
func informedBy(b global.Block, p, r string) bool {
	acts := firstActions(b, p)
	if len(acts) == 0 {
		return false
	}
	for _, a := range acts {
		if a.send || a.peer != r {
			return false
		}
	}
	return true
}

// action is a participant's first action: a send to or receive from peer.
type action struct {
	send bool
	peer string
}

// firstActions returns p's possible first actions in b; a path on which p
// does nothing contributes nothing.
func firstActions(b global.Block, p string) []action {
	for _, n := range b {
		switch n := n.(type) {
		case *global.Send:
			if n.From == p {
				return []action{{send: true, peer: n.To}}
			}
			if n.To == p {
				return []action{{peer: n.From}}
			}
		case *global.Choice:
			var acts []action
			for _, br := range n.Branches {
				acts = append(acts, firstActions(br.Body, p)...)
			}
			if len(acts) > 0 {
				return acts
			}
		case *global.Rec:
			if acts := firstActions(n.Body, p); len(acts) > 0 {
				return acts
			}
		case *global.Loop:
			if acts := firstActions(n.Body, p); len(acts) > 0 {
				return acts
			}
		case *global.Par:
			var acts []action
			for _, br := range n.Branches {
				acts = append(acts, firstActions(br, p)...)
			}
			if len(acts) > 0 {
				return acts
			}
		case *global.Continue:
			return nil
		}
	}
	return nil
}

// resolve maps a role reference to participants, reporting
// undeclared-role and bad-index. bare allows a family without an index
// (meaning every member), as in `quorum_collect F -> B`. The result is
// read only: it shares the role's instances.
func (l *lowerer) resolve(ref *syntax.RoleRef, sc scope, bare bool) []string {
	if ref == nil {
		return nil
	}
	ri := l.roles[ref.Name.Name]
	if ri == nil {
		l.undeclaredRole(ref)
		return nil
	}
	ri.used = true
	ri.sym.addRef(ref.Name.Span)
	r := ri.role
	if !r.Family {
		if ref.Index != nil {
			l.errorf(CodeBadIndex, ref.Index.Span, "%s is not a role family and cannot be indexed", r.Name)
		}
		return ri.instances
	}
	ix := ref.Index
	if ix == nil {
		if bare {
			return ri.instances
		}
		l.errorf(CodeBadIndex, ref.Span, "role family %s needs an index: %s[*], %s[i] or %s[0..k]", r.Name, r.Name, r.Name, r.Name)
		return nil
	}
	member := func(i int) []string { return ri.instances[i : i+1 : i+1] }
	switch ix.Kind {
	case syntax.IndexAll:
		if i, ok := sc.member[r.Name]; ok {
			return member(i)
		}
		return ri.instances
	case syntax.IndexInt:
		if ix.N < 0 {
			l.errorf(CodeBadIndex, ix.Span, "index %d of %s is negative: members are numbered from 0 (%s)", ix.N, r.Name, sizeText(r))
			return nil
		}
		if ix.N >= r.Size {
			l.errorf(CodeBadIndex, ix.Span, "index %d is outside %s (%s)", ix.N, r.Name, sizeText(r))
			return nil
		}
		return member(ix.N)
	case syntax.IndexSymbol:
		i := l.symbolicIndex(r, ix.Symbol)
		if i >= r.Size {
			l.errorf(CodeBadIndex, ix.Span, "%s[%s] needs a member of its own, but %s has only %s", r.Name, ix.Symbol, r.Name, sizeText(r))
			return nil
		}
		return member(i)
	case syntax.IndexRange:
		from, to := l.rangeBounds(ix, r.Size)
		if from > to {
			l.errorf(CodeBadIndex, ix.Span, "range %d..%d of %s starts after it ends", from, to, r.Name)
			return nil
		}
		if from < 0 {
			l.errorf(CodeBadIndex, ix.Span, "range %d..%d of %s starts below 0: members are numbered from 0 (%s)", from, to, r.Name, sizeText(r))
			return nil
		}
		if to >= r.Size {
			l.errorf(CodeBadIndex, ix.Span, "range %d..%d is outside %s (%s)", from, to, r.Name, sizeText(r))
			return nil
		}
		return ri.instances[from : to+1 : to+1]
	}
	return nil
}

// rangeBounds reads an inclusive range F[a..b]; a symbolic start is 0 and
// a symbolic end the last member.
func (l *lowerer) rangeBounds(ix *syntax.Index, size int) (int, int) {
	from, to := 0, size-1
	if ix.From != nil && ix.From.Kind == syntax.ValueInt {
		from = int(ix.From.Int)
	}
	if ix.To != nil && ix.To.Kind == syntax.ValueInt {
		to = int(ix.To.Int)
	}
	return from, to
}

// symbolicIndex gives each distinct symbolic index of a family its own
// member, in order of first use: F[i] is F[0], F[j] is F[1].
func (l *lowerer) symbolicIndex(r *global.Role, sym string) int {
	m := l.symIndex[r.Name]
	if m == nil {
		m = make(map[string]int)
		l.symIndex[r.Name] = m
	}
	i, ok := m[sym]
	if !ok {
		i = len(m)
		m[sym] = i
	}
	return i
}

func sizeText(r *global.Role) string {
	switch r.SizeFrom {
	case global.SizeLiteral:
		return fmt.Sprintf("%d members", r.Size)
	case global.SizeConfig:
		return fmt.Sprintf("%d members, size from choreo.yaml", r.Size)
	}
	return fmt.Sprintf("%d members, default size", r.Size)
}

// undeclaredRole reports an undeclared role with a quick fix adding it to
// the roles declaration.
func (l *lowerer) undeclaredRole(ref *syntax.RoleRef) {
	name := ref.Name.Name
	decl := name
	if ref.Index != nil {
		decl = name + "[N]"
	}
	d := diag.Diagnostic{Span: ref.Name.Span, Severity: diag.Error, Code: CodeUndeclaredRole, Message: fmt.Sprintf("role %s is not declared", name)}
	if edit, ok := l.addRoleEdit(decl); ok {
		d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Add %s to roles", decl), Edits: []diag.Edit{edit}}}
	}
	l.report(d)
}

// addRoleEdit inserts decl at the end of the roles declaration (or of the
// header's role parameters).
func (l *lowerer) addRoleEdit(decl string) (diag.Edit, bool) {
	var last *syntax.RoleDecl
	if r := l.proto.Roles; r != nil && len(r.Roles) > 0 {
		last = r.Roles[len(r.Roles)-1]
	} else if n := len(l.proto.Params); n > 0 {
		last = l.proto.Params[n-1]
	}
	if last == nil {
		return diag.Edit{}, false
	}
	end := last.Span.End
	return diag.Edit{Span: diag.Span{Start: end, End: end}, NewText: ", " + decl}, true
}

// checkUnusedRoles reports declared roles that no statement names (so
// they never communicate), with a quick fix removing the declaration. A
// role named only in a statement dropped for an error, a heartbeat or a
// runtime operation counts as used: the warning would be noise there.
func (l *lowerer) checkUnusedRoles() {
	for _, ri := range l.roleOrder {
		if ri.used {
			continue
		}
		d := diag.Diagnostic{Span: ri.decl.Span, Severity: diag.Warning, Code: CodeUnusedRole,
			Message: fmt.Sprintf("role %s never sends or receives", ri.role.Name)}
		if e, ok := l.removeRoleEdit(ri.decl); ok {
			d.Fixes = []diag.Fix{{Title: "Remove " + ri.role.Name + " from roles", Edits: []diag.Edit{e}}}
		}
		l.report(d)
	}
}

// removeRoleEdit deletes decl and one adjacent separator from its list.
func (l *lowerer) removeRoleEdit(decl *syntax.RoleDecl) (diag.Edit, bool) {
	var list []*syntax.RoleDecl
	if r := l.proto.Roles; r != nil {
		list = r.Roles
	}
	for _, lst := range [][]*syntax.RoleDecl{list, l.proto.Params} {
		for i, d := range lst {
			if d != decl {
				continue
			}
			switch {
			case len(lst) == 1:
				return diag.Edit{Span: d.Span}, true
			case i > 0:
				return diag.Edit{Span: diag.Span{Start: lst[i-1].Span.End, End: d.Span.End}}, true
			default:
				return diag.Edit{Span: diag.Span{Start: d.Span.Start, End: lst[1].Span.Start}}, true
			}
		}
	}
	return diag.Edit{}, false
}

// headerSpan is the part of a statement on its first line (the header of
// a block statement), trailing blanks and an opening brace excluded.
func (l *lowerer) headerSpan(sp diag.Span) diag.Span {
	start, end := sp.Start.Offset, sp.End.Offset
	if start < 0 || end > len(l.src) || start > end {
		return sp
	}
	line := l.src[start:end]
	if i := strings.IndexByte(string(line), '\n'); i >= 0 {
		line = line[:i]
	}
	n := len(strings.TrimRight(string(line), " \t\r{"))
	return diag.Span{Start: sp.Start, End: diag.Pos{Offset: start + n, Line: sp.Start.Line, Col: sp.Start.Col + n}}
}
