package projection

import (
	"slices"
	"testing"
)

func TestEqual(t *testing.T) {
	m := func(name string) Message { return Message{Name: name} }
	tests := []struct {
		name string
		a, b Type
		want bool
	}{
		{"end", &End{}, &End{}, true},
		{"send vs receive", &Send{To: "B", Msg: m("M"), Next: &End{}}, &Recv{From: "B", Msg: m("M"), Next: &End{}}, false},
		{"origin and label ignored",
			&Select{Choices: []Choice{{Peer: "B", Msg: m("M"), Label: "x", Origin: 3, Next: &End{}}, {Peer: "B", Msg: m("N"), Origin: 4, Next: &End{}}}},
			&Select{Choices: []Choice{{Peer: "B", Msg: m("M"), Next: &End{}}, {Peer: "B", Msg: m("N"), Next: &End{}}}},
			true},
		{"payload matters",
			&Send{To: "B", Msg: Message{Name: "M", Payload: "u8"}, Next: &End{}},
			&Send{To: "B", Msg: Message{Name: "M", Payload: "u16"}, Next: &End{}},
			false},
		{"choice order ignored",
			&Branch{Choices: []Choice{{Peer: "A", Msg: m("M"), Next: &End{}}, {Peer: "A", Msg: m("N"), Next: &Var{Name: "X"}}}},
			&Branch{Choices: []Choice{{Peer: "A", Msg: m("N"), Next: &Var{Name: "X"}}, {Peer: "A", Msg: m("M"), Next: &End{}}}},
			true},
		{"continuations compared per key",
			&Branch{Choices: []Choice{{Peer: "A", Msg: m("M"), Next: &End{}}, {Peer: "A", Msg: m("N"), Next: &Var{Name: "X"}}}},
			&Branch{Choices: []Choice{{Peer: "A", Msg: m("M"), Next: &Var{Name: "X"}}, {Peer: "A", Msg: m("N"), Next: &End{}}}},
			false},
		{"one-alternative select is a send",
			&Select{Choices: []Choice{{Peer: "B", Msg: m("M"), Next: &End{}}}},
			&Send{To: "B", Msg: m("M"), Next: &End{}},
			true},
		{"alpha renaming",
			&Rec{Var: "X", Body: &Send{To: "B", Msg: m("M"), Next: &Var{Name: "X"}}},
			&Rec{Var: "Y", Body: &Send{To: "B", Msg: m("M"), Next: &Var{Name: "Y"}}},
			true},
		{"binders must correspond",
			&Rec{Var: "X", Body: &Rec{Var: "Y", Body: &Send{To: "B", Msg: m("M"), Next: &Var{Name: "X"}}}},
			&Rec{Var: "X", Body: &Rec{Var: "Y", Body: &Send{To: "B", Msg: m("M"), Next: &Var{Name: "Y"}}}},
			false},
		{"free variables by name", &Var{Name: "X"}, &Var{Name: "Y"}, false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Equal(%s, %s) = %v", tt.name, Session(tt.a), Session(tt.b), got)
		}
		if got := Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("%s: Equal is not symmetric", tt.name)
		}
	}
}

func TestPeers(t *testing.T) {
	if got := Peers(seedA); !slices.Equal(got, []string{"B"}) {
		t.Errorf("Peers(seedA) = %v", got)
	}
	if got := Peers(selectTwoPeers); !slices.Equal(got, []string{"B", "C"}) {
		t.Errorf("Peers(selectTwoPeers) = %v", got)
	}
	if got := Peers(&End{}); len(got) != 0 {
		t.Errorf("Peers(end) = %v", got)
	}
}

func TestDepth(t *testing.T) {
	tests := []struct {
		t    Type
		want int
	}{
		{&End{}, 0},
		{&Var{Name: "X"}, 0},
		{seedA, 2},
		{selectTwoPeers, 2}, // 1 + max(depth(!C.Go; end) = 1, depth(end) = 0)
		{recBranch, 2},      // 1 + (1 + max(0, 0))
		{&Rec{Var: "X", Body: &Var{Name: "X"}}, 1},
	}
	for _, tt := range tests {
		if got := Depth(tt.t); got != tt.want {
			t.Errorf("Depth(%s) = %d, want %d", Session(tt.t), got, tt.want)
		}
	}
}

// TestSharedSubtrees checks that the helpers visit a DAG once per node:
// forty choices in sequence share their continuations, which as a tree
// would have 2^40 paths.
func TestSharedSubtrees(t *testing.T) {
	chain := func() Type {
		var typ Type = &End{}
		for i := 0; i < 40; i++ {
			typ = &Branch{Choices: []Choice{
				{Peer: "A", Msg: Message{Name: "L"}, Next: typ},
				{Peer: "A", Msg: Message{Name: "R"}, Next: typ},
			}}
		}
		return typ
	}
	a, b := chain(), chain()
	if d := Depth(a); d != 40 {
		t.Errorf("Depth = %d, want 40", d)
	}
	if !Equal(a, b) {
		t.Error("two separately built equal DAGs are not Equal")
	}
	if got := Peers(a); !slices.Equal(got, []string{"A"}) {
		t.Errorf("Peers = %v", got)
	}
	m := merger{}
	if got := m.merge(a, b); !Equal(got, a) || m.conflict != nil || m.unaware != nil {
		t.Errorf("merging two equal DAGs gave %v, conflict %v", Depth(got), m.conflict)
	}
}
