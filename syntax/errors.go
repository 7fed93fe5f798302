package syntax

import (
	"slices"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/choreo-lang/choreo/diag"
)

// scan walks the whole concrete tree once: it collects the comments into f
// and reports every ERROR and MISSING node as a "syntax" diagnostic.
// Errors nested inside an ERROR node are not reported again.
func (l *lowerer) scan(root *sitter.Node, f *File) {
	c := root.Walk()
	defer c.Close()
	errDepth := -1 // depth of the ERROR node being inside, or -1
	for {
		n := c.Node()
		depth := int(c.Depth())
		if errDepth >= 0 && depth <= errDepth {
			errDepth = -1
		}
		descend := n.ChildCount() > 0
		switch {
		case n.Kind() == "comment":
			text := l.text(n)
			f.Comments = append(f.Comments, &Comment{
				Span:  l.span(n),
				Text:  text,
				Block: strings.HasPrefix(text, "{-") || strings.HasPrefix(text, "/*"),
			})
			descend = false
		case n.IsError():
			if errDepth < 0 {
				l.reportError(n)
				errDepth = depth
			}
		case n.IsMissing():
			if errDepth < 0 {
				l.reportMissing(n)
			}
		}
		if descend && c.GotoFirstChild() {
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() {
				return
			}
		}
	}
}

// reportMissing reports a token or node that error recovery inserted.
func (l *lowerer) reportMissing(n *sitter.Node) {
	parent := n.Parent()
	what := describeSymbol(n.GrammarName())
	if parent != nil && parent.Kind() == "message" {
		what = "a message name"
		if send := parent.Parent(); send != nil && send.Kind() == "send" && !l.hasToken(send, ":") {
			parent = send
			what = "':' and a message"
		}
	}
	sp := l.span(n)
	if ctx := l.contextBefore(parent, int(n.StartByte())); ctx != "" {
		l.errorf(l.pointSpan(sp.Start.Offset), CodeSyntax, "expected %s after '%s'", what, ctx)
		return
	}
	l.errorf(l.pointSpan(sp.Start.Offset), CodeSyntax, "expected %s", what)
}

// reportError reports an ERROR node: text the parser could not fit into
// the grammar. The range covers the unexpected text on its first line; the
// message names the unexpected token and, when the parse state before it
// is known, what was expected there.
func (l *lowerer) reportError(n *sitter.Node) {
	start, end := int(n.StartByte()), int(n.EndByte())
	for start < end && isSpace(l.src[start]) {
		start++
	}
	for end > start && isSpace(l.src[end-1]) {
		end--
	}
	if start == end {
		// Only white space: a layout token the grammar did not expect.
		l.errorf(l.pointSpan(start), CodeSyntax, "unexpected end of line")
		return
	}
	lineEnd := start
	for lineEnd < end && l.src[lineEnd] != '\n' {
		lineEnd++
	}
	span := diag.Span{Start: l.pos(start), End: l.pos(lineEnd)}
	tok := l.firstToken(start, lineEnd)

	expected := l.expectedBefore(n)
	ctx := l.contextBefore(n.Parent(), start)
	switch {
	case expected != "" && ctx != "":
		l.errorf(span, CodeSyntax, "unexpected %s after '%s': expected %s", tok, ctx, expected)
	case expected != "":
		l.errorf(span, CodeSyntax, "unexpected %s: expected %s", tok, expected)
	default:
		l.errorf(span, CodeSyntax, "unexpected %s", tok)
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
		for i < len(text) && !isSpace(text[i]) && !isWordByte(text[i]) && i < 3 {
			i++
		}
	}
	return "'" + string(text[:i]) + "'"
}

// expectedBefore describes the tokens the grammar accepts at the start of
// the ERROR node n, from the parse state after the token before it. It
// returns "" when that state is not known.
func (l *lowerer) expectedBefore(n *sitter.Node) string {
	prev := lastLeafBefore(n)
	if prev == nil {
		return ""
	}
	state := prev.NextParseState()
	if state == 0 {
		return ""
	}
	lang := Language()
	it := lang.LookaheadIterator(state)
	if it == nil {
		return ""
	}
	defer it.Close()
	var names []string
	for _, sym := range it.Iter() {
		name := lang.NodeKindForId(sym)
		if lang.NodeKindIsNamed(sym) && !namedTokens[name] {
			continue // a rule, not a token
		}
		names = append(names, name)
	}
	return describeExpected(names)
}

// namedTokens are the named terminal symbols of the grammar; every other
// named symbol is a rule, which lookahead sets also list.
var namedTokens = map[string]bool{
	"identifier": true, "integer": true, "duration": true, "string": true, "wildcard": true,
	"raw_text": true, "_newline": true, "_indent": true, "_dedent": true, "end": true,
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
func (l *lowerer) contextBefore(n *sitter.Node, offset int) string {
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

// describeExpected turns a lookahead set into "X, Y or Z".
func describeExpected(names []string) string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	statement := len(names) > 0
	for _, kw := range statementKeywords {
		if !slices.Contains(names, kw) {
			statement = false
		}
	}
	if statement {
		add("a statement")
	}
	for _, name := range names {
		switch {
		case name == "ERROR" || name == "comment" || name == "_error_sentinel":
			continue
		case statement && (name == "identifier" || isStatementKeyword(name)):
			continue
		}
		add(describeSymbol(name))
	}
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	if len(out) > 6 {
		out = append(out[:5], "…")
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
