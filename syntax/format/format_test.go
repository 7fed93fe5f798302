package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/internal/gen"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// TestGolden formats every testdata/*.input.choreo and compares the result
// with the matching *.golden.choreo; a golden file is already formatted.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.input.choreo")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/*.input.choreo files")
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.choreo")
		t.Run(name, func(t *testing.T) {
			src := readFile(t, in)
			got, err := Source(src, Options{})
			if err != nil {
				t.Fatalf("Source: %v", err)
			}
			golden := filepath.Join("testdata", name+".golden.choreo")
			testkit.Golden(t, golden, got)
			want := readFile(t, golden)
			again, err := Source(want, Options{})
			if err != nil {
				t.Fatalf("Source(golden): %v", err)
			}
			if !bytes.Equal(again, want) {
				t.Errorf("the golden file is not a fixed point:\n%s", lineDiff(want, again))
			}
		})
	}
}

// TestRealFiles formats the examples and the corpus of real files: each
// must format without error, to a fixed point.
func TestRealFiles(t *testing.T) {
	files := realFiles(t)
	if len(files) == 0 {
		t.Skip("no examples or corpus files found")
	}
	for _, path := range files {
		t.Run(path, func(t *testing.T) {
			src := readFile(t, path)
			out, err := Source(src, Options{})
			if err != nil {
				t.Fatalf("Source: %v", err)
			}
			again, err := Source(out, Options{})
			if err != nil {
				t.Fatalf("Source(Source(x)): %v", err)
			}
			if !bytes.Equal(again, out) {
				t.Errorf("not idempotent:\n%s", lineDiff(out, again))
			}
		})
	}
}

// realFiles lists the .choreo files of the examples and of the corpus of
// real files (../shared/corpus/aura, absent outside the team's checkout).
func realFiles(tb testing.TB) []string {
	var files []string
	for _, dir := range []string{"../../examples", "../../../shared/corpus/aura"} {
		if _, err := os.Stat(dir); err != nil {
			tb.Logf("skipping %s: %v", dir, err)
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".choreo") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return files
}

// TestSyntaxErrorRefused checks that a file with syntax errors is returned
// as a *SyntaxError and no text.
func TestSyntaxErrorRefused(t *testing.T) {
	for _, src := range []string{
		"protocol P =\n  roles A, B\n  A -> : M\n",
		"protocol P {\n    roles: A, B;\n    A -> B M;\n}\n",
		"module m exposing (P)\nprotocol P =\n  roles A, B\n\tA -> B : M\n",
	} {
		out, err := Source([]byte(src), Options{})
		var se *SyntaxError
		if !errors.As(err, &se) || out != nil {
			t.Errorf("Source(%q) = %q, %v; want nil and a *SyntaxError", src, out, err)
			continue
		}
		if len(se.Diagnostics) == 0 || se.Error() == "" {
			t.Errorf("Source(%q): empty SyntaxError", src)
		}
	}
}

// TestCases checks individual rules of the canonical style.
func TestCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in, want string
		width    int
	}{
		{
			name: "choice spellings",
			in:   "protocol P =\n  roles A, B\n  case choose A of\n    x => A -> B : X\n    y ->\n      A -> B : Y\n",
			want: "protocol P =\n  roles A, B\n  choice at A\n    | x ->\n        A -> B : X\n    | y ->\n        A -> B : Y\n",
		},
		{
			name:  "annotations break past the width",
			in:    "protocol P =\n  roles A, B\n  A[k = 1, l = 2] -> B : M\n",
			want:  "protocol P =\n  roles A, B\n  A[ k = 1\n   , l = 2 ] -> B : M\n",
			width: 20,
		},
		{
			name: "record annotations join within the width",
			in:   "protocol P =\n  roles A, B\n  A { k = 1\n    , l : 2 }\n      -> B : M\n",
			want: "protocol P =\n  roles A, B\n  A { k = 1, l: 2 } -> B : M\n",
		},
		{
			name: "trailing and own-line comments",
			in:   "-- head\nprotocol P = -- eq\n  roles A, B   -- roles\n\n\n  -- before\n  A -> B : M {- after -}\n-- end\n",
			want: "-- head\nprotocol P = -- eq\n  roles A, B -- roles\n\n  -- before\n  A -> B : M {- after -}\n-- end\n",
		},
		{
			name: "line comment inside a record forces the multi-line form",
			in:   "protocol P =\n  roles A, B\n  A { k = 1 -- why\n    , l = 2 } -> B : M\n",
			want: "protocol P =\n  roles A, B\n  A { k = 1 -- why\n    , l = 2 }\n    -> B : M\n",
		},
		{
			name: "line comments before the first entry and the closing bracket",
			in:   "protocol P =\n  roles A, B\n  A{ -- c\n  k=0, l = 1 -- d\n  }->B:M\n",
			want: "protocol P =\n  roles A, B\n  A { -- c\n      k = 0\n    , l = 1 -- d\n    }\n    -> B : M\n",
		},
		{
			name: "brace form",
			in:   "protocol P{roles:A,B;A[k=1]->B:M(x: u8);choice A{l:{A->B:L;}r:{A->B:R;}}}",
			want: "protocol P {\n    roles: A, B;\n    A[k = 1] -> B: M(x: u8);\n    choice A {\n        l: {\n            A -> B: L;\n        }\n        r: {\n            A -> B: R;\n        }\n    }\n}\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Source([]byte(tc.in), Options{Width: tc.width})
			if err != nil {
				t.Fatalf("Source: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("Source(%q):\n%s", tc.in, lineDiff([]byte(tc.want), got))
			}
		})
	}
}

// FuzzFormat checks that Source never panics, refuses exactly the inputs
// with syntax errors, and otherwise returns a fixed point.
func FuzzFormat(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.choreo")
	for _, path := range append(seeds, realFiles(f)...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Source(src, Options{})
		var se *SyntaxError
		if _, perr := parse(src); perr != nil {
			if !errors.As(err, &se) || out != nil {
				t.Fatalf("input with syntax errors: got %q, %v; want a *SyntaxError", out, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid input refused: %v\ninput:\n%s", err, src)
		}
		again, err := Source(out, Options{})
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not idempotent (%v):\n%s", err, lineDiff(out, again))
		}
	})
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lineDiff is a minimal line-by-line comparison for test messages.
func lineDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		mark := " "
		if wl != gl {
			mark = "!"
		}
		b.WriteString(mark + " want: " + wl + "\n" + mark + " got:  " + gl + "\n")
	}
	return b.String()
}

// BenchmarkSource formats generated files of 200 and 5,000 lines (parse,
// print and all the checks of Source).
func BenchmarkSource(b *testing.B) {
	for _, lines := range []int{200, 5000} {
		src := gen.SeededProtocol(1, lines)
		b.Run(strconv.Itoa(lines)+"lines", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := Source(src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFile prints a generated 5,000-line file from its syntax tree
// (no checks).
func BenchmarkFile(b *testing.B) {
	src := gen.SeededProtocol(1, 5000)
	f, err := parse(src)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		File(f, src, Options{})
	}
}
