package projection

import (
	"testing"

	"github.com/choreo-lang/choreo/internal/gen/globalgen"
)

// BenchmarkProjectLarge projects a 50-role protocol of about 10,000 sends
// onto every role (target: under 100 ms per Project call).
func BenchmarkProjectLarge(b *testing.B) {
	p := globalgen.Large(50, 10_000, 1)
	types, ds := Project(p)
	if len(types) != 50 || len(ds) > 0 {
		b.Fatalf("want 50 clean projections, got %d with %v", len(types), ds)
	}
	b.ReportAllocs()
	for b.Loop() {
		Project(p)
	}
}

// BenchmarkDepth measures Depth of every projection of the large protocol
// (the budget computes it for every participant on each analysis).
func BenchmarkDepth(b *testing.B) {
	types, _ := Project(globalgen.Large(50, 10_000, 1))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range types {
			Depth(t)
		}
	}
}
