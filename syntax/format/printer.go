package format

import (
	"strings"
	"unicode/utf8"

	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/syntax"
)

// printer writes the canonical text of one file. It walks the syntax tree
// in source order and places every comment of the file at the first output
// position that follows it in the source:
//
//   - a comment on the same source line as the last printed token is
//     appended to the current output line (a trailing comment);
//   - a comment on a line of its own before a statement, branch or block end
//     is printed on its own line at that item's indentation;
//   - a comment inside a statement is kept inline when it is a block comment
//     and moved to the end of the output line when it is a line comment,
//     except inside a multi-line annotation list, where lines may break.
//
// Line breaks are lazy: newline only records that the next text starts a
// new line, so trailing comments can still be appended to the line that
// just ended.
type printer struct {
	src   []byte
	form  syntax.Form
	width int

	comments []*syntax.Comment
	next     int // index of the first comment not yet placed

	out      []byte
	col      int               // column at which the next line starts
	breaks   int               // pending line breaks: 0, 1 (newline) or 2 (blank line)
	eol      []*syntax.Comment // comments waiting for the end of the current line
	lastOff  int               // source offset just past the last placed token or comment
	lastLine int               // source line of the last placed token or comment
	started  bool              // something has been placed
	sameLine bool              // the next item continues the current line (after `| ` of a par branch)
}

func newPrinter(f *syntax.File, src []byte, width int) *printer {
	return &printer{src: src, form: f.Form, width: width, comments: f.Comments}
}

// text writes s, first materialising any pending line break.
func (p *printer) text(s string) {
	if p.breaks > 0 {
		p.flushEOL()
		if len(p.out) > 0 {
			for range p.breaks {
				p.out = append(p.out, '\n')
			}
		}
		p.out = append(p.out, strings.Repeat(" ", p.col)...)
		p.breaks = 0
	}
	p.out = append(p.out, s...)
}

// flushEOL appends the comments waiting for the end of the current line.
// A comment after a line comment goes on a line of its own (at the next
// line's column): on the same line it would become part of that comment.
func (p *printer) flushEOL() {
	afterLine := false
	for _, c := range p.eol {
		if afterLine {
			p.out = append(p.out, '\n')
			p.out = append(p.out, strings.Repeat(" ", p.col)...)
		} else if len(p.out) > 0 && p.out[len(p.out)-1] != ' ' && p.out[len(p.out)-1] != '\n' {
			p.out = append(p.out, ' ')
		}
		p.out = append(p.out, commentText(c)...)
		afterLine = !c.Block
	}
	p.eol = p.eol[:0]
}

// newline ends the current line; the next text starts at column col.
func (p *printer) newline(col int) {
	p.breaks = max(p.breaks, 1)
	p.col = col
}

// blank ends the current line and requests one blank line before the next
// text.
func (p *printer) blank(col int) {
	p.breaks = 2
	p.col = col
}

// mark records that the source up to end has been printed.
func (p *printer) mark(end diag.Pos) {
	if end.Offset >= p.lastOff {
		p.lastOff = end.Offset
		p.lastLine = end.Line
	}
	p.started = true
}

// pending reports whether the next unplaced comment starts before off.
func (p *printer) pending(off int) (*syntax.Comment, bool) {
	if p.next >= len(p.comments) {
		return nil, false
	}
	c := p.comments[p.next]
	return c, c.Span.Start.Offset < off
}

// trailing reports whether c sits on the line of the last printed token.
func (p *printer) trailing(c *syntax.Comment) bool {
	return p.started && c.Span.Start.Line == p.lastLine
}

// place records c as placed.
func (p *printer) place(c *syntax.Comment) {
	p.next++
	p.mark(c.Span.End)
}

// ownLine prints c on a line of its own at column col, keeping one blank
// line before it when the source has one and allowBlank is set.
func (p *printer) ownLine(c *syntax.Comment, col int, allowBlank bool) {
	if allowBlank && p.started && c.Span.Start.Line-p.lastLine >= 2 {
		p.blank(col)
	} else {
		p.newline(col)
	}
	p.text(commentText(c))
	p.place(c)
	p.newline(col)
}

// item starts a line-level item (statement, branch, header line) whose
// source starts at sp, at column col. Comments before it are placed first;
// a blank line before the item (or before its leading comments) is kept
// when the source has one, unless first is set and nothing was printed in
// the enclosing block yet.
func (p *printer) item(sp diag.Span, col int, first bool) {
	if p.sameLine {
		p.sameLine = false
		p.inline(sp.Start.Offset, "")
		return
	}
	allowBlank := p.ownLines(sp.Start.Offset, col, !first, true) || !first
	if allowBlank && p.started && sp.Start.Line-p.lastLine >= 2 {
		p.blank(col)
	} else {
		p.newline(col)
	}
}

// tok writes sep and s for a token (or token group) whose source is sp.
// Comments before sp are placed inline: block comments in the text, line
// comments at the end of the line.
func (p *printer) tok(sp diag.Span, sep, s string) {
	p.inline(sp.Start.Offset, sep)
	p.text(sep + s)
	p.mark(sp.End)
}

// inline places the comments before off inside a statement that cannot
// break here.
func (p *printer) inline(off int, sep string) {
	for {
		c, ok := p.pending(off)
		if !ok {
			return
		}
		if c.Block && len(p.eol) == 0 && !strings.Contains(c.Text, "\n") {
			p.text(sep + commentText(c))
			if sep == "" {
				p.text(" ")
			}
		} else {
			p.eol = append(p.eol, c)
		}
		p.place(c)
	}
}

// breakable places the comments before off inside a statement at a point
// where the line breaks anyway (between the entries of a multi-line
// annotation list); own-line comments go on their own line at column col.
func (p *printer) breakable(off, col int) {
	p.ownLines(off, col, false, false)
}

// ownLines places the comments before off where the line breaks: trailing
// comments at the end of the current line, the others on lines of their
// own at column col. A blank line from the source is kept before the first
// own-line comment when blankFirst is set and before the later ones when
// blankLater is set. It reports whether an own-line comment was printed.
func (p *printer) ownLines(off, col int, blankFirst, blankLater bool) (printed bool) {
	for {
		c, ok := p.pending(off)
		if !ok {
			return printed
		}
		if p.trailing(c) {
			p.eol = append(p.eol, c)
			p.place(c)
			continue
		}
		p.ownLine(c, col, blankFirst && !printed || blankLater && printed)
		printed = true
	}
}

// lineCommentBefore reports whether a line comment is among the unplaced
// comments before off.
func (p *printer) lineCommentBefore(off int) bool {
	for _, c := range p.comments[p.next:] {
		if c.Span.Start.Offset >= off {
			return false
		}
		if !c.Block {
			return true
		}
	}
	return false
}

// consume marks the comments inside sp as placed: they are part of raw
// text that is printed verbatim.
func (p *printer) consume(sp diag.Span) {
	for {
		c, ok := p.pending(sp.End.Offset)
		if !ok || c.Span.Start.Offset < sp.Start.Offset {
			return
		}
		p.place(c)
	}
}

// hasComment reports whether a comment lies inside sp; line reports
// whether one of them is a line comment.
func (p *printer) hasComment(sp diag.Span) (any, line bool) {
	for _, c := range p.comments[p.next:] {
		if c.Span.Start.Offset >= sp.End.Offset {
			break
		}
		if c.Span.Start.Offset >= sp.Start.Offset {
			any = true
			line = line || !c.Block
		}
	}
	return any, line
}

// tail places the comments that close a block: those before the next
// token that are, in the layout form, indented at least to the block's
// source column srcCol. They are printed at column col.
func (p *printer) tail(col, srcCol int) {
	limit := p.nextToken(p.lastOff)
	for {
		c, ok := p.pending(limit)
		if !ok {
			return
		}
		switch {
		case p.trailing(c):
			p.eol = append(p.eol, c)
			p.place(c)
		case p.form == syntax.BraceForm || c.Span.Start.Col >= srcCol:
			p.ownLine(c, col, true)
		default:
			return
		}
	}
}

// finish places the remaining comments and ends the output with exactly
// one newline.
func (p *printer) finish() []byte {
	for p.next < len(p.comments) {
		c := p.comments[p.next]
		if p.trailing(c) {
			p.eol = append(p.eol, c)
			p.place(c)
			continue
		}
		p.ownLine(c, 0, true)
	}
	p.flushEOL()
	out := p.out
	for len(out) > 0 && (out[len(out)-1] == '\n' || out[len(out)-1] == ' ') {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, '\n')
}

// nextToken returns the offset of the first significant byte at or after
// off: white space, comments and (in the brace form) the separators `;`
// and `,` that may follow a statement or branch are skipped.
func (p *printer) nextToken(off int) int {
	ci := p.next
	for off < len(p.src) {
		switch b := p.src[off]; {
		case b == ' ' || b == '\t' || b == '\r' || b == '\n':
			off++
		case (b == ';' || b == ',') && p.form == syntax.BraceForm:
			off++
		default:
			for ci < len(p.comments) && p.comments[ci].Span.Start.Offset < off {
				ci++
			}
			if ci < len(p.comments) && p.comments[ci].Span.Start.Offset == off {
				off = p.comments[ci].Span.End.Offset
				continue
			}
			return off
		}
	}
	return off
}

// prevTokenEnd returns the offset just past the last significant byte
// before off: white space and comments are skipped backwards.
func (p *printer) prevTokenEnd(off int) int {
	off = min(off, len(p.src))
	ci := len(p.comments) - 1
	for off > 0 {
		switch p.src[off-1] {
		case ' ', '\t', '\r', '\n':
			off--
			continue
		}
		for ci >= 0 && p.comments[ci].Span.End.Offset > off {
			ci--
		}
		if ci >= 0 && p.comments[ci].Span.End.Offset == off {
			off = p.comments[ci].Span.Start.Offset
			continue
		}
		break
	}
	return off
}

// posAt returns the position of source offset off, counting lines from
// base, a known position at or before off.
func (p *printer) posAt(base diag.Pos, off int) diag.Pos {
	off = min(off, len(p.src))
	pos := base
	for i := base.Offset; i < off; i++ {
		if p.src[i] == '\n' {
			pos.Line++
			pos.Col = 0
		} else {
			pos.Col++
		}
	}
	pos.Offset = off
	return pos
}

// spanAt returns the span of n source bytes at offset off, which must not
// precede the last placed token.
func (p *printer) spanAt(off, n int) diag.Span {
	base := diag.Pos{Offset: p.lastOff, Line: p.lastLine}
	if off < p.lastOff {
		base = diag.Pos{}
	}
	start := p.posAt(base, off)
	return diag.Span{Start: start, End: p.posAt(start, off+n)}
}

// header returns the span of a compound statement's header: from the
// statement's start to the last token before its body.
func (p *printer) header(stmt diag.Span, body *syntax.Block) diag.Span {
	if body == nil || body.Span.Start.Offset <= stmt.Start.Offset {
		return stmt
	}
	end := p.prevTokenEnd(body.Span.Start.Offset)
	if end <= stmt.Start.Offset {
		return stmt
	}
	return diag.Span{Start: stmt.Start, End: p.posAt(stmt.Start, end)}
}

// word returns the span of the identifier or keyword starting at pos.
func (p *printer) word(pos diag.Pos) diag.Span {
	end := pos.Offset
	for end < len(p.src) && (isLetter(p.src[end]) || p.src[end] >= '0' && p.src[end] <= '9') {
		end++
	}
	return diag.Span{Start: pos, End: p.posAt(pos, end)}
}

func isLetter(b byte) bool { return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// fits reports whether a line of the given text starting at column col
// fits the configured width.
func (p *printer) fits(col int, parts ...string) bool {
	n := col
	for _, s := range parts {
		n += utf8.RuneCountInString(s)
	}
	return n <= p.width
}

// commentText is a comment's text as printed: line comments lose trailing
// white space.
func commentText(c *syntax.Comment) string {
	if c.Block {
		return c.Text
	}
	return strings.TrimRight(c.Text, " \t\r")
}
