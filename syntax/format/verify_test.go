package format

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestVerifyCatchesLostComment hides a comment from the printer, as a
// parser that fails to report one would, and checks that Source's own
// checks refuse the output that lacks it.
func TestVerifyCatchesLostComment(t *testing.T) {
	src := []byte("protocol P =\n  roles A, B\n  -- keep me\n  A -> B : M\n")
	f, err := parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Comments) != 1 {
		t.Fatalf("parser reported %d comments, want 1", len(f.Comments))
	}
	blind := *f
	blind.Comments = nil
	out := File(&blind, src, Options{})
	if strings.Contains(string(out), "keep me") {
		t.Fatalf("the printer printed a comment it was not given:\n%s", out)
	}
	if err := verify(&blind, src, out, Options{}); !errors.Is(err, ErrUnsafe) {
		t.Errorf("verify = %v, want an error wrapping ErrUnsafe", err)
	}
}

// TestEqualMeaning checks what the tree comparison ignores and what it
// reports.
func TestEqualMeaning(t *testing.T) {
	const base = "module m exposing (P ,Q)\nprotocol P =\n  roles A, B\n  case choose A of\n    x -> A[k = [1,2]] -> B : M(a: u8)\n"
	for _, tc := range []struct {
		name, other string
		wantPath    string // "" when the files mean the same
	}{
		{"layout only", "module m exposing (P, Q)\n\nprotocol P =\n    roles A,B\n    choice at A\n      | x ->\n          A[k = [1, 2]] -> B : M(a: u8)\n", ""},
		{"payload", strings.Replace(base, "a: u8", "a: u16", 1), "Payload"},
		{"label", strings.Replace(base, "x ->", "y ->", 1), "Label.Name"},
		{"annotation value", strings.Replace(base, "[1,2]", "[1,3]", 1), "Items[1].Int"},
		{"exposing", strings.Replace(base, "(P ,Q)", "(P)", 1), "Exposing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := parse([]byte(base))
			if err != nil {
				t.Fatal(err)
			}
			b, err := parse([]byte(tc.other))
			if err != nil {
				t.Fatal(err)
			}
			err = equalMeaning(a, b)
			switch {
			case tc.wantPath == "" && err != nil:
				t.Errorf("equalMeaning = %v, want nil", err)
			case tc.wantPath != "" && (err == nil || !strings.Contains(err.Error(), tc.wantPath)):
				t.Errorf("equalMeaning = %v, want a difference at %s", err, tc.wantPath)
			}
		})
	}
}

func TestScanComments(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"A -> B : M -- x  \n", []string{"-- x"}},
		{"A[k = \"-- not a comment\"] -> B : M {- b\n -} // c\n", []string{"{- b\n -}", "// c"}},
		{"x /* a */ y \"\\\" -- still a string\" -- z", []string{"/* a */", "-- z"}},
		{"unclosed {- block", nil},
	} {
		if got := scanComments([]byte(tc.src), nil); !slices.Equal(got, tc.want) {
			t.Errorf("scanComments(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}

// TestScanCommentsSkipsRawText checks that comment markers inside raw
// text (payloads, guards, exposing lists) are not taken for comments.
func TestScanCommentsSkipsRawText(t *testing.T) {
	src := []byte("module m exposing (/* not */ P)\nprotocol P =\n  roles A, B\n  choice at A\n    | x when (a -- b) -> A -> B : M(c -- d) -- real\n")
	f, err := parse(src)
	if err != nil {
		t.Fatal(err)
	}
	got := scanComments(src, rawRegions(f, src))
	if want := []string{"-- real"}; !slices.Equal(got, want) {
		t.Errorf("scanComments = %q, want %q", got, want)
	}
	if _, err := Source(src, Options{}); err != nil {
		t.Errorf("Source: %v", err)
	}
}

// TestRenameRecs checks that generated recursion labels do not make two
// models of the same protocol differ.
func TestRenameRecs(t *testing.T) {
	one := []byte("protocol P =\n  roles A, B\n  loop decide by A\n    A -> B : M\n")
	two := []byte("protocol P =\n  roles A, B\n\n\n  loop decide by A\n    A -> B : M\n")
	f1, err1 := parse(one)
	f2, err2 := parse(two)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	if err := equalMeaning(model(f1, one), model(f2, two)); err != nil {
		t.Errorf("models differ: %v", err)
	}
	other := []byte("protocol P =\n  roles A, B\n  loop decide by B\n    A -> B : M\n")
	f3, err := parse(other)
	if err != nil {
		t.Fatal(err)
	}
	if equalMeaning(model(f1, one), model(f3, other)) == nil {
		t.Error("models of different protocols compare equal")
	}
}
