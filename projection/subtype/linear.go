package subtype

import (
	"context"
	"fmt"
	"slices"
)

// Runs that never branch: the decision procedure for two-party pairs in
// which one of the types makes no choice. See the package documentation,
// "What is decided", for the fragment and why the procedure is complete
// there.
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
type linearRun struct {
	k *checker
	// received lists the letters (old receive labels) the run has
	// received, in order; fromLeaf counts, for each prefix of received,
	// the receives that found the queue empty (and expanded the leaf).
	received []int
	fromLeaf []int
	visits   map[[2]int][]linearVisit // by new state and leaf state
}

// linearVisit is a configuration of the run: how many receives preceded
// it, and its queue.
type linearVisit struct {
	received int
	queue    []int
	shape    int32
	ctx      *node
}

// checkLinear runs the procedure for runs that never branch on a pair with
// at most one peer, with half of the time bound (the general search gets
// what remains when the run branches or a bound stops it).
func checkLinear(ctx context.Context, sub, sup *graph, opts Options) (*checker, outcome, bool) {
	half, cancel := context.WithTimeout(ctx, opts.Timeout/2)
	defer cancel()
	k := newChecker(half, sub, sup, opts, 0)
	if len(pairPeers(sub, sup)) > 1 {
		return k, outcome{}, false
	}
	out, decided := k.runLinear()
	return k, out, decided
}

// runLinear follows the single run of the pair from the initial
// configuration. decided is false when the run branches or a bound stops
// it: the general search then decides the pair.
func (k *checker) runLinear() (out outcome, decided bool) {
	r := &linearRun{k: k, fromLeaf: []int{0}, visits: make(map[[2]int][]linearVisit)}
	s, c := 0, k.leaf(0)
	var trace *step
	for {
		if k.ctx.Err() != nil || c.size > k.opts.MaxPending {
			return outcome{}, false
		}
		if k.configs++; k.configs > k.opts.MaxConfigurations {
			return outcome{}, false
		}
		if out, done := r.revisit(s, c, trace); done {
			return out, true
		}
		st := k.sub.states[s]
		switch st.kind {
		case kindEnd:
			return k.atEnd(c, trace), true
		case kindOut:
			next, from := -1, trace
			var ctx *node
			for _, e := range st.edges {
				tr := &step{e.action(true), from}
				res := k.consumeSend(c, e, nil, 0)
				switch {
				case res.fail != nil:
					res.fail.Trace = tr.list()
					return outcome{fail: res.fail}, true
				case res.unknown != "" || res.guess || next >= 0:
					return outcome{}, false
				}
				if res.passed != nil {
					k.notes.add(fmt.Sprintf("sends %s before %s", e.action(true), orList(res.passed.actions())))
				}
				next, ctx, trace = e.next, res.node, tr
			}
			s, c = next, ctx
		default:
			p := st.edges[0].peer
			res := k.consumeRecv(c, p, nil)
			switch {
			case res.fail != nil:
				res.fail.Trace = trace.list()
				return outcome{fail: res.fail}, true
			case res.unknown != "" || len(res.alts) != 1:
				return outcome{}, false
			}
			got := res.alts[0]
			next := -1
			for _, e := range st.edges {
				if e.key == got.edge.key {
					next = e.next
					trace = &step{e.action(false), trace}
				}
			}
			if next < 0 {
				return k.receives(st, c, trace), true // reports the missing branch
			}
			if res.passed != nil {
				k.notes.add(fmt.Sprintf("receives from %s before %s", p, orList(res.passed.actions())))
			}
			k.noteUnoffered(st, res.alts)
			leaf := r.fromLeaf[len(r.received)]
			if c.leaf {
				leaf++
			}
			r.received = append(r.received, got.edge.label)
			r.fromLeaf = append(r.fromLeaf, leaf)
			s, c = next, got.ctx
		}
	}
}

// revisit compares configuration (s, c) with the earlier configurations
// of the run at the same new state and leaf, and reports whether the run
// is decided there (see linearRun).
func (r *linearRun) revisit(s int, c *node, trace *step) (outcome, bool) {
	w2, q, ok := queue(c)
	if !ok {
		return outcome{}, false
	}
	key := [2]int{s, q}
	now := linearVisit{received: len(r.received), queue: w2, shape: c.shape, ctx: c}
	defer func() { r.visits[key] = append(r.visits[key], now) }()
	for _, v := range r.visits[key] {
		if v.shape == c.shape {
			if p := persistent(v.ctx, c); p != nil {
				return outcome{fail: r.k.orphan(trace, p, "")}, true
			}
			return proved, true
		}
		w1 := v.queue
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
			return outcome{fail: r.k.orphan(trace, front(c), growingRound)}, true
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
				how, r.letters(added), r.letters(alpha)))
			return proved, true
		}
	}
	return outcome{}, false
}

// queue returns the letters (labels) of a context that is a queue of
// postponed receives, and its leaf; ok is false for any other context.
func queue(c *node) (letters []int, leaf int, ok bool) {
	for ; !c.leaf; c = c.alts[0].child {
		if c.out || len(c.alts) != 1 {
			return nil, 0, false
		}
		letters = append(letters, c.alts[0].label)
	}
	return letters, c.state, true
}

// front returns the first postponed action of a queue context.
func front(c *node) *node {
	return &node{id: c.id, out: c.out, alts: c.alts[:1]}
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

// letters renders labels of the old type as its receives.
func (r *linearRun) letters(ls []int) string {
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
