package fsm

import (
	"github.com/choreo-lang/choreo/projection"
)

// Kind is what a transition does.
type Kind uint8

// Kinds of transition.
const (
	Send    Kind = iota // the role sends Msg to Peer
	Recv                // the role receives Msg from Peer
	Message             // global: Sender sends Msg to Receiver
	Branch              // global: the choice takes the branch Label; a loop enters or leaves
	Silent              // global: an opaque statement (Label is its kind)
)

// String names the kind as in the JSON output.
func (k Kind) String() string {
	switch k {
	case Send:
		return "send"
	case Recv:
		return "receive"
	case Message:
		return "message"
	case Branch:
		return "branch"
	}
	return "silent"
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Transition is an edge of a machine.
type Transition struct {
	From int  `json:"from"`
	To   int  `json:"to"`
	Kind Kind `json:"kind"`
	// Peer is the partner of a Send or Recv.
	Peer string `json:"peer,omitempty"`
	// Sender and Receiver are the roles of a global Message.
	Sender   string `json:"sender,omitempty"`
	Receiver string `json:"receiver,omitempty"`
	// Message and Payload are the message of a Send, Recv or Message.
	Message string `json:"message,omitempty"`
	Payload string `json:"payload,omitempty"`
	// Label is the transition as it is drawn: "!B.Msg(data: Vec<u8>)",
	// "?A.Ack", "A → B : Msg", a branch label or an opaque kind.
	Label string `json:"label"`
}

// State is a node of a machine.
type State struct {
	ID int `json:"id"`
	// Final is set on the end of the type or protocol.
	Final bool `json:"final,omitempty"`
}

// Machine is a role's communicating finite-state machine, or the graph of
// a global protocol. Its initial state is 0.
type Machine struct {
	// Name is the role, or the protocol for Global.
	Name        string       `json:"name"`
	States      []State      `json:"states"`
	Transitions []Transition `json:"transitions"`
}

// Out returns the transitions leaving state s, in order.
func (m *Machine) Out(s int) []Transition {
	var out []Transition
	for _, t := range m.Transitions {
		if t.From == s {
			out = append(out, t)
		}
	}
	return out
}

// builder collects states while a machine is built. A state may be an
// alias of another (a rec's state is its body's first state); Finish
// resolves aliases and renumbers.
type builder struct {
	name  string
	final []bool
	alias []int // -1, or the state this one stands for
	trans []Transition
	nodes map[localKey]int
}

func newBuilder(name string) *builder {
	return &builder{name: name, nodes: make(map[localKey]int)}
}

func (b *builder) state(final bool) int {
	b.final = append(b.final, final)
	b.alias = append(b.alias, -1)
	return len(b.final) - 1
}

func (b *builder) edge(t Transition) { b.trans = append(b.trans, t) }

// resolve follows aliases; an alias cycle (rec X. X) resolves to a stuck
// state of its own.
func (b *builder) resolve(s int) int {
	seen := map[int]bool{}
	for b.alias[s] >= 0 {
		if seen[s] {
			b.alias[s] = -1 // the loop does nothing: stuck here
			return s
		}
		seen[s] = true
		s = b.alias[s]
	}
	return s
}

// finish numbers the states reachable from start breadth first.
func (b *builder) finish(start int) *Machine {
	out := make(map[int][]Transition)
	for _, t := range b.trans {
		out[t.From] = append(out[t.From], t)
	}
	num := map[int]int{}
	var order []int
	visit := func(s int) int {
		s = b.resolve(s)
		if n, ok := num[s]; ok {
			return n
		}
		num[s] = len(order)
		order = append(order, s)
		return num[s]
	}
	m := &Machine{Name: b.name, States: []State{}, Transitions: []Transition{}}
	visit(start)
	for i := 0; i < len(order); i++ {
		s := order[i]
		m.States = append(m.States, State{ID: i, Final: b.final[s]})
		for _, t := range out[s] {
			t.From, t.To = i, visit(t.To)
			m.Transitions = append(m.Transitions, t)
		}
	}
	return m
}

// scope binds the recursion variables in force to their states.
type scope struct {
	name  string
	state int
	up    *scope
}

func (s *scope) lookup(name string) (int, bool) {
	for ; s != nil; s = s.up {
		if s.name == name {
			return s.state, true
		}
	}
	return 0, false
}

type localKey struct {
	t   projection.Type
	env *scope
}

// Local returns the communicating finite-state machine of role's local
// type t.
func Local(role string, t projection.Type) *Machine {
	b := newBuilder(role)
	return b.finish(b.local(t, nil))
}

func (b *builder) local(t projection.Type, env *scope) int {
	key := localKey{t, env}
	if s, ok := b.nodes[key]; ok {
		return s
	}
	var s int
	switch x := t.(type) {
	case *projection.End:
		s = b.state(true)
	case *projection.Var:
		if v, ok := env.lookup(x.Name); ok {
			return v
		}
		s = b.state(false) // unbound: stuck
	case *projection.Rec:
		s = b.state(false)
		b.alias[s] = b.local(x.Body, &scope{name: x.Var, state: s, up: env})
	case *projection.Send:
		s = b.choices(Send, []projection.Choice{{Peer: x.To, Msg: x.Msg, Next: x.Next}}, env)
	case *projection.Recv:
		s = b.choices(Recv, []projection.Choice{{Peer: x.From, Msg: x.Msg, Next: x.Next}}, env)
	case *projection.Select:
		s = b.choices(Send, x.Choices, env)
	case *projection.Branch:
		s = b.choices(Recv, x.Choices, env)
	default:
		s = b.state(false)
	}
	b.nodes[key] = s
	return s
}

func (b *builder) choices(k Kind, cs []projection.Choice, env *scope) int {
	s := b.state(false)
	sigil := "!"
	if k == Recv {
		sigil = "?"
	}
	for _, c := range cs {
		b.edge(Transition{From: s, To: b.local(c.Next, env), Kind: k, Peer: c.Peer, Message: c.Msg.Name, Payload: c.Msg.Payload,
			Label: sigil + c.Peer + "." + projection.MessageText(c.Msg)})
	}
	return s
}
