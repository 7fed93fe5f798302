package analysis

import (
	"fmt"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

// EffectKind is the kind of an effect command (SEMANTICS §5).
type EffectKind int

// Effect command kinds.
const (
	StoreMetadata EffectKind = iota // record a metadata entry (audit trail, journal fact, merge flag, audit key)
	ChargeBudget                    // charge the flow budget of (sender, receiver)
	RecordLeakage                   // record metadata leakage to observer classes
)

func (k EffectKind) String() string {
	switch k {
	case StoreMetadata:
		return "StoreMetadata"
	case ChargeBudget:
		return "ChargeBudget"
	case RecordLeakage:
		return "RecordLeakage"
	}
	return fmt.Sprintf("EffectKind(%d)", int(k))
}

// MarshalText implements encoding.TextMarshaler.
func (k EffectKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// EffectCommand is one command the runtime executes before a send, in order
// ("charge before send").
type EffectCommand struct {
	Kind EffectKind `json:"kind"`
	// Key and Value: StoreMetadata's entry ("guard_capability",
	// "journal_facts", "journal_merge", "audit_log") and its value.
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
	// Cost: ChargeBudget's amount; Default when flow_cost was absent.
	Cost    int64 `json:"cost,omitempty"`
	Default bool  `json:"default,omitempty"`
	// Observers: RecordLeakage's observer classes.
	Observers []string `json:"observers,omitempty"`
	// Span is the annotation entry the command comes from (the annotation
	// list for a default ChargeBudget).
	Span diag.Span `json:"span"`
}

// String renders c as hovers and `choreo` print it, e.g.
// `StoreMetadata{guard_capability: "chat:send"}`, `ChargeBudget{100}`,
// `RecordLeakage{External, Neighbor}`.
func (c EffectCommand) String() string {
	switch c.Kind {
	case StoreMetadata:
		return fmt.Sprintf("StoreMetadata{%s: %q}", c.Key, c.Value)
	case ChargeBudget:
		if c.Default {
			return fmt.Sprintf("ChargeBudget{%d (default)}", c.Cost)
		}
		return fmt.Sprintf("ChargeBudget{%d}", c.Cost)
	case RecordLeakage:
		return "RecordLeakage{" + strings.Join(c.Observers, ", ") + "}"
	}
	return c.Kind.String()
}

// EffectCommands derives the ordered effect commands of a send's validated
// metadata. The order is fixed (it follows the guard chain, not the source
// order of the annotations): StoreMetadata{guard_capability},
// ChargeBudget, StoreMetadata{journal_facts}, StoreMetadata{journal_merge},
// StoreMetadata{audit_log}, RecordLeakage. Nil metadata yields nil.
func EffectCommands(m *global.Meta) []EffectCommand {
	if m == nil {
		return nil
	}
	span := func(key string) diag.Span {
		if m.Annotations == nil {
			return diag.Span{}
		}
		for _, e := range m.Annotations.Entries {
			if e.Key.Name == key {
				return e.Span
			}
		}
		return m.Annotations.Span
	}
	var out []EffectCommand
	if m.Capability != "" {
		out = append(out, EffectCommand{Kind: StoreMetadata, Key: KeyGuardCapability, Value: m.Capability, Span: span(KeyGuardCapability)})
	}
	out = append(out, EffectCommand{Kind: ChargeBudget, Cost: m.FlowCost, Default: m.FlowCostDefault, Span: span(KeyFlowCost)})
	if m.JournalFacts != "" {
		out = append(out, EffectCommand{Kind: StoreMetadata, Key: KeyJournalFacts, Value: m.JournalFacts, Span: span(KeyJournalFacts)})
	}
	if m.JournalMerge {
		out = append(out, EffectCommand{Kind: StoreMetadata, Key: KeyJournalMerge, Value: "true", Span: span(KeyJournalMerge)})
	}
	if m.AuditLog != "" {
		out = append(out, EffectCommand{Kind: StoreMetadata, Key: KeyAuditLog, Value: m.AuditLog, Span: span(KeyAuditLog)})
	}
	if len(m.Leak) > 0 {
		out = append(out, EffectCommand{Kind: RecordLeakage, Observers: m.Leak, Span: span(KeyLeak)})
	}
	return out
}

// GuardStage is one stage of the runtime's guard chain at a send.
type GuardStage string

// Guard chain stages, in execution order (SEMANTICS §5).
const (
	StageAnnotationEffects GuardStage = "AnnotationEffects" // the send's EffectCommands, in order
	StageCapGuard          GuardStage = "CapGuard"          // the sender holds guard_capability
	StageFlowGuard         GuardStage = "FlowGuard"         // flow budget for (sender, receiver) covers the charge
	StageJournalCoupler    GuardStage = "JournalCoupler"    // journal facts are coupled to the send
	StageLeakageTracker    GuardStage = "LeakageTracker"    // leakage is recorded per observer class
	StageNetworkSend       GuardStage = "NetworkSend"       // the message is enqueued
)

// GuardChain returns the guard chain stages in the order the runtime runs
// them at every send. Each call returns a new slice.
func GuardChain() []GuardStage {
	return []GuardStage{
		StageAnnotationEffects,
		StageCapGuard,
		StageFlowGuard,
		StageJournalCoupler,
		StageLeakageTracker,
		StageNetworkSend,
	}
}
