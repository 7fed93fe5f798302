package lsp

import (
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/projection"
)

// TestSessionTextSharedContinuations renders a type whose tree doubles
// with every choice (both branches share the continuation): it is shown
// in full, over several lines, in size linear in the choices; a short
// type stays on one line.
func TestSessionTextSharedContinuations(t *testing.T) {
	var ty projection.Type = &projection.End{}
	for range 60 {
		ty = &projection.Select{Choices: []projection.Choice{
			{Peer: "B", Msg: projection.Message{Name: "L"}, Next: ty},
			{Peer: "B", Msg: projection.Message{Name: "R"}, Next: ty},
		}}
	}
	text := sessionText(ty)
	if n := strings.Count(text, "\n"); n < 60 || len(text) > 60*60 {
		t.Errorf("60 shared choices render as %d bytes on %d lines:\n%s", len(text), n+1, text)
	}
	if back, err := projection.ParseSession(text); err != nil || !projection.Equal(back, ty) {
		t.Errorf("the hover text does not read back (%v)", err)
	}
	small := &projection.Send{To: "B", Msg: projection.Message{Name: "M"}, Next: &projection.End{}}
	if s := sessionText(small); s != "!B.M; end" {
		t.Errorf("sessionText = %q", s)
	}
}
