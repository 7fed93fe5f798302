package runtime

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	src := `
seed: 42
policy: round-robin
branch: script
script: [accept, reject]
buffer_bound: 4
families: {Witness: 5}
capabilities:
  Seller: ["auction:accept"]
  Witness: ["consensus:sign"]
flow_budgets:
  Seller: {Buyer: 100, "*": 10}
loop_bound: 2
loops: {"more": 3}
faults:
  drop: 0.1
  delay: 0.2
  delay_ticks: 5
  crash:
    - {role: Shipper, step: 4}
profile: ci
max_steps: 500
`
	got, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Seed: 42, Policy: RoundRobin, Branch: BranchScript, Script: []string{"accept", "reject"}, BufferBound: 4,
		Families:     map[string]int{"Witness": 5},
		Capabilities: map[string][]string{"Seller": {"auction:accept"}, "Witness": {"consensus:sign"}},
		FlowBudgets:  map[string]map[string]int64{"Seller": {"Buyer": 100, "*": 10}},
		LoopBound:    2, Loops: map[string]int{"more": 3},
		Faults:   Faults{Drop: 0.1, Delay: 0.2, DelayTicks: 5, Crash: []Crash{{Role: "Shipper", Step: 4}}},
		Profile:  ProfileCI,
		MaxSteps: 500,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if !got.granted("Witness[2]", "consensus:sign") || got.granted("Buyer", "consensus:sign") {
		t.Error("family capability grants are wrong")
	}
	if got.flowBudget("Seller", "Buyer") != 100 || got.flowBudget("Seller", "Shipper") != 10 || got.flowBudget("Buyer", "Seller") != -1 {
		t.Error("flow budgets are wrong")
	}
	if empty, err := ParseConfig(nil); err != nil || !cmp.Equal(empty, Config{}) {
		t.Errorf("empty config: %+v, %v", empty, err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"polcy: random", "unknown field"},
		{"policy: fastest", `unknown policy "fastest"`},
		{"branch: best", `unknown branch policy "best"`},
		{"faults: {drop: 1.5}", "fault probability drop = 1.5"},
		{"families: {F: 0}", "family F has size 0"},
		{"flow_budgets: {A: {B: -1}}", "flow budget A -> B is negative"},
		{"families: {Z: 0, B: -1, M: 0}", "family B has size -1"}, // the first in key order
		{"flow_budgets: {B: {D: -1, C: -2}, A: {Z: -1}}", "flow budget A -> Z is negative"},
		{"loops: {w: -1, v: -2}", `loop "v" bound -2`},
		{"profile: strict", `unknown profile "strict"`},
		{"seed: [1]", "run config"},
	} {
		_, err := ParseConfig([]byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want it to mention %q", tt.src, err, tt.want)
		}
	}
}

func TestParseFaults(t *testing.T) {
	var f Faults
	if err := ParseFaults("drop:0.1, delay:0.25,dup:0.5,crash:Witness[1]@7", &f); err != nil {
		t.Fatal(err)
	}
	want := Faults{Drop: 0.1, Delay: 0.25, Duplicate: 0.5, Crash: []Crash{{Role: "Witness[1]", Step: 7}}}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, bad := range []string{"drop", "drop:2", "drop:NaN", "delay:-0.5", "crash:A", "crash:@3", "explode:0.1"} {
		if err := ParseFaults(bad, &Faults{}); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestSyntheticPayloads(t *testing.T) {
	for _, tt := range []struct{ payload, want string }{
		{"", ""},
		{"amount: u64", "amount=0"},
		{"data: Vec<u8>, ok: bool, name: String", `data=[], ok=false, name=""`},
		{"m: HashMap<String, u32>, t: (u8, u8)", "m={}, t=()"},
		{"crate.consensus.Signature", "Signature{}"},
		{"crate::consensus::Signature", "Signature{}"},
		{"Option<Hash32>", "None"},
	} {
		if got := synthesize(tt.payload); got != tt.want {
			t.Errorf("synthesize(%q) = %q, want %q", tt.payload, got, tt.want)
		}
	}
}
