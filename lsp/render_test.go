package lsp

import (
	"testing"

	"github.com/choreo-lang/choreo/projection"
)

// TestRenderableSharedContinuations builds a type whose written-out size
// doubles with every choice (both branches share the continuation) and
// checks that renderable answers without expanding it.
func TestRenderableSharedContinuations(t *testing.T) {
	var ty projection.Type = &projection.End{}
	for i := 0; i < 60; i++ {
		ty = &projection.Select{Choices: []projection.Choice{
			{Peer: "B", Msg: projection.Message{Name: "L"}, Next: ty},
			{Peer: "B", Msg: projection.Message{Name: "R"}, Next: ty},
		}}
	}
	if renderable(ty) {
		t.Error("a type of 2^60 actions is renderable")
	}
	small := &projection.Send{To: "B", Msg: projection.Message{Name: "M"}, Next: &projection.End{}}
	if !renderable(small) {
		t.Error("a one-action type is not renderable")
	}
	if s, _ := sessionText(small); s != "!B.M; end" {
		t.Errorf("sessionText = %q", s)
	}
}
