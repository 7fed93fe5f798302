package lsp

import (
	"fmt"

	"github.com/choreo-lang/choreo/projection"
)

// maxRendered bounds the local types the server renders. Local types share
// subtrees (the continuation after a choice), so their text can grow
// exponentially with the protocol; larger types are summarized instead.
const maxRendered = 400

// renderable reports whether t has at most maxRendered actions when
// written out as text. It stops counting at the limit.
func renderable(t projection.Type) bool {
	n := 0
	var walk func(t projection.Type) bool
	walk = func(t projection.Type) bool {
		for t != nil {
			if n++; n > maxRendered {
				return false
			}
			switch x := t.(type) {
			case *projection.Send:
				t = x.Next
			case *projection.Recv:
				t = x.Next
			case *projection.Rec:
				t = x.Body
			case *projection.Select:
				return walkChoices(x.Choices, walk)
			case *projection.Branch:
				return walkChoices(x.Choices, walk)
			default: // End, Var
				return true
			}
		}
		return true
	}
	return walk(t)
}

func walkChoices(cs []projection.Choice, walk func(projection.Type) bool) bool {
	for _, c := range cs {
		if !walk(c.Next) {
			return false
		}
	}
	return true
}

// sessionText and rustText render t in both notations, or a note when t is
// too large to show.
func sessionText(t projection.Type) (session, rust string) {
	if !renderable(t) {
		note := fmt.Sprintf("(too large to show here: more than %d actions once shared continuations are written out)", maxRendered)
		return note, note
	}
	return projection.Session(t), projection.Rust(t)
}
