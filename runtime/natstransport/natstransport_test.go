package natstransport_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/natsserver"
	"github.com/choreo-lang/choreo/runtime/natstransport"
)

var fast = runtime.SessionOptions{Heartbeat: 50 * time.Millisecond, Quiet: 150 * time.Millisecond, Lost: time.Second, Timeout: 20 * time.Second}

func server(t testing.TB) string {
	t.Helper()
	ns, url, err := natsserver.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	return url
}

func compile(t testing.TB, path string) *runtime.Image {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := runtime.Analyze(context.Background(), analysis.Input{Filename: filepath.Base(path), Src: src}, runtime.Config{})
	img, err := runtime.Compile(res, runtime.Config{})
	if errors.Is(err, runtime.ErrNotRunnable) {
		t.Skip("not runnable")
	}
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestExamplesOverNATS runs every example with one NATS connection per
// role through an embedded server and requires the VM's outcome and
// every role's events.
func TestExamplesOverNATS(t *testing.T) {
	url := server(t)
	for _, f := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			img := compile(t, f)
			vm, err := runtime.Execute(context.Background(), img, runtime.Config{}, runtime.Options{Record: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := runtime.RunSession(context.Background(), img, runtime.Config{}, &natstransport.Transport{URL: url}, t.Name()[len("TestExamplesOverNATS/"):len(t.Name())-len(".choreo")], nil, fast)
			if err != nil {
				t.Fatal(err)
			}
			if err := runtime.Compare(vm, got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestFaultsOverNATS injects faults into sessions over the real transport
// (a dropped frame is never published, a duplicate is published twice, a
// delayed one late; a crash faults its node, a partition closes its
// connection) and requires the VM's outcome.
func TestFaultsOverNATS(t *testing.T) {
	url := server(t)
	path := filepath.Join("..", "..", "examples", "auction.choreo")
	for _, tt := range []struct {
		name string
		cfg  runtime.Config
	}{
		{"drop", runtime.Config{Faults: runtime.Faults{Drop: 1}}},
		{"duplicate", runtime.Config{Faults: runtime.Faults{Duplicate: 1}}},
		{"delay", runtime.Config{Faults: runtime.Faults{Delay: 1, DelayTicks: 20}}},
		{"crash", runtime.Config{Faults: runtime.Faults{Crash: []runtime.Crash{{Role: "Seller", Step: 3}}}}},
		{"partition", runtime.Config{Faults: runtime.Faults{Partition: []runtime.Crash{{Role: "Shipper", Step: 2}}}}},
		// Which role would have moved past max_steps depends on the
		// schedule: only the kind must agree.
		{"bound", runtime.Config{MaxSteps: 4}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			img := compile(t, path)
			vm, err := runtime.Execute(context.Background(), img, tt.cfg, runtime.Options{Record: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := runtime.RunSession(context.Background(), img, tt.cfg, &natstransport.Transport{URL: url}, "fault-"+tt.name, nil, fast)
			if err != nil {
				t.Fatal(err)
			}
			if vm.Outcome.Kind != got.Outcome.Kind || vm.Outcome.Role != got.Outcome.Role && tt.name != "bound" {
				t.Fatalf("VM %s\nNATS %s", vm.Outcome, got.Outcome)
			}
			t.Logf("%s", got.Outcome)
		})
	}
}

// TestServerLost stops the NATS server in the middle of a long stream:
// every participant blames its own lost connection, within Lost.
func TestServerLost(t *testing.T) {
	ns, url, err := natsserver.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Shutdown()
	img := compile(t, filepath.Join("..", "..", "examples", "streaming.choreo"))
	cfg := runtime.Config{LoopBound: 1_000_000, MaxSteps: 100_000_000}
	time.AfterFunc(300*time.Millisecond, ns.Shutdown)
	rep, err := runtime.RunSession(context.Background(), img, cfg, &natstransport.Transport{URL: url}, "lost", nil, fast)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range rep.Roles {
		if o.Kind != runtime.Fault || o.Role != img.Participants[i] || !strings.Contains(o.Reason, "lost its connection") {
			t.Errorf("%s: %s", img.Participants[i], o)
		}
	}
}
