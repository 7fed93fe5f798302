package analysis

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/projection"
)

// Execution envelopes (§6).
const (
	EnvelopeCooperative        = "cooperative"
	EnvelopeByzantine          = "byzantine_envelope"
	EnvelopeTerminationBounded = "termination_bounded"
)

// DefaultEnvelopes returns the default execution envelope registry:
// protocol id → envelopes. Configuration entries replace entries of the
// same id and add new ones.
func DefaultEnvelopes() map[string][]string {
	return map[string][]string{
		"aura.consensus":           {EnvelopeByzantine},
		"aura.sync.epoch_rotation": {EnvelopeTerminationBounded},
		"aura.dkg.ceremony":        {EnvelopeByzantine, EnvelopeTerminationBounded},
		"aura.recovery.grant":      {EnvelopeTerminationBounded},
	}
}

// ResolveEnvelope returns the execution envelope of protocol id: the
// registry entry for the id itself or for its longest dotted prefix
// ("aura.consensus" covers "aura.consensus.fast_path"), else cooperative.
func ResolveEnvelope(cfg *config.Config, id string) []string {
	reg := DefaultEnvelopes()
	for k, v := range cfg.Envelopes {
		reg[k] = v
	}
	for p := id; p != ""; {
		if env, ok := reg[p]; ok {
			return append([]string(nil), env...)
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return []string{EnvelopeCooperative}
}

// Manifest is the composition manifest of a protocol (§6), printed by
// `choreo manifest` as JSON and loaded into runtime code images.
type Manifest struct {
	Namespace  string `json:"namespace"`
	Protocol   string `json:"protocol"`
	ProtocolID string `json:"protocol_id"`
	// ProtocolIDFrom is "config" when the id came from configuration, else
	// "derived" (namespace.Protocol).
	ProtocolIDFrom string         `json:"protocol_id_from"`
	Roles          []ManifestRole `json:"roles"`
	// RequiredCapabilities are the distinct guard_capability values, sorted.
	RequiredCapabilities []string `json:"required_capabilities"`
	// FlowCost is the total flow cost charged by each participant's sends
	// (each send counted once, default costs included).
	FlowCost         map[string]int64 `json:"flow_cost"`
	JournalFacts     []string         `json:"journal_facts"`
	LeakageObservers []string         `json:"leakage_observers"`
	Links            []ManifestLink   `json:"links"`
	// ProofBundles are the proof bundles the protocol requires: admission
	// evidence the runtime must hold.
	ProofBundles      []ProofBundle `json:"proof_bundles"`
	Fragments         []Fragment    `json:"fragments"`
	Termination       Termination   `json:"termination"`
	LocalTypes        LocalTypes    `json:"local_types"`
	Envelope          []string      `json:"envelope"`
	DeterminismPolicy string        `json:"determinism_policy,omitempty"`
	Admission         Admission     `json:"admission"`
}

// ManifestRole is a role of the manifest.
type ManifestRole struct {
	Name     string `json:"name"`
	Family   bool   `json:"family,omitempty"`
	Size     int    `json:"size"`
	SizeFrom string `json:"size_from,omitempty"` // literal, config, default
}

// ManifestLink is a link annotation of the manifest.
type ManifestLink struct {
	Bundle  string   `json:"bundle"`
	Exports []string `json:"exports"`
	Imports []string `json:"imports"`
	Line    int      `json:"line"` // one-based line of the annotation
}

// Termination is the manifest's termination section.
type Termination struct {
	Class         string  `json:"class"`
	Rule          string  `json:"rule"`
	K             float64 `json:"k"`
	ExpectedRange string  `json:"expected_w"`
	W0            int64   `json:"w0"`
	Multiplier    float64 `json:"multiplier"`
	MaxSteps      int64   `json:"max_steps"`
}

// Admission is the admission report: whether the protocol meets its
// envelope's requirements, and what is missing otherwise.
type Admission struct {
	Admitted bool     `json:"admitted"`
	Missing  []string `json:"missing,omitempty"`
}

// ProtocolID returns the protocol id of p: the configured id for its
// namespace, else "namespace.Name" (or "Name" without a namespace). The
// second result says whether configuration chose it.
func ProtocolID(cfg *config.Config, p *global.Protocol) (string, bool) {
	if id, ok := cfg.ProtocolIDs[p.Namespace]; ok && p.Namespace != "" {
		return id, true
	}
	if p.Namespace == "" {
		return p.Name, false
	}
	return p.Namespace + "." + p.Name, false
}

func sizeFromText(s global.SizeSource) string {
	switch s {
	case global.SizeLiteral:
		return "literal"
	case global.SizeConfig:
		return "config"
	case global.SizeDefault:
		return "default"
	}
	return ""
}

// LocalTypes maps each participant to its local type. It marshals to JSON
// as the session notation of each type; rendering happens only then, since
// a rendering may be much larger than the shared type it prints.
type LocalTypes map[string]projection.Type

// MarshalJSON implements json.Marshaler.
func (lt LocalTypes) MarshalJSON() ([]byte, error) {
	m := make(map[string]string, len(lt))
	for p, t := range lt {
		m[p] = projection.Session(t)
	}
	return json.Marshal(m)
}

// buildManifest assembles the manifest of res.Protocol.
func buildManifest(res *Result) *Manifest {
	p, cfg := res.Protocol, res.Config
	id, configured := ProtocolID(cfg, p)
	m := &Manifest{
		Namespace: p.Namespace, Protocol: p.Name, ProtocolID: id, ProtocolIDFrom: "derived",
		FlowCost: make(map[string]int64), LocalTypes: LocalTypes(res.Projections), Links: []ManifestLink{},
		DeterminismPolicy:    cfg.DeterminismPolicy,
		RequiredCapabilities: []string{}, JournalFacts: []string{}, LeakageObservers: []string{},
	}
	if configured {
		m.ProtocolIDFrom = "config"
	}
	m.ProofBundles = append([]ProofBundle{}, res.Bundles...)
	for _, l := range res.Links {
		m.Links = append(m.Links, ManifestLink{Bundle: l.Bundle, Exports: nonNil(l.Exports), Imports: nonNil(l.Imports), Line: l.Span.Start.Line + 1})
	}
	for _, r := range p.Roles {
		m.Roles = append(m.Roles, ManifestRole{Name: r.Name, Family: r.Family, Size: r.Size, SizeFrom: sizeFromText(r.SizeFrom)})
	}
	caps, facts, observers := map[string]bool{}, map[string]bool{}, map[string]bool{}
	seenSend := map[int]bool{}
	global.Walk(p.Body, func(n global.Node) {
		s, ok := n.(*global.Send)
		if !ok || s.Meta == nil || seenSend[s.ID] {
			return
		}
		seenSend[s.ID] = true
		m.FlowCost[s.From] += s.Meta.FlowCost
		if s.Meta.Capability != "" {
			caps[s.Meta.Capability] = true
		}
		if s.Meta.JournalFacts != "" {
			facts[s.Meta.JournalFacts] = true
		}
		for _, o := range s.Meta.Leak {
			observers[o] = true
		}
	})
	m.RequiredCapabilities = appendSorted(m.RequiredCapabilities, caps)
	m.JournalFacts = appendSorted(m.JournalFacts, facts)
	m.LeakageObservers = appendSorted(m.LeakageObservers, observers)
	m.Fragments = Fragments(id, res.Links)
	b := res.Budget
	m.Termination = Termination{Class: b.Class.Name, Rule: string(b.Rule), K: b.Class.K,
		ExpectedRange: b.Class.ExpectedRange(), W0: b.W0, Multiplier: b.Multiplier, MaxSteps: b.MaxSteps}
	m.Envelope = ResolveEnvelope(cfg, id)
	m.Admission = admission(m.Envelope, b, p)
	return m
}

// admission checks the envelope's requirements: termination_bounded needs
// a termination class chosen by configuration or namespace (not the
// default fallback) and a finite bound for every loop the runtime would
// otherwise bound by configuration.
func admission(envelope []string, b Budget, p *global.Protocol) Admission {
	a := Admission{Admitted: true}
	bounded := false
	for _, e := range envelope {
		bounded = bounded || e == EnvelopeTerminationBounded
	}
	if !bounded {
		return a
	}
	if b.Rule == RuleDefault {
		a.Missing = append(a.Missing, "a termination class: configure a protocol id for the namespace (protocols: in choreo.yaml)")
	}
	global.Walk(p.Body, func(n global.Node) {
		if l, ok := n.(*global.Loop); ok {
			what := fmt.Sprintf("loop repeat %s", l.Count)
			if l.Kind == global.LoopWhile {
				what = fmt.Sprintf("loop while %q", l.Predicate)
			}
			a.Missing = append(a.Missing, fmt.Sprintf("a static bound for %s at %s", what, l.Span))
		}
	})
	a.Admitted = len(a.Missing) == 0
	return a
}

func appendSorted(dst []string, set map[string]bool) []string {
	for k := range set {
		dst = append(dst, k)
	}
	sort.Strings(dst)
	return dst
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
