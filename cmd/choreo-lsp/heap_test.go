package main

import (
	"context"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name               string
		live, roots, floor uint64
		want               int
	}{
		{"before the first collection", 0, 0, 64 * mib, 1600},
		{"large heap", 40 * mib, mib, 64 * mib, 100},
		{"half the floor", 32 * mib, 0, 64 * mib, 100},
		{"small heap", 8 * mib, 0, 64 * mib, 700},
		{"roots count", 7 * mib, mib, 64 * mib, 712},
		{"goal just above twice the heap", 30 * mib, 0, 64 * mib, 113},
		{"runtime minimum heap bounds it", mib / 2, 0, 64 * mib, 1600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := gcPercentFor(tc.live, tc.roots, tc.floor); got != tc.want {
				t.Errorf("gcPercentFor(%d, %d, %d) = %d, want %d", tc.live, tc.roots, tc.floor, got, tc.want)
			}
		})
	}
}

// TestKeepMinHeap checks that the GC percent follows the floor after
// collections and returns to 100 once the context ends.
func TestKeepMinHeap(t *testing.T) {
	gogc := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	// waitFor collects garbage until GOGC satisfies ok: the tuner runs
	// after collections, on the runtime's cleanup goroutine.
	waitFor := func(what string, ok func(uint64) bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(gogc()); {
			if time.Now().After(deadline) {
				t.Fatalf("GOGC = %d, want %s", gogc(), what)
			}
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	keepMinHeap(ctx, 32<<20) // above twice this test's live heap
	waitFor("> 100", func(p uint64) bool { return p > 100 })
	cancel()
	waitFor("100", func(p uint64) bool { return p == 100 })
}
