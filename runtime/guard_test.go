package runtime

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/global"
)

func kinds(events []Event) []string {
	var out []string
	for _, e := range events {
		s := e.Kind.String()
		if e.Guard != "" {
			s += ":" + e.Guard
		}
		out = append(out, s)
	}
	return out
}

// TestGuardChainOrder checks the §5 order at one annotated send: annotation
// effects, CapGuard, FlowGuard, JournalCoupler, LeakageTracker, then the
// network send.
func TestGuardChainOrder(t *testing.T) {
	var b builder
	p := protocol("Order", []string{"A", "B"},
		b.annotated("A", "B", "M", global.Meta{Capability: "x:send", FlowCost: 7, JournalFacts: "sent", AuditLog: "audit",
			Leak: []string{"External", "Neighbor"}}))
	rep := execute(t, image(t, p), Config{})
	got := kinds(rep.Trace.Events)
	want := []string{
		"effect:" + GuardEffects, "effect:" + GuardEffects, "effect:" + GuardEffects,
		"charged:" + GuardCap, "charged:" + GuardFlow, "journal:" + GuardJournal,
		"leakage:" + GuardLeakage, "leakage:" + GuardLeakage, "sent", "halted", "received", "halted",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("events:\n got %v\nwant %v", got, want)
	}
	effects := []string{rep.Trace.Events[0].Detail, rep.Trace.Events[1].Detail, rep.Trace.Events[2].Detail}
	if want := []string{`StoreMetadata{guard_capability: "x:send"}`, `StoreMetadata{journal_facts: "sent"}`, `StoreMetadata{audit_log: "audit"}`}; !slices.Equal(effects, want) {
		t.Errorf("effects = %q, want %q", effects, want)
	}
	for _, e := range rep.Trace.Events {
		if !allowedPredicate(e.Pred) {
			t.Errorf("%s has predicate %s outside the ci allow-list", e.Kind, e.Pred)
		}
	}
}

// TestDenialChargesNothing: a denied send leaves no charge, fact or
// leakage behind, and admitted sends are charged exactly once.
func TestDenialChargesNothing(t *testing.T) {
	var b builder
	meta := global.Meta{FlowCost: 40, JournalFacts: "paid", Leak: []string{"External"}}
	p := protocol("Pay", []string{"A", "B"},
		b.annotated("A", "B", "One", meta), b.annotated("A", "B", "Two", meta), b.annotated("A", "B", "Three", meta))
	rep := execute(t, image(t, p), Config{FlowBudgets: map[string]map[string]int64{"A": {"B": 100}}})
	if rep.Outcome.Kind != Fault || rep.Outcome.Step != 3 {
		t.Fatalf("outcome %s", rep.Outcome)
	}
	if want := []FlowUse{{Role: "A", Peer: "B", Charged: 80, Budget: 100}}; !slices.Equal(rep.Flow, want) {
		t.Errorf("flow = %+v, want %+v", rep.Flow, want)
	}
	if len(rep.Journal) != 2 || rep.Leakage["External"] != 2 {
		t.Errorf("journal %+v, leakage %v: want 2 facts and 2 leaks", rep.Journal, rep.Leakage)
	}
	last := rep.Trace.Events[len(rep.Trace.Events)-2:]
	if last[0].Kind != EvDenied || last[0].Guard != GuardFlow || last[1].Kind != EvFault {
		t.Errorf("run ends with %v, want a FlowGuard denial then the fault", kinds(last))
	}
}

func TestJournalMerge(t *testing.T) {
	for _, merge := range []bool{false, true} {
		var b builder
		meta := global.Meta{FlowCost: 1, JournalFacts: "epoch", JournalMerge: merge}
		p := protocol("Journal", []string{"A", "B"}, b.annotated("A", "B", "X", meta), b.annotated("B", "A", "Y", meta))
		rep := execute(t, image(t, p), Config{})
		var counts []int
		for _, e := range rep.Journal {
			counts = append(counts, e.Count)
		}
		want := []int{1, 1}
		if merge {
			want = []int{2}
		}
		if !slices.Equal(counts, want) {
			t.Errorf("merge=%v: journal counts %v, want %v", merge, counts, want)
		}
	}
}

func TestLeakageBudget(t *testing.T) {
	var b builder
	meta := global.Meta{FlowCost: 1, Leak: []string{"Neighbor"}, LeakageBudget: []int64{0, 1, 0}}
	p := protocol("Leak", []string{"A", "B"}, b.annotated("A", "B", "X", meta), b.annotated("A", "B", "Y", meta))
	rep := execute(t, image(t, p), Config{})
	o := rep.Outcome
	if o.Kind != Fault || o.Step != 2 || o.Role != "A" || !strings.Contains(o.Reason, "leakage to Neighbor observers would reach 2, over the budget 1") {
		t.Fatalf("outcome %s", o)
	}
	if rep.Leakage["Neighbor"] != 1 {
		t.Errorf("leakage %v, want Neighbor = 1", rep.Leakage)
	}
}

// TestLeakageBudgetRepeatedObserver: an observer named twice by one send
// is charged twice, so the check counts it twice too.
func TestLeakageBudgetRepeatedObserver(t *testing.T) {
	var b builder
	meta := global.Meta{FlowCost: 1, Leak: []string{"Neighbor", "Neighbor"}, LeakageBudget: []int64{0, 1, 0}}
	p := protocol("Leak", []string{"A", "B"}, b.annotated("A", "B", "X", meta))
	rep := execute(t, image(t, p), Config{})
	o := rep.Outcome
	if o.Kind != Fault || o.Step != 1 || o.Role != "A" || !strings.Contains(o.Reason, "leakage to Neighbor observers would reach 2, over the budget 1") {
		t.Fatalf("outcome %s", o)
	}
	if len(rep.Leakage) != 0 || len(rep.Flow) != 0 {
		t.Errorf("leakage %v, flow %+v: a denied send charges nothing", rep.Leakage, rep.Flow)
	}
}

// TestLeakageBudgetPerClass: the budget counts a class however its
// observers are spelled.
func TestLeakageBudgetPerClass(t *testing.T) {
	var b builder
	budget := []int64{1, 0, 0}
	p := protocol("Leak", []string{"A", "B"},
		b.annotated("A", "B", "X", global.Meta{FlowCost: 1, Leak: []string{"External"}, LeakageBudget: budget}),
		b.annotated("A", "B", "Y", global.Meta{FlowCost: 1, Leak: []string{"external"}, LeakageBudget: budget}))
	rep := execute(t, image(t, p), Config{})
	if o := rep.Outcome; o.Kind != Fault || o.Step != 2 || !strings.Contains(o.Reason, "leakage to external observers would reach 2, over the budget 1") {
		t.Fatalf("outcome %s", o)
	}
}

// TestBoundedBufferDeadlock: both roles send twice before receiving; with
// buffers of one message each blocks on its second send.
func TestBoundedBufferDeadlock(t *testing.T) {
	img := localImage(t, []string{"A", "B"},
		lsend("B", "M1", lsend("B", "M2", lrecv("B", "N1", lrecv("B", "N2", end())))),
		lsend("A", "N1", lsend("A", "N2", lrecv("A", "M1", lrecv("A", "M2", end())))))
	if rep := execute(t, img, Config{}); rep.Outcome.Kind != Completed {
		t.Fatalf("unbounded: %s", rep.Outcome)
	}
	rep := execute(t, img, Config{BufferBound: 1})
	want := []Waiting{{"A", "!B.M2 (buffer full)"}, {"B", "!A.N2 (buffer full)"}}
	if o := rep.Outcome; o.Kind != Deadlock || o.Step != 2 || o.Role != "A" || !slices.Equal(o.Waiting, want) {
		t.Fatalf("outcome %s, waiting %v", o, o.Waiting)
	}
}

func TestScriptedBranchNotOffered(t *testing.T) {
	rep := execute(t, image(t, auction()), Config{Branch: BranchScript, Script: []string{"haggle"}})
	if o := rep.Outcome; o.Kind != Fault || o.Role != "Seller" || !strings.Contains(o.Reason, `"haggle", but Seller chooses among accept, reject`) {
		t.Fatalf("outcome %s", o)
	}
}

// recordingHost is a Host that records its calls.
type recordingHost struct {
	Synthetic
	calls []string
}

func (h *recordingHost) ProvideMessage(role, to string, msg global.Message) (string, error) {
	h.calls = append(h.calls, role+"->"+to+":"+msg.Name)
	return "payload-" + msg.Name, nil
}

func (h *recordingHost) SelectBranch(role string, labels []string) (int, error) {
	h.calls = append(h.calls, role+"?"+strings.Join(labels, "|"))
	return len(labels) - 1, nil
}

func TestCustomHost(t *testing.T) {
	h := &recordingHost{}
	rep, err := Execute(context.Background(), image(t, auction()), Config{}, Options{Host: h, Record: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Buyer->Seller:Bid", "Seller?accept|reject", "Seller->Buyer:Rejected", "Seller->Shipper:Cancel"}
	if rep.Outcome.Kind != Completed || !slices.Equal(h.calls, want) {
		t.Fatalf("outcome %s, calls %v", rep.Outcome, h.calls)
	}
	if p := rep.Trace.Events[0].Payload; p != "payload-Bid" {
		t.Errorf("payload %q", p)
	}
}

// TestLoopBound: a role may take a branch that loops back LoopBound
// times; then the host is offered the exits alone.
func TestLoopBound(t *testing.T) {
	var b builder
	p := protocol("Stream", []string{"P", "C"},
		rec("L", choice("P",
			branch("more", b.send("P", "C", "Chunk"), cont("L")),
			branch("done", b.send("P", "C", "Done")))))
	img := image(t, p)
	for _, bound := range []int{1, 3} {
		rep := execute(t, img, Config{LoopBound: bound, MaxSteps: 100})
		chunks := 0
		for _, e := range rep.Trace.Events {
			if e.Kind == EvSent && e.Msg == "Chunk" {
				chunks++
			}
		}
		if rep.Outcome.Kind != Completed || chunks != bound {
			t.Errorf("loop bound %d: %s with %d chunks, want completed with %d", bound, rep.Outcome, chunks, bound)
		}
	}
	if rep := execute(t, img, Config{LoopBound: -1}); rep.Outcome.Kind != BoundExceeded {
		t.Errorf("unbounded loop: %s", rep.Outcome)
	}
}

func TestCheckConfig(t *testing.T) {
	img := image(t, auction())
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{Branch: BranchScript, Script: []string{"reject", "accept"}}, ""},
		{Config{Branch: BranchScript, Script: []string{"accept", "haggle"}}, `branch script entry 2 is "haggle", which is no branch label of Auction (labels: accept, reject)`},
		{Config{Script: []string{"haggle"}}, ""}, // not the script policy
		{Config{Faults: Faults{Crash: []Crash{{Role: "Nobody", Step: 3}}}}, `crash names unknown participant "Nobody" (participants: `},
		{Config{Faults: Faults{Partition: []Crash{{Role: "Nobody", Step: 3}}}}, `partition names unknown participant "Nobody"`},
	} {
		err := img.CheckConfig(tt.cfg)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckConfig(%+v) = %v, want %q", tt.cfg, err, tt.want)
		}
	}
}
