package subtype

import (
	"fmt"
	"maps"
	"slices"
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
	evBack                      // an assumption on the stack frame at depth was used (ctx)
	evGrowth                    // a growth of the frame at depth was assumed
)

type event struct {
	kind  eventKind
	state int
	depth int
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
// find the one it grows from (the nearest ones with the same state).
const maxGrowthCandidates = 4

// growth looks for a frame on the stack that configuration (s, c) grows
// from, and returns it with the growth, or nil.
func (k *checker) growth(s int, c *node) (*frame, *growth) {
	tried := 0
	for i := len(k.path) - 1; i >= 0 && tried < maxGrowthCandidates; i-- {
		f := k.path[i]
		if f.state != s || f.ctx.size >= c.size {
			continue
		}
		tried++
		if f.noWitness || f.ctx.leaf {
			continue
		}
		sigma := make(map[int]*node)
		if !k.matchGrowth(f.ctx, c, sigma) || len(sigma) == 0 {
			continue
		}
		g := &growth{sigma: sigma, from: f, k: k}
		if postponedStill(f.ctx, c) || !k.sendsCommute(s, g) {
			continue
		}
		return f, g
	}
	return nil, nil
}

// matchGrowth reports whether cur is sigma(start) for a substitution of
// start's leaves, recording the leaves that change in sigma.
func (k *checker) matchGrowth(start, cur *node, sigma map[int]*node) bool {
	if start.leaf {
		if g, ok := sigma[start.state]; ok {
			return g.shape == cur.shape
		}
		if cur.leaf && cur.state == start.state {
			return true
		}
		if k.sup.states[start.state].kind == kindEnd {
			return false
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

// postponedStill reports whether an action postponed in start is still
// postponed in cur.
func postponedStill(start, cur *node) bool {
	ids := make(map[int]bool)
	var in []*node
	collect(start, &in)
	for _, n := range in {
		ids[n.id] = true
	}
	in = in[:0]
	collect(cur, &in)
	for _, n := range in {
		if ids[n.id] {
			return true
		}
	}
	return false
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
// from s gives the same result from sigma(t) as sigma of its result from t.
func (k *checker) sendsCommute(s int, g *growth) bool {
	for _, e := range k.reachableSends(s) {
		for t, gt := range g.sigma {
			direct := k.consumeSend(gt, e, nil, 0)
			viaLeaf := k.consumeSend(k.leaf(t), e, nil, 0)
			switch {
			case direct.unknown != "" || viaLeaf.unknown != "":
				return false
			case (direct.fail == nil) != (viaLeaf.fail == nil):
				return false
			case direct.fail == nil && (direct.guess != viaLeaf.guess || direct.node.shape != g.apply(viaLeaf.node).shape):
				return false
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
// exploration succeeded assuming f.growths.
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
		case evBack:
			if e.depth < f.depth && k.touches(f, e.ctx) {
				return false
			}
		case evGrowth:
			if e.depth != f.depth {
				return false
			}
		}
	}
	return true
}

// replaced reports whether a growth of f replaces leaves of state t.
func (k *checker) replaced(f *frame, t int) bool {
	for _, g := range f.growths {
		if _, ok := g.sigma[t]; ok {
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
	states := slices.Sorted(maps.Keys(g.sigma))
	parts := make([]string, len(states))
	for i, t := range states {
		parts[i] = pattern(g.sigma[t])
	}
	return fmt.Sprintf("runs ahead of the old role without bound: each round adds %s to the postponed actions, and performs them in later rounds", strings.Join(parts, " and "))
}

// pattern renders the postponed actions of a context, "…" standing for
// the old role's remaining actions.
func pattern(n *node) string {
	if n.leaf {
		return "…"
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
