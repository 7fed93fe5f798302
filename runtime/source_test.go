package runtime

import (
	"errors"
	"strings"
	"testing"
)

// TestUndecidedLoopIsBounded: `loop while` runs the configured number of
// times (default 2) for every participant.
func TestUndecidedLoopIsBounded(t *testing.T) {
	src := `#[namespace = "demo"]
protocol W {
    roles: A, B;
    loop while "more" {
        A -> B: Ping;
        B -> A: Pong;
    }
    A -> B: Bye;
}
`
	for _, tt := range []struct {
		loops map[string]int
		pings int
	}{{nil, DefaultLoopRepeat}, {map[string]int{"more": 5}, 5}, {map[string]int{"*": 0}, 0}} {
		cfg := Config{Loops: tt.loops}
		rep := mustRun(t, analyzeSource(t, "w", src, cfg), cfg)
		pings := 0
		for _, e := range rep.Trace.Events {
			if e.Kind == EvReceived && e.Msg == "Ping" {
				pings++
			}
		}
		if rep.Outcome.Kind != Completed || pings != tt.pings || rep.Steps != int64(4*tt.pings+2) {
			t.Errorf("loops %v: %s after %d steps with %d pings, want %d", tt.loops, rep.Outcome, rep.Steps, pings, tt.pings)
		}
	}
}

// TestFamilySizes: the run configuration sizes families.
func TestFamilySizes(t *testing.T) {
	for _, size := range []int{0, 1, 5} {
		cfg := Config{}
		want := 3 // the default
		if size > 0 {
			cfg.Families, want = map[string]int{"Witness": size}, size
		}
		res := analyzeFile(t, "../examples/threshold_sign.choreo", cfg)
		img, err := Compile(res, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(img.Participants) != want+1 || img.Participants[want] != "Witness["+string(rune('0'+want-1))+"]" {
			t.Fatalf("participants %v", img.Participants)
		}
		rep := execute(t, img, cfg)
		if rep.Outcome.Kind != Completed || rep.Steps != int64(6*want) {
			t.Errorf("size %d: %s after %d steps", want, rep.Outcome, rep.Steps)
		}
	}
}

// TestCIProfileAcceptsCleanRuns: every event of a run without injected
// faults is on the ci allow-list.
func TestCIProfileAcceptsCleanRuns(t *testing.T) {
	for _, f := range []string{"../examples/threshold_sign.choreo", "../examples/streaming.choreo", "../examples/auction.choreo"} {
		cfg := Config{Profile: ProfileCI}
		if rep := mustRun(t, analyzeFile(t, f, cfg), cfg); rep.Outcome.Kind != Completed {
			t.Errorf("%s: %s", f, rep.Outcome)
		}
	}
}

func TestCompileRejectsErrors(t *testing.T) {
	res := analyzeSource(t, "bad", "protocol Bad {\n    roles: A;\n    A -> A: Self;\n}\n", Config{})
	if _, err := Compile(res, Config{}); !errors.Is(err, ErrNotRunnable) || !strings.Contains(err.Error(), "Bad has errors") {
		t.Fatalf("Compile = %v, want ErrNotRunnable naming the protocol", err)
	}
}
