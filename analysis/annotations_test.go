package analysis

import (
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/diag"
)

// TestAnnotationSpellings checks that every spelling of sender annotations
// (LANGUAGE §2.6, §3) yields the same effect commands.
func TestAnnotationSpellings(t *testing.T) {
	const want = `StoreMetadata{guard_capability: "chat:send"}, ChargeBudget{10}, RecordLeakage{External}`
	sends := []string{
		`Alice[guard_capability = "chat:send", flow_cost = 10, leak = "External"] -> Bob : Msg`,
		`Alice { guard_capability = "chat:send", flow_cost = 10, leak = External } -> Bob : Msg`,
		`Alice { guard_capability : "chat:send", flow_cost : 10, leak : External } -> Bob : Msg`,
		`Alice[guard_capability = "chat:send", flow_cost = 10, leak: External] -> Bob : Msg`,
		`Alice[guard_capability = "chat:send", flow_cost = 10, leak = (External)] -> Bob : Msg`,
		"Alice { guard_capability = \"chat:send\"\n        , flow_cost = 10\n        , leak = \"External\" }\n    -> Bob : Msg",
	}
	for _, send := range sends {
		res := analyzeText(t, "module chat exposing (Chat)\nprotocol Chat =\n  roles Alice, Bob\n  "+send+"\n")
		if len(res.Diagnostics) > 0 {
			t.Errorf("%s: %v", send, res.Diagnostics)
			continue
		}
		var got []string
		for _, c := range res.Effects(1) {
			got = append(got, c.String())
		}
		if strings.Join(got, ", ") != want {
			t.Errorf("%s:\n got %s\nwant %s", send, strings.Join(got, ", "), want)
		}
	}
}

// TestBraceAnnotations covers the brace form's @key spelling and the
// seed's leak examples.
func TestBraceAnnotations(t *testing.T) {
	res := analyzeText(t, `#[namespace = "sync"]
protocol P {
    roles: A, B;
    A[guard_capability = "sync", flow_cost = 10, journal_facts = "sync_started"] -> B: SyncMsg;
    A[leak = "External,Neighbor"] -> B: PublicMsg;
    A[@flow_cost = 3] -> B: At;
}
`)
	wantDiags := []diag.Code{CodeBudgetRange, CodeAnnotationCapabilityFormat}
	if got := codes(res.Diagnostics); strings.Join(got, ",") != string(wantDiags[0])+","+string(wantDiags[1]) {
		t.Errorf("diagnostics = %v", res.Diagnostics)
	}
	tests := map[int]string{
		1: `StoreMetadata{guard_capability: "sync"}, ChargeBudget{10}, StoreMetadata{journal_facts: "sync_started"}`,
		2: `ChargeBudget{100 (default)}, RecordLeakage{External, Neighbor}`,
		3: `ChargeBudget{3}`,
	}
	for id, want := range tests {
		var got []string
		for _, c := range res.Effects(id) {
			got = append(got, c.String())
		}
		if strings.Join(got, ", ") != want {
			t.Errorf("send %d: %s, want %s", id, strings.Join(got, ", "), want)
		}
	}
}

func TestAnnotationKeysDocumented(t *testing.T) {
	for _, k := range AnnotationKeys() {
		if k.Doc == "" || k.Value == "" {
			t.Errorf("%s is not documented", k.Name)
		}
	}
	if k, ok := LookupAnnotationKey("flow_cost"); !ok || !strings.Contains(k.Doc, "100") {
		t.Errorf("flow_cost doc = %q", k.Doc)
	}
}
