package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/projection"
)

// Class is a termination class with its calibrated factor k_σ and expected
// weight range (SEMANTICS §7).
type Class struct {
	Name       string   `json:"name"`
	K          float64  `json:"k"`
	MinW, MaxW int64    `json:"-"`
	IDs        []string `json:"-"` // protocol ids; "x.*" matches x and every id below it
	Default    bool     `json:"default,omitempty"`
}

// ExpectedRange renders the expected weight range, e.g. "80–140".
func (c Class) ExpectedRange() string { return fmt.Sprintf("%d–%d", c.MinW, c.MaxW) }

// Classes returns the calibrated termination classes; the last is the
// default class.
func Classes() []Class {
	return []Class{
		{Name: "consensus fast path", K: 1.5, MinW: 16, MaxW: 40, IDs: []string{"aura.consensus.fast_path"}},
		{Name: "consensus fallback", K: 1.8, MinW: 80, MaxW: 140, IDs: []string{"aura.consensus", "aura.consensus.fallback"}},
		{Name: "sync / anti-entropy", K: 1.8, MinW: 420, MaxW: 600, IDs: []string{"aura.sync.epoch_rotation", "aura.sync.ota_activation", "aura.sync.device_epoch_rotation", "aura.sync.anti_entropy"}},
		{Name: "DKG ceremony", K: 1.6, MinW: 160, MaxW: 260, IDs: []string{"aura.dkg.ceremony"}},
		{Name: "recovery / grant", K: 1.7, MinW: 40, MaxW: 70, Default: true,
			IDs: []string{"aura.recovery.*", "aura.invitation.*", "aura.rendezvous.*", "aura.amp.*", "aura.authentication.*", "aura.session.*"}},
	}
}

// ClassRule says which rule chose a protocol's class.
type ClassRule string

// Class resolution rules, in the order they are tried.
const (
	RuleConfig    ClassRule = "config"    // the configured protocol id is in the class table
	RuleNamespace ClassRule = "namespace" // inferred from the namespace
	RuleDefault   ClassRule = "default"   // nothing matched: the default class
)

// ResolveClass chooses the termination class of a protocol with the given
// namespace and configured protocol id ("" when none). Rules: the
// configured id looked up in the class table; then the namespace, first
// looked up in the table as an id, then by keyword (consensus; sync, epoch,
// anti_entropy, ota; dkg); else the default class.
func ResolveClass(namespace, configuredID string) (Class, ClassRule) {
	classes := Classes()
	if configuredID != "" {
		if c, ok := classByID(classes, configuredID); ok {
			return c, RuleConfig
		}
	}
	if namespace != "" {
		if c, ok := classByID(classes, namespace); ok {
			return c, RuleNamespace
		}
		if c, ok := classByKeyword(classes, namespace); ok {
			return c, RuleNamespace
		}
	}
	return classes[len(classes)-1], RuleDefault
}

// classByID finds the class listing id exactly, else the class with the
// longest "x.*" pattern matching id.
func classByID(classes []Class, id string) (Class, bool) {
	best, bestLen := -1, -1
	for i, c := range classes {
		for _, pat := range c.IDs {
			if pat == id {
				return c, true
			}
			if p, ok := strings.CutSuffix(pat, ".*"); ok && (id == p || strings.HasPrefix(id, p+".")) && len(p) > bestLen {
				best, bestLen = i, len(p)
			}
		}
	}
	if best < 0 {
		return Class{}, false
	}
	return classes[best], true
}

// classByKeyword infers a class from namespace words (split on anything
// that is not a letter or digit; "anti_entropy" is matched as a phrase).
func classByKeyword(classes []Class, namespace string) (Class, bool) {
	ns := strings.ToLower(namespace)
	words := make(map[string]bool)
	for _, w := range strings.FieldsFunc(ns, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		words[w] = true
	}
	find := func(name string) (Class, bool) {
		for _, c := range classes {
			if c.Name == name {
				return c, true
			}
		}
		return Class{}, false
	}
	switch {
	case words["consensus"] && strings.Contains(ns, "fast_path"):
		return find("consensus fast path")
	case words["consensus"]:
		return find("consensus fallback")
	case words["sync"] || words["epoch"] || words["ota"] || strings.Contains(ns, "anti_entropy"):
		return find("sync / anti-entropy")
	case words["dkg"]:
		return find("DKG ceremony")
	}
	return Class{}, false
}

// Weight is W = 2 × Σ depth + buffered, the weighted measure of §7. Before
// a run buffered is 0 (W₀); the runtime passes the messages in flight.
func Weight(sumDepth, buffered int64) int64 {
	return 2*sumDepth + buffered
}

// MaxSteps is max_steps = min(hardCap, ceil(ceil(w × k) × multiplier)),
// at least 1. k is applied in thousandths so that, e.g., 60 × 1.8 is
// exactly 108 (not 108.00000000000001 → 109). A non-positive hardCap means
// no cap. multiplier must be finite and > 0 (configuration guarantees it).
func MaxSteps(w int64, k, multiplier float64, hardCap int64) int64 {
	kMilli := int64(math.Round(k * 1000))
	base := ceilDiv(w*kMilli, 1000)
	steps := int64(math.Ceil(float64(base) * multiplier))
	if hardCap > 0 && steps > hardCap {
		steps = hardCap
	}
	return max(steps, 1)
}

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// Budget is the termination budget of a protocol (§7).
type Budget struct {
	// ProtocolID is the configured protocol id ("" when configuration has
	// none for the namespace).
	ProtocolID string         `json:"protocol_id,omitempty"`
	Class      Class          `json:"class"`
	Rule       ClassRule      `json:"rule"` // which rule chose Class
	Depths     map[string]int `json:"depths"`
	SumDepth   int64          `json:"sum_depth"`
	W0         int64          `json:"w0"`
	Multiplier float64        `json:"multiplier"`
	HardCap    int64          `json:"hard_cap"`
	MaxSteps   int64          `json:"max_steps"`
	// InRange reports whether W0 lies in the class's expected range.
	InRange bool `json:"in_range"`
}

// RuleText explains which rule chose the class, for hovers and `choreo
// budget` ("protocol id aura.consensus from configuration", ...).
func (b Budget) RuleText(namespace string) string {
	switch b.Rule {
	case RuleConfig:
		return fmt.Sprintf("protocol id %s from configuration", b.ProtocolID)
	case RuleNamespace:
		return fmt.Sprintf("inferred from namespace %s", namespace)
	}
	return "default class (no configured protocol id and no namespace match)"
}

// ComputeBudget computes the budget of a protocol with the given namespace
// and projections (participants in order). depth(T) is projection.Depth.
func ComputeBudget(cfg *config.Config, namespace string, participants []string, projections map[string]projection.Type) Budget {
	id := cfg.ProtocolIDs[namespace]
	class, rule := ResolveClass(namespace, id)
	b := Budget{ProtocolID: id, Class: class, Rule: rule, Depths: make(map[string]int, len(participants)),
		Multiplier: cfg.Multiplier, HardCap: cfg.HardCap}
	for _, p := range participants {
		d := projection.Depth(projections[p])
		b.Depths[p] = d
		b.SumDepth += int64(d)
	}
	b.W0 = Weight(b.SumDepth, 0)
	b.MaxSteps = MaxSteps(b.W0, class.K, cfg.Multiplier, cfg.HardCap)
	b.InRange = b.W0 >= class.MinW && b.W0 <= class.MaxW
	return b
}
