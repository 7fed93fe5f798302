package runtime

import (
	"cmp"
	"fmt"
	"strings"
)

// Guard names, as they appear in events and faults.
const (
	GuardEffects = "AnnotationEffects"
	GuardCap     = "CapGuard"
	GuardFlow    = "FlowGuard"
	GuardJournal = "JournalCoupler"
	GuardLeakage = "LeakageTracker"
)

// leakageClass maps an observer class to its entry in leakage_budget
// ([external, neighbor, in-group]), whatever its spelling; -1 for classes
// the budget does not name.
func leakageClass(observer string) int {
	switch strings.ToLower(observer) {
	case "external":
		return 0
	case "neighbor", "neighbour":
		return 1
	case "ingroup", "in_group", "group":
		return 2
	}
	return -1
}

// guardCheck evaluates the guard chain of an annotated send from r to to
// against the current state without changing it (the seed's guard
// snapshot). On denial it records a denied event and faults the run.
func (m *machine) guardCheck(r, to int, a *Action) bool {
	meta := a.Meta
	role, peer := m.img.Participants[r], m.img.Participants[to]
	if meta.Capability != "" && !m.cfg.granted(role, meta.Capability) {
		m.deny(r, to, a, GuardCap, 0, fmt.Sprintf("%s is not granted capability %q needed to send %s to %s",
			role, meta.Capability, m.img.Messages[a.Msg].Name, peer))
		return false
	}
	if left := m.flowLeft[r*m.n+to]; left >= 0 && left < meta.FlowCost {
		m.deny(r, to, a, GuardFlow, meta.FlowCost, fmt.Sprintf("flow budget %s -> %s exhausted: %s costs %d, %d left",
			role, peer, m.img.Messages[a.Msg].Name, meta.FlowCost, left))
		return false
	}
	for c, budget := range meta.LeakageBudget {
		if c >= len(m.classLeak) {
			break
		}
		// guardCommit charges every mention of an observer of class c.
		first, add := "", int64(0)
		for _, obs := range meta.Leak {
			if leakageClass(obs) == c {
				first = cmp.Or(first, obs)
				add++
			}
		}
		if used := m.classLeak[c] + add; add > 0 && used > budget {
			m.deny(r, to, a, GuardLeakage, add, fmt.Sprintf("leakage to %s observers would reach %d, over the budget %d",
				first, used, budget))
			return false
		}
	}
	return true
}

func (m *machine) deny(r, to int, a *Action, guard string, amount int64, reason string) {
	if m.observe {
		m.emit(Event{Kind: EvDenied, Pred: PredAcquire, Role: m.img.Participants[r], Peer: m.img.Participants[to],
			Msg: m.img.Messages[a.Msg].Name, Guard: guard, Amount: amount, Detail: reason})
	}
	m.fault(r, guard, reason)
}

// guardCommit applies the effects of a send the chain admitted, in chain
// order: annotation effects (metadata), the capability acquisition, the
// flow charge, the journal fact and the leakage. Each is applied exactly
// once, immediately before the message enters its buffer.
func (m *machine) guardCommit(r, to int, a *Action) {
	meta := a.Meta
	role, peer := m.img.Participants[r], m.img.Participants[to]
	msg := m.img.Messages[a.Msg].Name
	ev := func(kind EventKind, pred, guard string, amount int64, detail string) {
		if m.observe && m.outcome == nil {
			m.emit(Event{Kind: kind, Pred: pred, Role: role, Peer: peer, Msg: msg, Guard: guard, Amount: amount, Detail: detail})
		}
	}
	if m.observe {
		for _, cmd := range a.Metadata {
			ev(EvEffect, PredAcquire, GuardEffects, 0, cmd)
		}
		if meta.Capability != "" {
			ev(EvCharged, PredAcquire, GuardCap, 0, "granted "+meta.Capability)
		}
	}
	pair := r*m.n + to
	if left := m.flowLeft[pair]; left >= 0 {
		m.flowLeft[pair] = left - meta.FlowCost
	}
	m.flowSpent[pair] += meta.FlowCost
	if m.observe {
		detail := "unlimited budget"
		if left := m.flowLeft[pair]; left >= 0 {
			detail = fmt.Sprintf("%d left", left)
		}
		ev(EvCharged, PredAcquire, GuardFlow, meta.FlowCost, detail)
	}
	if meta.JournalFacts != "" {
		count := m.appendFact(r, meta.JournalFacts, meta.JournalMerge)
		if m.observe {
			verb := "appended "
			if count > 1 {
				verb = "merged "
			}
			ev(EvJournal, PredRelease, GuardJournal, int64(count), verb+meta.JournalFacts)
		}
	}
	for _, obs := range meta.Leak {
		if c := leakageClass(obs); c >= 0 {
			m.classLeak[c]++
		}
		m.leakage[obs]++
		ev(EvLeakage, PredRelease, GuardLeakage, m.leakage[obs], obs)
	}
}

// appendFact appends fact to the journal, or merges it into the existing
// entry when merge is set; it returns the entry's count.
func (m *machine) appendFact(r int, fact string, merge bool) int {
	if merge {
		for i := range m.journal {
			if e := &m.journal[i]; e.Fact == fact {
				e.Count++
				return e.Count
			}
		}
	}
	m.journal = append(m.journal, JournalEntry{Step: m.step, Role: m.img.Participants[r], Fact: fact, Count: 1})
	return 1
}
