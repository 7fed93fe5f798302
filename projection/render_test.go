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

func TestSession(t *testing.T) {
	tests := []struct {
		t    Type
		want string
	}{
		{&End{}, "end"},
		{seedA, "!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end"},
		{selectTwoPeers, "+{ !B.Yes; !C.Go(a.b.C); end, !C.No; end }"},
		{recBranch, "rec X. &{ ?A.More; X, ?A.Stop; end }"},
		{&Send{To: "W[0]", Msg: Message{Name: "M"}, Next: &Var{Name: "Y"}}, "!W[0].M; Y"},
	}
	for _, tt := range tests {
		if got := Session(tt.t); got != tt.want {
			t.Errorf("Session = %s, want %s", got, tt.want)
		}
	}
}

func TestRust(t *testing.T) {
	tests := []struct {
		t    Type
		want string
	}{
		{&End{}, "End"},
		{seedA, "Send<B, Msg, Receive<B, Ack, End>>"},
		{selectTwoPeers, "Select<{B.Yes: Send<C, Go, End>, C.No: End}>"},
		{recBranch, "Rec<X, Branch<A, {More: Var<X>, Stop: End}>>"},
	}
	for _, tt := range tests {
		if got := Rust(tt.t); got != tt.want {
			t.Errorf("Rust = %s, want %s", got, tt.want)
		}
	}
}

func TestPretty(t *testing.T) {
	tests := []struct {
		t    Type
		want string
	}{
		{seedA, "!B.Msg(data: Vec<u8>);\n?B.Ack(code: u32);\nend"},
		{recBranch, "rec X.\n  &{\n    ?A.More; X,\n    ?A.Stop; end\n  }"},
		{selectTwoPeers, "+{\n  !B.Yes;\n    !C.Go(a.b.C);\n    end,\n  !C.No; end\n}"},
	}
	for _, tt := range tests {
		if got := Pretty(tt.t); got != tt.want {
			t.Errorf("Pretty =\n%s\nwant\n%s", got, tt.want)
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
