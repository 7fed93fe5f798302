package projection

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSessionRoles(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		listing bool
		want    []string // role: Session(type)
	}{
		{"one type", "!B.m; end", false, nil},
		{"one type after a comment", "-- a role\nrec X. !a; X\n", false, nil},
		{"empty", "", false, nil},
		{"project output", "A: !B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end\nB: ?A.Msg(data: Vec<u8>); !A.Ack(code: u32); end\n", true,
			[]string{"A: !B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end", "B: ?A.Msg(data: Vec<u8>); !A.Ack(code: u32); end"}},
		{"comments, blank lines and family members", "// ring\n\nW[0]: !W[1].v; end\n\n-- the last\nW[1]: ?W[0].v; end", true,
			[]string{"W[0]: !W[1].v; end", "W[1]: ?W[0].v; end"}},
		{"over several lines", "A:\n  &{\n    ?B.l; end,\n    ?B.r; end\n  }\nB:\n  +{ !A.l; end, !A.r; end }\n", true,
			[]string{"A: &{ ?B.l; end, ?B.r; end }", "B: +{ !A.l; end, !A.r; end }"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roles, ok, err := ParseSessionRoles(tt.in)
			if err != nil || ok != tt.listing {
				t.Fatalf("ParseSessionRoles = listing %v, %v; want listing %v", ok, err, tt.listing)
			}
			var got []string
			for _, r := range roles {
				got = append(got, r.Role+": "+Session(r.Type))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestParseSessionRolesRoundTrip: a listing rendered as choreo project
// prints it, in either notation that reads back, parses to the same types.
func TestParseSessionRolesRoundTrip(t *testing.T) {
	types := map[string]string{
		"A": "rec X. +{ !B.a; K, !B.b; K } where K = ?C.m; !C.n; !C.o; !C.p; X",
		"B": "rec X. &{ ?A.a; X, ?A.b; X }",
		"C": "rec X. !A.m; ?A.n; ?A.o; ?A.p; X",
	}
	for _, render := range []func(Type) string{
		func(t Type) string { return " " + Session(t) },
		func(t Type) string { return "\n  " + strings.ReplaceAll(Pretty(t), "\n", "\n  ") },
	} {
		var b strings.Builder
		parsed := make(map[string]Type)
		for _, role := range []string{"A", "B", "C"} {
			ty, err := ParseSession(types[role])
			if err != nil {
				t.Fatal(err)
			}
			parsed[role] = ty
			b.WriteString(role + ":" + render(ty) + "\n")
		}
		roles, ok, err := ParseSessionRoles(b.String())
		if err != nil || !ok || len(roles) != 3 {
			t.Fatalf("ParseSessionRoles(%q) = %v, %v, %v", b.String(), roles, ok, err)
		}
		for _, r := range roles {
			if !Equal(r.Type, parsed[r.Role]) {
				t.Errorf("role %s reads back as %s, want %s", r.Role, Session(r.Type), Session(parsed[r.Role]))
			}
		}
	}
}

func TestParseSessionRolesErrors(t *testing.T) {
	tests := []struct {
		in        string
		line, col int // zero-based, in the whole listing
		msg       string
	}{
		{"A: end\nB: !C.m end\n", 1, 8, `role B: expected ";" after the action, found "end"`},
		{"A: end\nB: end\nA: end\n", 2, 0, `role A is listed twice (first on line 1)`},
		{"A: end\nB:\n  !C.m;\n  ?C.; end\n", 3, 5, `role B: expected a message name, found ";"`},
	}
	for _, tt := range tests {
		_, ok, err := ParseSessionRoles(tt.in)
		var pe *ParseError
		if !ok || !errors.As(err, &pe) {
			t.Errorf("ParseSessionRoles(%q) = %v, %v, want a listing and a *ParseError", tt.in, ok, err)
			continue
		}
		if pe.Pos.Line != tt.line || pe.Pos.Col != tt.col || pe.Msg != tt.msg {
			t.Errorf("ParseSessionRoles(%q) error = %d:%d %q, want %d:%d %q", tt.in, pe.Pos.Line, pe.Pos.Col, pe.Msg, tt.line, tt.col, tt.msg)
		}
		lines := strings.SplitAfter(tt.in, "\n")
		if start := len(strings.Join(lines[:pe.Pos.Line], "")); pe.Pos.Offset != start+pe.Pos.Col {
			t.Errorf("ParseSessionRoles(%q): offset %d does not match %d:%d", tt.in, pe.Pos.Offset, pe.Pos.Line, pe.Pos.Col)
		}
	}
}

func FuzzParseSessionRoles(f *testing.F) {
	for _, s := range []string{"A: end\nB: !A.m; end", "W[0]: rec X. !W[1].v; X", "end", "A:\n  &{\n    ?B.l; end\n  }", "A: end\nA: end"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		roles, ok, err := ParseSessionRoles(s)
		var pe *ParseError
		if err != nil && (!ok || !errors.As(err, &pe) || pe.Pos.Offset < 0 || pe.Pos.Offset > len(s)) {
			t.Fatalf("ParseSessionRoles(%q) error %v has no valid position", s, err)
		}
		if err == nil && ok && len(roles) == 0 {
			t.Fatalf("ParseSessionRoles(%q) is a listing without roles", s)
		}
		for _, r := range roles {
			if r.Type == nil {
				t.Fatalf("ParseSessionRoles(%q): role %s has no type", s, r.Role)
			}
		}
	})
}
