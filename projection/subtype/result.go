package subtype

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Verdict is the three-valued answer of a check.
type Verdict int

// Verdicts. The zero value is Unknown, so a forgotten verdict is never
// mistaken for a proof.
const (
	Unknown      Verdict = iota // the bound was reached before a proof or a counterexample
	Compatible                  // a proof was found
	Incompatible                // a counterexample was found
)

// String returns "compatible", "incompatible" or "unknown".
func (v Verdict) String() string {
	switch v {
	case Compatible:
		return "compatible"
	case Incompatible:
		return "incompatible"
	}
	return "unknown"
}

// MarshalJSON renders the verdict as its name.
func (v Verdict) MarshalJSON() ([]byte, error) { return json.Marshal(v.String()) }

// Relation names the relation a Result is about.
type Relation string

// Relations offered by the package.
const (
	Async Relation = "async" // asynchronous multiparty subtyping (the default)
	Sync  Relation = "sync"  // synchronous (Gay–Hole) subtyping
	Equal Relation = "equal" // equality of local types
)

// Result is the answer to "can new replace old?".
type Result struct {
	Relation Relation `json:"relation"`
	Verdict  Verdict  `json:"verdict"`
	// Justification says, for Compatible, what made new fit old (the
	// reorderings used); for Unknown, which bound was reached.
	Justification  string          `json:"justification,omitempty"`
	Counterexample *Counterexample `json:"counterexample,omitempty"`
	// Bound is set for Unknown: the limits in force.
	Bound *Options `json:"bound,omitempty"`
	// StoppedBy names, for Unknown, the bound that stopped the search
	// (BoundTimeout, BoundConfigurations or BoundPending); it is empty
	// when the search stopped on a case it does not decide.
	StoppedBy string `json:"stopped_by,omitempty"`
	// Configurations is the number of configurations explored.
	Configurations int `json:"configurations"`
}

// String renders the result on one or more lines of text.
func (r *Result) String() string {
	switch r.Verdict {
	case Compatible:
		return "compatible: " + r.Justification
	case Incompatible:
		return "incompatible: " + r.Counterexample.String()
	}
	return "unknown: " + r.Justification
}

// The bounds of Options, as Result.StoppedBy names them (the JSON and
// choreo.yaml names of the options).
const (
	BoundTimeout        = "timeout"
	BoundConfigurations = "max_configurations"
	BoundPending        = "max_pending"
)

// Kind classifies a counterexample.
type Kind string

// Counterexample kinds.
const (
	// UnexpectedMessage: the new role sends a message its peer does not
	// expect at that point (the old peer expects another message first).
	UnexpectedMessage Kind = "unexpected-message"
	// NeverConsumed: the new role sends a message the old peer never
	// receives (on some run the old peers may choose).
	NeverConsumed Kind = "never-consumed"
	// MissingBranch: an old peer may send a message the new role has no
	// branch for.
	MissingBranch Kind = "missing-branch"
	// NeverSent: the new role waits for a message the old peers never send.
	NeverSent Kind = "never-sent"
	// ReceiveTooEarly: the new role waits for a message before sending one
	// the old peers wait for first (a possible deadlock).
	ReceiveTooEarly Kind = "receive-too-early"
	// EndsEarly: the new role ends while the old peers still expect
	// messages from it, or still send messages to it.
	EndsEarly Kind = "ends-early"
	// PendingForever: the new role repeats a loop in which an action the
	// old role would perform is postponed forever (an orphan message or a
	// starving peer).
	PendingForever Kind = "pending-forever"
	// Rewritten (equality only): the types behave the same but are not
	// written the same way.
	Rewritten Kind = "rewritten"
)

// Counterexample is a concrete run on which the new role and the old peers
// disagree.
type Counterexample struct {
	Kind Kind `json:"kind"`
	// Trace is what the new role does, in order, up to and including the
	// offending action (when there is one).
	Trace []Action `json:"trace"`
	// Expected is what the old role does instead at that point: the
	// messages the old peers expect or offer.
	Expected []Action `json:"expected,omitempty"`
	// Accepted is, for a missing branch, what the new role accepts there.
	Accepted []Action `json:"accepted,omitempty"`
	// Pending lists the old role's actions the new role has postponed on
	// the failing run (in the old role's order), when there are any.
	Pending []Action `json:"pending,omitempty"`
	// Text is the readable explanation.
	Text string `json:"text"`
}

// String renders the counterexample as one readable paragraph.
func (c *Counterexample) String() string {
	var b strings.Builder
	b.WriteString(c.Text)
	if len(c.Trace) > 0 {
		fmt.Fprintf(&b, " [new role: %s]", actionList(c.Trace))
	}
	if len(c.Pending) > 0 {
		fmt.Fprintf(&b, " [old role still to do: %s]", actionList(c.Pending))
	}
	return b.String()
}

func actionList(as []Action) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return strings.Join(parts, "; ")
}

// MarshalJSON renders an action as {"action":"send","peer":"B","message":"Ping","payload":"u32"}.
func (a Action) MarshalJSON() ([]byte, error) {
	dir := "receive"
	if a.Send {
		dir = "send"
	}
	return json.Marshal(struct {
		Action  string `json:"action"`
		Peer    string `json:"peer"`
		Message string `json:"message"`
		Payload string `json:"payload,omitempty"`
	}{dir, a.Peer, a.Message.Name, a.Message.Payload})
}
