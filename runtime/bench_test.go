package runtime

import (
	"context"
	"runtime"
	"testing"

	"github.com/choreo-lang/choreo/analysis/global"
)

// ring is rec L { R[0] -> R[1] : Token; ...; R[n-1] -> R[0] : Token; continue L }
// over a family R of n members.
func ring(n int) *global.Protocol {
	var b builder
	var body global.Block
	for i := range n {
		body = append(body, b.send(global.MemberName("R", i), global.MemberName("R", (i+1)%n), "Token"))
	}
	body = append(body, cont("L"))
	p := protocol("Ring", nil, rec("L", body...))
	p.Roles = []*global.Role{{Name: "R", Family: true, Size: n, SizeFrom: global.SizeLiteral}}
	return p
}

// runRing exchanges messages tokens around the ring: every message is a
// send and a receive, so the run takes exactly 2 × messages steps.
func runRing(tb testing.TB, img *Image, messages int64, policy Policy) *Report {
	rep, err := Execute(context.Background(), img, Config{Policy: policy, MaxSteps: 2 * messages}, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if rep.Outcome.Kind != BoundExceeded || rep.Steps != 2*messages {
		tb.Fatalf("outcome %s after %d steps", rep.Outcome, rep.Steps)
	}
	return rep
}

// BenchmarkRing100 is the benchmark: a ring of 100 roles
// exchanging 1,000,000 messages; it reports VM steps per second and the
// heap in use at the end of the run.
func BenchmarkRing100(b *testing.B) {
	const messages = 1_000_000
	img := image(b, ring(100))
	for _, policy := range []Policy{Cooperative, RoundRobin, Random} {
		b.Run(string(policy), func(b *testing.B) {
			b.ReportAllocs()
			var steps int64
			for b.Loop() {
				steps += runRing(b, img, messages, policy).Steps
			}
			b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
		})
	}
}

// TestMemoryIndependentOfMessages checks that a run allocates the same
// whether it delivers ten thousand messages or a hundred times more.
func TestMemoryIndependentOfMessages(t *testing.T) {
	img := image(t, ring(10))
	allocated := func(messages int64) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		runRing(t, img, messages, Cooperative)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	allocated(100) // warm up
	small, large := allocated(10_000), allocated(1_000_000)
	if large > small+16<<10 {
		t.Fatalf("allocated %d bytes for 10k messages but %d for 1M", small, large)
	}
}
