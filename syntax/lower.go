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
	l := &lowerer{src: t.Source(), cursor: root.Walk(), lines: lineStarts(t.Source())}
	defer l.cursor.Close()

	f := &File{Span: l.span(root)}
	l.scan(root, f)
	l.file(root, f)
	if f.Form == LayoutForm {
		l.checkLayout(root, f)
	}
	diag.Sort(l.diags)
	return f, l.diags
}

// lowerer holds the state of one Lower call.
type lowerer struct {
	src    []byte
	cursor *sitter.TreeCursor // reused for child iteration
	lines  []int              // byte offsets of the line starts
	diags  []diag.Diagnostic
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
func (l *lowerer) pos(off int) diag.Pos {
	off = max(0, min(off, len(l.src)))
	line := sort.Search(len(l.lines), func(i int) bool { return l.lines[i] > off }) - 1
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

// span returns the span of n. Lines and columns come from the line index
// rather than from tree-sitter (same values, fewer calls into C).
func (l *lowerer) span(n *sitter.Node) diag.Span {
	if n == nil {
		return diag.Span{}
	}
	start, end := n.ByteRange()
	return diag.Span{Start: l.pos(int(start)), End: l.pos(int(end))}
}

func (l *lowerer) text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	return string(l.src[n.StartByte():n.EndByte()])
}

// children returns the children of n. The slice is freshly allocated, so
// callers may recurse while iterating it.
func (l *lowerer) children(n *sitter.Node) []sitter.Node {
	return n.Children(l.cursor)
}

// fieldIDs maps the grammar's field names to their ids, so that field
// lookups do not convert the name to a C string every time.
var fieldIDs = sync.OnceValue(func() map[string]uint16 {
	lang := Language()
	ids := map[string]uint16{}
	for id := uint16(1); uint32(id) <= lang.FieldCount(); id++ {
		ids[lang.FieldNameForId(id)] = id
	}
	return ids
})

// field returns the child of n in field name, or nil when it is absent or
// was inserted by error recovery.
func field(n *sitter.Node, name string) *sitter.Node {
	id, ok := fieldIDs()[name]
	if !ok {
		return nil
	}
	c := n.ChildByFieldId(id)
	if c == nil || c.IsMissing() {
		return nil
	}
	return c
}

// hasToken reports whether n has a direct anonymous child with text tok.
func (l *lowerer) hasToken(n *sitter.Node, tok string) bool {
	for _, c := range l.children(n) {
		if !c.IsNamed() && !c.IsMissing() && c.Kind() == tok {
			return true
		}
	}
	return false
}

func (l *lowerer) ident(n *sitter.Node) Ident {
	if n == nil {
		return Ident{}
	}
	return Ident{Name: l.text(n), Span: l.span(n)}
}

// rawText returns the raw text child of a bracketed node (payload, guard,
// arguments), trimmed; "" when empty.
func (l *lowerer) rawText(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	if n.Kind() == "raw_text" {
		return strings.TrimSpace(l.text(n))
	}
	for _, c := range l.children(n) {
		if c.Kind() == "raw_text" {
			return strings.TrimSpace(l.text(&c))
		}
	}
	return ""
}

// --- file structure -----------------------------------------------------

func (l *lowerer) file(root *sitter.Node, f *File) {
	formKnown := false
	for _, c := range l.children(root) {
		switch c.Kind() {
		case "module_header":
			f.Module = l.module(&c)
			formKnown = true
		case "import":
			f.Imports = append(f.Imports, l.importDecl(&c))
			formKnown = true
		case "attribute":
			f.Attributes = append(f.Attributes, &Attribute{
				Span:  l.span(&c),
				Key:   l.ident(field(&c, "key")),
				Value: l.value(field(&c, "value")),
			})
			if !formKnown {
				f.Form = BraceForm
				formKnown = true
			}
		case "protocol":
			p := l.protocol(&c)
			if !formKnown {
				if !l.hasToken(&c, "=") {
					f.Form = BraceForm
				}
				formKnown = true
			}
			f.Protocols = append(f.Protocols, p)
		}
	}
}

func (l *lowerer) module(n *sitter.Node) *ModuleHeader {
	return &ModuleHeader{
		Span:     l.span(n),
		Name:     l.ident(field(n, "name")),
		Exposing: l.rawText(field(n, "exposing")),
	}
}

func (l *lowerer) importDecl(n *sitter.Node) *Import {
	imp := &Import{
		Span:     l.span(n),
		Name:     l.ident(field(n, "name")),
		Exposing: l.rawText(field(n, "exposing")),
	}
	if a := field(n, "alias"); a != nil {
		id := l.ident(a)
		imp.Alias = &id
	}
	return imp
}

func (l *lowerer) protocol(n *sitter.Node) *Protocol {
	p := &Protocol{
		Span:    l.span(n),
		Keyword: l.ident(field(n, "keyword")),
		Name:    l.ident(field(n, "name")),
	}
	if params := field(n, "parameters"); params != nil {
		for _, c := range l.children(params) {
			if c.Kind() == "role_decl" {
				p.Params = append(p.Params, l.roleDecl(&c))
			}
		}
	}
	if req := field(n, "requires"); req != nil {
		for _, c := range l.children(req) {
			if c.Kind() == "identifier" {
				p.Requires = append(p.Requires, l.ident(&c))
			}
		}
	}
	if body := field(n, "body"); body != nil {
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
	if where := field(n, "locals"); where != nil {
		for _, c := range l.children(where) {
			if c.Kind() == "protocol" {
				p.Locals = append(p.Locals, l.protocol(&c))
			}
		}
	}
	return p
}

func (l *lowerer) roleDecl(n *sitter.Node) *RoleDecl {
	d := &RoleDecl{Span: l.span(n), Name: l.ident(field(n, "name"))}
	if size := field(n, "size"); size != nil {
		fs := &FamilySize{Span: l.span(size)}
		for _, c := range l.children(size) {
			switch c.Kind() {
			case "wildcard":
				fs.Kind = SizeDynamic
			case "integer":
				fs.Kind = SizeFixed
				fs.N = l.smallInt(&c)
			case "identifier":
				fs.Kind = SizeSymbolic
				fs.Symbol = l.text(&c)
			}
		}
		d.Family = fs
	}
	return d
}

func (l *lowerer) rolesDecl(n *sitter.Node) *RolesDecl {
	d := &RolesDecl{Span: l.span(n)}
	for _, c := range l.children(n) {
		if c.Kind() == "role_decl" {
			d.Roles = append(d.Roles, l.roleDecl(&c))
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
func (l *lowerer) items(n *sitter.Node) blockItems {
	out := blockItems{block: &Block{Span: l.span(n)}}
	b := out.block
	var prefix []*PrefixAnnotation
	var par *Par // the Par being built from consecutive branch blocks
	for _, c := range l.children(n) {
		kind := c.Kind()
		if kind != "branch_block" && kind != "comment" {
			par = nil
		}
		switch kind {
		case "annotation_prefix":
			prefix = append(prefix, l.prefix(&c)...)
			continue
		case "roles_declaration":
			out.roles = append(out.roles, rolesItem{decl: l.rolesDecl(&c), first: len(b.Stmts) == 0 && len(out.locals) == 0})
		case "protocol":
			out.locals = append(out.locals, l.protocol(&c))
		case "branch_block":
			if field(&c, "body") == nil {
				l.missing(&c, "an indented block")
				continue
			}
			body := l.block(field(&c, "body"))
			if par == nil {
				par = &Par{StmtBase: StmtBase{Span: l.span(&c), Prefix: prefix}}
				prefix = nil
				b.Stmts = append(b.Stmts, par)
			}
			par.Span.End = l.span(&c).End
			par.Branches = append(par.Branches, body)
			continue
		default:
			if !c.IsNamed() || kind == "comment" || c.IsError() {
				continue
			}
			if s := l.statement(&c); s != nil {
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
func (l *lowerer) missing(n *sitter.Node, what string) {
	if n.HasError() {
		return
	}
	if next := n.NextSibling(); next != nil && next.IsError() && next.StartPosition().Row == n.EndPosition().Row {
		return
	}
	end := int(n.StartByte())
	for _, c := range l.children(n) {
		if k := c.Kind(); k == "block" || k == "branch" || k == "|" || k == "{" {
			break
		}
		end = int(c.EndByte())
	}
	head := diag.Span{Start: l.pos(int(n.StartByte())), End: l.pos(end)}
	l.errorf(l.pointSpan(end), CodeSyntax, "expected %s after '%s'", what, l.snippet(head))
}

// isBraced reports whether a block or annotation list is written with { }.
func (l *lowerer) isBraced(n *sitter.Node) bool {
	start := int(n.StartByte())
	return start < len(l.src) && l.src[start] == '{' && int(n.EndByte()) > start
}

// block lowers a block that may not hold roles or local protocols.
func (l *lowerer) block(n *sitter.Node) *Block {
	if n == nil {
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

func (l *lowerer) prefix(n *sitter.Node) []*PrefixAnnotation {
	if name := field(n, "name"); name != nil {
		return []*PrefixAnnotation{{
			Span: l.span(n),
			Name: l.ident(name),
			Args: l.rawText(field(n, "arguments")),
		}}
	}
	var out []*PrefixAnnotation
	for _, c := range l.children(n) {
		if c.Kind() != "annotation" {
			continue
		}
		a := l.annotation(&c)
		v := a.Value
		out = append(out, &PrefixAnnotation{Span: a.Span, Name: a.Key, Value: &v})
	}
	return out
}

// --- statements ---------------------------------------------------------

// statement lowers one statement node, or returns nil when it is too
// incomplete to represent (its errors are reported by scan).
func (l *lowerer) statement(n *sitter.Node) Stmt {
	base := StmtBase{Span: l.span(n)}
	switch n.Kind() {
	case "send":
		return l.send(n, base)
	case "choice":
		return l.choice(n, base)
	case "loop":
		return l.loop(n, base)
	case "rec":
		label, body := field(n, "label"), field(n, "body")
		switch {
		case label == nil:
			l.missing(n, "a label")
			return nil
		case body == nil:
			l.missing(n, "an indented block")
			return nil
		}
		return &Rec{StmtBase: base, Label: l.ident(label), Body: l.block(body)}
	case "continue":
		label := field(n, "label")
		if label == nil {
			l.missing(n, "a label")
			return nil
		}
		return &Continue{StmtBase: base, Label: l.ident(label)}
	case "par":
		par := &Par{StmtBase: base}
		for _, c := range n.ChildrenByFieldName("branch", l.cursor) {
			par.Branches = append(par.Branches, l.block(&c))
		}
		if len(par.Branches) == 0 && !l.hasToken(n, "{") {
			l.missing(n, "an indented block of '| ...' branches")
			return nil
		}
		return par
	case "call":
		name := field(n, "name")
		if name == nil {
			l.missing(n, "the name of a local protocol")
			return nil
		}
		return &Call{StmtBase: base, Name: l.ident(name)}
	case "handshake":
		left, right, label := field(n, "left"), field(n, "right"), field(n, "label")
		if left == nil || right == nil || label == nil {
			return nil
		}
		return &Handshake{StmtBase: base, Left: l.roleRef(left), Right: l.roleRef(right), Label: l.ident(label)}
	case "retry":
		count, body := field(n, "count"), field(n, "body")
		switch {
		case count == nil:
			l.missing(n, "a retry count")
			return nil
		case body == nil:
			l.missing(n, "an indented block")
			return nil
		}
		return &Retry{StmtBase: base, Count: l.value(count), Body: l.block(body)}
	case "quorum_collect":
		family, recv, minimum, msg := field(n, "family"), field(n, "receiver"), field(n, "min"), field(n, "message")
		if family == nil || recv == nil || minimum == nil || msg == nil {
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
		from, to, every, missing := field(n, "from"), field(n, "to"), field(n, "every"), field(n, "on_missing")
		if from == nil || to == nil || every == nil || missing == nil {
			return nil
		}
		return &Heartbeat{
			StmtBase:  base,
			From:      l.roleRef(from),
			To:        l.roleRef(to),
			Every:     l.value(every),
			OnMissing: l.value(missing),
			Missing:   l.block(field(n, "missing")),
			Body:      l.block(field(n, "body")),
		}
	case "runtime_op":
		return l.runtimeOp(n, base)
	}
	return nil
}

func (l *lowerer) send(n *sitter.Node, base StmtBase) Stmt {
	sender, arrow := field(n, "sender"), field(n, "arrow")
	if sender == nil || arrow == nil {
		return nil
	}
	s := &Send{
		StmtBase:  base,
		Sender:    l.roleRef(sender),
		Arrow:     l.span(arrow),
		Broadcast: arrow.Kind() == "->*",
	}
	if a := field(n, "annotations"); a != nil {
		s.Annotations = l.annotationList(a)
	}
	colon := l.hasToken(n, ":")
	if !s.Broadcast {
		recv := field(n, "receiver")
		if recv == nil {
			l.missing(n, "a receiving role")
			return nil
		}
		s.Receiver = l.roleRef(recv)
	}
	msg := field(n, "message")
	if msg == nil || field(msg, "name") == nil {
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

func (l *lowerer) choice(n *sitter.Node, base StmtBase) Stmt {
	decider := field(n, "decider")
	if decider == nil {
		l.missing(n, "the deciding role")
		return nil
	}
	c := &Choice{StmtBase: base, Decider: l.roleRef(decider)}
	switch l.text(field(n, "keyword")) {
	case "case":
		c.Style = CaseChoose
	case "timed_choice":
		c.Style = TimedChoice
		if t := field(n, "timeout"); t != nil {
			v := l.value(t)
			c.Timeout = &v
		}
	default:
		c.Style = ChoiceBrace
		for _, ch := range l.children(n) {
			if ch.Kind() == "at" {
				if ch.StartByte() < decider.StartByte() {
					c.Style = ChoiceAt
				} else {
					c.Style = ChoiceRAt
				}
			}
		}
	}
	for _, ch := range l.children(n) {
		if ch.Kind() != "branch" {
			continue
		}
		label := field(&ch, "label")
		if label == nil {
			continue
		}
		c.Branches = append(c.Branches, &Branch{
			Span:  l.span(&ch),
			Label: l.ident(label),
			Guard: l.rawText(field(&ch, "guard")),
			Body:  l.block(field(&ch, "body")),
		})
	}
	if len(c.Branches) == 0 && !l.hasToken(n, "{") {
		l.missing(n, "an indented block of branches")
		return nil
	}
	return c
}

func (l *lowerer) loop(n *sitter.Node, base StmtBase) Stmt {
	body := field(n, "body")
	lp := &Loop{StmtBase: base, Kind: LoopForever}
	switch l.text(field(n, "kind")) {
	case "decide":
		d := field(n, "decider")
		switch {
		case !l.hasToken(n, "by"):
			l.missing(n, "'by' and the deciding role")
			return nil
		case d == nil:
			l.missing(n, "the deciding role")
			return nil
		}
		lp.Kind = LoopDecide
		lp.Decider = l.roleRef(d)
	case "repeat":
		c := field(n, "count")
		if c == nil {
			l.missing(n, "a repetition count")
			return nil
		}
		v := l.value(c)
		lp.Kind = LoopRepeat
		lp.Count = &v
	case "while":
		p := field(n, "predicate")
		if p == nil {
			l.missing(n, "a quoted predicate")
			return nil
		}
		lp.Kind = LoopWhile
		lp.Predicate = l.value(p).Str
	}
	if body == nil {
		l.missing(n, "an indented block")
		return nil
	}
	lp.Body = l.block(body)
	for _, c := range n.ChildrenByFieldName("option", l.cursor) {
		prop := &Property{Span: l.span(&c), Key: l.ident(field(&c, "key")), Value: l.value(field(&c, "value"))}
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

func (l *lowerer) runtimeOp(n *sitter.Node, base StmtBase) Stmt {
	op := &RuntimeOp{StmtBase: base, Op: l.ident(field(n, "op")), Text: l.text(n)}
	for _, c := range l.children(n) {
		switch c.Kind() {
		case "identifier":
			op.Operands = append(op.Operands, l.ident(&c))
		case "role_ref":
			op.Operands = append(op.Operands, l.ident(field(&c, "name")))
		}
	}
	return op
}

// --- roles, messages, annotations ---------------------------------------

func (l *lowerer) roleRef(n *sitter.Node) *RoleRef {
	r := &RoleRef{Span: l.span(n), Name: l.ident(field(n, "name"))}
	idx := field(n, "index")
	if idx == nil {
		return r
	}
	ix := &Index{Span: l.span(idx)}
	for _, c := range l.children(idx) {
		switch c.Kind() {
		case "wildcard":
			ix.Kind = IndexAll
		case "integer":
			ix.Kind = IndexInt
			ix.N = l.smallInt(&c)
		case "identifier":
			ix.Kind = IndexSymbol
			ix.Symbol = l.text(&c)
		case "range":
			ix.Kind = IndexRange
			from, to := l.value(field(&c, "from")), l.value(field(&c, "to"))
			ix.From, ix.To = &from, &to
		}
	}
	r.Index = ix
	return r
}

func (l *lowerer) message(n *sitter.Node) *Message {
	m := &Message{Span: l.span(n), Name: l.ident(field(n, "name"))}
	p := field(n, "payload")
	if p == nil {
		return m
	}
	switch p.Kind() {
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
		for _, c := range l.children(p) {
			if c.Kind() == "type_path" {
				m.Payload = l.text(&c)
			}
		}
	}
	return m
}

func (l *lowerer) annotationList(n *sitter.Node) *AnnotationList {
	al := &AnnotationList{Span: l.span(n), Style: AnnotBracket}
	braced := l.isBraced(n)
	if braced {
		al.Style = AnnotRecordEq
	}
	for _, c := range l.children(n) {
		if c.Kind() != "annotation" {
			continue
		}
		a := l.annotation(&c)
		if braced && a.Colon {
			al.Style = AnnotRecordColon
		}
		al.Entries = append(al.Entries, a)
	}
	return al
}

func (l *lowerer) annotation(n *sitter.Node) *Annotation {
	return &Annotation{
		Span:  l.span(n),
		Key:   l.ident(field(n, "key")),
		At:    l.src[n.StartByte()] == '@',
		Colon: l.text(field(n, "separator")) == ":",
		Value: l.value(field(n, "value")),
	}
}

// --- values -------------------------------------------------------------

// value lowers a value node. A nil node (the value is missing) gives a
// ValueInvalid; its error was reported by scan.
func (l *lowerer) value(n *sitter.Node) Value {
	if n == nil {
		return Value{Kind: ValueInvalid}
	}
	v := Value{Span: l.span(n), Text: l.text(n)}
	switch n.Kind() {
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
		for _, c := range l.children(n) {
			if !c.IsNamed() || c.Kind() == "comment" {
				continue
			}
			item := l.value(&c)
			if item.Kind != ValueInt && item.Kind != ValueInvalid {
				l.errorf(item.Span, CodeSyntax, "expected an integer in the list, found %s %s", article(item.Kind), item.Text)
			}
			v.Items = append(v.Items, item)
		}
	case "tuple":
		v.Kind = ValueTuple
		for _, c := range l.children(n) {
			if c.IsNamed() && c.Kind() != "comment" {
				v.Items = append(v.Items, l.value(&c))
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

// smallInt reads an integer node used as a count or index.
func (l *lowerer) smallInt(n *sitter.Node) int {
	i, err := strconv.Atoi(l.text(n))
	if err != nil {
		l.errorf(l.span(n), CodeSyntax, "integer %s is too large", l.text(n))
		return 0
	}
	return i
}
