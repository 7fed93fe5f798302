package runtime

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// fastSession keeps the session rule's waits short in tests.
var fastSession = SessionOptions{Heartbeat: 20 * time.Millisecond, Quiet: 40 * time.Millisecond, Lost: 400 * time.Millisecond, Timeout: 20 * time.Second}

// perRole lists each role's events, without step and time, in order.
// Leakage totals are left out: every participant tracks the leakage of
// its own sends.
func perRole(events []Event) map[string][]string {
	out := make(map[string][]string)
	for _, e := range events {
		if e.Kind == EvLeakage {
			e.Amount = 0
		}
		out[e.Role] = append(out[e.Role], Describe(&e))
	}
	return out
}

// SameRun reports how a session's report differs from the VM's: the
// outcome (kind, role and the waiting and unreceived lists) and every
// role's own events in order must agree.
func sameRun(vm, got *Report) error {
	if vm.Outcome.Kind != got.Outcome.Kind || vm.Outcome.Role != got.Outcome.Role {
		return fmt.Errorf("outcome: VM %s, session %s", vm.Outcome, got.Outcome)
	}
	if !slices.Equal(vm.Outcome.Waiting, got.Outcome.Waiting) {
		return fmt.Errorf("waiting: VM %v, session %v", vm.Outcome.Waiting, got.Outcome.Waiting)
	}
	key := func(o Orphaned) string { return o.From + ">" + o.To + ":" + o.Msg }
	a, b := make([]string, 0), make([]string, 0)
	for _, o := range vm.Outcome.Orphans {
		a = append(a, key(o))
	}
	for _, o := range got.Outcome.Orphans {
		b = append(b, key(o))
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		return fmt.Errorf("orphans: VM %v, session %v", a, b)
	}
	want, have := perRole(vm.Trace.Events), perRole(got.Trace.Events)
	for role, evs := range want {
		if !slices.Equal(evs, have[role]) {
			return fmt.Errorf("events of %s:\nVM      %q\nsession %q", role, evs, have[role])
		}
	}
	return nil
}

// TestSessionMatchesVM runs every example with one machine per role over
// the in-memory transport and requires the VM's outcome and events.
func TestSessionMatchesVM(t *testing.T) {
	for _, f := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			res := analyzeFile(t, f, Config{})
			img, err := Compile(res, Config{})
			if errors.Is(err, ErrNotRunnable) {
				t.Skip("not runnable")
			}
			if err != nil {
				t.Fatal(err)
			}
			vm := execute(t, img, Config{})
			got, err := RunSession(context.Background(), img, Config{}, &transport.Memory{}, "s", nil, fastSession)
			if err != nil {
				t.Fatal(err)
			}
			if err := sameRun(vm, got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSessionOutcomes covers the session rule: deadlock, orphan,
// bound-exceeded and injected faults reach the VM's outcome.
func TestSessionOutcomes(t *testing.T) {
	tests := []struct {
		name, src string
		cfg       Config
	}{
		{"deadlock", pingPong, Config{Faults: Faults{Drop: 1}}},
		{"crash", pingPong, Config{Faults: Faults{Crash: []Crash{{Role: "B", Step: 2}}}}},
		{"partition", pingPong, Config{Faults: Faults{Partition: []Crash{{Role: "B", Step: 2}}}}},
		{"bound", pingPong, Config{MaxSteps: 3}},
		{"duplicate", pingPong, Config{Faults: Faults{Duplicate: 1}}},
		{"delay", pingPong, Config{Faults: Faults{Delay: 1, DelayTicks: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			img, err := Compile(analyzeSource(t, tt.name, tt.src, tt.cfg), tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			vm := execute(t, img, tt.cfg)
			got, err := RunSession(context.Background(), img, tt.cfg, &transport.Memory{}, "s", nil, fastSession)
			if err != nil {
				t.Fatal(err)
			}
			if vm.Outcome.Kind != got.Outcome.Kind || vm.Outcome.Role != got.Outcome.Role ||
				!slices.Equal(vm.Outcome.Waiting, got.Outcome.Waiting) || len(vm.Outcome.Orphans) != len(got.Outcome.Orphans) {
				t.Fatalf("outcome: VM %s, session %s", vm.Outcome, got.Outcome)
			}
		})
	}
}

const pingPong = `protocol P { roles A, B
  A -> B : Ping
  B -> A : Pong
  A -> B : Ping
  B -> A : Pong
}`
