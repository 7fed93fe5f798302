package lsp

import (
	"sort"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/diag"
)

// encoding is the unit in which LSP positions count characters within a line.
type encoding int

// Position encodings the server supports (LSP 3.17 positionEncodings).
const (
	utf16 encoding = iota // the LSP default
	utf8Enc
)

// mapper converts between LSP positions, byte offsets and diag positions for
// one immutable text. Lines end at '\n' (a preceding '\r' belongs to the line
// terminator), the convention tree-sitter and diag use; a lone '\r' is an
// ordinary character.
//
// Conversions never fail: a position past the end of a line maps to the end
// of that line (as the LSP specification prescribes), a line past the end of
// the text maps to the end of the text, a UTF-16 position inside a surrogate
// pair or a byte offset inside a multi-byte sequence rounds down to the start
// of the character. Invalid UTF-8 bytes count as one unit each (they are
// U+FFFD to an editor).
type mapper struct {
	text  []byte
	lines []int // byte offset of the start of each line
	enc   encoding
}

func newMapper(text []byte, enc encoding) *mapper {
	lines := make([]int, 1, 1+len(text)/32)
	for i, b := range text {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &mapper{text: text, lines: lines, enc: enc}
}

// lineBounds returns the byte range of line's content, without its terminator.
func (m *mapper) lineBounds(line int) (start, end int) {
	start = m.lines[line]
	if line+1 < len(m.lines) {
		end = m.lines[line+1] - 1 // the '\n'
		if end > start && m.text[end-1] == '\r' {
			end--
		}
	} else {
		end = len(m.text)
	}
	return start, end
}

// offset returns the byte offset of p, clamped into the text.
func (m *mapper) offset(p protocol.Position) int {
	line := int(p.Line)
	if line >= len(m.lines) {
		return len(m.text)
	}
	start, end := m.lineBounds(line)
	want := int(p.Character)
	if m.enc == utf8Enc {
		return m.floor(start, min(start+want, end))
	}
	units := 0
	off := start
	for off < end {
		r, size := utf8.DecodeRune(m.text[off:end])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > want {
			break
		}
		units += n
		off += size
	}
	return off
}

// floor returns the largest character boundary <= off on the line that
// starts at start, decoding as an editor would (an invalid byte is one
// character).
func (m *mapper) floor(start, off int) int {
	if off == len(m.text) || utf8.RuneStart(m.text[off]) && m.text[off] < utf8.RuneSelf {
		return off // fast path: ASCII or end of text
	}
	b := start
	for i := start; i <= off; {
		b = i
		_, size := utf8.DecodeRune(m.text[i:])
		i += size
	}
	return b
}

// line returns the zero-based line containing offset.
func (m *mapper) line(offset int) int {
	return sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > offset }) - 1
}

// position returns the LSP position of the byte offset, clamped into the text.
func (m *mapper) position(offset int) protocol.Position {
	offset = max(0, min(offset, len(m.text)))
	line := m.line(offset)
	start, end := m.lineBounds(line)
	offset = m.floor(start, min(offset, end)) // min: inside a "\r\n" terminator
	if m.enc == utf8Enc {
		return protocol.Position{Line: uint32(line), Character: uint32(offset - start)}
	}
	units := 0
	for i := start; i < offset; {
		r, size := utf8.DecodeRune(m.text[i:offset])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// offsets returns the byte range of r, with start <= end.
func (m *mapper) offsets(r protocol.Range) (start, end int) {
	start, end = m.offset(r.Start), m.offset(r.End)
	if end < start {
		start, end = end, start
	}
	return start, end
}

// rangeOf returns the LSP range of the byte range [start, end).
func (m *mapper) rangeOf(start, end int) protocol.Range {
	return protocol.Range{Start: m.position(start), End: m.position(end)}
}

// spanRange returns the LSP range of a diag span (by its byte offsets).
func (m *mapper) spanRange(s diag.Span) protocol.Range {
	return m.rangeOf(s.Start.Offset, s.End.Offset)
}

// diagPos returns the diag position (line, byte column, offset) of offset.
func (m *mapper) diagPos(offset int) diag.Pos {
	offset = max(0, min(offset, len(m.text)))
	line := m.line(offset)
	return diag.Pos{Offset: offset, Line: line, Col: offset - m.lines[line]}
}
