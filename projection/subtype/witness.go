package subtype

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Witnesses of unbounded growth: see the package documentation, "Growing
// contexts", for the conditions checked here (numbered as there) and why
// they are sound.

// eventKind classifies what the search met, for checking witnesses.
type eventKind uint8

const (
	evRecvLeaf eventKind = iota // a receive expanded a leaf (state)
	evHit                       // a cached proof was used (ctx)
)

type event struct {
	kind  eventKind
	state int
	ctx   *node
}

func (k *checker) record(e event) { k.events = append(k.events, e) }

// growth is an accepted growing configuration: its context is sigma
// applied to the context of the frame it repeats.
type growth struct {
	sigma map[int]*node
	from  *frame
	k     *checker
}

// maxGrowthCandidates bounds the frames compared with a configuration to
// find the one it grows from (the nearest ones with the same state). A
// context may only show a growth at its leaves several rounds later, when
// the new role's rounds come back to the same phase of an old loop (seven
// rounds in twinstar/ex2 of testdata/literature.txt); eight keeps the
// comparisons cheap on deep paths.
const maxGrowthCandidates = 8

// growth looks for a frame on the stack that configuration (s, c) grows
// from, and returns it with the growth, or nil. When the round from the
// frame can be repeated forever (its steps commute with the growth) but
// leaves an action postponed forever, that action is returned instead:
// a definite orphan message or starving peer.
func (k *checker) growth(s int, c *node) (*frame, *growth, *node) {
	tried := 0
	for i := len(k.path) - 1; i >= 0 && tried < maxGrowthCandidates; i-- {
		f := k.path[i]
		if f.state != s || f.ctx.size >= c.size {
			continue
		}
		tried++
		if f.ctx.leaf {
			continue
		}
		sigma := make(map[int]*node)
		if !k.matchGrowth(f.ctx, c, sigma) {
			continue
		}
		g := &growth{sigma: sigma, from: f, k: k}
		if live, stuck := growthLive(f.ctx, c); !live {
			if stuck != nil && k.sendsCommute(s, g) && k.repeatable(f, g) {
				return nil, nil, stuck
			}
			continue
		}
		if f.noWitness || !k.sendsCommute(s, g) {
			continue
		}
		return f, g, nil
	}
	return nil, nil, nil
}

// repeatable reports whether no receive since f was explored expanded a
// leaf g grows: with the sends commuting, the round from f then repeats
// on σⁿ of f's context as it ran on f's.
func (k *checker) repeatable(f *frame, g *growth) bool {
	for _, e := range k.events[f.events:] {
		if e.kind == evRecvLeaf && g.grows(e.state) {
			return false
		}
	}
	return true
}

// matchGrowth reports whether cur is sigma(start) for a substitution of
// start's leaves consistent with sigma, extending sigma. A leaf that must
// stay as it is maps to itself, so that sigma cannot replace it later.
func (k *checker) matchGrowth(start, cur *node, sigma map[int]*node) bool {
	if start.leaf {
		if g, ok := sigma[start.state]; ok {
			return g.shape == cur.shape
		}
		if !cur.leaf || cur.state != start.state {
			if k.sup.states[start.state].kind == kindEnd {
				return false
			}
		}
		sigma[start.state] = cur
		return true
	}
	if cur.leaf || cur.out != start.out || len(cur.alts) != len(start.alts) {
		return false
	}
	for i, a := range start.alts {
		if cur.alts[i].label != a.label || !k.matchGrowth(a.child, cur.alts[i].child, sigma) {
			return false
		}
	}
	return true
}

// grows reports whether sigma replaces the leaves of state t.
func (g *growth) grows(t int) bool {
	r, ok := g.sigma[t]
	return ok && !(r.leaf && r.state == t)
}

// growthLive reports whether, repeating the round from start to cur
// forever, every action postponed in start is performed after finitely
// many rounds. The round treats the part of cur at start's positions as it
// treated start (cur = σ(start)), so it moves the action at a position to
// the same position each round: follow the actions through the rounds as
// persistent does. An action that moves below start's leaves is not
// followed, and counts as not performed. An action that stays postponed
// forever (its position cycles) is returned.
func growthLive(start, cur *node) (bool, *node) {
	var before, after []*node
	parallel(start, cur, &before, &after)
	at := make(map[int]int, len(after))
	for i, n := range after {
		at[n.id] = i
	}
	var all []*node
	collect(cur, &all)
	below := make(map[int]bool)
	for _, n := range all {
		if _, ok := at[n.id]; !ok {
			below[n.id] = true
		}
	}
	// Follow each position to the next until its action is performed,
	// moves below, or cycles (never performed).
	fate := roundFates(len(before), func(j int) (int, roundFate) {
		if below[before[j].id] {
			return 0, escapes
		}
		if next, ok := at[before[j].id]; ok {
			return next, undecided
		}
		return 0, performed // in the round
	})
	for i, f := range fate {
		switch f {
		case forever:
			return false, before[i]
		case escapes:
			return false, nil
		}
	}
	return true, nil
}

// parallel lists in preorder the inner nodes of start, and the nodes of
// cur at the same positions (cur has start's shape on start's inner nodes).
func parallel(start, cur *node, before, after *[]*node) {
	if start.leaf {
		return
	}
	*before = append(*before, start)
	*after = append(*after, cur)
	for i, a := range start.alts {
		parallel(a.child, cur.alts[i].child, before, after)
	}
}

// apply returns sigma(n).
func (g *growth) apply(n *node) *node {
	if n.leaf {
		if r, ok := g.sigma[n.state]; ok {
			return r
		}
		return n
	}
	alts := make([]alt, len(n.alts))
	for i, a := range n.alts {
		alts[i] = alt{edge: a.edge, child: g.apply(a.child)}
	}
	return g.k.seal(&node{id: n.id, out: n.out, alts: alts})
}

// sendsCommute checks condition 2: every send the new role can perform
// from s gives the same result from sigma(t) as sigma of its result from
// t. The results may show how sigma grows leaves the configurations did
// not show (sending from t moves the leaf to another state, which grows
// alike): sigma is extended with them, and they are checked in turn.
func (k *checker) sendsCommute(s int, g *growth) bool {
	key := sigmaKey(s, g.sigma)
	if r, ok := k.commute[key]; ok {
		if r.ok {
			g.sigma = maps.Clone(r.sigma)
		}
		return r.ok
	}
	ok := k.sendsCommuteOnce(s, g)
	k.commute[key] = commuted{ok, maps.Clone(g.sigma)}
	return ok
}

// commuted memoises sendsCommute: whether the sends commute, and sigma as
// extended.
type commuted struct {
	ok    bool
	sigma map[int]*node
}

// sigmaKey identifies a new state and a substitution.
func sigmaKey(s int, sigma map[int]*node) string {
	b := strconv.AppendInt(nil, int64(s), 10)
	for _, t := range slices.Sorted(maps.Keys(sigma)) {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(t), 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(sigma[t].shape), 10)
	}
	return string(b)
}

func (k *checker) sendsCommuteOnce(s int, g *growth) bool {
	var todo []int
	for t := range g.sigma {
		if g.grows(t) {
			todo = append(todo, t)
		}
	}
	if len(todo) == 0 {
		return false
	}
	checked := make(map[int]bool)
	for len(todo) > 0 {
		t := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if checked[t] {
			continue
		}
		checked[t] = true
		for _, e := range k.reachableSends(s) {
			direct := k.consumeSend(g.sigma[t], e, nil, 0)
			viaLeaf := k.consumeSend(k.leaf(t), e, nil, 0)
			switch {
			case direct.unknown != "" || viaLeaf.unknown != "":
				return false
			case (direct.fail == nil) != (viaLeaf.fail == nil):
				return false
			case direct.fail != nil:
				continue
			}
			if direct.guess != viaLeaf.guess || !k.matchGrowth(viaLeaf.node, direct.node, g.sigma) {
				return false
			}
			for u := range g.sigma {
				if g.grows(u) && !checked[u] {
					todo = append(todo, u)
				}
			}
		}
	}
	return true
}

// reachableSends returns the send edges of the new type reachable from s.
func (k *checker) reachableSends(s int) []edge {
	if es, ok := k.sendsFrom[s]; ok {
		return es
	}
	seen := map[int]bool{s: true}
	todo := []int{s}
	var out []edge
	for len(todo) > 0 {
		st := k.sub.states[todo[len(todo)-1]]
		todo = todo[:len(todo)-1]
		for _, e := range st.edges {
			if st.kind == kindOut {
				out = append(out, e)
			}
			if !seen[e.next] {
				seen[e.next] = true
				todo = append(todo, e.next)
			}
		}
	}
	k.sendsFrom[s] = out
	return out
}

// witness checks conditions 3 and 4 on the subtree of f, whose
// exploration succeeded assuming f.growths and relies on no frame above
// f. The growths are f's own and those of frames below whose subtree
// relied on f: together they form the witness, each checked against all
// of it. (Growths of frames below that were proved by their own witness
// need no check here: their configurations scaled by f's growths are
// covered by f's conditions.)
func (k *checker) witness(f *frame) bool {
	for _, e := range k.events[f.events:] {
		switch e.kind {
		case evRecvLeaf:
			if k.replaced(f, e.state) {
				return false
			}
		case evHit:
			if k.touches(f, e.ctx) {
				return false
			}
		}
	}
	// Growths deferred from frames below must also commute with the sends
	// of the whole witness.
	for _, g := range f.growths {
		if g.from != f && !k.sendsCommute(f.state, g) {
			return false
		}
	}
	return true
}

// replaced reports whether a growth of f replaces leaves of state t.
func (k *checker) replaced(f *frame, t int) bool {
	for _, g := range f.growths {
		if g.grows(t) {
			return true
		}
	}
	return false
}

// touches reports whether context n has a leaf a growth of f replaces.
func (k *checker) touches(f *frame, n *node) bool {
	if n.leaf {
		return k.replaced(f, n.state)
	}
	for _, a := range n.alts {
		if k.touches(f, a.child) {
			return true
		}
	}
	return false
}

// note describes the growth for the justification.
func (g *growth) note() string {
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(g.sigma)) {
		if p := pattern(g.sigma[t]); g.grows(t) && !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	return fmt.Sprintf("runs ahead of the old role without bound: each round adds %s to the postponed actions, and performs them in later rounds", strings.Join(parts, " and "))
}

// pattern renders the postponed actions of a context, "…" standing for
// the old role's remaining actions.
func pattern(n *node) string {
	if n.leaf {
		return "…"
	}
	if items, ok := chainItems(n); ok {
		return repeated(items, "; ")
	}
	alts := make([]string, len(n.alts))
	for i, a := range n.alts {
		alts[i] = a.action(n.out).String()
		if !a.child.leaf {
			alts[i] += "; " + pattern(a.child)
		}
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "{" + strings.Join(alts, " | ") + "}"
}

// chainItems returns the postponed actions of a context without choices,
// in order.
func chainItems(n *node) ([]string, bool) {
	var items []string
	for ; !n.leaf; n = n.alts[0].child {
		if len(n.alts) != 1 {
			return nil, false
		}
		items = append(items, n.alts[0].action(n.out).String())
	}
	return items, true
}

// repeated joins items with sep, writing a sequence of more than four
// items that repeats a block k times as "k × (block)".
func repeated(items []string, sep string) string {
	for p := 1; len(items) > 4 && p <= len(items)/2; p++ {
		if len(items)%p == 0 && periodic(items, p) {
			return fmt.Sprintf("%d × (%s)", len(items)/p, strings.Join(items[:p], sep))
		}
	}
	return strings.Join(items, sep)
}

func periodic(items []string, p int) bool {
	for i := p; i < len(items); i++ {
		if items[i] != items[i-p] {
			return false
		}
	}
	return true
}
