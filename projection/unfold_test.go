package projection

import "testing"

func TestUnfold(t *testing.T) {
	for _, tt := range []struct{ rec, want string }{
		{"rec X. !B.M; X", "!B.M; rec X. !B.M; X"},
		{"rec X. !B.M; rec Y. +{ !B.A; X, !B.C; Y }",
			"!B.M; rec Y. +{ !B.A; rec X. !B.M; rec Y. +{ !B.A; X, !B.C; Y }, !B.C; Y }"},
		{"rec X. !B.M; rec X. !B.N; X", "!B.M; rec X. !B.N; X"}, // the inner binder shadows X
		{"rec X. &{ ?A.M; X, ?A.N; end }", "&{ ?A.M; rec X. &{ ?A.M; X, ?A.N; end }, ?A.N; end }"},
		{"rec X. rec Y. ?A.M; X", "?A.M; rec X. rec Y. ?A.M; X"},
	} {
		typ, err := ParseSession(tt.rec)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ParseSession(tt.want)
		if err != nil {
			t.Fatal(err)
		}
		var u unfolder
		got, ok := u.head(typ.(*Rec))
		if !ok || !Equal(got, want) {
			t.Errorf("unfolding %s = %s, %v; want %s", tt.rec, sessionOrNil(got), ok, tt.want)
		}
		if again, _ := u.head(typ.(*Rec)); again != got {
			t.Errorf("unfolding %s twice gave two types; want the cached one", tt.rec)
		}
	}
	for _, s := range []string{"rec X. X", "rec X. rec Y. Y", "rec X. rec Y. X"} {
		typ, err := ParseSession(s)
		if err != nil {
			t.Fatal(err)
		}
		var u unfolder
		if got, ok := u.head(typ.(*Rec)); ok {
			t.Errorf("%s unfolds to %s; want no action at the head", s, Session(got))
		}
	}
}

func sessionOrNil(t Type) string {
	if t == nil {
		return "<nil>"
	}
	return Session(t)
}
