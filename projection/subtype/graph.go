package subtype

import (
	"fmt"

	"github.com/choreo-lang/choreo/projection"
)

// kind is what a state of a local type does next.
type kind uint8

const (
	kindEnd   kind = iota
	kindOut        // a send or an internal choice
	kindIn         // a receive or an external choice
	kindAlias      // rec/var indirection, resolved away by build
)

// edge is one alternative of a state: a message to or from peer, and the
// state after it.
type edge struct {
	peer   string
	msg    projection.Message // as written, for messages
	key    projection.Message // canonical payload, for comparisons
	next   int
	label  int // the same for equal (peer, msg) within one graph
	origin int // the global send the action projects (0 when unknown)
}

type state struct {
	kind   kind
	edges  []edge
	target int // kindAlias only
}

// graph is a local type as a finite automaton: recursion becomes cycles,
// so two unfoldings of the same rec are the same state. State 0 is the
// initial state.
type graph struct {
	states []state
	// built maps a subtree and its scope to its state while the graph is
	// built, so subtrees shared by the type (projections share the
	// continuations of choices) become one state.
	built map[builtKey]int
}

type builtKey struct {
	t   projection.Type
	env *scope
}

// peers returns the set of peers the type communicates with.
func (g *graph) peers() map[string]bool {
	out := make(map[string]bool)
	for _, s := range g.states {
		for _, e := range s.edges {
			out[e.peer] = true
		}
	}
	return out
}

// pairPeers returns the set of peers either type communicates with.
func pairPeers(sub, sup *graph) map[string]bool {
	out := sub.peers()
	for p := range sup.peers() {
		out[p] = true
	}
	return out
}

// buildGraph converts t to a graph. It fails on unbound variables and on
// unguarded recursion (rec X. X), which have no behaviour.
func buildGraph(t projection.Type) (*graph, error) {
	b := &graph{built: make(map[builtKey]int)}
	root, err := b.add(t, nil)
	if err != nil {
		return nil, err
	}
	return b.resolve(root)
}

// buildPair converts the new and the old type of a check, saying which
// one is malformed.
func buildPair(newT, oldT projection.Type) (sub, sup *graph, err error) {
	if sub, err = buildGraph(newT); err != nil {
		return nil, nil, fmt.Errorf("new type: %w", err)
	}
	if sup, err = buildGraph(oldT); err != nil {
		return nil, nil, fmt.Errorf("old type: %w", err)
	}
	return sub, sup, nil
}

type scope struct {
	name  string
	state int
	up    *scope
}

func (g *graph) newState(s state) int {
	g.states = append(g.states, s)
	return len(g.states) - 1
}

func (g *graph) add(t projection.Type, env *scope) (int, error) {
	if _, ok := t.(*projection.Var); !ok {
		if id, ok := g.built[builtKey{t, env}]; ok {
			return id, nil
		}
	}
	id, err := g.addNew(t, env)
	if err == nil {
		g.built[builtKey{t, env}] = id
	}
	return id, err
}

func (g *graph) addNew(t projection.Type, env *scope) (int, error) {
	switch t := t.(type) {
	case *projection.End:
		return g.newState(state{kind: kindEnd}), nil
	case *projection.Send:
		return g.addChoices(kindOut, []projection.Choice{{Peer: t.To, Msg: t.Msg, Origin: t.Origin, Next: t.Next}}, env)
	case *projection.Recv:
		return g.addChoices(kindIn, []projection.Choice{{Peer: t.From, Msg: t.Msg, Origin: t.Origin, Next: t.Next}}, env)
	case *projection.Select:
		return g.addChoices(kindOut, t.Choices, env)
	case *projection.Branch:
		return g.addChoices(kindIn, t.Choices, env)
	case *projection.Rec:
		id := g.newState(state{kind: kindAlias})
		body, err := g.add(t.Body, &scope{name: t.Var, state: id, up: env})
		if err != nil {
			return 0, err
		}
		g.states[id].target = body
		return id, nil
	case *projection.Var:
		for s := env; s != nil; s = s.up {
			if s.name == t.Name {
				return s.state, nil
			}
		}
		return 0, fmt.Errorf("unbound recursion variable %q", t.Name)
	case nil:
		return 0, fmt.Errorf("missing type")
	}
	return 0, fmt.Errorf("unknown local type %T", t)
}

func (g *graph) addChoices(k kind, cs []projection.Choice, env *scope) (int, error) {
	if len(cs) == 0 {
		return 0, fmt.Errorf("empty choice")
	}
	id := g.newState(state{kind: k})
	edges := make([]edge, len(cs))
	for i, c := range cs {
		next, err := g.add(c.Next, env)
		if err != nil {
			return 0, err
		}
		edges[i] = edge{peer: c.Peer, msg: c.Msg, key: normalize(c.Msg), next: next, origin: c.Origin}
	}
	g.states[id].edges = edges
	return id, nil
}

// normalize puts the payload in canonical form, so that spelling inside
// the parentheses does not count as a payload change.
func normalize(m projection.Message) projection.Message {
	m.Payload = projection.CanonicalPayload(m.Payload)
	return m
}

// resolve removes alias states and renumbers so that root becomes state 0.
func (g *graph) resolve(root int) (*graph, error) {
	final := func(id int) (int, error) {
		for steps := 0; g.states[id].kind == kindAlias; steps++ {
			if steps > len(g.states) {
				return 0, fmt.Errorf("unguarded recursion (rec X. X has no behaviour)")
			}
			id = g.states[id].target
		}
		return id, nil
	}
	renum := make(map[int]int)
	labels := make(map[[2]string]int)
	out := &graph{}
	var visit func(id int) (int, error)
	visit = func(id int) (int, error) {
		id, err := final(id)
		if err != nil {
			return 0, err
		}
		if n, ok := renum[id]; ok {
			return n, nil
		}
		n := len(out.states)
		renum[id] = n
		out.states = append(out.states, state{kind: g.states[id].kind})
		edges := make([]edge, len(g.states[id].edges))
		for i, e := range g.states[id].edges {
			next, err := visit(e.next)
			if err != nil {
				return 0, err
			}
			lk := [2]string{e.peer, e.key.Name + "(" + e.key.Payload}
			label, ok := labels[lk]
			if !ok {
				label = len(labels)
				labels[lk] = label
			}
			edges[i] = edge{peer: e.peer, msg: e.msg, key: e.key, next: next, label: label, origin: e.origin}
		}
		out.states[n].edges = edges
		return n, nil
	}
	if _, err := visit(root); err != nil {
		return nil, err
	}
	return out, nil
}

// Action is one communication of a role: a send to or a receive from Peer.
type Action struct {
	Send    bool
	Peer    string
	Message projection.Message
	// Origin is the global.Send.ID the action projects, when the local
	// type came from a protocol (0 otherwise): surfaces use it to point at
	// the source.
	Origin int
}

// String renders the action in session notation: "!B.Ping" or "?A.Pong(u32)",
// or "!ping" when the peer is projection.OnlyPeer.
func (a Action) String() string {
	sigil := "?"
	if a.Send {
		sigil = "!"
	}
	if a.Peer == projection.OnlyPeer {
		return sigil + projection.MessageText(a.Message)
	}
	return sigil + a.Peer + "." + projection.MessageText(a.Message)
}

func (e edge) action(send bool) Action {
	return Action{Send: send, Peer: e.peer, Message: e.msg, Origin: e.origin}
}
