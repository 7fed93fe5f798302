package runtime

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/projection"
)

func execute(t testing.TB, img *Image, cfg Config) *Report {
	t.Helper()
	rep, err := Execute(context.Background(), img, cfg, Options{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// auction is the three-party choice of examples/auction.choreo, with
// annotations on the accepting branch.
func auction() *global.Protocol {
	var b builder
	return protocol("Auction", []string{"Buyer", "Seller", "Shipper"},
		b.sendP("Buyer", "Seller", "Bid", "amount: u64"),
		choice("Seller",
			branch("accept",
				b.annotated("Seller", "Buyer", "Accepted", global.Meta{Capability: "auction:accept", FlowCost: 20, JournalFacts: "accepted", Leak: []string{"External"}}),
				b.sendP("Seller", "Shipper", "Ship", "order: OrderId"),
				b.sendP("Shipper", "Buyer", "Tracking", "code: String")),
			branch("reject",
				b.send("Seller", "Buyer", "Rejected"),
				b.send("Seller", "Shipper", "Cancel"))))
}

func TestOutcomes(t *testing.T) {
	var b builder
	loop := protocol("Forever", []string{"A", "B"}, rec("L", b.send("A", "B", "Tick"), b.send("B", "A", "Tock"), cont("L")))
	capped := protocol("Capped", []string{"A", "B"},
		b.send("A", "B", "Hello"),
		b.annotated("B", "A", "Secret", global.Meta{Capability: "vault:read", FlowCost: 10}))
	flow := protocol("Flow", []string{"A", "B"},
		b.annotated("A", "B", "One", global.Meta{FlowCost: 40}),
		b.annotated("A", "B", "Two", global.Meta{FlowCost: 40}),
		b.annotated("A", "B", "Three", global.Meta{FlowCost: 40}))
	pingPong := protocol("PingPong", []string{"Client", "Server"},
		b.send("Client", "Server", "Request"), b.send("Server", "Client", "Response"))

	tests := []struct {
		name   string
		img    *Image
		cfg    Config
		kind   OutcomeKind
		step   int64
		role   string
		reason string // substring of Outcome.Reason
	}{
		{"completed", image(t, pingPong), Config{}, Completed, 4, "", "every role reached end"},
		{"choice completed", image(t, auction()), Config{}, Completed, 8, "", ""},
		{"scripted reject", image(t, auction()), Config{Branch: BranchScript, Script: []string{"reject"}}, Completed, 6, "", ""},
		{"deadlock", localImage(t, []string{"A", "B"},
			lrecv("B", "M", end()), lrecv("A", "N", end())), Config{}, Deadlock, 0, "A", "A waits for ?B.M; B waits for ?A.N"},
		{"deadlock on offer", localImage(t, []string{"A", "B"},
			&projection.Branch{Choices: []projection.Choice{{Peer: "B", Msg: global.Message{Name: "X"}, Next: end()}, {Peer: "B", Msg: global.Message{Name: "Y"}, Next: end()}}},
			lrecv("A", "Z", end())), Config{}, Deadlock, 0, "A", "A waits for one of ?B.X, ?B.Y; B waits for ?A.Z"},
		{"type violation", localImage(t, []string{"A", "B"},
			lsend("B", "X", end()), lrecv("A", "Y", end())), Config{}, Fault, 2, "B", "B expected Y from A but received X"},
		{"orphan", localImage(t, []string{"A", "B"},
			lsend("B", "M", end()), end()), Config{}, Orphan, 1, "B", "1 message(s) left unreceived"},
		{"bound exceeded", image(t, loop), Config{}, BoundExceeded, 21, "B", "max_steps = 21 steps (W0 = 12, W now = 9)"},
		{"capability denied", image(t, capped), Config{Capabilities: map[string][]string{"A": nil, "B": {"vault:write"}}},
			Fault, 3, "B", `B is not granted capability "vault:read"`},
		{"capability granted", image(t, capped), Config{Capabilities: map[string][]string{"B": {"vault:read"}}}, Completed, 4, "", ""},
		{"flow exhausted", image(t, flow), Config{FlowBudgets: map[string]map[string]int64{"A": {"B": 100}}},
			Fault, 3, "A", "flow budget A -> B exhausted: Three costs 40, 20 left"},
		{"crash", image(t, pingPong), Config{Faults: Faults{Crash: []Crash{{Role: "Server", Step: 1}}}},
			Fault, 1, "Server", "Server crashed"},
		{"ci profile rejects injected events", image(t, pingPong), Config{Profile: ProfileCI, Faults: Faults{Delay: 1}},
			Fault, 1, "Client", "outside the ci allow-list"},
		{"bounded buffers", image(t, flow), Config{BufferBound: 1}, Completed, 6, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := execute(t, tt.img, tt.cfg)
			o := rep.Outcome
			if o.Kind != tt.kind || o.Step != tt.step || o.Role != tt.role || !strings.Contains(o.Reason, tt.reason) {
				var sb strings.Builder
				RenderText(&sb, rep.Trace)
				t.Errorf("outcome = %s\nwant %s at step %d, role %q, reason containing %q\n%s", o, tt.kind, tt.step, tt.role, tt.reason, sb.String())
			}
		})
	}
}

// TestBudgetWarning: one budget-warning event, at the step that reaches
// 80 % of max_steps (ceil(0.8 × 21) = 17), and none in a run that ends
// before.
func TestBudgetWarning(t *testing.T) {
	var b builder
	loop := image(t, protocol("Forever", []string{"A", "B"}, rec("L", b.send("A", "B", "Tick"), b.send("B", "A", "Tock"), cont("L"))))
	rep := execute(t, loop, Config{})
	var warnings []Event
	for _, e := range rep.Trace.Events {
		if e.Kind == EvWarning {
			warnings = append(warnings, e)
		}
	}
	if rep.Outcome.Kind != BoundExceeded || rep.MaxSteps != 21 {
		t.Fatalf("outcome %s with max_steps %d, want bound-exceeded at 21", rep.Outcome, rep.MaxSteps)
	}
	if len(warnings) != 1 || warnings[0].Step != 17 || warnings[0].Pred != PredStep || !strings.Contains(warnings[0].Detail, "step 17 of 21") {
		t.Errorf("warnings %+v, want one at step 17", warnings)
	}
	var steps []int64
	for _, e := range execute(t, loop, Config{MaxSteps: 5}).Trace.Events {
		if e.Kind == EvWarning {
			steps = append(steps, e.Step)
		}
	}
	if !slices.Equal(steps, []int64{4}) {
		t.Errorf("max_steps 5: warnings at steps %v, want [4]", steps)
	}
	for _, cfg := range []Config{{}, {MaxSteps: 100}} {
		short := execute(t, image(t, auction()), cfg)
		for _, e := range short.Trace.Events {
			if e.Kind == EvWarning {
				t.Errorf("%s after %d of %d steps warned: %+v", short.Outcome.Kind, short.Steps, short.MaxSteps, e)
			}
		}
	}
}

func TestCancelledContext(t *testing.T) {
	var b builder
	img := image(t, protocol("Forever", []string{"A", "B"}, rec("L", b.send("A", "B", "Tick"), cont("L"))))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Execute(ctx, img, Config{MaxSteps: 1 << 40}, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

// TestSchedulingPolicies: two independent pairs show each policy's order
// of turns.
func TestSchedulingPolicies(t *testing.T) {
	img := localImage(t, []string{"A", "B", "C", "D"},
		lsend("B", "X", lsend("B", "Y", end())), lrecv("A", "X", lrecv("A", "Y", end())),
		lsend("D", "X", lsend("D", "Y", end())), lrecv("C", "X", lrecv("C", "Y", end())))
	order := func(cfg Config) string {
		var roles []string
		for _, e := range execute(t, img, cfg).Trace.Events {
			if e.Kind == EvSent || e.Kind == EvReceived {
				roles = append(roles, e.Role)
			}
		}
		return strings.Join(roles, "")
	}
	if got := order(Config{Policy: Cooperative}); got != "AABBCCDD" {
		t.Errorf("cooperative: %s", got)
	}
	if got := order(Config{Policy: RoundRobin}); got != "ABCDABCD" {
		t.Errorf("round-robin: %s", got)
	}
	seen := map[string]bool{}
	for seed := range int64(20) {
		got := order(Config{Policy: Random, Seed: seed})
		if got != order(Config{Policy: Random, Seed: seed}) {
			t.Fatalf("seed %d is not deterministic", seed)
		}
		seen[got] = true
	}
	if len(seen) < 5 {
		t.Errorf("random scheduling produced only %d orders over 20 seeds", len(seen))
	}
}

// TestStreamingSinksMatchRecording: the text and JSON sinks stream exactly
// the lines the renderers write for the recorded trace.
func TestStreamingSinksMatchRecording(t *testing.T) {
	var text, jsonl bytes.Buffer
	sinks := teeSink(&TextSink{W: &text}, &JSONSink{W: &jsonl})
	rep, err := Execute(context.Background(), image(t, auction()), Config{Seed: 2, Policy: Random}, Options{Sink: sinks, Record: true})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := RenderText(&want, rep.Trace); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(want.String(), "\n")
	if got, want := text.String(), strings.Join(lines[2:len(lines)-2], ""); got != want {
		t.Errorf("streamed text:\n%s\nrecorded:\n%s", got, want)
	}
	want.Reset()
	if err := RenderJSON(&want, rep.Trace); err != nil {
		t.Fatal(err)
	}
	lines = strings.SplitAfter(want.String(), "\n")
	if got, want := jsonl.String(), strings.Join(lines[1:len(lines)-2], ""); got != want {
		t.Errorf("streamed JSON:\n%s\nrecorded:\n%s", got, want)
	}
}
