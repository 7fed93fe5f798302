package runtime

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// fastSession keeps the session rule's waits short in tests.
var fastSession = SessionOptions{Heartbeat: 50 * time.Millisecond, Quiet: 150 * time.Millisecond, Lost: time.Second, Timeout: 20 * time.Second}

// TestSessionMatchesVM runs every example with one machine per role over
// the in-memory transport and requires the VM's outcome and events.
func TestSessionMatchesVM(t *testing.T) {
	sessionsMatchVM(t, testkit.ChoreoFiles(t, testkit.ExamplesDir(t)))
}

// sessionsMatchVM runs each file with one machine per role over the
// in-memory transport and requires the VM's outcome and events.
func sessionsMatchVM(t *testing.T, files []string) {
	for _, f := range files {
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
			if err := Compare(vm, got); err != nil {
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

// TestSessionJoinTimeout: a participant whose peers never join gives up
// after Timeout with an error naming them.
func TestSessionJoinTimeout(t *testing.T) {
	img, err := Compile(analyzeSource(t, "p", pingPong, Config{}), Config{})
	if err != nil {
		t.Fatal(err)
	}
	var tr transport.Memory
	sess, err := tr.StartSession(context.Background(), "s", "A")
	if err != nil {
		t.Fatal(err)
	}
	so := fastSession
	so.Timeout = 200 * time.Millisecond
	_, err = ExecuteRole(context.Background(), img, Config{}, "A", sess, Options{}, so)
	if err == nil || !strings.Contains(err.Error(), "B did not join") {
		t.Fatalf("err = %v", err)
	}
}
