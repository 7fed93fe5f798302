package runtime

import (
	"fmt"
	"strings"
)

// OutcomeKind classifies how a run ended.
type OutcomeKind string

// Outcomes (SEMANTICS §8).
const (
	Completed     OutcomeKind = "completed"      // every role reached end, every buffer empty
	Deadlock      OutcomeKind = "deadlock"       // no role can move and some role is not at end
	Orphan        OutcomeKind = "orphan"         // every role reached end but messages were left unreceived
	BoundExceeded OutcomeKind = "bound-exceeded" // the run needed more than max_steps steps
	Fault         OutcomeKind = "fault"          // guard denial, type violation, host error, crash, ci profile
)

// Outcome is how a run ended: the kind, the step and simulated time it was
// decided at, and the role responsible (the first waiting role of a
// deadlock, the receiver of the first orphan, the faulting role).
type Outcome struct {
	Kind    OutcomeKind `json:"kind"`
	Step    int64       `json:"step"`
	Time    int64       `json:"time"`
	Role    string      `json:"role,omitempty"`
	Reason  string      `json:"reason"`
	Waiting []Waiting   `json:"waiting,omitempty"` // deadlock: every role not at end
	Orphans []Orphaned  `json:"orphans,omitempty"` // orphan (and deadlock): messages left in buffers
}

// Waiting is a role that cannot move and what it waits for, in session
// notation ("?Seller.Accepted", "one of ?A.X, ?A.Y", "!B.M (buffer full)").
type Waiting struct {
	Role string `json:"role"`
	On   string `json:"on"`
}

// Orphaned is a message left in a buffer.
type Orphaned struct {
	From string `json:"from"`
	To   string `json:"to"`
	Msg  string `json:"msg"`
}

// String renders the outcome as one line (a deadlock's reason names every
// waiting role) plus one line per message left in a buffer.
func (o Outcome) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s at step %d (t=%d)", o.Kind, o.Step, o.Time)
	if o.Role != "" {
		fmt.Fprintf(&b, ", role %s", o.Role)
	}
	if o.Reason != "" {
		b.WriteString(": " + o.Reason)
	}
	for _, m := range o.Orphans {
		fmt.Fprintf(&b, "\n  unreceived %s -> %s : %s", m.From, m.To, m.Msg)
	}
	return b.String()
}

// JournalEntry is a journal fact appended by a send. With journal_merge a
// repeated fact is merged into its entry (Count grows) instead of appended.
type JournalEntry struct {
	Step  int64  `json:"step"`
	Role  string `json:"role"`
	Fact  string `json:"fact"`
	Count int    `json:"count"`
}

// FlowUse is the flow charged from one role to one peer.
type FlowUse struct {
	Role    string `json:"role"`
	Peer    string `json:"peer"`
	Charged int64  `json:"charged"`
	Budget  int64  `json:"budget"` // -1 when unlimited
}

// Report is the result of a run.
type Report struct {
	Outcome  Outcome
	Steps    int64            // scheduler steps taken
	MaxSteps int64            // the step budget the run was checked against
	W0       int64            // the §7 weighted measure before the run
	Journal  []JournalEntry   // facts in append order
	Leakage  map[string]int64 // recorded leakage per observer class
	Flow     []FlowUse        // flow charged per (role, peer), in participant order
	Trace    *Trace           // the recorded trace (nil unless recording)
	// Roles holds each participant's own outcome when the run was a
	// session over a transport (MergeReports; indexed like the
	// participants), and is nil for a run in one machine.
	Roles []Outcome
}
