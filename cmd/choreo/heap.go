package main

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// keepMinHeap keeps the garbage collector's heap goal at least floor bytes
// until ctx ends. With the default GOGC of 100 the goal is twice the live
// heap; the language server's live heap is small (a few MB for a
// 5,000-line file) while each analysis allocates more than that, so it
// would collect several times per keystroke. After every collection
// keepMinHeap sets GOGC so that the goal is floor while the live heap is
// below floor/2, and back to 100 above it. The memory limit still caps the
// goal. GOGC returns to 100 at the first collection after ctx ends.
func keepMinHeap(ctx context.Context, floor uint64) {
	sample := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"},
		{Name: "/gc/scan/globals:bytes"},
	}
	current := 100
	var arm func()
	arm = func() {
		done := ctx.Err() != nil
		want := 100
		if !done {
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			roots := sample[1].Value.Uint64() + sample[2].Value.Uint64()
			want = gcPercentFor(live, roots, floor)
		}
		if want != current {
			debug.SetGCPercent(want)
			current = want
		}
		if done {
			return
		}
		// The sentinel is unreachable at once: its cleanup runs after the
		// next collection and re-arms for the one after.
		runtime.AddCleanup(new(gcSentinel), func(struct{}) { arm() }, struct{}{})
	}
	arm()
}

// gcSentinel is large enough to escape the tiny allocator, whose blocks
// are freed only when every object in them is.
type gcSentinel struct{ _ [32]byte }

// gcPercentFor is the GOGC that makes the heap goal floor, and at least
// 100, for a live heap of live bytes (0 before the first collection) and
// roots bytes of stacks and globals. The runtime's goal is the larger of
// live + (live+roots)·GOGC/100 and its minimum heap, 4 MiB·GOGC/100.
func gcPercentFor(live, roots, floor uint64) int {
	if live == 0 || live >= floor/2 { // no collection yet, or a large heap
		return 100
	}
	const minHeap = 4 << 20
	p := min((floor-live)*100/(live+roots), floor*100/minHeap)
	return max(100, int(p))
}
