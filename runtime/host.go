package runtime

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
)

// Host is the VM's decision source (the seed's host bridge): it provides
// outbound payloads and decides internal choices. The VM calls it from one
// goroutine; implementations need no locking.
type Host interface {
	// ProvideMessage returns the payload role sends to peer to for msg.
	ProvideMessage(role, to string, msg global.Message) (string, error)
	// SelectBranch picks one of labels (never empty) for role's internal
	// choice and returns its index. labels is only valid during the call.
	SelectBranch(role string, labels []string) (int, error)
}

// Synthetic provides payloads synthesised from the payload text: every
// field gets the zero value of its type ("amount: u64" → "amount=0").
// Payloads are computed once per payload text.
type Synthetic struct {
	cache map[string]string
}

// Payload returns the synthetic payload for m.
func (s *Synthetic) Payload(m global.Message) string {
	if p, ok := s.cache[m.Payload]; ok {
		return p
	}
	if s.cache == nil {
		s.cache = make(map[string]string)
	}
	p := synthesize(m.Payload)
	s.cache[m.Payload] = p
	return p
}

// synthesize renders the zero payload for a payload description: a field
// list "a: T, b: U" or a type path "crate.consensus.Signature".
func synthesize(payload string) string {
	payload = strings.TrimSpace(payload)
	if payload == "" {
		return ""
	}
	fields := splitTopLevel(payload)
	if _, _, ok := field(fields[0]); !ok {
		return zeroValue(payload)
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		if name, typ, ok := field(f); ok {
			out[i] = name + "=" + zeroValue(typ)
		} else {
			out[i] = zeroValue(f)
		}
	}
	return strings.Join(out, ", ")
}

// field splits "name: Type" (a single colon, not a path separator "::").
func field(s string) (name, typ string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || strings.HasPrefix(s[i:], "::") {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), s[i+1:], true
}

// splitTopLevel splits s on commas outside <>, (), [] and {}.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '<', '(', '[', '{':
			depth++
		case '>', ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// zeroValue is the synthetic value of a Rust-like type.
func zeroValue(typ string) string {
	typ = strings.TrimSpace(typ)
	base := typ
	if i := strings.IndexByte(base, '<'); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize":
		return "0"
	case "f32", "f64":
		return "0.0"
	case "bool":
		return "false"
	case "String", "&str", "str":
		return `""`
	case "Vec", "VecDeque", "HashSet", "BTreeSet":
		return "[]"
	case "HashMap", "BTreeMap":
		return "{}"
	case "Option":
		return "None"
	}
	if strings.HasPrefix(typ, "[") {
		return "[]"
	}
	if strings.HasPrefix(typ, "(") {
		return "()"
	}
	if i := strings.LastIndexAny(base, ".:"); i >= 0 {
		base = base[i+1:]
	}
	return base + "{}"
}

// builtinHost is the Host used when the caller supplies none: synthetic
// payloads and the configured branch policy.
type builtinHost struct {
	Synthetic
	policy BranchPolicy
	script []string
	next   int            // next script entry
	turns  map[string]int // round-robin position per role
	rng    *rand.Rand
}

func newBuiltinHost(cfg *Config) *builtinHost {
	return &builtinHost{
		policy: cfg.Branch,
		script: cfg.Script,
		turns:  make(map[string]int),
		rng:    rand.New(rand.NewPCG(uint64(cfg.Seed), streamBranch)),
	}
}

// ProvideMessage implements Host.
func (h *builtinHost) ProvideMessage(_, _ string, msg global.Message) (string, error) {
	return h.Payload(msg), nil
}

// SelectBranch implements Host.
func (h *builtinHost) SelectBranch(role string, labels []string) (int, error) {
	switch h.policy {
	case BranchRoundRobin:
		i := h.turns[role] % len(labels)
		h.turns[role]++
		return i, nil
	case BranchRandom:
		return h.rng.IntN(len(labels)), nil
	case BranchScript:
		if h.next >= len(h.script) {
			return 0, nil
		}
		want := h.script[h.next]
		h.next++
		for i, l := range labels {
			if l == want {
				return i, nil
			}
		}
		return 0, fmt.Errorf("branch script entry %d is %q, but %s chooses among %s",
			h.next, want, role, strings.Join(labels, ", "))
	}
	return 0, nil
}

// Random streams: each source of randomness draws from its own stream so
// that, for example, enabling fault injection does not change branch
// decisions.
const (
	streamSchedule = 0x5c4ed
	streamBranch   = 0xb4a9c4
	streamFaults   = 0xfa017
)
