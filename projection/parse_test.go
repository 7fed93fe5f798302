package projection

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSession(t *testing.T) {
	end := &End{}
	tests := []struct {
		name string
		in   string
		want Type
	}{
		{"end", "end", end},
		{"send with role", "!B.Msg; end", &Send{To: "B", Msg: Message{Name: "Msg"}, Next: end}},
		{"two-party shorthand", "!a; ?b", &Send{To: OnlyPeer, Msg: Message{Name: "a"},
			Next: &Recv{From: OnlyPeer, Msg: Message{Name: "b"}, Next: end}}},
		{"explicit only peer", "?_.b; end", &Recv{From: OnlyPeer, Msg: Message{Name: "b"}, Next: end}},
		{"nested payload", "!B.Msg(data: Vec<(u8, f(x))>); end",
			&Send{To: "B", Msg: Message{Name: "Msg", Payload: "data: Vec<(u8, f(x))>"}, Next: end}},
		{"family member", "?W[2].Sig; end", &Recv{From: "W[2]", Msg: Message{Name: "Sig"}, Next: end}},
		{"literature binary", "rec X. !a; &{?b; X, ?c; end}", &Rec{Var: "X", Body: &Send{
			To: OnlyPeer, Msg: Message{Name: "a"}, Next: &Branch{Choices: []Choice{
				{Peer: OnlyPeer, Msg: Message{Name: "b"}, Next: &Var{Name: "X"}},
				{Peer: OnlyPeer, Msg: Message{Name: "c"}, Next: end},
			}}}}},
		{"select with trailing comma", "+{ !B.Yes; end, !C.No, }", &Select{Choices: []Choice{
			{Peer: "B", Msg: Message{Name: "Yes"}, Next: end},
			{Peer: "C", Msg: Message{Name: "No"}, Next: end},
		}}},
		{"parenthesised and comments", "( rec T. -- loop\n ?A.m; T )", &Rec{Var: "T",
			Body: &Recv{From: "A", Msg: Message{Name: "m"}, Next: &Var{Name: "T"}}}},
		{"shadowing", "rec X. rec X. !a; X", &Rec{Var: "X", Body: &Rec{Var: "X",
			Body: &Send{To: OnlyPeer, Msg: Message{Name: "a"}, Next: &Var{Name: "X"}}}}},
		{"shared definition", "+{ !B.L; K, !B.R; K } where K = ?C.m", &Select{Choices: []Choice{
			{Peer: "B", Msg: Message{Name: "L"}, Next: &Recv{From: "C", Msg: Message{Name: "m"}, Next: end}},
			{Peer: "B", Msg: Message{Name: "R"}, Next: &Recv{From: "C", Msg: Message{Name: "m"}, Next: end}},
		}}},
		{"definitions in any order", "K1 where K2 = end, K1 = !B.m; K2", &Send{To: "B", Msg: Message{Name: "m"}, Next: end}},
		{"definition using the rec of its use", "rec X. +{ !B.a; K, !B.b; end } where K = ?C.m; X", &Rec{Var: "X",
			Body: &Select{Choices: []Choice{
				{Peer: "B", Msg: Message{Name: "a"}, Next: &Recv{From: "C", Msg: Message{Name: "m"}, Next: &Var{Name: "X"}}},
				{Peer: "B", Msg: Message{Name: "b"}, Next: end},
			}}}},
		{"a bound variable is not a definition", "rec K. !B.a; K where K = end", &Rec{Var: "K",
			Body: &Send{To: "B", Msg: Message{Name: "a"}, Next: &Var{Name: "K"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSession(tt.in)
			if err != nil {
				t.Fatalf("ParseSession(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSession(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseSessionRoundTrip(t *testing.T) {
	for _, s := range []string{
		"!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end",
		"rec X. !a; &{?b; X, ?c; end}",
		"+{ !B.Yes; end, !C.No(f(x)); rec Y. ?F[1].m; Y }",
		"&{ ?A.One; end }",
	} {
		ty, err := ParseSession(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, render := range []func(Type) string{Session, Pretty} {
			text := render(ty)
			again, err := ParseSession(text)
			if err != nil || !Equal(ty, again) {
				t.Errorf("%q renders as %q, which parses to %v, %v", s, text, again, err)
			}
		}
	}
}

func TestParseSessionErrors(t *testing.T) {
	tests := []struct {
		in        string
		line, col int // zero-based
		offset    int
		msg       string
	}{
		{"", 0, 0, 0, `expected a type, found end of input`},
		{"!B.Msg; X", 0, 8, 8, `unbound recursion variable "X"`},
		{"!B.Msg end", 0, 7, 7, `expected ";" after the action, found "end"`},
		{"end; !a", 0, 3, 3, `unexpected ";" after the end of the type`},
		{"+{ ?A.m; end }", 0, 3, 3, `an internal choice +{…} needs sends (!), found "?"`},
		{"&{ ?A.m; end,\n  ?A.m; end }", 1, 6, 20, `duplicate alternative A.m`},
		{"!B.Msg(unclosed (x); end", 0, 6, 6, `unclosed "(" in payload`},
		{"rec . end", 0, 4, 4, `expected a recursion variable, found "."`},
		{"!F[1]; end", 0, 5, 5, `expected "." and a message after role "F[1]"`},
		{"!B.; end", 0, 3, 3, `expected a message name, found ";"`},
		{"K where K = !B.a; K", 0, 18, 18, `definition "K" uses itself (write a loop with rec)`},
		{"K where K = end, K = end", 0, 17, 17, `"K" is defined twice`},
		{"+{ !B.a; K, !B.b; end } where K = ?C.m; X", 0, 40, 40, `unbound recursion variable "X"`},
		{"end where end = end", 0, 10, 10, `"end" cannot name a definition`},
		{"!B.m; where", 0, 6, 6, `expected a type, found "where"`},
		{"!B.m where", 0, 10, 10, `expected a definition name, found end of input`},
	}
	for _, tt := range tests {
		_, err := ParseSession(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("ParseSession(%q) = %v, want a *ParseError", tt.in, err)
			continue
		}
		if pe.Pos.Line != tt.line || pe.Pos.Col != tt.col || pe.Pos.Offset != tt.offset || pe.Msg != tt.msg {
			t.Errorf("ParseSession(%q) error = %d:%d@%d %q, want %d:%d@%d %q", tt.in,
				pe.Pos.Line, pe.Pos.Col, pe.Pos.Offset, pe.Msg, tt.line, tt.col, tt.offset, tt.msg)
		}
	}
}

func FuzzParseSession(f *testing.F) {
	for _, s := range []string{"end", "rec X. !a; &{?b; X, ?c; end}", "+{ !B.M(x(y)); end, !C.N }", "?F[0].m",
		"rec X. +{ !B.a; K, !B.b; K } where K = ?C.m; !C.n; !C.o; !C.p; X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty, err := ParseSession(s)
		if err == nil && ty == nil {
			t.Fatalf("ParseSession(%q) returned neither a type nor an error", s)
		}
		var pe *ParseError
		if err != nil && (!errors.As(err, &pe) || pe.Pos.Offset < 0 || pe.Pos.Offset > len(s)) {
			t.Fatalf("ParseSession(%q) error %v has no valid position", s, err)
		}
		if err != nil {
			return
		}
		// What parses renders back to text that parses to an equal type.
		text := Session(ty)
		again, err := ParseSession(text)
		if err != nil || !Equal(ty, again) {
			t.Fatalf("ParseSession(%q) renders as %q, which parses to %v, %v", s, text, again, err)
		}
	})
}

// TestPayloadIdentity checks that merging compares payload types, not
// field names: C learns nothing from Data's field name.
func TestPayloadIdentity(t *testing.T) {
	if !samePayload(Message{Name: "Data", Payload: "x: int"}, Message{Name: "Data", Payload: "y: int"}) {
		t.Error("Data(x: int) and Data(y: int) differ")
	}
	if samePayload(Message{Name: "Data", Payload: "x: int"}, Message{Name: "Data", Payload: "x: u64"}) {
		t.Error("Data(x: int) and Data(x: u64) are the same")
	}
}

func TestCanonicalPayload(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"crate::protocols::epochs::Proposal", "crate.protocols.epochs.Proposal"},
		{"  data :  Vec< u8 > ", "Vec<u8>"},
		{"items : List String", "List String"},
		{"a::b<c::D, e>", "a.b<c.D,e>"},
		// field names are not part of a message's identity
		{"x: int, y: Map<K, V>", "int,Map<K,V>"},
		{"x: int", "int"},
		{"int", "int"},
		{"f: (a: A, b: B)", "(a:A,b:B)"}, // only top-level fields lose their names
		{"crate::m::T", "crate.m.T"},
		{": T", ":T"}, // a colon without a name is kept
	}
	for _, tt := range tests {
		if got := CanonicalPayload(tt.in); got != tt.want {
			t.Errorf("CanonicalPayload(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
