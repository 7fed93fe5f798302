package analysis

import (
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/projection"
)

func TestMaxSteps(t *testing.T) {
	tests := []struct {
		name       string
		w          int64
		k, mult    float64
		cap, steps int64
	}{
		{"exact product", 60, 1.8, 1, 0, 108}, // 60 × 1.8 in floating point is 108.00000000000001
		{"ceil of W×k", 61, 1.8, 1, 0, 110},   // 109.8 → 110
		{"multiplier after ceil", 61, 1.8, 1.5, 0, 165},
		{"hard cap", 1000, 1.7, 1, 500, 500},
		{"at least one", 0, 1.7, 1, 0, 1},
		{"fast path", 24, 1.5, 1, 0, 36},
		{"small multiplier", 10, 1.7, 0.01, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MaxSteps(tt.w, tt.k, tt.mult, tt.cap); got != tt.steps {
				t.Errorf("MaxSteps(%d, %g, %g, %d) = %d, want %d", tt.w, tt.k, tt.mult, tt.cap, got, tt.steps)
			}
		})
	}
	if got := Weight(30, 4); got != 64 {
		t.Errorf("Weight(30, 4) = %d, want 2×30+4", got)
	}
}

func TestResolveClass(t *testing.T) {
	tests := []struct {
		namespace, id string
		class         string
		rule          ClassRule
	}{
		{"anything", "aura.consensus", "consensus fallback", RuleConfig},
		{"anything", "aura.consensus.fast_path", "consensus fast path", RuleConfig},
		{"x", "aura.recovery.grant", "recovery / grant", RuleConfig},
		{"aura_consensus", "", "consensus fallback", RuleNamespace},
		{"consensus_fast_path", "", "consensus fast path", RuleNamespace},
		{"epoch_rotation", "", "sync / anti-entropy", RuleNamespace},
		{"sync", "", "sync / anti-entropy", RuleNamespace},
		{"store.anti_entropy", "", "sync / anti-entropy", RuleNamespace},
		{"ota", "", "sync / anti-entropy", RuleNamespace},
		{"aura.dkg.ceremony", "", "DKG ceremony", RuleNamespace},
		{"aura.invitation.guardian", "", "recovery / grant", RuleNamespace},
		{"quota_service", "", "recovery / grant", RuleDefault}, // "ota" only as a word
		{"rotation", "", "recovery / grant", RuleDefault},
		{"", "", "recovery / grant", RuleDefault},
		{"aura_consensus", "aura.chat", "consensus fallback", RuleNamespace}, // unknown id: fall through
	}
	for _, tt := range tests {
		c, rule := ResolveClass(tt.namespace, tt.id)
		if c.Name != tt.class || rule != tt.rule {
			t.Errorf("ResolveClass(%q, %q) = %s by %s, want %s by %s", tt.namespace, tt.id, c.Name, rule, tt.class, tt.rule)
		}
	}
}

func TestComputeBudget(t *testing.T) {
	// A: !B.M; ?B.N; end (depth 2); B: rec X. ?A.M; X (depth 2).
	a := &projection.Send{To: "B", Msg: projection.Message{Name: "M"}, Next: &projection.Recv{From: "B", Msg: projection.Message{Name: "N"}, Next: &projection.End{}}}
	b := &projection.Rec{Var: "X", Body: &projection.Recv{From: "A", Msg: projection.Message{Name: "M"}, Next: &projection.Var{Name: "X"}}}
	cfg := config.Default()
	cfg.ProtocolIDs["ns"] = "aura.consensus.fast_path"
	cfg.Multiplier = 2
	got := ComputeBudget(cfg, "ns", []string{"A", "B"}, map[string]projection.Type{"A": a, "B": b})
	if got.SumDepth != 4 || got.W0 != 8 || got.MaxSteps != 24 || got.Rule != RuleConfig || got.ProtocolID != "aura.consensus.fast_path" || got.InRange {
		t.Errorf("ComputeBudget = %+v; want Σdepth 4, W0 8, max_steps ceil(12)×2 = 24, rule config, out of range 16–40", got)
	}
}
