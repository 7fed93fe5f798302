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
