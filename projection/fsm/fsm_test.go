package fsm_test

import (
	"fmt"
	"testing"

	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/fsm"
)

func parse(t *testing.T, text string) projection.Type {
	t.Helper()
	ty, err := projection.ParseSession(text)
	if err != nil {
		t.Fatal(err)
	}
	return ty
}

func TestLocal(t *testing.T) {
	tests := []struct {
		name, typ string
		states    int
		want      string
	}{
		{"end", "end", 1, "0 final"},
		{"seed", "!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end", 3,
			"2 final, 0 -!B.Msg(data: Vec<u8>)-> 1, 1 -?B.Ack(code: u32)-> 2"},
		// The continuation both branches share is one state.
		{"shared", "&{ ?A.L; K, ?A.R; K } where K = !C.a; !C.b; !C.c; !C.d; end", 6,
			"5 final, 0 -?A.L-> 1, 0 -?A.R-> 1, 1 -!C.a-> 2, 2 -!C.b-> 3, 3 -!C.c-> 4, 4 -!C.d-> 5"},
		// A loop is a cycle back to the rec's state.
		{"loop", "rec X. &{ ?A.More; !A.Ack; X, ?A.Stop; end }", 3, "2 final, 0 -?A.More-> 1, 0 -?A.Stop-> 2, 1 -!A.Ack-> 0"},
		{"nested loops", "rec X. !B.a; rec Y. +{ !B.b; Y, !B.c; X }", 2, "0 -!B.a-> 1, 1 -!B.b-> 1, 1 -!B.c-> 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fsm.Local("R", parse(t, tt.typ))
			if got := describe(m); len(m.States) != tt.states || got != tt.want {
				t.Errorf("%d states: %s\nwant %d: %s", len(m.States), got, tt.states, tt.want)
			}
		})
	}
}

// TestLocalMalformed builds machines of types projection never makes: a
// loop that does nothing and a free variable are stuck states.
func TestLocalMalformed(t *testing.T) {
	for _, ty := range []projection.Type{
		&projection.Rec{Var: "X", Body: &projection.Var{Name: "X"}},
		&projection.Send{To: "B", Msg: projection.Message{Name: "M"}, Next: &projection.Var{Name: "Free"}},
		nil,
	} {
		m := fsm.Local("R", ty)
		last := m.States[len(m.States)-1]
		if last.Final || len(m.Out(last.ID)) != 0 {
			t.Errorf("%s: the last state is not stuck: %s", projection.Session(ty), describe(m))
		}
	}
}

// TestLocalLinear builds the machine of 60 choices in sequence, whose
// type has 2^60 paths: one state per choice and per message.
func TestLocalLinear(t *testing.T) {
	var ty projection.Type = &projection.End{}
	for i := range 60 {
		next := &projection.Send{To: "C", Msg: projection.Message{Name: fmt.Sprint("M", i)}, Next: ty}
		ty = &projection.Select{Choices: []projection.Choice{
			{Peer: "B", Msg: projection.Message{Name: "L"}, Next: next},
			{Peer: "B", Msg: projection.Message{Name: "R"}, Next: next},
		}}
	}
	m := fsm.Local("A", ty)
	if len(m.States) != 121 || len(m.Transitions) != 180 {
		t.Errorf("%d states and %d transitions, want 121 and 180", len(m.States), len(m.Transitions))
	}
}
