package natstransport_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/natstransport"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// ringSource is rec L { R0 -> R1 : Token; ...; R(n-1) -> R0 : Token; continue L }.
func ringSource(n int) string {
	var b strings.Builder
	b.WriteString("protocol Ring =\n  roles ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "R%d", i)
	}
	b.WriteString("\n  rec L\n")
	for i := range n {
		fmt.Fprintf(&b, "    R%d -> R%d : Token\n", i, (i+1)%n)
	}
	b.WriteString("    continue L\n")
	return b.String()
}

func ringImage(tb testing.TB, n int) *runtime.Image {
	tb.Helper()
	res := runtime.Analyze(context.Background(), analysis.Input{Filename: "ring.choreo", Src: []byte(ringSource(n))}, runtime.Config{})
	img, err := runtime.Compile(res, runtime.Config{})
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// hopClock records when each step's message was sent and how long it took
// to be received: in a ring the message sent at step s is received at
// step s+1.
type hopClock struct {
	sent []atomic.Int64 // unix nanoseconds, by step
	mu   sync.Mutex
	hops []time.Duration
}

type hopSink struct{ c *hopClock }

func (s hopSink) Event(e *runtime.Event) {
	switch e.Kind {
	case runtime.EvSent:
		if e.Step < int64(len(s.c.sent)) {
			s.c.sent[e.Step].Store(time.Now().UnixNano())
		}
	case runtime.EvReceived:
		if e.Step-1 < int64(len(s.c.sent)) {
			if at := s.c.sent[e.Step-1].Load(); at != 0 {
				d := time.Duration(time.Now().UnixNano() - at)
				s.c.mu.Lock()
				s.c.hops = append(s.c.hops, d)
				s.c.mu.Unlock()
			}
		}
	}
}

// runRing passes messages tokens around the ring with one machine per
// role over tr and returns the per-hop latencies.
func runRing(tb testing.TB, img *runtime.Image, tr transport.Transport, session string, messages int64) []time.Duration {
	cfg := runtime.Config{MaxSteps: 2 * messages}
	clock := &hopClock{sent: make([]atomic.Int64, 2*messages+2)}
	var wg sync.WaitGroup
	reports := make([]*runtime.Report, len(img.Participants))
	errs := make([]error, len(img.Participants))
	for i, role := range img.Participants {
		sess, err := tr.StartSession(context.Background(), session, role)
		if err != nil {
			tb.Fatal(err)
		}
		wg.Go(func() {
			reports[i], errs[i] = runtime.ExecuteRole(context.Background(), img, cfg, role, sess, runtime.Options{Sink: hopSink{clock}}, runtime.SessionOptions{})
		})
	}
	wg.Wait()
	for i, r := range reports {
		if errs[i] != nil {
			tb.Fatal(errs[i])
		}
		if r.Outcome.Kind != runtime.BoundExceeded {
			tb.Fatalf("%s: outcome %s", img.Participants[i], r.Outcome)
		}
	}
	return clock.hops
}

// BenchmarkRing10 is the benchmark: a ring of 10 roles passing
// 100,000 messages, in the VM (one machine) and with one machine per role
// over the in-memory transport and over the embedded NATS server on
// loopback (default session options); it reports messages per second end
// to end and, per transport, the per-hop latency (send to receive) p50
// and p99.
func BenchmarkRing10(b *testing.B) {
	const messages = 100_000
	img := ringImage(b, 10)
	url := server(b)
	b.Run("vm", func(b *testing.B) {
		n := 0
		for b.Loop() {
			rep, err := runtime.Execute(context.Background(), img, runtime.Config{MaxSteps: 2 * messages}, runtime.Options{})
			if err != nil || rep.Outcome.Kind != runtime.BoundExceeded {
				b.Fatal(err, rep.Outcome)
			}
			n++
		}
		b.ReportMetric(float64(messages*int64(n))/b.Elapsed().Seconds(), "msgs/s")
	})
	for _, tc := range []struct {
		name string
		tr   transport.Transport
	}{
		{"memory", &transport.Memory{}},
		{"nats", &natstransport.Transport{URL: url}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var hops []time.Duration
			n := 0
			for b.Loop() {
				hops = append(hops, runRing(b, img, tc.tr, fmt.Sprintf("ring%d", n), messages)...)
				n++
			}
			b.ReportMetric(float64(messages*int64(n))/b.Elapsed().Seconds(), "msgs/s")
			slices.Sort(hops)
			if len(hops) > 0 {
				b.ReportMetric(float64(hops[len(hops)/2].Microseconds()), "p50-µs")
				b.ReportMetric(float64(hops[len(hops)*99/100].Microseconds()), "p99-µs")
			}
		})
	}
}
