package projection

import (
	"testing"
)

// Local types written directly, shared by the rendering and helper tests.
var (
	seedA = &Send{To: "B", Msg: Message{Name: "Msg", Payload: "data: Vec<u8>"},
		Next: &Recv{From: "B", Msg: Message{Name: "Ack", Payload: "code: u32"}, Next: &End{}}}
	selectTwoPeers = &Select{Choices: []Choice{
		{Peer: "B", Msg: Message{Name: "Yes"}, Next: &Send{To: "C", Msg: Message{Name: "Go", Payload: "a.b.C"}, Next: &End{}}},
		{Peer: "C", Msg: Message{Name: "No"}, Next: &End{}},
	}}
	recBranch = &Rec{Var: "X", Body: &Branch{Choices: []Choice{
		{Peer: "A", Msg: Message{Name: "More"}, Next: &Var{Name: "X"}},
		{Peer: "A", Msg: Message{Name: "Stop"}, Next: &End{}},
	}}}
)

// TestRenderings pins the three renderings of the same types.
func TestRenderings(t *testing.T) {
	tests := []struct {
		name   string
		render func(Type) string
		t      Type
		want   string
	}{
		{"Session", Session, &End{}, "end"},
		{"Session", Session, seedA, "!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end"},
		{"Session", Session, selectTwoPeers, "+{ !B.Yes; !C.Go(a.b.C); end, !C.No; end }"},
		{"Session", Session, recBranch, "rec X. &{ ?A.More; X, ?A.Stop; end }"},
		{"Session", Session, &Send{To: "W[0]", Msg: Message{Name: "M"}, Next: &Var{Name: "Y"}}, "!W[0].M; Y"},
		{"Rust", Rust, &End{}, "End"},
		{"Rust", Rust, seedA, "Send<B, Msg, Receive<B, Ack, End>>"},
		{"Rust", Rust, selectTwoPeers, "Select<{B.Yes: Send<C, Go, End>, C.No: End}>"},
		{"Rust", Rust, recBranch, "Rec<X, Branch<A, {More: Var<X>, Stop: End}>>"},
		{"Pretty", Pretty, seedA, "!B.Msg(data: Vec<u8>);\n?B.Ack(code: u32);\nend"},
		{"Pretty", Pretty, recBranch, "rec X.\n  &{\n    ?A.More; X,\n    ?A.Stop; end\n  }"},
		{"Pretty", Pretty, selectTwoPeers, "+{\n  !B.Yes;\n    !C.Go(a.b.C);\n    end,\n  !C.No; end\n}"},
	}
	for _, tt := range tests {
		if got := tt.render(tt.t); got != tt.want {
			t.Errorf("%s =\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

// TestRenderingsParseBack checks that Session and Pretty output reads back
// with ParseSession to an Equal type.
func TestRenderingsParseBack(t *testing.T) {
	nested := &Recv{From: "A", Msg: Message{Name: "Go", Payload: "x: (u8, [u8; 32])"}, Next: &Rec{Var: "X", Body: &Select{Choices: []Choice{
		{Peer: "B", Msg: Message{Name: "M"}, Next: recBranch},
		{Peer: "B", Msg: Message{Name: "N"}, Next: &Var{Name: "X"}},
	}}}}
	for _, typ := range []Type{&End{}, seedA, selectTwoPeers, recBranch, nested} {
		for _, render := range []func(Type) string{Session, Pretty} {
			text := render(typ)
			back, err := ParseSession(text)
			if err != nil {
				t.Errorf("ParseSession(%q): %v", text, err)
				continue
			}
			if !Equal(back, typ) {
				t.Errorf("ParseSession(%q) = %s, not equal to the original", text, Session(back))
			}
		}
	}
}

// sharedTail is a continuation of four actions, long enough to be named
// when several alternatives share it.
var sharedTail = &Send{To: "C", Msg: Message{Name: "Go"}, Next: &Recv{From: "C", Msg: Message{Name: "Ack"},
	Next: &Recv{From: "B", Msg: Message{Name: "Done"}, Next: &Send{To: "D", Msg: Message{Name: "Log"}, Next: &End{}}}}}

// twoWays returns a choice of B between L and R that both continue with next.
func twoWays(next Type) *Select {
	return &Select{Choices: []Choice{{Peer: "B", Msg: Message{Name: "L"}, Next: next}, {Peer: "B", Msg: Message{Name: "R"}, Next: next}}}
}

// TestRenderingsShared pins how the renderings write a continuation that
// several alternatives share: once, by name, when it is longer than
// maxInline actions; in place otherwise.
func TestRenderingsShared(t *testing.T) {
	short := sharedTail.Next // three actions
	loop := &Rec{Var: "K1", Body: twoWays(&Send{To: "C", Msg: Message{Name: "A"}, Next: &Send{To: "C", Msg: Message{Name: "B"},
		Next: &Send{To: "C", Msg: Message{Name: "C"}, Next: &Send{To: "C", Msg: Message{Name: "D"}, Next: &Var{Name: "K1"}}}}})}
	tests := []struct {
		name   string
		render func(Type) string
		t      Type
		want   string
	}{
		{"Session", Session, twoWays(sharedTail), "+{ !B.L; K1, !B.R; K1 } where K1 = !C.Go; ?C.Ack; ?B.Done; !D.Log; end"},
		{"Session", Session, twoWays(short), "+{ !B.L; ?C.Ack; ?B.Done; !D.Log; end, !B.R; ?C.Ack; ?B.Done; !D.Log; end }"},
		{"Session", Session, twoWays(twoWays(sharedTail)),
			"+{ !B.L; K1, !B.R; K1 } where K1 = +{ !B.L; K2, !B.R; K2 }, K2 = !C.Go; ?C.Ack; ?B.Done; !D.Log; end"},
		// A name the type uses as a variable is not given to a definition;
		// a definition may use the variable of the rec around its uses.
		{"Session", Session, loop, "rec K1. +{ !B.L; K2, !B.R; K2 } where K2 = !C.A; !C.B; !C.C; !C.D; K1"},
		{"Rust", Rust, twoWays(sharedTail), "Select<B, {L: K1, R: K1}>\ntype K1 = Send<C, Go, Receive<C, Ack, Receive<B, Done, Send<D, Log, End>>>>;"},
		{"RustDecl", func(t Type) string { return RustDecl("A", t) }, twoWays(sharedTail),
			"type A_Local = Select<B, {L: A_K1, R: A_K1}>;\ntype A_K1 = Send<C, Go, Receive<C, Ack, Receive<B, Done, Send<D, Log, End>>>>;"},
		{"RustDecl", func(t Type) string { return RustDecl("A", t) }, seedA, "type A_Local = Send<B, Msg, Receive<B, Ack, End>>;"},
		{"Pretty", Pretty, twoWays(twoWays(sharedTail)),
			"+{\n  !B.L; K1,\n  !B.R; K1\n}\nwhere\n  K1 = +{\n    !B.L; K2,\n    !B.R; K2\n  },\n  K2 =\n    !C.Go;\n    ?C.Ack;\n    ?B.Done;\n    !D.Log;\n    end"},
	}
	for _, tt := range tests {
		if got := tt.render(tt.t); got != tt.want {
			t.Errorf("%s =\n%s\nwant\n%s", tt.name, got, tt.want)
		}
		if tt.name == "Session" || tt.name == "Pretty" {
			if back, err := ParseSession(tt.want); err != nil || !Equal(back, tt.t) {
				t.Errorf("ParseSession(%q) = %v, %v: not the original", tt.want, back, err)
			}
		}
	}
}

// TestRenderingsLinear renders a type whose tree doubles with each of 60
// choices: every rendering stays linear in the number of choices and
// reads back to an equal type.
func TestRenderingsLinear(t *testing.T) {
	var ty Type = sharedTail
	for range 60 {
		ty = twoWays(ty)
	}
	for name, render := range map[string]func(Type) string{"Session": Session, "Pretty": Pretty, "Rust": Rust} {
		text := render(ty)
		if len(text) > 60*100 {
			t.Errorf("%s: %d bytes for 60 choices", name, len(text))
		}
		if name == "Rust" {
			continue
		}
		if back, err := ParseSession(text); err != nil || !Equal(back, ty) {
			t.Errorf("%s: %q does not read back (%v)", name, text, err)
		}
	}
}
