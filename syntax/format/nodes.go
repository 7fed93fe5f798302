package format

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// Indentation steps of the two forms.
const (
	layoutIndent = 2
	braceIndent  = 4
)

func (p *printer) brace() bool { return p.form == syntax.BraceForm }

// step is one indentation level of the file's form.
func (p *printer) step() int {
	if p.brace() {
		return braceIndent
	}
	return layoutIndent
}

// brace2 returns ifBrace in the brace form and ifLayout in the layout form.
func (p *printer) brace2(ifBrace, ifLayout string) string {
	if p.brace() {
		return ifBrace
	}
	return ifLayout
}

// semi is the statement terminator of the file's form.
func (p *printer) semi() string {
	if p.brace() {
		return ";"
	}
	return ""
}

// file prints a whole file.
func (p *printer) file(f *syntax.File) {
	first := true
	if m := f.Module; m != nil {
		p.item(m.Span, 0, first)
		p.tok(p.word(m.Span.Start), "", "module")
		p.tok(m.Name.Span, " ", m.Name.Name)
		p.exposing(m.Exposing, m.Name.Span, m.Span)
		first = false
	}
	for _, im := range f.Imports {
		p.item(im.Span, 0, first)
		p.tok(p.word(im.Span.Start), "", "import")
		p.tok(im.Name.Span, " ", im.Name.Name)
		if im.Alias != nil {
			p.tok(im.Alias.Span, " ", "as "+im.Alias.Name)
		}
		p.exposing(im.Exposing, im.Name.Span, im.Span)
		first = false
	}
	// Protocol-level annotations written before the attributes are printed
	// after them, with the protocol they belong to.
	for _, a := range f.Attributes {
		p.item(a.Span, 0, first)
		p.tok(a.Span, "", "#["+a.Key.Name+" = "+valueText(a.Value)+"]")
		first = false
	}
	for _, b := range f.Bundles {
		p.item(b.Span, 0, first)
		p.bundle(b)
		first = false
	}
	for _, pr := range f.Protocols {
		p.protocol(pr, 0, first)
		first = false
	}
	for _, t := range f.Topologies {
		p.item(t.Span, 0, first)
		p.consume(t.Span)
		p.tok(t.Span, "", string(p.src[t.Span.Start.Offset:t.Span.End.Offset]))
		first = false
	}
}

// exposing prints the ` exposing (…)` clause of a header spanning sp
// whose name spans name, if the header has one.
//
// The list is raw text: comments inside its parentheses are part of it,
// and it is printed verbatim when it has some, else in canonical spacing.
func (p *printer) exposing(list string, name diag.Span, sp diag.Span) {
	tail := p.src[name.End.Offset:min(sp.End.Offset, len(p.src))]
	kw := bytes.Index(tail, []byte("exposing"))
	if kw < 0 {
		return
	}
	clause := diag.Span{Start: p.posAt(name.End, name.End.Offset+kw), End: sp.End}
	p.inline(clause.Start.Offset, " ")
	if any, _ := p.hasComment(clause); any {
		p.consume(clause)
		p.tok(clause, " ", "exposing ("+list+")")
		return
	}
	p.tok(clause, " ", "exposing ("+canonicalList(list)+")")
}

// canonicalList respaces a raw list such as `A ,B( .. )`: single spaces,
// none before a comma or a closing parenthesis or after an opening one,
// one after a comma.
func canonicalList(s string) string {
	var b strings.Builder
	space := false // a space is due before the next non-space byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			space = b.Len() > 0
			continue
		case c == ',' || c == ')':
		case space && !strings.HasSuffix(b.String(), "("):
			b.WriteByte(' ')
		}
		space = c == ','
		b.WriteByte(c)
	}
	return b.String()
}

// bundle prints a proof bundle declaration on one line, its clauses in
// the canonical order.
func (p *printer) bundle(b *syntax.ProofBundle) {
	text := "proof_bundle " + b.Name.Name
	for _, c := range []struct {
		kw string
		v  *syntax.Value
	}{{"version", b.Version}, {"issuer", b.Issuer}} {
		if c.v != nil {
			text += " " + c.kw + " " + c.v.Text
		}
	}
	for _, c := range b.Constraints {
		text += " constraint " + c.Text
	}
	if b.Requires != nil || bytes.Contains(p.src[b.Span.Start.Offset:b.Span.End.Offset], []byte("[")) {
		names := make([]string, len(b.Requires))
		for i, r := range b.Requires {
			names[i] = r.Name
		}
		text += " requires [" + strings.Join(names, ", ") + "]"
	}
	if any, _ := p.hasComment(b.Span); any {
		p.consume(b.Span)
	}
	p.tok(b.Span, "", text)
}

// protocol prints a top-level or local protocol at column col, after its
// protocol-level annotations, one a line.
func (p *printer) protocol(pr *syntax.Protocol, col int, first bool) {
	for _, pa := range pr.Prefix {
		p.item(pa.Span, col, first)
		p.tok(pa.Span, "", p.prefixText(pa))
		first = true // no blank line between an annotation and its protocol
	}
	p.item(pr.Keyword.Span, col, first)
	kw := pr.Keyword.Name
	if kw == "" {
		kw = "protocol"
	}
	p.tok(pr.Keyword.Span, "", kw)
	p.tok(pr.Name.Span, " ", pr.Name.Name)
	if n := len(pr.Params); n > 0 {
		p.tok(diag.Span{Start: pr.Params[0].Span.Start, End: pr.Params[n-1].Span.End}, " ", "("+roleDecls(pr.Params)+")")
	}
	if n := len(pr.Requires); n > 0 {
		names := make([]string, n)
		for i, r := range pr.Requires {
			names[i] = r.Name
		}
		p.tok(diag.Span{Start: pr.Requires[0].Span.Start, End: pr.Requires[n-1].Span.End}, " ", "requires "+strings.Join(names, ", "))
	}
	if p.brace() {
		var body diag.Span
		if pr.Body != nil {
			body = pr.Body.Span
		}
		p.openBrace(body)
		p.braceProtocolBody(pr, col+braceIndent)
		p.closeBrace(body, col)
		return
	}
	p.text(" =")
	inner := col + layoutIndent
	switch {
	case pr.Roles != nil:
		p.item(pr.Roles.Span, inner, true)
		p.tok(pr.Roles.Span, "", "roles "+roleDecls(pr.Roles.Roles))
		if pr.Body != nil {
			p.stmts(pr.Body, inner, false)
		}
	case pr.Body == nil || len(pr.Body.Stmts) == 0:
		p.text(" {}")
	default:
		p.stmts(pr.Body, inner, true)
	}
	p.tail(inner, blockCol(pr.Body, inner))
	if len(pr.Locals) == 0 {
		return
	}
	where := p.spanAt(p.nextToken(p.lastOff), len("where"))
	p.item(where, col, false)
	p.tok(where, "", "where")
	for i, l := range pr.Locals {
		p.protocol(l, inner, i == 0)
	}
}

// braceProtocolBody prints the items of a brace-form protocol at col.
func (p *printer) braceProtocolBody(pr *syntax.Protocol, col int) {
	first := true
	if pr.Roles != nil {
		p.item(pr.Roles.Span, col, true)
		p.tok(pr.Roles.Span, "", "roles: "+roleDecls(pr.Roles.Roles)+";")
		first = false
	}
	// Local protocols may sit between statements: print both in source
	// order so that comments stay next to what they describe.
	var stmts []syntax.Stmt
	if pr.Body != nil {
		stmts = pr.Body.Stmts
	}
	locals := pr.Locals
	for len(stmts) > 0 || len(locals) > 0 {
		if len(locals) > 0 && (len(stmts) == 0 || locals[0].Span.Start.Offset < stmtStart(stmts[0]).Start.Offset) {
			p.protocol(locals[0], col, first)
			locals = locals[1:]
		} else {
			p.stmt(stmts[0], col, first)
			stmts = stmts[1:]
		}
		first = false
	}
	p.tail(col, col)
}

// openBrace prints the ` {` that opens a brace block; start is the
// block's source span when known, else the zero span.
func (p *printer) openBrace(start diag.Span) {
	off := start.Start.Offset
	if start.IsZero() || off >= len(p.src) || p.src[off] != '{' {
		off = p.nextToken(p.lastOff)
	}
	if off < len(p.src) && p.src[off] == '{' {
		p.tok(p.spanAt(off, 1), " ", "{")
		return
	}
	p.text(" {")
}

// closeBrace prints the `}` that closes a brace block whose line starts at
// column col; sp is the source span the `}` ends, when known, else the
// zero span. A block with nothing printed inside is closed on its own
// line: `{}`.
func (p *printer) closeBrace(sp diag.Span, col int) {
	off := sp.End.Offset - 1
	if sp.IsZero() || off < p.lastOff || off >= len(p.src) || p.src[off] != '}' {
		off = p.nextToken(p.lastOff)
	}
	end := p.spanAt(off, 1)
	if _, ok := p.pending(off); !ok && len(p.eol) == 0 && p.breaks == 0 && bytes.HasSuffix(p.out, []byte("{")) {
		p.tok(end, "", "}")
		return
	}
	p.item(end, col, true)
	p.tok(end, "", "}")
}

// block prints the statements of b as a nested block at column col, after
// a header that ends the current line. An empty block is printed `{}`.
func (p *printer) block(b *syntax.Block, col int) {
	if p.brace() {
		var sp diag.Span
		if b != nil {
			sp = b.Span
			p.openBrace(sp)
			p.stmts(b, col, true)
		} else {
			p.openBrace(sp)
		}
		p.tail(col, col)
		p.closeBrace(sp, col-braceIndent)
		return
	}
	if b == nil || len(b.Stmts) == 0 {
		p.text(" {}")
		return
	}
	p.stmts(b, col, true)
	p.tail(col, blockCol(b, col))
	p.closedLine(b.Span.End)
}

// closedLine notes that the source has consumed the lines up to end (the
// closing brace of a brace block printed in the layout form), so that the
// line of that brace does not count as a blank line before the next item.
// A comment after the brace keeps the brace's line unmarked: it is then
// placed on a line of its own rather than after the last printed line.
func (p *printer) closedLine(end diag.Pos) {
	if p.brace() || end.Offset == 0 || end.Offset > len(p.src) || p.src[end.Offset-1] != '}' {
		return
	}
	if c, ok := p.pending(len(p.src) + 1); ok && c.Span.Start.Line == end.Line {
		return
	}
	p.mark(end)
}

// stmts prints the statements of b, each starting a line at column col.
func (p *printer) stmts(b *syntax.Block, col int, first bool) {
	for _, s := range b.Stmts {
		p.stmt(s, col, first)
		first = false
	}
}

// blockCol is the source column of b's first statement, or def.
func blockCol(b *syntax.Block, def int) int {
	if b == nil || len(b.Stmts) == 0 {
		return def
	}
	return stmtStart(b.Stmts[0]).Start.Col
}

// stmtStart is the span of the first token of s, prefix annotations
// included.
func stmtStart(s syntax.Stmt) diag.Span {
	if pre := s.Prefixes(); len(pre) > 0 {
		return pre[0].Span
	}
	return s.StmtSpan()
}

// stmt prints one statement, with its prefix annotations, at column col.
func (p *printer) stmt(s syntax.Stmt, col int, first bool) {
	for _, pa := range s.Prefixes() {
		p.item(pa.Span, col, first)
		p.tok(pa.Span, "", p.prefixText(pa))
		first = true // no blank line between an annotation and its statement
	}
	p.item(s.StmtSpan(), col, first)
	switch s := s.(type) {
	case *syntax.Send:
		p.send(s, col)
	case *syntax.Choice:
		p.choice(s, col)
	case *syntax.Loop:
		p.loop(s, col)
	case *syntax.Rec:
		p.tok(s.Label.Span, "", "rec "+s.Label.Name)
		p.block(s.Body, col+p.step())
	case *syntax.Continue:
		p.tok(s.Label.Span, "", "continue "+s.Label.Name+p.semi())
	case *syntax.Par:
		p.par(s, col)
	case *syntax.Call:
		p.tok(s.Name.Span, "", "call "+s.Name.Name+p.semi())
	case *syntax.Handshake:
		p.tok(s.Left.Span, "", "handshake "+roleRef(s.Left))
		p.tok(s.Right.Span, " ", "<-> "+roleRef(s.Right))
		p.tok(s.Label.Span, p.colonSep(), ": "+s.Label.Name+p.semi())
	case *syntax.Retry:
		p.tok(s.Count.Span, "", "retry "+valueText(s.Count))
		p.block(s.Body, col+p.step())
	case *syntax.QuorumCollect:
		p.tok(s.Family.Span, "", "quorum_collect "+roleRef(s.Family))
		p.tok(s.Receiver.Span, " ", "-> "+roleRef(s.Receiver))
		p.tok(s.Min.Span, " ", "min "+valueText(s.Min))
		p.message(s.Message, p.colonSep())
		p.text(p.semi())
	case *syntax.Heartbeat:
		p.heartbeat(s, col)
	case *syntax.RuntimeOp:
		p.runtimeOp(s)
	}
	p.closedLine(s.StmtSpan().End)
}

// colonSep is the space before the `:` of a send: `A -> B : M` in the
// layout form, `A -> B: M;` in the brace form.
func (p *printer) colonSep() string {
	if p.brace() {
		return ""
	}
	return " "
}

// prefixText is the text of a prefix annotation.
func (p *printer) prefixText(pa *syntax.PrefixAnnotation) string {
	if pa.Value != nil {
		return "[" + entryText(&syntax.Annotation{Key: pa.Name, Quoted: pa.Quoted, At: true, Bare: pa.Bare, Value: *pa.Value}) + "]"
	}
	if pa.Args != "" || p.hasParens(pa.Span) {
		if any, _ := p.hasComment(pa.Span); any {
			p.consume(pa.Span)
		}
		return "@" + pa.Name.Name + "(" + pa.Args + ")"
	}
	return "@" + pa.Name.Name
}

// hasParens reports whether the source of sp ends with `)`, telling
// `@name()` from `@name`.
func (p *printer) hasParens(sp diag.Span) bool {
	return sp.End.Offset > 0 && sp.End.Offset <= len(p.src) && p.src[sp.End.Offset-1] == ')'
}

// runtimeOp prints a runtime operation from its source text, with its
// white space collapsed (verbatim when it contains comments).
func (p *printer) runtimeOp(s *syntax.RuntimeOp) {
	text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s.Text), ";"))
	if any, _ := p.hasComment(s.Span); any {
		p.consume(s.Span)
	} else {
		text = strings.Join(strings.Fields(text), " ")
	}
	p.tok(s.Span, "", text+p.semi())
}

// send prints a send or broadcast.
func (p *printer) send(s *syntax.Send, col int) {
	sender := roleRef(s.Sender)
	rest := " -> " + roleRefOrEmpty(s.Receiver) + receiverAnnotations(s) + p.colonSep() + ": " + messageText(s.Message) + p.semi()
	if s.Broadcast {
		rest = " ->* : " + messageText(s.Message) + p.semi()
	}
	p.tok(s.Sender.Span, "", sender)
	a := s.Annotations
	switch {
	case a == nil:
	case len(a.Entries) == 0:
		p.tok(a.Span, annotationSep(a), emptyAnnotations(a))
	default:
		one := annotationsOneLine(a)
		_, lineComment := p.hasComment(a.Span)
		record := a.Style != syntax.AnnotBracket
		switch {
		case !lineComment && p.fits(col, sender, one, rest):
			p.annotations(a)
		case !lineComment && record && p.fits(col, sender, one):
			// The record fits on the sender's line, the arrow goes below.
			p.annotations(a)
			p.arrowBelow(s, col)
			return
		case lineComment || record || len(a.Entries) > 1:
			p.annotationsMultiLine(a, col+len(sender))
			if record {
				p.arrowBelow(s, col)
				return
			}
		default:
			p.annotations(a)
		}
	}
	p.arrow(s, " ")
}

// arrowBelow continues a send whose sender line is full: the arrow starts
// the next line, one level deeper than the statement.
func (p *printer) arrowBelow(s *syntax.Send, col int) {
	p.inline(s.Arrow.Start.Offset, "")
	p.newline(col + layoutIndent)
	p.arrow(s, "")
}

// arrow prints the part of a send from its arrow on.
func (p *printer) arrow(s *syntax.Send, sep string) {
	if s.Broadcast {
		p.tok(s.Arrow, sep, "->*")
		p.message(s.Message, " ")
	} else {
		p.tok(s.Arrow, sep, "->")
		p.tok(s.Receiver.Span, " ", roleRef(s.Receiver))
		if a := s.ReceiverAnnotations; a != nil {
			p.annotations(a)
		}
		p.message(s.Message, p.colonSep())
	}
	p.text(p.semi())
}

// message prints `: M` for a message; comments inside the payload are
// part of its verbatim text.
func (p *printer) message(m *syntax.Message, sep string) {
	p.inline(m.Span.Start.Offset, sep)
	text := messageText(m)
	p.consume(m.Span)
	p.text(sep + ": " + text)
	p.mark(m.Span.End)
}

// annotations prints an annotation list on one line.
func (p *printer) annotations(a *syntax.AnnotationList) {
	open, closing := annotationDelims(a)
	p.tok(openSpan(a.Span), annotationSep(a), open)
	for i, e := range a.Entries {
		sep := ""
		switch {
		case i > 0:
			p.text(",")
			sep = " "
		case a.Style != syntax.AnnotBracket:
			sep = " "
		}
		p.tok(e.Span, sep, entryText(e))
	}
	p.tok(closeSpan(a.Span), strings.TrimSuffix(closing, strings.TrimSpace(closing)), strings.TrimSpace(closing))
}

// annotationsMultiLine prints an annotation list one entry per line in the
// leading-comma style, the commas aligned under the opening bracket, which
// sits at column openCol (or one further for a record).
func (p *printer) annotationsMultiLine(a *syntax.AnnotationList, openCol int) {
	open, closing := annotationDelims(a)
	if a.Style != syntax.AnnotBracket {
		openCol++
	}
	p.tok(openSpan(a.Span), annotationSep(a), open)
	for i, e := range a.Entries {
		switch {
		case i > 0:
			p.breakable(e.Span.Start.Offset, openCol)
			p.newline(openCol)
			p.text(",")
		case p.lineCommentBefore(e.Span.Start.Offset):
			// `[ -- why` : the first entry goes below, after the comma column.
			p.breakable(e.Span.Start.Offset, openCol+2)
			p.newline(openCol + 2)
			p.tok(e.Span, "", entryText(e))
			continue
		}
		p.tok(e.Span, " ", entryText(e))
	}
	end := closeSpan(a.Span)
	if p.lineCommentBefore(end.Start.Offset) {
		p.breakable(end.Start.Offset, openCol)
		p.newline(openCol)
		p.tok(end, "", strings.TrimSpace(closing))
		return
	}
	p.tok(end, " ", strings.TrimSpace(closing))
}

// openSpan is the span of the opening bracket of a list spanning sp.
func openSpan(sp diag.Span) diag.Span {
	end := sp.Start
	end.Offset++
	end.Col++
	return diag.Span{Start: sp.Start, End: end}
}

// closeSpan is the span of the closing bracket of a list spanning sp.
func closeSpan(sp diag.Span) diag.Span {
	end := sp.End
	start := end
	if start.Offset > 0 {
		start.Offset--
		start.Col--
	}
	return diag.Span{Start: start, End: end}
}

// choice prints a choice and its branches.
func (p *printer) choice(c *syntax.Choice, col int) {
	decider := roleRef(c.Decider)
	var header string
	switch {
	case c.Style == syntax.TimedChoice || c.Style == syntax.TimedChoiceRAt:
		timeout := ""
		if c.Timeout != nil {
			timeout = valueText(*c.Timeout)
		}
		header = "timed_choice at " + decider + "(" + timeout + ")"
	case p.brace():
		header = "choice " + decider
	default:
		header = "choice at " + decider
	}
	sp := c.Decider.Span
	if c.Timeout != nil {
		sp.End = c.Timeout.Span.End
	}
	p.tok(sp, "", header)
	if p.brace() {
		p.openBrace(diag.Span{})
	}
	step := p.step()
	for i, b := range c.Branches {
		p.item(b.Span, col+step, i == 0)
		label := b.Label.Name
		if b.Guard != "" {
			label += " when (" + b.Guard + ")"
		}
		if p.brace() {
			p.tok(b.Label.Span, "", label+":")
			p.block(b.Body, col+2*step)
			continue
		}
		p.tok(b.Label.Span, "", "| "+label+" ->")
		p.block(b.Body, col+step+4)
	}
	if p.brace() {
		p.tail(col+step, col+step)
		p.closeBrace(c.Span, col)
		return
	}
	if len(c.Branches) == 0 {
		p.text(" {}")
	}
}

// loop prints a loop.
func (p *printer) loop(l *syntax.Loop, col int) {
	p.tok(p.header(l.Span, l.Body), "", p.loopHeader(l))
	p.block(l.Body, col+p.step())
}

// loopHeader is the header text of a loop in the file's form.
func (p *printer) loopHeader(l *syntax.Loop) string {
	var pred string
	if l.Kind == syntax.LoopWhile {
		pred = p.quoted(l)
	}
	if !p.brace() && len(l.Options) == 0 {
		switch l.Kind {
		case syntax.LoopDecide:
			return "loop decide by " + roleRefOrEmpty(l.Decider)
		case syntax.LoopRepeat:
			return "loop repeat " + valuePtrText(l.Count)
		case syntax.LoopWhile:
			return "loop while " + pred
		}
		return "loop forever"
	}
	var opts []string
	switch l.Kind {
	case syntax.LoopDecide:
		opts = append(opts, "decides: "+roleRefOrEmpty(l.Decider))
	case syntax.LoopRepeat:
		opts = append(opts, "count: "+valuePtrText(l.Count))
	case syntax.LoopWhile:
		opts = append(opts, "custom: "+pred)
	}
	for _, o := range l.Options {
		opts = append(opts, o.Key.Name+": "+valueText(o.Value))
	}
	if len(opts) == 0 {
		return "loop"
	}
	return "loop (" + strings.Join(opts, ", ") + ")"
}

// quoted returns the string literal of a `loop while "p"` header as it is
// written in the source, so that its escapes are kept; it falls back to
// quoting the predicate.
func (p *printer) quoted(l *syntax.Loop) string {
	from, to := l.Span.Start.Offset, l.Span.End.Offset
	if l.Body != nil && l.Body.Span.Start.Offset > from {
		to = l.Body.Span.Start.Offset
	}
	if lit, ok := firstStringLiteral(p.src, from, to); ok {
		return lit
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(l.Predicate) + `"`
}

// firstStringLiteral returns the first `"…"` literal in src[from:to].
func firstStringLiteral(src []byte, from, to int) (string, bool) {
	to = min(to, len(src))
	if from < 0 || from >= to {
		return "", false
	}
	start := -1
	for i := from; i < to; i++ {
		switch {
		case start < 0 && src[i] == '"':
			start = i
		case start >= 0 && src[i] == '\\':
			i++
		case start >= 0 && src[i] == '"':
			return string(src[start : i+1]), true
		case src[i] == '\n':
			start = -1
		}
	}
	return "", false
}

// par prints a parallel composition: every arm starts with `| `, its
// first statement on that line and the others aligned under it.
func (p *printer) par(s *syntax.Par, col int) {
	armCol := col + p.step()
	p.tok(p.word(s.Span.Start), "", p.brace2("parallel", "par"))
	if p.brace() {
		p.openBrace(diag.Span{})
	}
	for i, b := range s.Branches {
		if b == nil || len(b.Stmts) == 0 {
			p.newline(armCol)
			p.text("| {}")
			continue
		}
		p.item(stmtStart(b.Stmts[0]), armCol, true)
		p.text("| ")
		p.sameLine = true
		p.stmts(b, armCol+2, true)
		// In the brace form, comments between two arms are printed with
		// the `|` of the next one, wherever they sat around the `|`.
		if !p.brace() || i == len(s.Branches)-1 {
			p.tail(armCol+2, blockCol(b, armCol+2))
		}
	}
	if p.brace() {
		p.tail(armCol, armCol)
		p.closeBrace(s.Span, col)
	}
}

// heartbeat prints `heartbeat A -> B every d on_missing(n)` with its two
// blocks.
func (p *printer) heartbeat(h *syntax.Heartbeat, col int) {
	p.tok(h.From.Span, "", "heartbeat "+roleRef(h.From))
	p.tok(h.To.Span, " ", "-> "+roleRef(h.To))
	p.tok(h.Every.Span, " ", "every "+valueText(h.Every))
	p.tok(h.OnMissing.Span, " ", "on_missing("+valueText(h.OnMissing)+")")
	p.block(h.Missing, col+p.step())
	kw := p.spanAt(p.nextToken(p.lastOff), len("body"))
	if !p.brace() {
		p.item(kw, col, true)
	}
	p.tok(kw, p.brace2(" ", ""), "body")
	p.block(h.Body, col+p.step())
}

// roleDecls renders role declarations `A, B, F[N]`.
func roleDecls(ds []*syntax.RoleDecl) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Name.Name
		if f := d.Family; f != nil {
			switch f.Kind {
			case syntax.SizeSymbolic:
				parts[i] += "[" + f.Symbol + "]"
			case syntax.SizeFixed:
				parts[i] += "[" + strconv.Itoa(f.N) + "]"
			case syntax.SizeDynamic:
				parts[i] += "[*]"
			}
		}
	}
	return strings.Join(parts, ", ")
}

// roleRef renders a role reference `A`, `F[*]`, `F[2]`, `F[i]`, `F[0..k]`.
func roleRef(r *syntax.RoleRef) string { return r.String() }

func roleRefOrEmpty(r *syntax.RoleRef) string {
	if r == nil {
		return ""
	}
	return roleRef(r)
}

// messageText renders a message with its verbatim payload.
func messageText(m *syntax.Message) string {
	name := m.Name.Name
	if m.TypeArgs != "" {
		name += "<" + m.TypeArgs + ">"
	}
	switch m.PayloadKind {
	case syntax.PayloadParen:
		return name + "(" + m.Payload + ")"
	case syntax.PayloadBrace:
		if m.Payload == "" {
			return name + " {}"
		}
		return name + " { " + m.Payload + " }"
	case syntax.PayloadOf:
		return m.Name.Name + " of " + m.Payload
	case syntax.PayloadGeneric:
		return m.Name.Name + "<" + m.Payload + ">"
	}
	return m.Name.Name
}

// annotationDelims are the opening and closing text of an annotation list.
func annotationDelims(a *syntax.AnnotationList) (open, closing string) {
	if a.Style == syntax.AnnotBracket {
		return "[", "]"
	}
	return "{", " }"
}

// annotationSep is the space between a sender and its annotation list.
func annotationSep(a *syntax.AnnotationList) string {
	if a.Style == syntax.AnnotBracket {
		return ""
	}
	return " "
}

// emptyAnnotations renders an annotation list without entries.
func emptyAnnotations(a *syntax.AnnotationList) string {
	if a.Style == syntax.AnnotBracket {
		return "[]"
	}
	return "{}"
}

// annotationsOneLine renders an annotation list on one line (with its
// leading space for the record spellings).
func annotationsOneLine(a *syntax.AnnotationList) string {
	parts := make([]string, len(a.Entries))
	for i, e := range a.Entries {
		parts[i] = entryText(e)
	}
	if a.Style == syntax.AnnotBracket {
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return " { " + strings.Join(parts, ", ") + " }"
}

// receiverAnnotations renders the annotations of a send's receiver
// (`[@k = v]`), "" when it has none.
func receiverAnnotations(s *syntax.Send) string {
	if s.ReceiverAnnotations == nil {
		return ""
	}
	return annotationsOneLine(s.ReceiverAnnotations)
}

// entryText renders one annotation entry: `key = value`, `key: value` or
// a bare `@flag`.
func entryText(e *syntax.Annotation) string {
	key := e.Key.Name
	if e.Quoted {
		key = quote(key)
	}
	if e.At {
		key = "@" + key
	}
	if e.Bare {
		return key
	}
	if e.Colon {
		return key + ": " + valueText(e.Value)
	}
	return key + " = " + valueText(e.Value)
}

// valueText renders a literal: scalars verbatim, lists and tuples with
// canonical spacing.
func valueText(v syntax.Value) string {
	switch v.Kind {
	case syntax.ValueIntList, syntax.ValueTuple:
		parts := make([]string, len(v.Items))
		for i, it := range v.Items {
			parts[i] = valueText(it)
		}
		if v.Kind == syntax.ValueIntList {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return strings.TrimSpace(v.Text)
}

// quote writes s as a string literal, escaping `"` and `\`.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func valuePtrText(v *syntax.Value) string {
	if v == nil {
		return ""
	}
	return valueText(*v)
}
