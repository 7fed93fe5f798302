package runtime

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// Policy is a scheduling policy.
type Policy string

// Scheduling policies.
const (
	Cooperative Policy = "cooperative" // run a role until it blocks, then the next one
	RoundRobin  Policy = "round-robin" // one step per role in turn
	Random      Policy = "random"      // a seeded random runnable role each step
)

// BranchPolicy is how the built-in host decides internal choices.
type BranchPolicy string

// Branch policies.
const (
	BranchFirst      BranchPolicy = "first"       // always the first allowed branch
	BranchRoundRobin BranchPolicy = "round-robin" // per role, cycle through the branches
	BranchRandom     BranchPolicy = "random"      // seeded random
	BranchScript     BranchPolicy = "script"      // labels from Config.Script in order, then first
)

// ProfileCI is the hardening profile: an event whose predicate hint is not
// on the allow-list faults the run.
const ProfileCI = "ci"

// Default bounds.
const (
	DefaultLoopBound  = 1  // times a decided loop loops back before the host must exit
	DefaultLoopRepeat = 2  // iterations of a loop no role decides
	DefaultDelayTicks = 10 // extra latency of a delayed message
)

// Config is a run configuration. The zero value is the default: seed 0,
// cooperative scheduling, branch policy first, unbounded buffers, every
// capability granted, unlimited flow budgets, no faults.
type Config struct {
	Seed   int64        `yaml:"seed" json:"seed"`
	Policy Policy       `yaml:"policy" json:"policy,omitempty"`
	Branch BranchPolicy `yaml:"branch" json:"branch,omitempty"`
	// Script lists branch labels for BranchScript, consumed in decision order.
	Script []string `yaml:"script" json:"script,omitempty"`
	// BufferBound bounds every FIFO buffer; 0 means unbounded.
	BufferBound int `yaml:"buffer_bound" json:"buffer_bound,omitempty"`
	// Families sizes F[N] / F[*] families by family name or size symbol
	// (default 3). It is applied when the protocol is analysed.
	Families map[string]int `yaml:"families" json:"families,omitempty"`
	// Capabilities lists the capabilities granted per role (a family name
	// grants to every member). Nil grants every capability the protocol uses.
	Capabilities map[string][]string `yaml:"capabilities" json:"capabilities,omitempty"`
	// FlowBudgets is the flow budget per role and peer (family names apply
	// to every member); pairs not listed are unlimited.
	FlowBudgets map[string]map[string]int64 `yaml:"flow_budgets" json:"flow_budgets,omitempty"`
	// LoopBound is how many times a role may loop back into a rec before
	// the host is offered only the branches that head for end: a decided
	// loop runs its body LoopBound times (default 1; -1 never restricts
	// the host).
	LoopBound int `yaml:"loop_bound" json:"loop_bound,omitempty"`
	// Loops bounds loops no role decides (`loop while "p"`, `loop repeat n`),
	// keyed by predicate or count text; "*" is the default (2).
	Loops map[string]int `yaml:"loops" json:"loops,omitempty"`
	// Faults configures simulated fault injection.
	Faults Faults `yaml:"faults" json:"faults,omitzero"`
	// Profile "ci" faults on events outside the predicate allow-list.
	Profile string `yaml:"profile" json:"profile,omitempty"`
	// MaxSteps overrides the §7 step budget when > 0.
	MaxSteps int64 `yaml:"max_steps" json:"max_steps,omitempty"`
}

// Faults configures seeded fault injection. Probabilities apply per sent
// message.
type Faults struct {
	Drop       float64 `yaml:"drop" json:"drop,omitempty"`
	Delay      float64 `yaml:"delay" json:"delay,omitempty"`
	Duplicate  float64 `yaml:"duplicate" json:"duplicate,omitempty"`
	DelayTicks int64   `yaml:"delay_ticks" json:"delay_ticks,omitempty"`
	Crash      []Crash `yaml:"crash" json:"crash,omitempty"`
	// Partition cuts Role off the session at Step: over a real transport
	// its node leaves the session without a word (peers see it lost);
	// in the VM it faults like a crash.
	Partition []Crash `yaml:"partition" json:"partition,omitempty"`
}

// Crash crashes Role when the run reaches Step.
type Crash struct {
	Role string `yaml:"role" json:"role"`
	Step int64  `yaml:"step" json:"step"`
}

func (f Faults) any() bool {
	return f.Drop > 0 || f.Delay > 0 || f.Duplicate > 0 || len(f.Crash) > 0 || len(f.Partition) > 0
}

// ParseConfig reads a YAML run configuration. Unknown keys are errors.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("run config: %s", yaml.FormatError(err, false, true))
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate reports the first invalid setting, in the order of the fields
// of Config (map entries in key order, so the error is deterministic).
func (c *Config) Validate() error {
	switch c.Policy {
	case "", Cooperative, RoundRobin, Random:
	default:
		return fmt.Errorf("run config: unknown policy %q (want cooperative, round-robin or random)", c.Policy)
	}
	switch c.Branch {
	case "", BranchFirst, BranchRoundRobin, BranchRandom, BranchScript:
	default:
		return fmt.Errorf("run config: unknown branch policy %q (want first, round-robin, random or script)", c.Branch)
	}
	if c.BufferBound < 0 {
		return fmt.Errorf("run config: buffer_bound %d is negative", c.BufferBound)
	}
	if c.LoopBound < -1 {
		return fmt.Errorf("run config: loop_bound %d must be -1 (unbounded) or more", c.LoopBound)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Families)) {
		if n := c.Families[name]; n < 1 {
			return fmt.Errorf("run config: family %s has size %d, want at least 1", name, n)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.Loops)) {
		if n := c.Loops[k]; n < 0 {
			return fmt.Errorf("run config: loop %q bound %d is negative", k, n)
		}
	}
	for _, role := range slices.Sorted(maps.Keys(c.FlowBudgets)) {
		peers := c.FlowBudgets[role]
		for _, peer := range slices.Sorted(maps.Keys(peers)) {
			if peers[peer] < 0 {
				return fmt.Errorf("run config: flow budget %s -> %s is negative", role, peer)
			}
		}
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"drop", c.Faults.Drop}, {"delay", c.Faults.Delay}, {"duplicate", c.Faults.Duplicate}} {
		if math.IsNaN(p.v) || p.v < 0 || p.v > 1 {
			return fmt.Errorf("run config: fault probability %s = %v is not in [0, 1]", p.name, p.v)
		}
	}
	if c.Faults.DelayTicks < 0 {
		return fmt.Errorf("run config: delay_ticks is negative")
	}
	for _, cr := range c.Faults.Crash {
		if cr.Role == "" || cr.Step < 0 {
			return fmt.Errorf("run config: crash needs a role and a step >= 0")
		}
	}
	switch c.Profile {
	case "", "default", ProfileCI:
	default:
		return fmt.Errorf("run config: unknown profile %q (want default or ci)", c.Profile)
	}
	if c.MaxSteps < 0 {
		return fmt.Errorf("run config: max_steps is negative")
	}
	return nil
}

// withDefaults fills the zero-valued settings.
func (c Config) withDefaults() Config {
	if c.Policy == "" {
		c.Policy = Cooperative
	}
	if c.Branch == "" {
		c.Branch = BranchFirst
	}
	if c.LoopBound == 0 {
		c.LoopBound = DefaultLoopBound
	}
	if c.Faults.DelayTicks == 0 {
		c.Faults.DelayTicks = DefaultDelayTicks
	}
	return c
}

// LoopRepeat returns the number of iterations of a loop no role decides,
// keyed by its predicate or count text.
func (c *Config) LoopRepeat(key string) int {
	if n, ok := c.Loops[key]; ok {
		return n
	}
	if n, ok := c.Loops["*"]; ok {
		return n
	}
	return DefaultLoopRepeat
}

// ParseFaults parses the CLI fault list, e.g.
// "drop:0.1,delay:0.2,duplicate:0.05,crash:Seller@5,partition:Buyer@3",
// into f.
func ParseFaults(spec string, f *Faults) error {
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, val, ok := strings.Cut(item, ":")
		if !ok {
			return fmt.Errorf("fault %q: want kind:value", item)
		}
		switch key {
		case "drop", "delay", "duplicate", "dup":
			p, err := strconv.ParseFloat(val, 64)
			if err != nil || !(p >= 0 && p <= 1) { // NaN is not a probability
				return fmt.Errorf("fault %q: want a probability in [0, 1]", item)
			}
			switch key {
			case "drop":
				f.Drop = p
			case "delay":
				f.Delay = p
			default:
				f.Duplicate = p
			}
		case "crash", "partition":
			role, step, ok := strings.Cut(val, "@")
			n, err := strconv.ParseInt(step, 10, 64)
			if !ok || role == "" || err != nil || n < 0 {
				return fmt.Errorf("fault %q: want %s:Role@step", item, key)
			}
			if key == "crash" {
				f.Crash = append(f.Crash, Crash{Role: role, Step: n})
			} else {
				f.Partition = append(f.Partition, Crash{Role: role, Step: n})
			}
		default:
			return fmt.Errorf("fault %q: unknown kind %q (want drop, delay, duplicate, crash or partition)", item, key)
		}
	}
	return nil
}

// familyOf returns the family name of a member participant "F[i]", or name.
func familyOf(name string) string {
	if i := strings.IndexByte(name, '['); i > 0 && strings.HasSuffix(name, "]") {
		return name[:i]
	}
	return name
}

// lookupRole finds the entry for participant name in m: the member's own
// entry, else its family's.
func lookupRole[V any](m map[string]V, name string) (V, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	v, ok := m[familyOf(name)]
	return v, ok
}

// granted reports whether cap is granted to participant role.
func (c *Config) granted(role, cap string) bool {
	if c.Capabilities == nil {
		return true
	}
	caps, _ := lookupRole(c.Capabilities, role)
	return slices.Contains(caps, cap)
}

// flowBudget returns the flow budget of role towards peer, or -1 when
// unlimited.
func (c *Config) flowBudget(role, peer string) int64 {
	peers, ok := lookupRole(c.FlowBudgets, role)
	if !ok {
		return -1
	}
	if b, ok := lookupRole(peers, peer); ok {
		return b
	}
	if b, ok := peers["*"]; ok {
		return b
	}
	return -1
}
