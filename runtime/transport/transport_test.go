package transport

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestMemoryFIFO checks per-pair order, broadcasts, observers and ending.
func TestMemoryFIFO(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var m Memory
	obs := m.Observe(ctx, "s")
	a, err := m.StartSession(ctx, "s", "A")
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.StartSession(ctx, "s", "B")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.StartSession(ctx, "s", "B"); err == nil {
		t.Fatal("a role started twice")
	}
	for i := range 100 {
		if err := a.SendToRole(ctx, "B", fmt.Appendf(nil, "%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Broadcast(ctx, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := a.PublishEvent(ctx, []byte("event")); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		f, err := b.Receive(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if f.Kind != KindMessage || f.From != "A" || f.To != "B" || string(f.Data) != fmt.Sprint(i) {
			t.Fatalf("frame %d: %+v", i, f)
		}
	}
	if f, err := b.Receive(ctx); err != nil || f.Kind != KindBroadcast || string(f.Data) != "hello" {
		t.Fatalf("broadcast: %+v, %v", f, err)
	}
	kinds := map[Kind]int{}
	for range 102 {
		f, err := obs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		kinds[f.Kind]++
	}
	if kinds[KindMessage] != 100 || kinds[KindBroadcast] != 1 || kinds[KindEvent] != 1 {
		t.Fatalf("observed %v", kinds)
	}
	short, stop := context.WithTimeout(ctx, 10*time.Millisecond)
	defer stop()
	if _, err := a.Receive(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("A received its own broadcast: %v", err)
	}
	b.EndSession()
	if _, err := b.Receive(ctx); !errors.Is(err, ErrEnded) {
		t.Fatalf("receive after end: %v", err)
	}
}
