package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"unused-role", "self-send", "unreachable", "flow_cost"}
	tests := []struct{ name, want string }{
		{"unused-rol", "unused-role"}, // deletion
		{"slef-send", "self-send"},    // transposition (distance 2)
		{"flow_cots", "flow_cost"},
		{"unreachable", "unreachable"}, // exact
		{"self", ""},                   // too far: 5 edits
		{"frobnicate", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, known, func(s string) string { return s }); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestClosestPrefersNearestThenFirst(t *testing.T) {
	id := func(s string) string { return s }
	if got := Closest("abcd", []string{"abxy", "abcx"}, id); got != "abcx" {
		t.Errorf("Closest = %q, want the nearer abcx", got)
	}
	if got := Closest("abcd", []string{"abcx", "abcy"}, id); got != "abcx" {
		t.Errorf("Closest = %q, want the first of equals, abcx", got)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"same", "same", 0},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
