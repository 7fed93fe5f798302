package subtype

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/internal/subtypefamilies"
	"github.com/choreo-lang/choreo/projection"
)

func TestFamilies(t *testing.T) {
	for _, f := range subtypefamilies.All {
		for _, n := range f.Sizes {
			for _, p := range f.Pairs(n) {
				if r := async(t, p.New, p.Old, Options{}); r.Verdict != Compatible {
					t.Errorf("%s n=%d: %s ≤ %s: %s", f.Name, n, p.New, p.Old, r)
				}
			}
		}
	}
}

func BenchmarkFamilies(b *testing.B) {
	for _, f := range subtypefamilies.All {
		for _, n := range f.Sizes {
			var pairs [][2]projection.Type
			for _, p := range f.Pairs(n) {
				pairs = append(pairs, [2]projection.Type{parse(b, p.New), parse(b, p.Old)})
			}
			b.Run(fmt.Sprintf("%s/n=%d", f.Name, n), func(b *testing.B) {
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
