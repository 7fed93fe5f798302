package syntax

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/choreo-lang/choreo/diag"
)

// checkLayout reports the layout errors of a layout-form file (code
// "layout"): tabs in the indentation of a line, and lines of a block that
// do not start at the block's column. The scanner measures indentation
// leniently so that the parse keeps its structure; this check is where
// those mistakes become diagnostics.
func (l *lowerer) checkLayout(f *File) {
	l.checkTabs(f)
	for i := range l.nodes {
		// Brace blocks inside the layout form (`{ ... }` bodies, `choice
		// at R { ... }`, `where { ... }`) have no columns.
		switch n := node(i); l.kind(n) {
		case "block":
			if !l.isBraced(n) {
				l.checkColumns(n, l.isItem)
			}
		case "where_clause":
			if !l.hasToken(n, "{") {
				l.checkColumns(n, l.isItem)
			}
		case "choice":
			if !l.hasToken(n, "{") {
				l.checkColumns(n, func(c node) bool { return l.kind(c) == "branch" })
			}
		case "par":
			if !l.hasToken(n, "{") {
				l.checkColumns(n, func(c node) bool { return l.kind(c) == "|" })
			}
		}
	}
	l.checkDepth(f) // last: it replaces the errors of a lost nesting
}

// maxLayoutDepth is the most indentation levels, the file level included,
// that the scanner follows (MAX_DEPTH in src/scanner.c).
const maxLayoutDepth = 256

// checkDepth finds the first line indented deeper than the scanner
// follows. When the parse has errors from there on, which then only say
// that the parser lost the nesting ("expected an indented block ..."),
// they are replaced by one error naming the limit.
func (l *lowerer) checkDepth(f *File) {
	columns := []int{0} // the indentation stack, as the scanner keeps it
	for lineStart := 0; lineStart < len(l.src); {
		i := lineStart
		for i < len(l.src) && l.src[i] == ' ' {
			i++
		}
		end := i
		for end < len(l.src) && l.src[end] != '\n' {
			end++
		}
		text := bytes.TrimSpace(l.src[i:end])
		if len(text) > 0 && !bytes.HasPrefix(text, []byte("--")) && !bytes.HasPrefix(text, []byte("//")) && !inBlockComment(f, i) {
			col := i - lineStart
			for col < columns[len(columns)-1] {
				columns = columns[:len(columns)-1]
			}
			if col > columns[len(columns)-1] {
				columns = append(columns, col)
			}
			if len(columns) > maxLayoutDepth {
				l.reportDepth(lineStart, i, end)
				return
			}
		}
		lineStart = end + 1
	}
}

// reportDepth replaces the diagnostics from the end of the line before
// lineStart on by one error on the too-deep line [start, end), when there
// are any: without them the parser followed the nesting after all.
func (l *lowerer) reportDepth(lineStart, start, end int) {
	cut := max(0, lineStart-1)
	kept := slices.DeleteFunc(slices.Clone(l.diags), func(d diag.Diagnostic) bool { return d.Span.Start.Offset >= cut })
	if len(kept) == len(l.diags) {
		return
	}
	l.diags = kept
	l.errorf(diag.Span{Start: l.pos(start), End: l.pos(end)}, CodeSyntax,
		"blocks are nested too deeply here: the layout form follows at most %d levels of indentation (a choice takes two); move the inner part into a local protocol and call it, or use the brace form", maxLayoutDepth-1)
}

// isItem reports whether c is an item of a block.
func (l *lowerer) isItem(c node) bool {
	return l.named(c) && l.kind(c) != "comment" && !l.isError(c)
}

// checkColumns reports the children of n that are items and start a line
// at another column than the first such item. Items that share a line with
// what comes before them (`| label -> A -> B : M`, `@p A -> B : M`) are
// not constrained.
func (l *lowerer) checkColumns(n node, item func(node) bool) {
	column := -1
	prev := noNode // the previous item
	for c := range l.children(n) {
		if !item(c) {
			continue
		}
		if !l.startsLine(l.start(c)) || l.tabIndented(l.start(c)) {
			prev = c
			continue
		}
		col := l.pos(l.start(c)).Col
		switch {
		case column < 0:
			column = col
		case col == column:
		default:
			start := l.start(c) - col
			span := diag.Span{Start: l.pos(start), End: l.pos(l.start(c))}
			inner := l.indentOfLine(l.end(prev))
			if col > column && col < inner {
				l.errorf(span, CodeLayout, "inconsistent indentation: this line starts at column %d, which matches no open block (the blocks above start at columns %d and %d)", col+1, column+1, inner+1)
			} else {
				l.errorf(span, CodeLayout, "unexpected indentation: this line starts at column %d, but the other lines of its block start at column %d", col+1, column+1)
			}
		}
		prev = c
	}
}

// indentOfLine returns the indentation width of the line holding offset.
func (l *lowerer) indentOfLine(offset int) int {
	p := l.pos(offset)
	start := offset - p.Col
	i := start
	for i < len(l.src) && l.src[i] == ' ' {
		i++
	}
	return i - start
}

// tabIndented reports whether the indentation before offset has a tab
// (reported by checkTabs; the column of such a line is not meaningful).
func (l *lowerer) tabIndented(offset int) bool {
	for i := offset - 1; i >= 0 && l.src[i] != '\n'; i-- {
		if l.src[i] == '\t' {
			return true
		}
	}
	return false
}

// startsLine reports whether only spaces and tabs precede offset on its line.
func (l *lowerer) startsLine(offset int) bool {
	for i := offset - 1; i >= 0; i-- {
		switch l.src[i] {
		case '\n':
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// checkTabs reports each line whose indentation contains a tab, except
// lines inside block comments.
func (l *lowerer) checkTabs(f *File) {
	lineStart := 0
	for lineStart < len(l.src) {
		i := lineStart
		tab := -1
		for i < len(l.src) && (l.src[i] == ' ' || l.src[i] == '\t') {
			if l.src[i] == '\t' && tab < 0 {
				tab = i
			}
			i++
		}
		if tab >= 0 && i < len(l.src) && l.src[i] != '\n' && l.src[i] != '\r' && !inBlockComment(f, tab) {
			l.errorf(diag.Span{Start: l.pos(tab), End: l.pos(tab + 1)}, CodeLayout,
				"indentation must use spaces, not tabs")
		}
		for i < len(l.src) && l.src[i] != '\n' {
			i++
		}
		lineStart = i + 1
	}
}

// inBlockComment reports whether offset lies in a block comment of f
// (f.Comments is in source order).
func inBlockComment(f *File, offset int) bool {
	i, _ := slices.BinarySearchFunc(f.Comments, offset, func(c *Comment, off int) int {
		return cmp.Compare(c.Span.End.Offset, off+1)
	})
	return i < len(f.Comments) && f.Comments[i].Block && f.Comments[i].Span.Start.Offset <= offset
}
