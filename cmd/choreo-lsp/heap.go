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
//
// Before returning, keepMinHeap grows the heap to floor with garbage (see
// warmHeap), so that the first keystrokes do not pay for its growth.
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
	warmHeap(ctx, floor)
}

// warmHeap allocates and drops n bytes in chunks, writing to every page.
// The heap grows to its goal once anyway; growing it at startup moves the
// cost of first touching its pages out of the keystrokes. Page faults are
// costly in virtual machines: on a 2-core VM the first ten keystrokes on a
// 5,000-line file took 35-70 ms instead of 10, while warming takes 0.25 s
// once. The chunks are garbage at once, so the next collection frees them
// for reuse; the live heap never holds more than one.
func warmHeap(ctx context.Context, n uint64) {
	const chunk, page = 1 << 20, 4 << 10
	for done := uint64(0); done < n && ctx.Err() == nil; done += chunk {
		b := make([]byte, chunk)
		for i := 0; i < len(b); i += page {
			b[i] = 1
		}
	}
}

// gcSentinel is large enough to escape the tiny allocator, whose blocks
// are freed only when every object in them is.
type gcSentinel struct{ _ [32]byte }

// gcPercentFor is the GOGC that makes the heap goal floor, and at least
// 100, for a live heap of live bytes (0 before the first collection) and
// roots bytes of stacks and globals. The runtime's goal is the larger of
// live + (live+roots)·GOGC/100 and its minimum heap, 4 MiB·GOGC/100.
func gcPercentFor(live, roots, floor uint64) int {
	if live >= floor/2 {
		return 100
	}
	const minHeap = 4 << 20
	p := floor * 100 / minHeap
	if live+roots > 0 {
		p = min(p, (floor-live)*100/(live+roots))
	}
	return max(100, int(p))
}
