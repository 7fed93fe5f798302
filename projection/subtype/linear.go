package subtype

import (
	"context"
	"fmt"
	"slices"
)

// Runs that never branch: the decision procedure for two-party pairs in
// which one of the types makes no choice (see the package documentation,
// "What is decided", for the fragment and why the procedure is complete
// there), and a fast path for every other pair whose search does not
// branch, with several peers too (see the end of this comment).
//
// When both types talk to one peer, the context of every configuration
// the search meets is usually a queue: the old role's receives the new role
// has run ahead of, in order, followed by one old state (the leaf). If in
// addition the search never branches (every send of the new role has one
// continuation, every receive one message), the pair has exactly one run,
// and runLinear follows it. Such a run is decided by one of three events:
//
//   - a failure, a concrete counterexample;
//   - a configuration that repeats exactly: the run loops forever (unless
//     a postponed receive is never performed, an orphan message);
//   - a round that repeats with the queue regrouped: configurations
//     (s, w₁·q) and later (s, w₂·q) with |w₂| ≥ |w₁|, the round between
//     them receiving the letters α from the front of the queue and adding
//     the letters B at its back (so w₁·B = α·w₂), and no receive of the
//     round taken from the leaf unless the queue keeps its length. The
//     round's sends depend only on s and q and its receives only on the
//     letters at the front of the queue, so the round can be repeated as
//     long as every round finds α at the front: the run receives the
//     letters of w₁·B·B·… in order and must read α·α·…. Both words are
//     eventually periodic, so they agree everywhere when they agree on
//     their first |w₁|+|α|+|B| letters (Fine and Wilf's theorem). Then the
//     round repeats forever without error, and every postponed receive is
//     performed (α is not empty and the queue is FIFO): a proof. When α is
//     empty and the queue is not, the queue is never received: an orphan
//     message. When the words disagree, the run keeps going and meets the
//     failure concretely.
//
// With several peers the context of a run that never branches is still
// usually a queue, of receives and of sends to other peers, but a receive
// may be taken from behind receives from other peers and a send from
// behind anything but a send to its peer, so the round argument does not
// apply: such a run is decided only by an exact repeat (the argument of
// the general search's loops, on the only path there is), and it leaves
// the other cases to the general search, which reports its failures.
type linearRun struct {
	k *checker
	// multi is set when the pair has several peers (see above).
	multi bool
	// received lists the letters (old receive labels) the run has
	// received, in order; fromLeaf counts, for each prefix of received,
	// the receives that found the queue empty (and expanded the leaf).
	received []int
	fromLeaf []int
	visits   map[[2]int][]linearVisit // by new state and leaf state
	// The context of the current configuration: the queue of postponed
	// actions items[head:] followed by tail (a leaf, when the context is
	// a queue). items and letters only grow, so the window of a visit
	// keeps its actions; a step then costs the actions it adds or passes,
	// not a rebuilt context.
	items   []queued
	letters []int // the label of each item, complemented for a send
	head    int
	tail    *node
}

// maxRunItems bounds the postponed actions a run with several peers keeps
// in its buffer (about 32 MB): a queue taken from the middle is copied to
// the buffer's end, so such a run could otherwise keep a copy per step. A
// run that would keep more is left to the general search. (With one peer
// every action is taken from the front, and the buffer grows by what the
// run postpones.)
const maxRunItems = 1 << 20

// queued is a postponed action of the old role in the queue of a run.
type queued struct {
	edge *edge
	id   int
	out  bool
}

// linearVisit is a configuration of the run: how many receives preceded
// it, and where its queue is in the run's buffer (items[lo:hi], which
// never change).
type linearVisit struct {
	received int
	lo, hi   int
}

// checkLinear runs the procedure for runs that never branch, with half of
// the time bound (the general search gets what remains when the run
// branches or a bound stops it). Runs with several peers, which are only
// decided by an exact repeat, are also held to a tenth of the
// configuration bound, and their configurations are not counted against
// the general search's.
func checkLinear(ctx context.Context, sub, sup *graph, opts Options) (*checker, outcome, bool) {
	half, cancel := context.WithTimeout(ctx, opts.Timeout/2)
	defer cancel()
	multi := len(pairPeers(sub, sup)) > 1
	if multi {
		opts.MaxConfigurations = max(1, opts.MaxConfigurations/10)
	}
	k := newChecker(half, sub, sup, opts, 0)
	out, decided := k.runLinear(multi)
	if multi && !decided {
		k.configs = 0
	}
	return k, out, decided
}

// runLinear follows the single run of the pair from the initial
// configuration. decided is false when the run branches or a bound stops
// it: the general search then decides the pair.
func (k *checker) runLinear(multi bool) (out outcome, decided bool) {
	r := &linearRun{k: k, multi: multi, fromLeaf: []int{0}, visits: make(map[[2]int][]linearVisit), tail: k.leaf(0)}
	s := 0
	var trace *step
	for {
		if k.ctx.Err() != nil || r.size() > k.opts.MaxPending || (multi && len(r.items) > maxRunItems) {
			return outcome{}, false
		}
		if k.configs++; k.configs > k.opts.MaxConfigurations {
			return outcome{}, false
		}
		if out, done := r.revisit(s, trace); done {
			return out, true
		}
		st := k.sub.states[s]
		switch st.kind {
		case kindEnd:
			return k.atEnd(r.context(), trace), true
		case kindOut:
			if len(st.edges) != 1 {
				return outcome{}, false
			}
			e := st.edges[0]
			trace = &step{e.action(true), trace}
			var passed *node
			if j := r.sendTo(e.peer); j >= 0 {
				// The first postponed send to the peer: the send must be it.
				if r.items[j].edge.key != e.key {
					return outcome{}, false
				}
				if j > r.head {
					passed = r.front(nil)
				}
				r.remove(j)
			} else {
				// Every postponed action passes the send: it is matched in
				// the tail.
				res := k.consumeSend(r.tail, e, nil, 0)
				switch {
				case res.fail != nil:
					res.fail.Pending = append(r.pending(), res.fail.Pending...)
					res.fail.Trace = trace.list()
					return outcome{fail: res.fail}, true
				case res.unknown != "" || res.guess:
					return outcome{}, false
				}
				passed = r.front(res.passed)
				r.setTail(res.node)
			}
			if passed != nil {
				k.notes.add(fmt.Sprintf("sends %s before %s", e.action(true), orList(passed.actions())))
			}
			s = e.next
		default:
			p := st.edges[0].peer
			if slices.ContainsFunc(st.edges, func(e edge) bool { return e.peer != p }) {
				return outcome{}, false // the general search says why
			}
			var got recvAlt
			var passed *node
			fromLeaf := false
			j := r.recvFrom(p)
			switch {
			case j == -2:
				return outcome{}, false // a postponed send first: the general search reports it
			case j >= 0:
				got = recvAlt{edge: r.items[j].edge}
				if j > r.head {
					passed = r.front(nil)
				}
			default:
				res := k.consumeRecv(r.tail, p, nil)
				switch {
				case res.fail != nil && r.head == len(r.items):
					res.fail.Trace = trace.list()
					return outcome{fail: res.fail}, true
				case res.fail != nil || res.unknown != "" || len(res.alts) != 1:
					return outcome{}, false
				}
				got, passed, fromLeaf = res.alts[0], r.front(res.passed), r.size() == 0
			}
			next := -1
			for _, e := range st.edges {
				if e.key == got.edge.key {
					next = e.next
					trace = &step{e.action(false), trace}
				}
			}
			if next < 0 {
				return k.receives(st, r.context(), trace), true // reports the missing branch
			}
			if passed != nil {
				k.notes.add(fmt.Sprintf("receives from %s before %s", p, orList(passed.actions())))
			}
			k.noteUnoffered(st, []recvAlt{got})
			leaf := r.fromLeaf[len(r.received)]
			if fromLeaf {
				leaf++
			}
			r.received = append(r.received, got.edge.label)
			r.fromLeaf = append(r.fromLeaf, leaf)
			if j >= 0 {
				r.remove(j)
			} else {
				r.setTail(got.ctx)
			}
			s = next
		}
	}
}

// sendTo returns the index of the first postponed send to p in the queue,
// or -1.
func (r *linearRun) sendTo(p string) int {
	for j := r.head; j < len(r.items); j++ {
		if q := r.items[j]; q.out && q.edge.peer == p {
			return j
		}
	}
	return -1
}

// recvFrom returns the index of the receive from p that a receive of the
// new role takes from the queue: the first postponed receive from p, after
// receives from other peers only. It returns -1 when there is none, and
// -2 when a postponed send comes first.
func (r *linearRun) recvFrom(p string) int {
	for j := r.head; j < len(r.items); j++ {
		switch q := r.items[j]; {
		case q.out:
			return -2
		case q.edge.peer == p:
			return j
		}
	}
	return -1
}

// remove takes item j out of the queue. The front is dropped in place;
// any other item makes a new queue at the end of items, so that the
// windows of earlier visits keep their letters.
func (r *linearRun) remove(j int) {
	if j == r.head {
		r.head++
		return
	}
	end := len(r.items)
	r.items = append(r.items, r.items[r.head:j]...)
	r.items = append(r.items, r.items[j+1:end]...)
	r.letters = append(r.letters, r.letters[r.head:j]...)
	r.letters = append(r.letters, r.letters[j+1:end]...)
	r.head = end
}

// setTail replaces the tail of the context by n, moving the postponed
// actions at its front to the back of the queue.
func (r *linearRun) setTail(n *node) {
	for ; !n.leaf && len(n.alts) == 1; n = n.alts[0].child {
		a := n.alts[0]
		letter := a.label
		if n.out {
			letter = ^letter
		}
		r.items = append(r.items, queued{a.edge, n.id, n.out})
		r.letters = append(r.letters, letter)
	}
	r.tail = n
}

// size is the number of postponed actions of the context.
func (r *linearRun) size() int { return len(r.items) - r.head + r.tail.size }

// pending lists the actions of the queue, for a counterexample.
func (r *linearRun) pending() []Action {
	as := make([]Action, 0, len(r.items)-r.head)
	for _, q := range r.items[r.head:] {
		as = append(as, q.edge.action(q.out))
	}
	return as
}

// front returns the first postponed action of the queue as a context
// node, or passed when the queue is empty.
func (r *linearRun) front(passed *node) *node {
	if r.head == len(r.items) {
		return passed
	}
	return queuedNode(r.items[r.head])
}

// queuedNode is the postponed action q as a node, for explanations.
func queuedNode(q queued) *node {
	return &node{id: q.id, out: q.out, alts: []alt{{edge: q.edge}}}
}

// context builds the context of the configuration as the general search
// represents it, for the checks that end the run.
func (r *linearRun) context() *node {
	c := r.tail
	for i := len(r.items) - 1; i >= r.head; i-- {
		q := r.items[i]
		c = r.k.seal(&node{id: q.id, out: q.out, alts: []alt{{edge: q.edge, child: c}}})
	}
	return c
}

// revisit compares configuration (s, context) with the earlier
// configurations of the run at the same new state and leaf, and reports
// whether the run is decided there (see linearRun).
func (r *linearRun) revisit(s int, trace *step) (outcome, bool) {
	if !r.tail.leaf {
		return outcome{}, false
	}
	now := linearVisit{received: len(r.received), lo: r.head, hi: len(r.items)}
	w2 := r.letters[now.lo:now.hi:now.hi]
	key := [2]int{s, r.tail.state}
	defer func() { r.visits[key] = append(r.visits[key], now) }()
	for _, v := range r.visits[key] {
		w1 := r.letters[v.lo:v.hi:v.hi]
		if slices.Equal(w1, w2) {
			if i := persistentIndex(r.ids(v), r.ids(now)); i >= 0 {
				return outcome{fail: r.k.orphan(trace, queuedNode(r.items[v.lo+i]), "")}, true
			}
			return proved, true
		}
		if r.multi {
			continue
		}
		if len(w2) < len(w1) {
			continue
		}
		alpha := r.received[v.received:now.received]
		if len(w2) > len(w1) && r.fromLeaf[now.received] > r.fromLeaf[v.received] {
			continue
		}
		if len(alpha) == 0 {
			// No receive in the round: it repeats forever and the queue is
			// never received.
			return outcome{fail: r.k.orphan(trace, r.front(nil), growingRound)}, true
		}
		// α·w₂ = w₁·B: B is α·w₂ without its first |w₁| letters.
		round := concat{alpha, w2}
		if !round.hasPrefix(w1) {
			continue
		}
		if receivedInOrder(w1, round, alpha) {
			added := round.from(len(w1))
			how := "repeats a round forever"
			if len(w2) > len(w1) {
				how = "runs ahead of the old role without bound"
			}
			r.k.notes.addGrowth(fmt.Sprintf("%s: each round postpones %s and performs %s, and every postponed action is performed in a later round, in order",
				how, r.describe(added), r.describe(alpha)))
			return proved, true
		}
	}
	return outcome{}, false
}

// ids returns the identities of the postponed actions of visit v's queue.
func (r *linearRun) ids(v linearVisit) []int {
	out := make([]int, 0, v.hi-v.lo)
	for _, q := range r.items[v.lo:v.hi] {
		out = append(out, q.id)
	}
	return out
}

// concat is the word a·b, read without copying it.
type concat struct{ a, b []int }

func (c concat) at(i int) int {
	if i < len(c.a) {
		return c.a[i]
	}
	return c.b[i-len(c.a)]
}

func (c concat) hasPrefix(w []int) bool {
	for i, l := range w {
		if c.at(i) != l {
			return false
		}
	}
	return true
}

// from returns the letters of c from position i on.
func (c concat) from(i int) []int {
	if i >= len(c.a) {
		return c.b[i-len(c.a):]
	}
	return append(slices.Clip(c.a[i:]), c.b...)
}

// receivedInOrder reports whether the infinite word w·B·B·… equals α·α·…,
// where B is round (α·w₂) without its first |w| letters. It compares the
// first |w|+|α|+|B| letters, which decides it: beyond w the first word has
// period |B| and the second period |α|, and two words with periods p and q
// that agree on p+q letters agree everywhere (Fine and Wilf).
func receivedInOrder(w []int, round concat, alpha []int) bool {
	added := len(round.a) + len(round.b) - len(w)
	if added == 0 {
		return false
	}
	for i := range len(w) + len(alpha) + added {
		l := 0
		if i < len(w) {
			l = w[i]
		} else {
			l = round.at(len(w) + (i-len(w))%added)
		}
		if l != alpha[i%len(alpha)] {
			return false
		}
	}
	return true
}

// describe renders labels of the old type as its receives.
func (r *linearRun) describe(ls []int) string {
	if len(ls) == 0 {
		return "nothing"
	}
	byLabel := make(map[int]edge)
	for _, st := range r.k.sup.states {
		for _, e := range st.edges {
			byLabel[e.label] = e
		}
	}
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = byLabel[l].action(false).String()
	}
	return repeated(parts, " ")
}

// growingRound qualifies the loop of an orphan counterexample whose context
// grows in every round.
const growingRound = ", running further ahead of the old role in every round,"

// orphan is the counterexample of a loop of the new role that leaves the
// old role's action p postponed forever; how qualifies the loop.
func (k *checker) orphan(trace *step, p *node, how string) *Counterexample {
	return &Counterexample{
		Kind:     PendingForever,
		Trace:    trace.list(),
		Expected: p.actions(),
		Text: fmt.Sprintf("the new role can repeat this loop forever%s while the old role's %s stays postponed: an orphan message or a starving peer",
			how, orList(p.actions())),
	}
}
