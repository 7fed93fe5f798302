package syntax

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/choreo-lang/choreo/diag"
	grammar "github.com/choreo-lang/choreo/syntax/src"
)

// Diagnostic codes reported by this package.
const (
	CodeSyntax diag.Code = "syntax" // the text does not follow the grammar
	CodeLayout diag.Code = "layout" // tabs or inconsistent indentation (layout form)
)

// ParseFile parses and lowers src. It never fails: broken input yields a
// partial File and diagnostics describing every syntax error. All
// tree-sitter objects it creates are released before it returns.
func ParseFile(src []byte) (*File, []diag.Diagnostic) {
	p := NewParser()
	defer p.Close()
	t, err := p.Parse(context.Background(), src, nil)
	if err != nil {
		// Unreachable: a background context cannot be canceled.
		return &File{}, []diag.Diagnostic{{Severity: diag.Error, Code: CodeSyntax, Message: err.Error()}}
	}
	defer t.Close()
	return Lower(t)
}

// Lower converts a concrete syntax tree into the typed tree and reports
// syntax diagnostics (code "syntax": ERROR and MISSING nodes and lowering
// checks; code "layout": tabs and inconsistent indentation), sorted by
// position. t stays owned by the caller.
//
// Nodes of the typed tree are complete: a statement whose required parts
// are missing from the source (a send without a receiver, a choice without
// a decider, ...) is left out, and a diagnostic says what was expected.
func Lower(t *Tree) (*File, []diag.Diagnostic) {
	root := t.Root()
	buf := nodeBuffers.Get().(*[]grammar.Node)
	defer nodeBuffers.Put(buf)
	*buf = grammar.Flatten(root, *buf)
	l := &lowerer{
		src:   t.Source(),
		root:  root,
		nodes: *buf,
		names: languageNames(),
		lines: lineStarts(t.Source()),
	}
	f := &File{Span: l.span(0)}
	l.scan(f)
	l.file(0, f)
	if f.Form == LayoutForm {
		l.checkLayout(f)
	}
	diag.Sort(l.diags)
	return f, l.diags
}

// nodeBuffers recycles the flattened concrete trees, which Lower needs
// only while it runs: a large file's tree is megabytes that would
// otherwise be allocated, cleared and collected on every keystroke.
var nodeBuffers = sync.Pool{New: func() any { return new([]grammar.Node) }}

// lowerer holds the state of one Lower call.
type lowerer struct {
	src   []byte
	root  *sitter.Node   // the concrete tree, read directly to describe syntax errors
	nodes []grammar.Node // the concrete tree, flattened (see cst.go)
	names *names
	lines []int // byte offsets of the line starts
	line  int   // the line of the last pos call
	diags []diag.Diagnostic
}

func lineStarts(src []byte) []int {
	lines := []int{0}
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// pos returns the position of byte offset off (clamped to the source).
// Lowering asks for positions mostly in source order, so the line of the
// previous call is tried first.
func (l *lowerer) pos(off int) diag.Pos {
	off = max(0, min(off, len(l.src)))
	line := l.line
	if l.lines[line] > off || line+1 < len(l.lines) && l.lines[line+1] <= off {
		line = sort.Search(len(l.lines), func(i int) bool { return l.lines[i] > off }) - 1
		l.line = line
	}
	return diag.Pos{Offset: off, Line: line, Col: off - l.lines[line]}
}

func (l *lowerer) errorf(span diag.Span, code diag.Code, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	l.diags = append(l.diags, diag.Diagnostic{Span: span, Severity: diag.Error, Code: code, Message: msg})
}

// --- node helpers -------------------------------------------------------

// span returns the span of n (empty for noNode). Lines and columns come
// from the line index.
func (l *lowerer) span(n node) diag.Span {
	if n == noNode {
		return diag.Span{}
	}
	return diag.Span{Start: l.pos(l.start(n)), End: l.pos(l.end(n))}
}

func (l *lowerer) text(n node) string {
	if n == noNode {
		return ""
	}
	return string(l.src[l.start(n):l.end(n)])
}

// hasToken reports whether n has a direct anonymous child with text tok.
func (l *lowerer) hasToken(n node, tok string) bool {
	for c := range l.children(n) {
		if !l.named(c) && !l.isMissing(c) && l.kind(c) == tok {
			return true
		}
	}
	return false
}

func (l *lowerer) ident(n node) Ident {
	if n == noNode {
		return Ident{}
	}
	return Ident{Name: l.text(n), Span: l.span(n)}
}

// rawText returns the raw text child of a bracketed node (payload, guard,
// arguments), trimmed; "" when empty.
func (l *lowerer) rawText(n node) string {
	if n == noNode {
		return ""
	}
	if l.kind(n) == "raw_text" {
		return strings.TrimSpace(l.text(n))
	}
	if !l.is(n, grammar.HasChildren) {
		// A bracketed leaf (a one-token paren_payload, see grammar.js):
		// the text between its delimiters.
		t := l.text(n)
		if len(t) < 2 {
			return ""
		}
		return strings.TrimSpace(t[1 : len(t)-1])
	}
	for c := range l.children(n) {
		if l.kind(c) == "raw_text" {
			return strings.TrimSpace(l.text(c))
		}
	}
	return ""
}

// --- file structure -----------------------------------------------------

func (l *lowerer) file(root node, f *File) {
	formKnown := false
	var prefix []*PrefixAnnotation // annotations before the attributes, for the protocol
	for c := range l.children(root) {
		switch l.kind(c) {
		case "annotation_prefix":
			prefix = append(prefix, l.prefix(c)...)
		case "proof_bundle":
			f.Bundles = append(f.Bundles, l.proofBundle(c))
			formKnown = true
		case "topology":
			f.Topologies = append(f.Topologies, &Topology{Span: l.span(c), Name: l.ident(l.field(c, "name")), Body: l.rawText(l.field(c, "body"))})
			if !formKnown {
				f.Form = BraceForm
				formKnown = true
			}
		case "module_header":
			f.Module = l.module(c)
			formKnown = true
		case "import":
			f.Imports = append(f.Imports, l.importDecl(c))
			formKnown = true
		case "attribute":
			f.Attributes = append(f.Attributes, &Attribute{
				Span:  l.span(c),
				Key:   l.ident(l.field(c, "key")),
				Value: l.value(l.field(c, "value")),
			})
			if !formKnown {
				f.Form = BraceForm
				formKnown = true
			}
		case "protocol":
			p := l.protocol(c)
			p.Prefix = append(prefix, p.Prefix...)
			prefix = nil
			if !formKnown {
				if !l.hasToken(c, "=") {
					f.Form = BraceForm
				}
				formKnown = true
			}
			f.Protocols = append(f.Protocols, p)
		}
	}
}

func (l *lowerer) module(n node) *ModuleHeader {
	return &ModuleHeader{
		Span:     l.span(n),
		Name:     l.ident(l.field(n, "name")),
		Exposing: l.rawText(l.field(n, "exposing")),
	}
}

func (l *lowerer) importDecl(n node) *Import {
	imp := &Import{
		Span:     l.span(n),
		Name:     l.ident(l.field(n, "name")),
		Exposing: l.rawText(l.field(n, "exposing")),
	}
	if a := l.field(n, "alias"); a != noNode {
		id := l.ident(a)
		imp.Alias = &id
	}
	return imp
}

func (l *lowerer) proofBundle(n node) *ProofBundle {
	b := &ProofBundle{Span: l.span(n), Name: l.ident(l.field(n, "name"))}
	for _, clause := range []struct {
		field string
		dst   **Value
	}{{"version", &b.Version}, {"issuer", &b.Issuer}} {
		for c := range l.fields(n, clause.field) {
			if *clause.dst != nil {
				l.errorf(l.span(c), CodeSyntax, "the proof bundle %s has a second '%s' clause", b.Name.Name, clause.field)
				continue
			}
			v := l.value(c)
			*clause.dst = &v
		}
	}
	for c := range l.fields(n, "constraint") {
		b.Constraints = append(b.Constraints, l.value(c))
	}
	for c := range l.fields(n, "capability") {
		b.Requires = append(b.Requires, l.ident(c))
	}
	return b
}

func (l *lowerer) protocol(n node) *Protocol {
	p := &Protocol{
		Span:    l.span(n),
		Keyword: l.ident(l.field(n, "keyword")),
		Name:    l.ident(l.field(n, "name")),
	}
	for c := range l.children(n) {
		if l.kind(c) == "annotation_prefix" {
			p.Prefix = append(p.Prefix, l.prefix(c)...)
		}
	}
	if params := l.field(n, "parameters"); params != noNode {
		for c := range l.children(params) {
			if l.kind(c) == "role_decl" {
				p.Params = append(p.Params, l.roleDecl(c))
			}
		}
	}
	if req := l.field(n, "requires"); req != noNode {
		for c := range l.children(req) {
			if l.kind(c) == "identifier" {
				p.Requires = append(p.Requires, l.ident(c))
			}
		}
	}
	if body := l.field(n, "body"); body != noNode {
		items := l.items(body)
		p.Body = items.block
		p.Locals = items.locals
		for i, r := range items.roles {
			if i == 0 && r.first {
				p.Roles = r.decl
				continue
			}
			l.errorf(r.decl.Span, CodeSyntax, "the roles declaration must be the first line of the protocol body")
		}
	} else {
		p.Body = &Block{Span: diag.Span{Start: p.Span.End, End: p.Span.End}}
	}
	if where := l.field(n, "locals"); where != noNode {
		for c := range l.children(where) {
			if l.kind(c) == "protocol" {
				p.Locals = append(p.Locals, l.protocol(c))
			}
		}
	}
	return p
}

func (l *lowerer) roleDecl(n node) *RoleDecl {
	d := &RoleDecl{Span: l.span(n), Name: l.ident(l.field(n, "name"))}
	if size := l.field(n, "size"); size != noNode {
		fs := &FamilySize{Span: l.span(size)}
		for c := range l.children(size) {
			switch l.kind(c) {
			case "wildcard":
				fs.Kind = SizeDynamic
			case "integer":
				fs.Kind = SizeFixed
				fs.N = l.smallInt(c)
			case "identifier":
				fs.Kind = SizeSymbolic
				fs.Symbol = l.text(c)
			}
		}
		d.Family = fs
	}
	return d
}

func (l *lowerer) rolesDecl(n node) *RolesDecl {
	d := &RolesDecl{Span: l.span(n)}
	for c := range l.children(n) {
		if l.kind(c) == "role_decl" {
			d.Roles = append(d.Roles, l.roleDecl(c))
		}
	}
	return d
}

// --- blocks -------------------------------------------------------------

// blockItems is what a block holds besides statements: roles declarations
// (legal only first in a protocol body) and brace-form local protocols.
type blockItems struct {
	block  *Block
	roles  []rolesItem
	locals []*Protocol
}

type rolesItem struct {
	decl  *RolesDecl
	first bool // no statement came before it
}

// items lowers the items of a block node: statements, prefix annotations
// (attached to the next statement), roles declarations and local
// protocols. Consecutive `branch` blocks form one Par.
func (l *lowerer) items(n node) blockItems {
	out := blockItems{block: &Block{Span: l.span(n)}}
	b := out.block
	var prefix []*PrefixAnnotation
	var par *Par // the Par being built from consecutive branch blocks
	for c := range l.children(n) {
		kind := l.kind(c)
		if kind != "branch_block" && kind != "comment" {
			par = nil
		}
		switch kind {
		case "annotation_prefix":
			prefix = append(prefix, l.prefix(c)...)
			continue
		case "roles_declaration":
			out.roles = append(out.roles, rolesItem{decl: l.rolesDecl(c), first: len(b.Stmts) == 0 && len(out.locals) == 0})
		case "protocol":
			out.locals = append(out.locals, l.protocol(c))
		case "branch_block":
			if l.field(c, "body") == noNode {
				l.missing(c, "an indented block")
				continue
			}
			body := l.block(l.field(c, "body"))
			if par == nil {
				par = &Par{StmtBase: StmtBase{Span: l.span(c), Prefix: prefix}}
				prefix = nil
				b.Stmts = append(b.Stmts, par)
			}
			par.Span.End = l.span(c).End
			par.Branches = append(par.Branches, body)
			continue
		default:
			if !l.named(c) || kind == "comment" || l.isError(c) {
				continue
			}
			if s := l.statement(c); s != nil {
				setPrefix(s, prefix)
				b.Stmts = append(b.Stmts, s)
			}
			prefix = nil
			continue
		}
		// A prefix annotation before a roles declaration or a protocol.
		l.orphanPrefixes(prefix)
		prefix = nil
	}
	l.orphanPrefixes(prefix)
	if len(b.Stmts) > 0 && !l.isBraced(n) {
		b.Span = diag.Span{Start: b.Stmts[0].StmtSpan().Start, End: b.Stmts[len(b.Stmts)-1].StmtSpan().End}
		if ps := b.Stmts[0].Prefixes(); len(ps) > 0 {
			b.Span.Start = ps[0].Span.Start
		}
	}
	return out
}

func (l *lowerer) orphanPrefixes(prefix []*PrefixAnnotation) {
	for _, p := range prefix {
		l.errorf(p.Span, CodeSyntax, "expected a statement after the annotation '@%s'", p.Name.Name)
	}
}

// missing reports that statement n lacks a required part, unless a syntax
// error in or right after n is reported already. The diagnostic sits at
// the end of n's header (the text before its block or branches): "expected
// WHAT after 'HEADER'".
func (l *lowerer) missing(n node, what string) {
	if l.hasError(n) {
		return
	}
	if next := l.next(n); next != noNode && l.isError(next) && l.pos(l.start(next)).Line == l.pos(l.end(n)).Line {
		return
	}
	end := l.start(n)
	for c := range l.children(n) {
		if k := l.kind(c); k == "block" || k == "branch" || k == "|" || k == "{" {
			break
		}
		end = l.end(c)
	}
	head := diag.Span{Start: l.pos(l.start(n)), End: l.pos(end)}
	l.errorf(l.pointSpan(end), CodeSyntax, "expected %s after '%s'", what, l.snippet(head))
}

// isBraced reports whether a block or annotation list is written with { }.
func (l *lowerer) isBraced(n node) bool {
	start := l.start(n)
	return start < len(l.src) && l.src[start] == '{' && l.end(n) > start
}

// block lowers a block that may not hold roles or local protocols.
func (l *lowerer) block(n node) *Block {
	if n == noNode {
		return &Block{}
	}
	items := l.items(n)
	for _, r := range items.roles {
		l.errorf(r.decl.Span, CodeSyntax, "roles can only be declared at the start of a protocol body")
	}
	for _, p := range items.locals {
		l.errorf(p.Span, CodeSyntax, "local protocols can only be declared in a protocol body")
	}
	return items.block
}

func setPrefix(s Stmt, prefix []*PrefixAnnotation) {
	if len(prefix) == 0 {
		return
	}
	switch s := s.(type) {
	case *Send:
		s.Prefix = prefix
	case *Choice:
		s.Prefix = prefix
	case *Loop:
		s.Prefix = prefix
	case *Rec:
		s.Prefix = prefix
	case *Continue:
		s.Prefix = prefix
	case *Par:
		s.Prefix = prefix
	case *Call:
		s.Prefix = prefix
	case *Handshake:
		s.Prefix = prefix
	case *Retry:
		s.Prefix = prefix
	case *QuorumCollect:
		s.Prefix = prefix
	case *Heartbeat:
		s.Prefix = prefix
	case *RuntimeOp:
		s.Prefix = prefix
	}
}

func (l *lowerer) prefix(n node) []*PrefixAnnotation {
	if name := l.field(n, "name"); name != noNode {
		return []*PrefixAnnotation{{
			Span: l.span(n),
			Name: l.ident(name),
			Args: l.rawText(l.field(n, "arguments")),
		}}
	}
	var out []*PrefixAnnotation
	for c := range l.children(n) {
		if l.kind(c) != "annotation" {
			continue
		}
		a := l.annotation(c)
		v := a.Value
		out = append(out, &PrefixAnnotation{Span: a.Span, Name: a.Key, Value: &v, Quoted: a.Quoted, Bare: a.Bare})
	}
	return out
}

// --- statements ---------------------------------------------------------

// statement lowers one statement node, or returns nil when it is too
// incomplete to represent (its errors are reported by scan).
func (l *lowerer) statement(n node) Stmt {
	base := StmtBase{Span: l.span(n)}
	switch l.kind(n) {
	case "send":
		return l.send(n, base)
	case "choice":
		return l.choice(n, base)
	case "loop":
		return l.loop(n, base)
	case "rec":
		label, body := l.field(n, "label"), l.field(n, "body")
		switch {
		case label == noNode:
			l.missing(n, "a label")
			return nil
		case body == noNode:
			l.missing(n, "an indented block")
			return nil
		}
		return &Rec{StmtBase: base, Label: l.ident(label), Body: l.block(body)}
	case "continue":
		label := l.field(n, "label")
		if label == noNode {
			l.missing(n, "a label")
			return nil
		}
		return &Continue{StmtBase: base, Label: l.ident(label)}
	case "par":
		par := &Par{StmtBase: base}
		for c := range l.fields(n, "branch") {
			par.Branches = append(par.Branches, l.block(c))
		}
		if len(par.Branches) == 0 && !l.hasToken(n, "{") {
			l.missing(n, "an indented block of '| ...' branches")
			return nil
		}
		return par
	case "call":
		name := l.field(n, "name")
		if name == noNode {
			l.missing(n, "the name of a local protocol")
			return nil
		}
		return &Call{StmtBase: base, Name: l.ident(name)}
	case "handshake":
		left, right, label := l.field(n, "left"), l.field(n, "right"), l.field(n, "label")
		if left == noNode || right == noNode || label == noNode {
			return nil
		}
		return &Handshake{StmtBase: base, Left: l.roleRef(left), Right: l.roleRef(right), Label: l.ident(label)}
	case "retry":
		count, body := l.field(n, "count"), l.field(n, "body")
		switch {
		case count == noNode:
			l.missing(n, "a retry count")
			return nil
		case body == noNode:
			l.missing(n, "an indented block")
			return nil
		}
		return &Retry{StmtBase: base, Count: l.count(count, "retry count"), Body: l.block(body)}
	case "quorum_collect":
		family, recv, minimum, msg := l.field(n, "family"), l.field(n, "receiver"), l.field(n, "min"), l.field(n, "message")
		if family == noNode || recv == noNode || minimum == noNode || msg == noNode {
			return nil
		}
		return &QuorumCollect{
			StmtBase: base,
			Family:   l.roleRef(family),
			Receiver: l.roleRef(recv),
			Min:      l.value(minimum),
			Message:  l.message(msg),
		}
	case "heartbeat":
		from, to, every, missing := l.field(n, "from"), l.field(n, "to"), l.field(n, "every"), l.field(n, "on_missing")
		if from == noNode || to == noNode || every == noNode || missing == noNode {
			return nil
		}
		return &Heartbeat{
			StmtBase:  base,
			From:      l.roleRef(from),
			To:        l.roleRef(to),
			Every:     l.value(every),
			OnMissing: l.count(missing, "on_missing count"),
			Missing:   l.block(l.field(n, "missing")),
			Body:      l.block(l.field(n, "body")),
		}
	case "runtime_op":
		return l.runtimeOp(n, base)
	}
	return nil
}

func (l *lowerer) send(n node, base StmtBase) Stmt {
	sender, arrow := l.field(n, "sender"), l.field(n, "arrow")
	if sender == noNode || arrow == noNode {
		return nil
	}
	s := &Send{
		StmtBase:  base,
		Sender:    l.roleRef(sender),
		Arrow:     l.span(arrow),
		Broadcast: l.kind(arrow) == "->*",
	}
	if a := l.field(n, "annotations"); a != noNode {
		s.Annotations = l.annotationList(a)
	}
	colon := l.hasToken(n, ":")
	if !s.Broadcast {
		recv := l.field(n, "receiver")
		if recv == noNode {
			l.missing(n, "a receiving role")
			return nil
		}
		s.Receiver = l.roleRef(recv)
		if a := l.field(n, "receiver_annotations"); a != noNode {
			s.ReceiverAnnotations = l.annotationList(a)
		}
	}
	msg := l.field(n, "message")
	if msg == noNode || l.nameOf(msg) == noNode {
		if colon {
			l.missing(n, "a message")
		} else {
			l.missing(n, "':' and a message")
		}
		return nil
	}
	s.Message = l.message(msg)
	if !colon {
		head := diag.Span{Start: base.Span.Start, End: s.Message.Span.Start}
		l.errorf(s.Message.Span, CodeSyntax, "expected ':' between '%s' and the message '%s'",
			l.snippet(head), s.Message.Name.Name)
	}
	return s
}

func (l *lowerer) choice(n node, base StmtBase) Stmt {
	decider := l.field(n, "decider")
	if decider == noNode {
		l.missing(n, "the deciding role")
		return nil
	}
	c := &Choice{StmtBase: base, Decider: l.roleRef(decider)}
	switch l.text(l.field(n, "keyword")) {
	case "case":
		c.Style = CaseChoose
	case "timed_choice":
		c.Style = TimedChoice
		if l.atAfter(n, decider) {
			c.Style = TimedChoiceRAt
		}
		if t := l.field(n, "timeout"); t != noNode {
			v := l.value(t)
			c.Timeout = &v
		}
	default:
		c.Style = ChoiceBrace
		if l.hasToken(n, "at") {
			c.Style = ChoiceAt
			if l.atAfter(n, decider) {
				c.Style = ChoiceRAt
			}
		}
	}
	for ch := range l.children(n) {
		if l.kind(ch) != "branch" {
			continue
		}
		label := l.field(ch, "label")
		if label == noNode {
			continue
		}
		c.Branches = append(c.Branches, &Branch{
			Span:  l.span(ch),
			Label: l.ident(label),
			Guard: l.rawText(l.field(ch, "guard")),
			Body:  l.block(l.field(ch, "body")),
		})
	}
	if len(c.Branches) == 0 && !l.hasToken(n, "{") {
		l.missing(n, "an indented block of branches")
		return nil
	}
	return c
}

// atAfter reports whether the choice head n has its 'at' after the
// decider (`choice R at`, `timed_choice R at(d)`).
func (l *lowerer) atAfter(n, decider node) bool {
	for ch := range l.children(n) {
		if l.kind(ch) == "at" {
			return l.start(ch) > l.start(decider)
		}
	}
	return false
}

func (l *lowerer) loop(n node, base StmtBase) Stmt {
	body := l.field(n, "body")
	lp := &Loop{StmtBase: base, Kind: LoopForever}
	switch l.text(l.field(n, "kind")) {
	case "decide":
		d := l.field(n, "decider")
		switch {
		case !l.hasToken(n, "by"):
			l.missing(n, "'by' and the deciding role")
			return nil
		case d == noNode:
			l.missing(n, "the deciding role")
			return nil
		}
		lp.Kind = LoopDecide
		lp.Decider = l.roleRef(d)
	case "repeat":
		c := l.field(n, "count")
		if c == noNode {
			l.missing(n, "a repetition count")
			return nil
		}
		v := l.count(c, "repetition count")
		lp.Kind = LoopRepeat
		lp.Count = &v
	case "while":
		p := l.field(n, "predicate")
		if p == noNode {
			l.missing(n, "a quoted predicate")
			return nil
		}
		lp.Kind = LoopWhile
		lp.Predicate = l.value(p).Str
	}
	if body == noNode {
		l.missing(n, "an indented block")
		return nil
	}
	lp.Body = l.block(body)
	for c := range l.fields(n, "option") {
		prop := &Property{Span: l.span(c), Key: l.ident(l.field(c, "key")), Value: l.value(l.field(c, "value"))}
		switch prop.Key.Name {
		case "decides":
			lp.Kind = LoopDecide
			lp.Decider = &RoleRef{Span: prop.Value.Span, Name: Ident{Name: prop.Value.Text, Span: prop.Value.Span}}
			if prop.Value.Kind != ValueIdent {
				l.errorf(prop.Value.Span, CodeSyntax, "expected a role name after 'decides:'")
			}
		case "count":
			v := prop.Value
			lp.Kind = LoopRepeat
			lp.Count = &v
		case "custom":
			lp.Kind = LoopWhile
			lp.Predicate = prop.Value.Str
		default:
			lp.Options = append(lp.Options, prop)
		}
	}
	return lp
}

func (l *lowerer) runtimeOp(n node, base StmtBase) Stmt {
	op := &RuntimeOp{StmtBase: base, Op: l.ident(l.field(n, "op")), Text: l.text(n)}
	for c := range l.children(n) {
		switch l.kind(c) {
		case "identifier":
			op.Operands = append(op.Operands, l.ident(c))
		case "role_ref":
			op.Operands = append(op.Operands, l.ident(l.nameOf(c)))
		}
	}
	return op
}

// --- roles, messages, annotations ---------------------------------------

func (l *lowerer) roleRef(n node) *RoleRef {
	r := &RoleRef{Span: l.span(n), Name: l.ident(l.nameOf(n))}
	idx := l.field(n, "index")
	if idx == noNode {
		return r
	}
	ix := &Index{Span: l.span(idx)}
	for c := range l.children(idx) {
		switch l.kind(c) {
		case "wildcard":
			ix.Kind = IndexAll
		case "integer":
			ix.Kind = IndexInt
			ix.N = l.smallInt(c)
		case "identifier":
			ix.Kind = IndexSymbol
			ix.Symbol = l.text(c)
		case "range":
			ix.Kind = IndexRange
			from, to := l.value(l.field(c, "from")), l.value(l.field(c, "to"))
			ix.From, ix.To = &from, &to
		}
	}
	r.Index = ix
	return r
}

func (l *lowerer) message(n node) *Message {
	m := &Message{Span: l.span(n), Name: l.ident(l.nameOf(n))}
	p := l.field(n, "payload")
	if p == noNode {
		return m
	}
	if t := l.field(n, "type"); t != noNode {
		m.TypeArgs = l.rawText(t)
	}
	switch l.kind(p) {
	case "paren_payload":
		m.PayloadKind = PayloadParen
		m.Payload = l.rawText(p)
	case "brace_payload":
		m.PayloadKind = PayloadBrace
		m.Payload = l.rawText(p)
	case "generic_payload":
		m.PayloadKind = PayloadGeneric
		m.Payload = l.rawText(p)
	case "of_payload":
		m.PayloadKind = PayloadOf
		for c := range l.children(p) {
			if l.kind(c) == "type_path" {
				m.Payload = l.text(c)
			}
		}
	}
	return m
}

func (l *lowerer) annotationList(n node) *AnnotationList {
	al := &AnnotationList{Span: l.span(n), Style: AnnotBracket}
	braced := l.isBraced(n)
	if braced {
		al.Style = AnnotRecordEq
	}
	for c := range l.children(n) {
		if l.kind(c) != "annotation" {
			continue
		}
		a := l.annotation(c)
		if braced && a.Colon {
			al.Style = AnnotRecordColon
		}
		al.Entries = append(al.Entries, a)
	}
	return al
}

func (l *lowerer) annotation(n node) *Annotation {
	key := l.field(n, "key")
	a := &Annotation{
		Span:  l.span(n),
		Key:   l.ident(key),
		At:    l.src[l.start(n)] == '@',
		Colon: l.text(l.field(n, "separator")) == ":",
	}
	if key != noNode && l.kind(key) == "string" {
		a.Quoted = true
		a.Key.Name = unquote(a.Key.Name)
	}
	if v := l.field(n, "value"); v != noNode || l.field(n, "separator") != noNode {
		a.Value = l.value(v)
	} else {
		// A bare flag (`@critical`) is the boolean true.
		a.Bare = true
		a.Value = Value{Span: a.Key.Span, Kind: ValueBool, Bool: true}
	}
	return a
}

// --- values -------------------------------------------------------------

// value lowers a value node. A nil node (the value is missing) gives a
// ValueInvalid; its error was reported by scan.
func (l *lowerer) value(n node) Value {
	if n == noNode {
		return Value{Kind: ValueInvalid}
	}
	v := Value{Span: l.span(n), Text: l.text(n)}
	switch l.kind(n) {
	case "string":
		v.Kind = ValueString
		v.Str = unquote(v.Text)
	case "integer":
		i, err := strconv.ParseInt(v.Text, 10, 64)
		if err != nil {
			l.errorf(v.Span, CodeSyntax, "integer %s is too large", v.Text)
			return v
		}
		v.Kind, v.Int = ValueInt, i
	case "duration":
		d, ok := parseDuration(v.Text)
		if !ok {
			l.errorf(v.Span, CodeSyntax, "duration %s is too large", v.Text)
			return v
		}
		v.Kind, v.Duration = ValueDuration, d
	case "boolean":
		v.Kind, v.Bool = ValueBool, v.Text == "true"
	case "identifier":
		v.Kind, v.Str = ValueIdent, v.Text
	case "list":
		v.Kind = ValueIntList
		for c := range l.children(n) {
			if !l.named(c) || l.kind(c) == "comment" {
				continue
			}
			item := l.value(c)
			if item.Kind != ValueInt && item.Kind != ValueInvalid {
				l.errorf(item.Span, CodeSyntax, "expected an integer in the list, found %s %s", article(item.Kind), item.Text)
			}
			v.Items = append(v.Items, item)
		}
	case "tuple":
		v.Kind = ValueTuple
		for c := range l.children(n) {
			if l.named(c) && l.kind(c) != "comment" {
				v.Items = append(v.Items, l.value(c))
			}
		}
	}
	return v
}

func article(k ValueKind) string {
	switch k {
	case ValueInt, ValueIdent, ValueIntList:
		return "an " + k.String()
	}
	return "a " + k.String()
}

// unquote removes the quotes of a string literal and resolves the escapes
// \" and \\. Any other backslash is kept as written.
func unquote(lit string) string {
	if len(lit) < 2 {
		return ""
	}
	body := lit[1 : len(lit)-1]
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' && i+1 < len(body) && (body[i+1] == '"' || body[i+1] == '\\') {
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String()
}

// parseDuration reads the duration token syntax: digits and one of the
// units ms, s, m, h. It reports false on overflow.
func parseDuration(text string) (time.Duration, bool) {
	digits := strings.TrimRight(text, "mshx")
	unitText := text[len(digits):]
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, false
	}
	var unit time.Duration
	switch unitText {
	case "ms":
		unit = time.Millisecond
	case "s":
		unit = time.Second
	case "m":
		unit = time.Minute
	case "h":
		unit = time.Hour
	default:
		return 0, false
	}
	if n > int64(1<<63-1)/int64(unit) {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

// count lowers the value of a count (an integer or a name) and reports a
// negative integer, which the grammar reads so that it can say so.
func (l *lowerer) count(n node, what string) Value {
	v := l.value(n)
	if v.Kind == ValueInt && v.Int < 0 {
		l.errorf(v.Span, CodeSyntax, "the %s %s is negative: expected zero or more", what, v.Text)
	}
	return v
}

// smallInt reads an integer node used as a count or index.
func (l *lowerer) smallInt(n node) int {
	i, err := strconv.Atoi(l.text(n))
	if err != nil {
		l.errorf(l.span(n), CodeSyntax, "integer %s is too large", l.text(n))
		return 0
	}
	return i
}
