package gen

import (
	"bytes"
	"testing"
)

func TestLineCounts(t *testing.T) {
	for _, n := range []int{4, 5, 9, 100, 10000} {
		if got := bytes.Count(LayoutProtocol(n), []byte("\n")); got != n {
			t.Errorf("LayoutProtocol(%d) has %d lines", n, got)
		}
		if got := bytes.Count(BraceProtocol(n), []byte("\n")); got != n {
			t.Errorf("BraceProtocol(%d) has %d lines", n, got)
		}
	}
}

func TestDeterministic(t *testing.T) {
	if !bytes.Equal(LayoutProtocol(500), LayoutProtocol(500)) {
		t.Error("LayoutProtocol is not deterministic")
	}
	if !bytes.Equal(SeededProtocol(7, 500), SeededProtocol(7, 500)) {
		t.Error("SeededProtocol is not deterministic")
	}
	if bytes.Equal(SeededProtocol(7, 500), SeededProtocol(8, 500)) {
		t.Error("SeededProtocol ignores its seed")
	}
}

func TestSeededLineCount(t *testing.T) {
	for _, n := range []int{1, 10, 1000} {
		if got := bytes.Count(SeededProtocol(1, n), []byte("\n")); got < n {
			t.Errorf("SeededProtocol(1, %d) has %d lines, want at least %d", n, got, n)
		}
	}
}
