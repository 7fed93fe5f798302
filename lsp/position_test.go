package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func TestMapperOffset(t *testing.T) {
	// "a𝄞b" — 𝄞 is 4 bytes in UTF-8 and a surrogate pair in UTF-16;
	// "é" is 2 bytes, 1 unit; "\xff" is an invalid byte.
	text := []byte("a𝄞b\r\né\xffz\nlast")
	tests := []struct {
		name      string
		enc       encoding
		line, chr uint32
		want      int
	}{
		{"start", utf16, 0, 0, 0},
		{"before pair", utf16, 0, 1, 1},
		{"inside pair rounds down", utf16, 0, 2, 1},
		{"after pair", utf16, 0, 3, 5},
		{"end of line before CRLF", utf16, 0, 4, 6},
		{"past end of line clamps", utf16, 0, 99, 6},
		{"second line", utf16, 1, 0, 8},
		{"after 2-byte rune", utf16, 1, 1, 10},
		{"after invalid byte", utf16, 1, 2, 11},
		{"last line", utf16, 2, 4, 17},
		{"line past end clamps to EOF", utf16, 9, 0, 17},
		{"utf-8 columns", utf8Enc, 0, 5, 5},
		{"utf-8 inside rune rounds down", utf8Enc, 0, 3, 1},
		{"utf-8 past end clamps", utf8Enc, 2, 99, 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMapper(text, tt.enc)
			if got := m.offset(protocol.Position{Line: tt.line, Character: tt.chr}); got != tt.want {
				t.Errorf("offset(%d:%d) = %d, want %d", tt.line, tt.chr, got, tt.want)
			}
		})
	}
}

func TestMapperPosition(t *testing.T) {
	text := []byte("a𝄞b\r\né\xffz\nlast")
	tests := []struct {
		offset    int
		enc       encoding
		line, chr uint32
	}{
		{0, utf16, 0, 0},
		{5, utf16, 0, 3},
		{3, utf16, 0, 1}, // inside the 4-byte rune: its start
		{7, utf16, 0, 4}, // the '\n' of CRLF: end of line content
		{11, utf16, 1, 2},
		{17, utf16, 2, 4},
		{999, utf16, 2, 4},
		{-5, utf16, 0, 0},
		{5, utf8Enc, 0, 5},
	}
	for _, tt := range tests {
		m := newMapper(text, tt.enc)
		got := m.position(tt.offset)
		if got.Line != tt.line || got.Character != tt.chr {
			t.Errorf("position(%d, enc %d) = %d:%d, want %d:%d", tt.offset, tt.enc, got.Line, got.Character, tt.line, tt.chr)
		}
	}
}

// TestMapperRoundTrip checks offset(position(o)) == o at every character
// boundary of a mixed text, in both encodings.
func TestMapperRoundTrip(t *testing.T) {
	text := []byte("protocol P =\n  roles A, B -- ünïcödé 🎉\r\n  A -> B : M\xc3\n")
	for _, enc := range []encoding{utf16, utf8Enc} {
		m := newMapper(text, enc)
		for o := 0; o <= len(text); o++ {
			p := m.position(o)
			back := m.offset(p)
			if back > o || m.position(back) != p {
				t.Fatalf("enc %d: offset %d -> %v -> %d", enc, o, p, back)
			}
		}
	}
}

func FuzzMapper(f *testing.F) {
	f.Add([]byte("a𝄞b\r\né\xffz\n"), uint32(0), uint32(2))
	f.Fuzz(func(t *testing.T, text []byte, line, chr uint32) {
		for _, enc := range []encoding{utf16, utf8Enc} {
			m := newMapper(text, enc)
			o := m.offset(protocol.Position{Line: line, Character: chr})
			if o < 0 || o > len(text) {
				t.Fatalf("offset %d out of [0, %d]", o, len(text))
			}
			if back := m.offset(m.position(o)); back != o {
				t.Fatalf("offset %d -> %v -> %d", o, m.position(o), back)
			}
		}
	})
}
