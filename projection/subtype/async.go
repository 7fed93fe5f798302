package subtype

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/choreo-lang/choreo/projection"
)

// Options bound the asynchronous check. Zero fields take the defaults.
// When a bound stops the search, the answer is Unknown and its
// justification names the option (by its JSON name, which is also its
// name in choreo.yaml's subtype section).
type Options struct {
	// MaxPending bounds how many of the old role's actions the new role may
	// run ahead of at once (the size of the context of postponed actions).
	MaxPending int `json:"max_pending"`
	// MaxConfigurations bounds the configurations explored.
	MaxConfigurations int `json:"max_configurations"`
	// Timeout bounds the time the check takes, the search for the
	// shortest counterexample included.
	Timeout time.Duration `json:"-"`
}

// Default bounds. The pairs of the literature that the checker proves
// need far less; the timeout keeps a whole check, with the steps that
// finish it, under a second.
const (
	DefaultMaxPending        = 512
	DefaultMaxConfigurations = 200000
	DefaultTimeout           = 900 * time.Millisecond
)

func (o Options) withDefaults() Options {
	if o.MaxPending <= 0 {
		o.MaxPending = DefaultMaxPending
	}
	if o.MaxConfigurations <= 0 {
		o.MaxConfigurations = DefaultMaxConfigurations
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return o
}

// MarshalJSON renders the options with the timeout as a duration text
// ("1s"), as choreo.yaml and the command-line flags spell it.
func (o Options) MarshalJSON() ([]byte, error) {
	type plain Options
	return json.Marshal(struct {
		plain
		Timeout string `json:"timeout"`
	}{plain(o), o.Timeout.String()})
}

// Check decides newT ≤ oldT under the relation rel (Async, Sync or Equal).
// opts only matter for Async. The error reports a malformed type (an
// unbound variable, unguarded recursion) or the cancellation of ctx.
func Check(ctx context.Context, rel Relation, newT, oldT projection.Type, opts Options) (*Result, error) {
	switch rel {
	case Async:
		return CheckAsync(ctx, newT, oldT, opts)
	case Sync:
		return CheckSync(newT, oldT)
	case Equal:
		return CheckEqual(newT, oldT)
	}
	return nil, fmt.Errorf("unknown relation %q (want async, sync or equal)", rel)
}

// CheckAsync decides newT ≤ oldT under asynchronous multiparty subtyping:
// can a role implementing newT replace one implementing oldT while its
// peers still run the old protocol, over per-pair FIFO channels? See the
// package documentation for the algorithm.
func CheckAsync(ctx context.Context, newT, oldT projection.Type, opts Options) (*Result, error) {
	sub, sup, err := buildPair(newT, oldT)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	// The caller's cancellation is an error; the timeout is a bound, which
	// makes the answer Unknown.
	timed, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	k, out, decided := checkLinear(timed, sub, sup, opts)
	if !decided {
		linear := k.configs
		k = newChecker(timed, sub, sup, opts, 0)
		k.configs = linear
		out = k.explore(0, k.leaf(0), nil)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Relation: Async, Configurations: k.configs}
	switch {
	case out.fail != nil:
		res.Verdict = Incompatible
		res.Counterexample = shortest(timed, sub, sup, opts, out.fail)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	case out.unknown != "":
		// Synchronous subtyping implies the asynchronous relation, and it
		// decides the cases the asynchronous search leaves open (external
		// choices over several senders, bounded searches over looping
		// types) whenever the new type only narrows selections and widens
		// branchings.
		if sync, err := CheckSync(newT, oldT); err == nil && sync.Verdict == Compatible {
			res.Verdict = Compatible
			res.Justification = "proved by synchronous subtyping (Gay–Hole), which implies asynchronous subtyping; the asynchronous search alone stopped: " + out.unknown
			break
		}
		res.Verdict = Unknown
		res.Justification = out.unknown
		res.StoppedBy = k.stopped
		bound := k.opts
		res.Bound = &bound
	default:
		res.Verdict = Compatible
		res.Justification = k.notes.String()
	}
	return res, nil
}

func newChecker(ctx context.Context, sub, sup *graph, opts Options, limit int) *checker {
	return &checker{
		ctx:       ctx,
		sub:       sub,
		sup:       sup,
		opts:      opts,
		limit:     limit,
		stack:     make(map[config]*frame),
		proven:    make(map[config]bool),
		shapes:    make(map[string]int32),
		single:    make(map[[3]int32]int32),
		leaves:    make([]*node, len(sup.states)),
		sendsFrom: make(map[int][]edge),
		commute:   make(map[string]commuted),
	}
}

// shortest searches for a counterexample with a shorter trace than cex by
// exploring again with a bound on the trace length. A failure within n
// steps is also one within n+1, so the bound is found by bisection.
func shortest(ctx context.Context, sub, sup *graph, opts Options, cex *Counterexample) *Counterexample {
	lo, hi := 0, len(cex.Trace)
	for lo < hi {
		mid := (lo + hi) / 2
		m := newChecker(ctx, sub, sup, opts, mid+1)
		out := m.explore(0, m.leaf(0), nil)
		if out.fail == nil {
			lo = mid + 1
			continue
		}
		if len(out.fail.Trace) < len(cex.Trace) {
			cex = out.fail
		}
		hi = mid
	}
	return cex
}

// node is the context: what remains of the old type after the actions the
// new role has already performed. A leaf is a state of the old type; an
// inner node is an old action the new role has run ahead of (a receive, or
// a send to another peer), with one child per alternative. Inner nodes
// keep their id when rebuilt, so a postponed action can be followed
// through a loop of the new role.
type node struct {
	leaf  bool
	state int // leaf: a state of the old type
	id    int // inner: identity of the postponed action
	out   bool
	alts  []alt
	shape int32 // hash-consed structure, equal for equal contexts (see seal)
	size  int   // number of inner nodes: the postponed actions
}

// alt is one alternative of a postponed action. It points at the old
// type's edge (graphs are not modified once built): contexts are rebuilt
// on every step, so an alternative is kept small.
type alt struct {
	*edge
	child *node
}

func (n *node) actions() []Action {
	as := make([]Action, len(n.alts))
	for i, a := range n.alts {
		as[i] = a.action(n.out)
	}
	return as
}

// step is the new role's trace so far, as a list from the last action back
// (shared by all the configurations that extend it).
type step struct {
	action Action
	prev   *step
}

func (s *step) list() []Action {
	out := []Action{}
	for ; s != nil; s = s.prev {
		out = append(out, s.action)
	}
	slices.Reverse(out)
	return out
}

// frame is a configuration on the exploration stack.
type frame struct {
	state int
	depth int
	ctx   *node
	// events is where the events of the frame's subtree start in
	// checker.events; growths are the growing configurations below that
	// repeat this one (see witness.go).
	events    int
	growths   []*growth
	noWitness bool // growth of this context is not accepted
}

type checker struct {
	ctx       context.Context
	sub, sup  *graph
	opts      Options
	limit     int // when > 0, configurations deeper than limit are not explored
	nextID    int
	depth     int
	configs   int
	stopped   string // the bound that stopped the search first, if any
	stack     map[config]*frame
	path      []*frame // the stack in order, for growth (see witness.go)
	events    []event  // see witness.go
	proven    map[config]bool
	shapes    map[string]int32   // hash-consed context shapes (see seal)
	single    map[[3]int32]int32 // the same, for nodes of one alternative
	numShapes int32
	leaves    []*node // shared leaf contexts, by old state
	buf       []byte
	sendsFrom map[int][]edge      // reachableSends, by state
	commute   map[string]commuted // sendsCommute, by state and substitution
	notes     notes
}

// outcome of exploring a configuration: a failure, an unknown reason, or
// success that relies on the stack frames at depth ≥ low.
type outcome struct {
	fail    *Counterexample
	unknown string
	low     int
}

var proved = outcome{low: math.MaxInt}

// merge combines the outcome of a sibling into o (o has no failure).
func (o outcome) merge(r outcome) outcome {
	if r.fail != nil {
		return r
	}
	if o.unknown == "" {
		o.unknown = r.unknown
	}
	o.low = min(o.low, r.low)
	return o
}

func (k *checker) explore(s int, c *node, trace *step) outcome {
	if k.ctx.Err() != nil {
		return k.stop(BoundTimeout, fmt.Sprintf("bound reached: the check took longer than %v (timeout)", k.opts.Timeout))
	}
	key, size := config{s, c.shape}, c.size
	if k.proven[key] {
		k.record(event{kind: evHit, ctx: c})
		return proved
	}
	if f, ok := k.stack[key]; ok {
		if p := persistent(f.ctx, c); p != nil {
			return outcome{fail: k.orphan(trace, p, "")}
		}
		return outcome{low: f.depth}
	}
	if f, g, stuck := k.growth(s, c); stuck != nil {
		return outcome{fail: k.orphan(trace, stuck, growingRound)}
	} else if f != nil {
		f.growths = append(f.growths, g)
		return outcome{low: f.depth}
	}
	if k.limit > 0 && k.depth >= k.limit {
		return outcome{unknown: "trace length bound"}
	}
	k.configs++
	if k.configs > k.opts.MaxConfigurations {
		return k.stop(BoundConfigurations, fmt.Sprintf("bound reached: explored %d configurations (max_configurations)", k.opts.MaxConfigurations))
	}
	if size > k.opts.MaxPending {
		return k.stop(BoundPending, fmt.Sprintf("bound reached: the new role runs ahead of more than %d old actions (max_pending); its buffers may grow without bound", k.opts.MaxPending))
	}
	k.depth++
	depth := k.depth
	f := &frame{state: s, depth: depth, ctx: c}
	k.stack[key] = f
	k.path = append(k.path, f)
	var res outcome
	for {
		f.events = len(k.events)
		switch st := k.sub.states[s]; st.kind {
		case kindEnd:
			res = k.atEnd(c, trace)
		case kindOut:
			res = k.sends(st, c, trace)
		default:
			res = k.receives(st, c, trace)
		}
		if len(f.growths) == 0 || res.fail != nil || res.unknown != "" {
			break
		}
		if res.low < depth {
			// The subtree relies on a frame above: the witness, if any,
			// is that frame's subtree.
			if up := k.path[res.low-1]; !up.noWitness {
				up.growths = append(up.growths, f.growths...)
			} else {
				res = outcome{unknown: "not decided: the context grows in a way the checker cannot prove harmless", low: math.MaxInt}
			}
			break
		}
		if k.witness(f) {
			for _, g := range f.growths {
				k.notes.addGrowth(g.note())
			}
			break
		}
		// The growing configurations below do not form a witness: explore
		// again without accepting growth of this configuration's context.
		k.events = k.events[:f.events]
		f.growths, f.noWitness = nil, true
	}
	delete(k.stack, key)
	k.path = k.path[:len(k.path)-1]
	k.depth--
	if res.fail == nil && res.unknown == "" && res.low >= depth {
		k.proven[key] = true
		res.low = math.MaxInt
	}
	return res
}

// stop records that bound stopped the search (the first bound met is the
// one reported) and returns the undecided outcome.
func (k *checker) stop(bound, why string) outcome {
	if k.stopped == "" {
		k.stopped = bound
	}
	return outcome{unknown: why}
}

func (k *checker) atEnd(c *node, trace *step) outcome {
	if c.leaf && k.sup.states[c.state].kind == kindEnd {
		return proved
	}
	n := c
	if c.leaf {
		n = k.expand(c)
	}
	return outcome{fail: &Counterexample{
		Kind:     EndsEarly,
		Trace:    trace.list(),
		Expected: n.actions(),
		Text:     fmt.Sprintf("the new role ends, but the old role still does %s here", orList(n.actions())),
	}}
}

func (k *checker) sends(st state, c *node, trace *step) outcome {
	acc := proved
	for _, e := range st.edges {
		tr := &step{e.action(true), trace}
		r := k.consumeSend(c, e, nil, 0)
		if r.fail != nil {
			r.fail.Trace = tr.list()
			return outcome{fail: r.fail}
		}
		if r.unknown != "" {
			acc = acc.merge(outcome{unknown: r.unknown, low: math.MaxInt})
			continue
		}
		if r.passed != nil {
			k.notes.add(fmt.Sprintf("sends %s before %s", e.action(true), orList(r.passed.actions())))
		}
		sub := k.explore(e.next, r.node, tr)
		if sub.fail != nil && r.guess {
			sub = outcome{unknown: fmt.Sprintf("not decided: %s matches a choice of the old role that mixes sends to several peers", e.action(true)), low: math.MaxInt}
		}
		if acc = acc.merge(sub); acc.fail != nil {
			return acc
		}
	}
	return acc
}

func (k *checker) receives(st state, c *node, trace *step) outcome {
	p := st.edges[0].peer
	for _, e := range st.edges[1:] {
		if e.peer != p {
			return outcome{unknown: fmt.Sprintf("not decided: the new role's external choice mixes senders (%s and %s)", p, e.peer)}
		}
	}
	r := k.consumeRecv(c, p, nil)
	if r.fail != nil {
		r.fail.Trace = trace.list()
		return outcome{fail: r.fail}
	}
	if r.unknown != "" {
		return outcome{unknown: r.unknown}
	}
	if r.passed != nil {
		k.notes.add(fmt.Sprintf("receives from %s before %s", p, orList(r.passed.actions())))
	}
	acc := proved
	for _, a := range r.alts {
		i := slices.IndexFunc(st.edges, func(e edge) bool { return e.key == a.edge.key })
		if i < 0 {
			exp := a.edge.action(false)
			return outcome{fail: &Counterexample{
				Kind:     MissingBranch,
				Trace:    trace.list(),
				Expected: []Action{exp},
				Accepted: actionsOf(st.edges, false),
				Pending:  a.pending,
				Text: fmt.Sprintf("the old %s may send %s here, but the new role has no branch for it (it accepts %s)",
					peerName(p, "peer"), projection.MessageText(a.edge.msg), orList(actionsOf(st.edges, false))),
			}}
		}
		tr := &step{st.edges[i].action(false), trace}
		if acc = acc.merge(k.explore(st.edges[i].next, a.ctx, tr)); acc.fail != nil {
			return acc
		}
	}
	k.noteUnoffered(st, r.alts)
	return acc
}

// peerName is how a counterexample names peer p: p itself, or only when p
// stands for the only peer of a two-party type (written without roles).
func peerName(p, only string) string {
	if p == projection.OnlyPeer {
		return only
	}
	return p
}

// noteUnoffered notes the branches of the new role's receive st that the
// old peers never send there (alts).
func (k *checker) noteUnoffered(st state, alts []recvAlt) {
	for _, e := range st.edges {
		if !slices.ContainsFunc(alts, func(a recvAlt) bool { return a.edge.key == e.key }) {
			k.notes.add("accepts " + e.action(false).String() + ", which the old peers never send there")
		}
	}
}

func actionsOf(es []edge, send bool) []Action {
	as := make([]Action, len(es))
	for i, e := range es {
		as[i] = e.action(send)
	}
	return as
}

// expand turns a leaf into the inner node of its state's next action.
func (k *checker) expand(leaf *node) *node {
	st := k.sup.states[leaf.state]
	k.nextID++
	n := &node{id: k.nextID, out: st.kind == kindOut, alts: make([]alt, len(st.edges))}
	for i := range st.edges {
		e := &st.edges[i]
		n.alts[i] = alt{edge: e, child: k.leaf(e.next)}
	}
	return k.seal(n)
}

// visit records a leaf expanded during one search, to detect loops of the
// old type that never reach the searched action. selects counts the
// internal choices of the old role passed on the way.
type visit struct {
	state, selects int
}

type sendResult struct {
	node    *node
	passed  *node // the outermost old action the send was moved before
	guess   bool  // the match chose one of several explanations (see consumeSend)
	fail    *Counterexample
	unknown string
}

// consumeSend removes from n the old role's send of m to p that the new
// role's send matches: the first action towards p on every path, possibly
// after receives and sends to other peers (which stay in the context).
// Alternatives of the old role's own choices that cannot match are pruned;
// the new role may not choose them later.
func (k *checker) consumeSend(n *node, want edge, path []visit, selects int) sendResult {
	if passesSend(n, want.peer) {
		return k.consumeSendChain(n, want, path, selects)
	}
	p, got := want.peer, want.action(true)
	if n.leaf {
		if k.sup.states[n.state].kind == kindEnd {
			text := fmt.Sprintf("the new role sends %s, but the old %s never receives it: the old role ends first", got, peerName(p, "peer"))
			if !k.sup.peers()[p] {
				text = fmt.Sprintf("the new role sends %s, but %s is not a peer of the old role", got, p)
			}
			return sendResult{fail: &Counterexample{Kind: NeverConsumed, Text: text}}
		}
		for _, v := range path {
			if v.state == n.state {
				if v.selects == selects {
					return sendResult{fail: &Counterexample{
						Kind: NeverConsumed,
						Text: fmt.Sprintf("the new role sends %s, but the old peers may repeat a loop forever in which %s never receives it", got, p),
					}}
				}
				return sendResult{unknown: fmt.Sprintf("not decided: sending %s early would skip a loop of the old role that contains one of its choices", got)}
			}
		}
		path = append(path, visit{n.state, selects})
		n = k.expand(n)
	}
	toP := 0
	for _, a := range n.alts {
		if n.out && a.peer == p {
			toP++
		}
	}
	if toP > 0 {
		for _, a := range n.alts {
			if a.peer == p && a.key == want.key {
				// When the choice also offers sends to other peers, the old
				// role might instead send m after one of those: matching now is
				// one explanation of the new role's send, so a failure found
				// beyond it is not definite.
				return sendResult{node: a.child, guess: toP < len(n.alts)}
			}
		}
		if toP == len(n.alts) {
			return sendResult{fail: &Counterexample{
				Kind:     UnexpectedMessage,
				Expected: n.actions(),
				Text: fmt.Sprintf("the new role sends %s where the old role sends %s: %s receives the messages of one channel in order and does not expect %s",
					got, orList(n.actions()), peerName(p, "the peer"), projection.MessageText(want.msg)),
			}}
		}
		// Only the alternatives towards other peers may send m later.
		others := &node{id: n.id, out: true}
		for _, a := range n.alts {
			if a.peer != p {
				others.alts = append(others.alts, a)
			}
		}
		n = others
	}
	if n.out && len(n.alts) > 1 {
		selects++
	}
	kept := make([]alt, 0, len(n.alts))
	var firstFail *Counterexample
	unknown := ""
	guess := false
	for _, a := range n.alts {
		r := k.consumeSend(a.child, want, path, selects)
		guess = guess || r.guess
		switch {
		case r.fail != nil:
			r.fail.Pending = append([]Action{a.action(n.out)}, r.fail.Pending...)
			if !n.out || len(n.alts) == 1 {
				return r // every alternative must match: the old peers choose it, or it is the only one
			}
			if firstFail == nil {
				firstFail = r.fail
			}
		case r.unknown != "":
			unknown = r.unknown
		default:
			kept = append(kept, alt{edge: a.edge, child: r.node})
		}
	}
	if unknown != "" {
		return sendResult{unknown: unknown}
	}
	if len(kept) == 0 {
		return sendResult{fail: firstFail}
	}
	return sendResult{node: k.seal(&node{id: n.id, out: n.out, alts: kept}), passed: n, guess: guess}
}

// passesSend reports whether a send to p moves before n without a choice:
// n is one postponed action that is not a send to p.
func passesSend(n *node, p string) bool {
	return !n.leaf && len(n.alts) == 1 && (!n.out || n.alts[0].peer != p)
}

// consumeSendChain is consumeSend on a context that starts with a chain of
// actions the send passes (see passesSend): the usual shape of a queue of
// postponed receives, which every send of a new role running ahead passes
// whole. It walks the chain without recursion and rebuilds it with two
// allocations.
func (k *checker) consumeSendChain(top *node, want edge, path []visit, selects int) sendResult {
	length, n := 0, top
	for ; passesSend(n, want.peer); n = n.alts[0].child {
		length++
	}
	r := k.consumeSend(n, want, path, selects)
	if r.fail != nil {
		pending := make([]Action, 0, length+len(r.fail.Pending))
		for c := top; c != n; c = c.alts[0].child {
			pending = append(pending, c.alts[0].action(c.out))
		}
		r.fail.Pending = append(pending, r.fail.Pending...)
		return r
	}
	if r.unknown != "" {
		return sendResult{unknown: r.unknown}
	}
	nodes, alts := make([]node, length), make([]alt, length)
	for i, c := 0, top; c != n; i, c = i+1, c.alts[0].child {
		alts[i].edge = c.alts[0].edge
		nodes[i] = node{id: c.id, out: c.out, alts: alts[i : i+1 : i+1]}
	}
	below := r.node
	for i := length - 1; i >= 0; i-- {
		alts[i].child = below
		below = k.seal(&nodes[i])
	}
	return sendResult{node: below, passed: top, guess: r.guess}
}

type recvAlt struct {
	edge    *edge // the old role's receive
	ctx     *node
	pending []Action // old actions passed on the way (for explanations)
}

type recvResult struct {
	alts    []recvAlt
	passed  *node // the outermost old receive the receive was moved before
	fail    *Counterexample
	unknown string
}

// consumeRecv finds, on every path of n, the old role's first receive from
// p, possibly after receives from other peers (never after a send), and
// returns one context per message p may send there.
func (k *checker) consumeRecv(n *node, p string, path []visit) recvResult {
	if n.leaf {
		if k.sup.states[n.state].kind == kindEnd {
			return recvResult{fail: &Counterexample{
				Kind: NeverSent,
				Text: fmt.Sprintf("the new role waits for a message from %s, but the old role ends: %s never sends one", peerName(p, "the peer"), peerName(p, "the peer")),
			}}
		}
		for _, v := range path {
			if v.state == n.state {
				return recvResult{fail: &Counterexample{
					Kind: NeverSent,
					Text: fmt.Sprintf("the new role waits for a message from %s, but the old peers may repeat a loop forever in which %s sends nothing", peerName(p, "the peer"), peerName(p, "the peer")),
				}}
			}
		}
		path = append(path, visit{state: n.state})
		k.record(event{kind: evRecvLeaf, state: n.state})
		n = k.expand(n)
	}
	if n.out {
		return recvResult{fail: &Counterexample{
			Kind:     ReceiveTooEarly,
			Expected: n.actions(),
			Text: fmt.Sprintf("the new role waits for a message from %s before doing %s, which the old peers wait for first (a possible deadlock)",
				peerName(p, "the peer"), orList(n.actions())),
		}}
	}
	fromP := 0
	for _, a := range n.alts {
		if a.peer == p {
			fromP++
		}
	}
	// Alternatives from p deliver their message now; alternatives from other
	// peers may be followed by one from p (the old peers choose which).
	var direct []recvAlt
	for _, a := range n.alts {
		if a.peer == p {
			direct = append(direct, recvAlt{edge: a.edge, ctx: a.child})
		}
	}
	if fromP == len(n.alts) {
		return recvResult{alts: direct}
	}
	// Receives from other peers: the new role may receive from p first.
	var order []projection.Message
	byMsg := make(map[projection.Message]*recvAlt)
	unknown := ""
	for _, a := range n.alts {
		if a.peer == p {
			continue
		}
		r := k.consumeRecv(a.child, p, path)
		if r.fail != nil {
			r.fail.Pending = append([]Action{a.action(false)}, r.fail.Pending...)
			return r
		}
		if r.unknown != "" {
			unknown = r.unknown
			continue
		}
		for _, ra := range r.alts {
			ra.pending = append([]Action{a.action(false)}, ra.pending...)
			got, ok := byMsg[ra.edge.key]
			if !ok {
				order = append(order, ra.edge.key)
				got = &recvAlt{edge: ra.edge, ctx: &node{id: n.id}, pending: ra.pending}
				byMsg[ra.edge.key] = got
			}
			got.ctx.alts = append(got.ctx.alts, alt{edge: a.edge, child: ra.ctx})
		}
	}
	if unknown != "" {
		return recvResult{unknown: unknown}
	}
	out := direct
	for _, m := range order {
		ra := byMsg[m]
		ra.ctx = k.seal(ra.ctx)
		out = append(out, *ra)
	}
	return recvResult{alts: out, passed: n}
}

// persistent reports an action postponed at the start of a loop of the new
// role (context start) that the loop never performs, however often it is
// repeated: following the postponed actions of start through one round
// (to their place in cur, which has the same shape) never ends.
func persistent(start, cur *node) *node {
	var before, after []*node
	collect(start, &before)
	collect(cur, &after)
	i := persistentIndex(nodeIDs(before), nodeIDs(after))
	if i < 0 {
		return nil
	}
	return before[i]
}

// persistentIndex is persistent on the identities of the postponed actions
// of the two contexts, in the same order: it returns the index in before of
// an action that is never performed, or -1. Action i of before is at
// position f(i) after one round, where it is action f(i) of before in the
// next round; it is never performed when following f from i never leaves
// the actions that are still there (the walk ends in a cycle).
func persistentIndex(before, after []int) int {
	at := make(map[int]int, len(after))
	for i, id := range after {
		at[id] = i
	}
	fate := roundFates(len(before), func(j int) (int, roundFate) {
		if next, ok := at[before[j]]; ok && next < len(before) {
			return next, undecided
		}
		return 0, performed
	})
	return slices.Index(fate, forever)
}

// roundFate is what repeating a round forever does to a postponed action.
type roundFate uint8

const (
	undecided roundFate = iota
	walking             // on the walk being followed (roundFates only)
	performed           // the action is performed in some round
	escapes             // the action leaves the part of the context that repeats
	forever             // the action stays postponed: its positions cycle
)

// roundFates follows each of n positions through the rounds: step(j) is
// the position of the action at j after one round, or (with a fate other
// than undecided) what becomes of it. A walk that comes back to a position
// on it is a cycle: its actions stay postponed forever. Each position is
// walked once.
func roundFates(n int, step func(j int) (int, roundFate)) []roundFate {
	fate := make([]roundFate, n)
	var walk []int
	for i := range n {
		j, end := i, undecided
		for end == undecided {
			switch fate[j] {
			case walking:
				end = forever
			case undecided:
				fate[j] = walking
				walk = append(walk, j)
				j, end = step(j)
			default:
				end = fate[j]
			}
		}
		for _, w := range walk {
			fate[w] = end
		}
		walk = walk[:0]
	}
	return fate
}

func nodeIDs(ns []*node) []int {
	out := make([]int, len(ns))
	for i, n := range ns {
		out[i] = n.id
	}
	return out
}

func collect(n *node, out *[]*node) {
	if n.leaf {
		return
	}
	*out = append(*out, n)
	for _, a := range n.alts {
		collect(a.child, out)
	}
}

// config identifies a configuration: a state of the new type and the
// shape of the context (its structure up to the ids of the postponed
// actions).
type config struct {
	state int
	shape int32
}

// leaf returns the context that is just the old state t. Leaves are
// shared: a context is never modified once sealed.
func (k *checker) leaf(t int) *node {
	if n := k.leaves[t]; n != nil {
		return n
	}
	k.buf = append(k.buf[:0], 'L')
	k.buf = strconv.AppendInt(k.buf, int64(t), 10)
	n := &node{leaf: true, state: t, shape: k.intern()}
	k.leaves[t] = n
	return n
}

// seal computes the shape and size of an inner node whose children are
// sealed. Shapes are hash-consed, so the key of a configuration costs one
// lookup per node built, not a walk of the whole context per step.
func (k *checker) seal(n *node) *node {
	if len(n.alts) == 1 {
		// Most postponed actions have one alternative: a cheaper key.
		a := n.alts[0]
		n.size = 1 + a.child.size
		key := [3]int32{int32(a.label), a.child.shape, 0}
		if n.out {
			key[2] = 1
		}
		id, ok := k.single[key]
		if !ok {
			id = k.nextShape()
			k.single[key] = id
		}
		n.shape = id
		return n
	}
	k.buf = k.buf[:0]
	if n.out {
		k.buf = append(k.buf, '!')
	} else {
		k.buf = append(k.buf, '?')
	}
	n.size = 1
	for _, a := range n.alts {
		k.buf = strconv.AppendInt(k.buf, int64(a.label), 10)
		k.buf = append(k.buf, ':')
		k.buf = strconv.AppendInt(k.buf, int64(a.child.shape), 10)
		k.buf = append(k.buf, ',')
		n.size += a.child.size
	}
	n.shape = k.intern()
	return n
}

// intern returns the number of the shape spelled in k.buf.
func (k *checker) intern() int32 {
	if id, ok := k.shapes[string(k.buf)]; ok {
		return id
	}
	id := k.nextShape()
	k.shapes[string(k.buf)] = id
	return id
}

// nextShape numbers a new shape.
func (k *checker) nextShape() int32 {
	k.numShapes++
	return k.numShapes
}

func orList(as []Action) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return strings.Join(parts, " or ")
}

// notes collects the reorderings a proof used, for the justification.
type notes struct {
	growth []string // proofs of unbounded growth, always shown
	list   []string // reorderings, the first maxNotes shown
	seen   map[string]bool
}

const maxNotes = 4

func (n *notes) add(s string) { n.list = n.addTo(n.list, s) }

// addGrowth notes the repeating pattern of a proof by growth.
func (n *notes) addGrowth(s string) { n.growth = n.addTo(n.growth, s) }

func (n *notes) addTo(list []string, s string) []string {
	if n.seen[s] {
		return list
	}
	if n.seen == nil {
		n.seen = make(map[string]bool)
	}
	n.seen[s] = true
	return append(list, s)
}

// String renders the justification of a proof: the patterns of growth,
// then the reorderings.
func (n *notes) String() string {
	if len(n.list)+len(n.growth) == 0 {
		return "the new role performs the old role's actions in the same order"
	}
	shown := n.list
	more := ""
	if len(shown) > maxNotes {
		shown = shown[:maxNotes]
		more = fmt.Sprintf("; and %d more reorderings", len(n.list)-maxNotes)
	}
	return "the new role " + strings.Join(append(slices.Clone(n.growth), shown...), "; ") + more
}
