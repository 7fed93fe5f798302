package syntax

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/choreo-lang/choreo/diag"
)

// scan collects the comments into f and reports every ERROR and MISSING
// node as a "syntax" diagnostic. Errors are found in the flat tree by
// descending only into subtrees that contain one, and described from the
// tree-sitter tree, which a cursor follows down to each of them (the
// descriptions need parse states and parents, which the flat copy does not
// keep). Errors nested inside an ERROR node are not reported again.
func (l *lowerer) scan(f *File) {
	for i := range l.nodes {
		if n := node(i); l.kind(n) == "comment" {
			text := l.text(n)
			f.Comments = append(f.Comments, &Comment{
				Span:  l.span(n),
				Text:  text,
				Block: strings.HasPrefix(text, "{-") || strings.HasPrefix(text, "/*"),
			})
		}
	}
	if l.hasError(0) {
		e := errorReporter{lowerer: l, cursor: l.root.Walk()}
		defer e.cursor.Close()
		at := l.root.Walk()
		defer at.Close()
		e.scanErrors(0, at)
	}
}

// errorReporter describes syntax errors from the tree-sitter tree.
type errorReporter struct {
	*lowerer
	cursor *sitter.TreeCursor // reused for child iteration
}

// scanErrors reports the errors in the subtree of flat node n; at is a
// cursor on n's tree-sitter node, and is there again when it returns.
func (l *errorReporter) scanErrors(n node, at *sitter.TreeCursor) {
	switch {
	case l.isError(n):
		l.reportError(at.Node())
	case l.isMissing(n):
		l.reportMissing(at.Node())
	case l.hasError(n):
		// first is the first child that ends after the start of child c
		// (index i); it only moves forward as c does.
		first, fi, i := n+1, 0, 0
		for c := range l.children(n) {
			for first != c && l.end(first) <= l.start(c) {
				first, fi = l.next(first), fi+1
			}
			if l.hasError(c) {
				from := fi
				if l.end(first) <= l.start(c) {
					from = -1 // c is empty and nothing before it ends after it
				}
				if l.gotoChild(at, c, from, i) {
					l.scanErrors(c, at)
					at.GotoParent()
				}
			}
			i++
		}
	}
}

// gotoChild moves cursor at from the tree-sitter node of the parent of
// flat node c, its index-th child, to c. first is the index of the first
// child that ends after c's start (-1: none before c): the cursor jumps
// there in C and steps on, so that the children of a long block are not
// visited one call at a time.
func (l *errorReporter) gotoChild(at *sitter.TreeCursor, c node, first, index int) bool {
	steps := index
	if first >= 0 {
		if at.GotoFirstChildForByte(uint32(l.start(c))) == nil {
			return false
		}
		steps = index - first
	} else if !at.GotoFirstChild() {
		return false
	}
	for ; steps > 0; steps-- {
		if !at.GotoNextSibling() {
			at.GotoParent()
			return false
		}
	}
	return true
}

// tsChildren returns the children of tree-sitter node n. The slice is
// freshly allocated, so callers may recurse while iterating it.
func (l *errorReporter) tsChildren(n *sitter.Node) []sitter.Node {
	return n.Children(l.cursor)
}

// tsSpan returns the span of tree-sitter node n.
func (l *errorReporter) tsSpan(n *sitter.Node) diag.Span {
	start, end := n.ByteRange()
	return diag.Span{Start: l.pos(int(start)), End: l.pos(int(end))}
}

// tsHasToken reports whether tree-sitter node n has a direct anonymous
// child with text tok.
func (l *errorReporter) tsHasToken(n *sitter.Node, tok string) bool {
	for _, c := range l.tsChildren(n) {
		if !c.IsNamed() && !c.IsMissing() && c.Kind() == tok {
			return true
		}
	}
	return false
}

// reportMissing reports a token or node that error recovery inserted.
func (l *errorReporter) reportMissing(n *sitter.Node) {
	parent := n.Parent()
	what := describeSymbol(n.GrammarName())
	// A missing message name is a missing message leaf (see _message in
	// grammar.js) or a missing name in a message with a payload.
	msg := parent
	if n.Kind() == "message" {
		msg = n
	}
	if msg != nil && msg.Kind() == "message" {
		what = "a message name"
		parent = msg
		if send := msg.Parent(); send != nil && send.Kind() == "send" {
			parent = send
			what = "a message"
			if !l.tsHasToken(send, ":") {
				what = "':' and a message"
			}
		}
	}
	sp := l.tsSpan(n)
	if open := openerFor[n.Kind()]; open != "" && parent != nil {
		for _, c := range l.tsChildren(parent) {
			if c.Kind() == open && !c.IsMissing() {
				p := c.StartPosition()
				l.errorf(l.pointSpan(sp.Start.Offset), CodeSyntax, "expected '%s' to close the '%s' at line %d, column %d",
					n.Kind(), open, p.Row+1, p.Column+1)
				return
			}
		}
	}
	if ctx := l.contextBefore(parent, int(n.StartByte())); ctx != "" {
		l.errorf(l.pointSpan(sp.Start.Offset), CodeSyntax, "expected %s after '%s'", what, ctx)
		return
	}
	l.errorf(l.pointSpan(sp.Start.Offset), CodeSyntax, "expected %s", what)
}

// openerFor maps closing brackets to their opening brackets.
var openerFor = map[string]string{"}": "{", ")": "(", "]": "[", ">": "<"}

// reportError reports an ERROR node: text the parser could not fit into
// the grammar. Every token kept in an ERROR node records the parse state
// it was read in, and tokens read after the parser gave up record none.
// So the last child with a state is the token that broke the parse, and
// its state's lookahead set is what was expected there. When no child
// lacks a state and the last one can be shifted, the parse broke off
// after it, at the next token, and the expectation is the state after it.
func (l *errorReporter) reportError(n *sitter.Node) {
	start, end := int(n.StartByte()), int(n.EndByte())
	for start < end && isSpace(l.src[start]) {
		start++
	}
	for end > start && isSpace(l.src[end-1]) {
		end--
	}
	ctxStart := l.lineContextStart(n, start)
	lang := Language()
	var trigger *sitter.Node
	gaveUp := false
	for _, c := range l.tsChildren(n) {
		if c.IsExtra() {
			continue
		}
		if stateBefore(lang, &c) == 0 || c.IsError() {
			gaveUp = true
			break
		}
		trigger = &c
	}
	if trigger != nil {
		state := stateBefore(lang, trigger)
		if next := lang.NextState(state, trigger.GrammarId()); !gaveUp && next != 0 {
			at := int(trigger.EndByte())
			names := lookahead(lang, next)
			if open := l.unclosedBrace(int(n.StartByte()), at); open >= 0 && slices.Contains(names, "}") && l.onlySpaceAfter(at) {
				p := l.pos(open)
				l.errorf(l.pointSpan(at), CodeSyntax, "expected '}' to close the '{' at line %d, column %d", p.Line+1, p.Col+1)
				return
			}
			l.reportUnexpected(l.pointSpan(at), l.tokenAfter(at), ctxStart, at, describeExpected(names))
			return
		}
		at := int(trigger.StartByte())
		span := diag.Span{Start: l.pos(at), End: l.pos(min(int(trigger.EndByte()), l.lineEndAt(at)))}
		tok := l.firstToken(at, int(trigger.EndByte()))
		names := lookahead(lang, state)
		if slices.Contains(names, trigger.Kind()) {
			// The token fits its state (which both forms share) but not
			// the file around it: naming it as expected would contradict
			// the message.
			if tok == "'{'" && l.layoutHeader() {
				l.reportBraceAfterHeader(span, ctxStart, at)
				return
			}
			if next := lang.NextState(state, trigger.GrammarId()); next != 0 {
				after := int(trigger.EndByte())
				l.reportUnexpected(l.pointSpan(after), l.tokenAfter(after), ctxStart, after, describeExpected(lookahead(lang, next)))
				return
			}
		}
		l.reportUnexpected(span, tok, ctxStart, at, describeExpected(names))
		return
	}
	if start == end {
		l.errorf(l.pointSpan(start), CodeSyntax, "unexpected end of line")
		return
	}
	lineEnd := l.lineEndAt(start)
	span := diag.Span{Start: l.pos(start), End: l.pos(min(lineEnd, end))}
	l.reportUnexpected(span, l.firstToken(start, min(lineEnd, end)), ctxStart, start, l.expectedBefore(n))
}

// reportUnexpected reports token tok at span, with the source from
// ctxStart to ctxEnd as context and expected (possibly "") as the
// expectation.
func (l *lowerer) reportUnexpected(span diag.Span, tok string, ctxStart, ctxEnd int, expected string) {
	msg := "unexpected " + tok
	if ctxEnd > ctxStart {
		msg += " after '" + l.snippet(diag.Span{Start: l.pos(ctxStart), End: l.pos(ctxEnd)}) + "'"
	}
	if expected != "" {
		msg += ": expected " + expected
	}
	l.errorf(span, CodeSyntax, "%s", msg)
}

// reportBraceAfterHeader reports the '{' at span of a brace-form protocol
// head (the text from ctxStart to ctxEnd) in a file with a module or
// import header, which only the layout form has.
func (l *errorReporter) reportBraceAfterHeader(span diag.Span, ctxStart, ctxEnd int) {
	ctx := l.snippet(diag.Span{Start: l.pos(ctxStart), End: l.pos(ctxEnd)})
	l.errorf(span, CodeSyntax, "unexpected '{' after '%s': after a module or import header the protocol is in the layout form, "+
		"'%s =' and an indented body (or '%s = {' ... '}'); the brace form 'protocol P {' takes its namespace from #[namespace = \"...\"] instead", ctx, ctx, ctx)
}

// layoutHeader reports whether the file starts with a module or import
// header, which only the layout form has.
func (l *errorReporter) layoutHeader() bool {
	first := l.root.NamedChild(0)
	return first != nil && (first.Kind() == "module_header" || first.Kind() == "import")
}

// onlySpaceAfter reports whether the source after offset is white space.
func (l *lowerer) onlySpaceAfter(offset int) bool {
	for _, b := range l.src[min(offset, len(l.src)):] {
		if !isSpace(b) {
			return false
		}
	}
	return true
}

// unclosedBrace returns the offset of the last '{' in src[from:to] that no
// '}' closes, skipping strings and comments, or -1. (Block comments `{-`
// are skipped, so their brace does not count.)
func (l *lowerer) unclosedBrace(from, to int) int {
	var open []int
	src := l.src[:min(to, len(l.src))]
	for i := from; i < len(src); i++ {
		switch c := src[i]; {
		case c == '"':
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case (c == '-' || c == '/') && i+1 < len(src) && src[i+1] == c:
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case (c == '{' && i+1 < len(src) && src[i+1] == '-') || (c == '/' && i+1 < len(src) && src[i+1] == '*'):
			end := "-}"
			if c == '/' {
				end = "*/"
			}
			j := bytes.Index(src[i+2:], []byte(end))
			if j < 0 {
				return -1
			}
			i += 2 + j + 1
		case c == '{':
			open = append(open, i)
		case c == '}' && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	if len(open) == 0 {
		return -1
	}
	return open[len(open)-1]
}

// tokenAfter describes the first token after offset on its line.
func (l *lowerer) tokenAfter(offset int) string {
	for offset < len(l.src) && (l.src[offset] == ' ' || l.src[offset] == '\t' || l.src[offset] == '\r') {
		offset++
	}
	switch {
	case offset >= len(l.src):
		return "end of file"
	case l.src[offset] == '\n':
		return "end of line"
	}
	return l.firstToken(offset, l.lineEndAt(offset))
}

// lineContextStart returns where the context of an error at offset
// begins: the start of the construct before it when that starts on the
// error's line, else offset itself.
func (l *errorReporter) lineContextStart(n *sitter.Node, offset int) int {
	lineStart := offset - l.pos(offset).Col
	prev := n.PrevNamedSibling()
	if prev != nil && !prev.IsExtra() && int(prev.StartByte()) >= lineStart && int(prev.StartByte()) < offset {
		return int(prev.StartByte())
	}
	return offset
}

// lineEndAt returns the offset of the end of the line holding offset.
func (l *lowerer) lineEndAt(offset int) int {
	for offset < len(l.src) && l.src[offset] != '\n' {
		offset++
	}
	return offset
}

// namedTokens are the named terminal symbols of the grammar; every other
// named symbol is a rule, which lookahead sets also list.
var namedTokens = map[string]bool{
	"identifier": true, "integer": true, "duration": true, "string": true, "wildcard": true,
	"raw_text": true, "_newline": true, "_indent": true, "_dedent": true, "end": true,
	"_paren_text": true, "_brace_text": true, "_angle_text": true,
}

// lookahead returns the names of the terminal symbols valid in state.
func lookahead(lang *sitter.Language, state uint16) []string {
	it := lang.LookaheadIterator(state)
	if it == nil {
		return nil
	}
	defer it.Close()
	var names []string
	for _, sym := range it.Iter() {
		name := lang.NodeKindForId(sym)
		if (lang.NodeKindIsNamed(sym) || strings.HasPrefix(name, "_") || isRepeatRule(name)) && !namedTokens[name] {
			continue // a rule (hidden ones and repetitions are not named), not a token
		}
		names = append(names, name)
	}
	return names
}

// isRepeatRule reports whether name is one of the generator's auxiliary
// repetition rules ("annotation_list_repeat1").
func isRepeatRule(name string) bool {
	i := strings.LastIndex(name, "_repeat")
	if i <= 0 || i+len("_repeat") == len(name) {
		return false
	}
	for _, c := range name[i+len("_repeat"):] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// stateBefore returns the parse state in which n's first token was read,
// or 0 when it is not known (tokens read during error recovery, and
// nodes built while the parser tried several alternatives, record none).
func stateBefore(lang *sitter.Language, n *sitter.Node) uint16 {
	for {
		s := n.ParseState()
		if s != 0 && uint32(s) < lang.ParseStateCount() {
			return s
		}
		if n.ChildCount() == 0 {
			return 0
		}
		n = n.Child(0)
	}
}

// firstToken describes the first token of src[start:end] for a message.
func (l *lowerer) firstToken(start, end int) string {
	text := l.src[start:end]
	i := 0
	switch {
	case len(text) == 0:
		return "end of line"
	case isWordByte(text[0]):
		for i < len(text) && isWordByte(text[i]) {
			i++
		}
	case text[0] == '"':
		return "string"
	default:
		// Up to three characters of punctuation, never splitting a
		// multi-byte character.
		for n := 0; i < len(text) && !isSpace(text[i]) && !isWordByte(text[i]) && n < 3; n++ {
			_, size := utf8.DecodeRune(text[i:])
			i += size
		}
	}
	tok := string(text[:i])
	if !utf8.ValidString(tok) || strings.IndexFunc(tok, unicode.IsControl) >= 0 {
		return "byte sequence " + strconv.Quote(tok)
	}
	return "'" + tok + "'"
}

// expectedBefore describes the tokens the grammar accepts at the start of
// the ERROR node n, from the parse state after the token before it. It
// returns "" when that state is not known.
func (l *errorReporter) expectedBefore(n *sitter.Node) string {
	prev := lastLeafBefore(n)
	if prev == nil {
		return ""
	}
	state := prev.NextParseState()
	if state == 0 || uint32(state) >= Language().ParseStateCount() {
		return ""
	}
	return describeExpected(lookahead(Language(), state))
}

// lastLeafBefore returns the last leaf that ends before n starts, outside n.
func lastLeafBefore(n *sitter.Node) *sitter.Node {
	cur := n
	for {
		prev := cur.PrevSibling()
		if prev != nil {
			for prev.ChildCount() > 0 {
				prev = prev.Child(prev.ChildCount() - 1)
			}
			if prev.IsExtra() || prev.IsError() {
				cur = prev
				continue
			}
			return prev
		}
		cur = cur.Parent()
		if cur == nil {
			return nil
		}
	}
}

// contextBefore returns the source text of n from its start up to offset,
// reduced to one line of at most 40 bytes, for "after '...'" messages.
func (l *errorReporter) contextBefore(n *sitter.Node, offset int) string {
	if n == nil || n.Kind() == "source_file" || n.Kind() == "block" || n.IsError() {
		return ""
	}
	start := int(n.StartByte())
	if offset <= start || offset > len(l.src) {
		return ""
	}
	return l.snippet(diag.Span{Start: l.pos(start), End: l.pos(offset)})
}

// snippet renders the source text of span on one line, with runs of white
// space collapsed and long text elided in the middle.
func (l *lowerer) snippet(span diag.Span) string {
	text := strings.Join(strings.Fields(string(l.src[span.Start.Offset:span.End.Offset])), " ")
	// Binary junk is shown as replacement characters, not written raw
	// into a terminal or an editor's message.
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(text, string(utf8.RuneError)))
	const limit = 40
	if len(text) > limit {
		text = text[:limit/2-2] + " … " + text[len(text)-(limit/2-2):]
	}
	return text
}

// pointSpan is the empty span at offset.
func (l *lowerer) pointSpan(offset int) diag.Span {
	p := l.pos(offset)
	return diag.Span{Start: p, End: p}
}

// symbolNames names grammar symbols in messages.
var symbolNames = map[string]string{
	"identifier":        "a name",
	"integer":           "an integer",
	"duration":          "a duration such as 5s",
	"string":            "a string",
	"_newline":          "a line break",
	"_indent":           "an indented block",
	"_dedent":           "the end of the block",
	"_paren_text":       "text",
	"_brace_text":       "text",
	"_angle_text":       "text",
	"raw_text":          "text",
	"end":               "the end of the file",
	"role_ref":          "a role",
	"message":           "a message",
	"role_decl":         "a role declaration",
	"annotation":        "an annotation 'key = value'",
	"wildcard":          "'*'",
	"boolean":           "true or false",
	"type_path":         "a type path",
	"module_name":       "a module name",
	"roles_declaration": "a roles declaration",
}

func describeSymbol(name string) string {
	if s, ok := symbolNames[name]; ok {
		return s
	}
	if strings.HasPrefix(name, "_") {
		return strings.ReplaceAll(name[1:], "_", " ")
	}
	return "'" + name + "'"
}

// statementKeywords are the keywords that can start a statement; when all
// of them are acceptable, messages say "a statement" instead of listing
// them.
var statementKeywords = []string{"choice", "case", "loop", "rec", "continue", "call", "handshake", "retry", "quorum_collect", "heartbeat"}

// expectedOrder ranks tokens for messages: when a lookahead set is long,
// the tokens most likely meant are named first.
var expectedOrder = []string{
	":", "->", "->*", "=", "[", "{", ")", "]", ">", ",", "..", "<->", "identifier", "string",
	"integer", "duration", "(", "_indent", "_newline", "_dedent", "}", "|", ";", "end",
}

// describeExpected turns a lookahead set into "X, Y or Z", naming at most
// five alternatives (the likeliest first) and "a statement" for the many
// tokens that can start one.
func describeExpected(names []string) string {
	statement := len(names) > 0
	for _, kw := range statementKeywords {
		if !slices.Contains(names, kw) {
			statement = false
		}
	}
	var kept []string
	for _, name := range names {
		switch {
		case name == "ERROR" || name == "comment" || name == "_error_sentinel":
		case statement && (name == "identifier" || isStatementKeyword(name)):
		default:
			kept = append(kept, name)
		}
	}
	rank := func(name string) int {
		if i := slices.Index(expectedOrder, name); i >= 0 {
			return i
		}
		return len(expectedOrder)
	}
	slices.SortStableFunc(kept, func(a, b string) int { return rank(a) - rank(b) })
	var out []string
	for _, name := range kept {
		if d := describeSymbol(name); !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) > 5 {
		out = out[:5]
	}
	if statement {
		out = append(out, "a statement")
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

func isStatementKeyword(name string) bool {
	switch name {
	case "choice", "case", "timed_choice", "loop", "rec", "continue", "par", "parallel", "branch",
		"call", "handshake", "retry", "quorum_collect", "heartbeat", "acquire", "release", "fork",
		"join", "abort", "transfer", "delegate", "tag", "check", "@", "[":
		return true
	}
	return false
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
