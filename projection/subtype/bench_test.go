package subtype

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/projection"
)

// The benchmark families of Rumpsteak's evaluation (Cutner, Yoshida and
// Vassor, PPoPP 2022, §6), generated for a size n. Each returns pairs
// (new, old) that must all be compatible.
type family struct {
	name  string
	sizes []int
	gen   func(n int) [][2]string
}

var families = []family{
	{"streaming", []int{1, 10, 50, 100}, streaming},
	{"ring", []int{2, 10, 20, 30}, ring},
	{"nested-choice", []int{1, 2, 3, 4, 5}, nestedChoice},
	{"double-buffering", []int{1, 10, 50, 100}, doubleBuffering},
}

// streaming: the source sends n values before the sink's first ready.
func streaming(n int) [][2]string {
	return [][2]string{{
		strings.Repeat("!t.value; ", n) + "rec X. ?t.ready; !t.value; X",
		"rec X. ?t.ready; !t.value; X",
	}}
}

// ring: every role but the first forwards to its right neighbour before
// receiving from its left one; one check per role.
func ring(n int) [][2]string {
	role := func(i int) string { return fmt.Sprintf("R%d", (i+n)%n) }
	pairs := [][2]string{{
		fmt.Sprintf("rec X. !%s.value; ?%s.value; X", role(1), role(-1)),
		fmt.Sprintf("rec X. !%s.value; ?%s.value; X", role(1), role(-1)),
	}}
	for i := 1; i < n; i++ {
		pairs = append(pairs, [2]string{
			fmt.Sprintf("rec X. !%s.value; ?%s.value; X", role(i+1), role(i-1)),
			fmt.Sprintf("rec X. ?%s.value; !%s.value; X", role(i-1), role(i+1)),
		})
	}
	return pairs
}

// nestedChoice: choices nested n deep; the old kernel acknowledges each
// choice after receiving it, the new one acknowledges before.
func nestedChoice(n int) [][2]string {
	var oldT, newT func(d int) string
	oldT = func(d int) string {
		if d == 0 {
			return "X"
		}
		return fmt.Sprintf("&{ ?s.l%d; !t.ack; %s, ?s.r%d; !t.ack; %s }", d, oldT(d-1), d, oldT(d-1))
	}
	newT = func(d int) string {
		if d == 0 {
			return "X"
		}
		return fmt.Sprintf("!t.ack; &{ ?s.l%d; %s, ?s.r%d; %s }", d, newT(d-1), d, newT(d-1))
	}
	return [][2]string{{"rec X. " + newT(n), "rec X. " + oldT(n)}}
}

// doubleBuffering: the kernel sends n ready signals to the source ahead.
func doubleBuffering(n int) [][2]string {
	return [][2]string{{
		strings.Repeat("!s.ready; ", n) + "rec X. ?s.value; !s.ready; ?t.ready; !t.value; X",
		"rec X. !s.ready; ?s.value; ?t.ready; !t.value; X",
	}}
}

func TestFamilies(t *testing.T) {
	for _, f := range families {
		for _, n := range f.sizes {
			for _, p := range f.gen(n) {
				if r := async(t, p[0], p[1], Options{}); r.Verdict != Compatible {
					t.Errorf("%s n=%d: %s ≤ %s: %s", f.name, n, p[0], p[1], r)
				}
			}
		}
	}
}

func BenchmarkFamilies(b *testing.B) {
	for _, f := range families {
		for _, n := range f.sizes {
			var pairs [][2]projection.Type
			for _, p := range f.gen(n) {
				pairs = append(pairs, [2]projection.Type{parse(b, p[0]), parse(b, p[1])})
			}
			b.Run(fmt.Sprintf("%s/n=%d", f.name, n), func(b *testing.B) {
				for b.Loop() {
					for _, p := range pairs {
						if _, err := CheckAsync(context.Background(), p[0], p[1], Options{}); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

// BenchmarkLiterature checks each pair of testdata/literature.txt (the
// unproved ones run to a bound, so they are left out).
func BenchmarkLiterature(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "literature.txt"))
	if err != nil {
		b.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		fields := strings.Split(line, "|")
		if len(fields) != 4 || strings.HasPrefix(line, "#") || strings.TrimSpace(fields[0]) == "unproved" {
			continue
		}
		newT, oldT := parse(b, fields[1]), parse(b, fields[2])
		name := fmt.Sprintf("line%d", i+1)
		if src := strings.Fields(fields[3]); len(src) > 2 && src[1] == "evaluation" {
			name = strings.TrimSuffix(src[2], ":")
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := CheckAsync(context.Background(), newT, oldT, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
