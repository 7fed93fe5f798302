package fsm

import (
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/projection"
)

// Global returns the graph of protocol p's interactions (see the package
// documentation). It never fails: a continue without its rec goes to a
// stuck state, as analysis reports it.
func Global(p *global.Protocol) *Machine {
	b := newBuilder(p.Name)
	return b.finish(b.block(p.Body, b.state(true), nil))
}

// block returns the state from which b runs and then continues at next.
// Statements are taken from the last to the first, each continuing with
// what follows it.
func (b *builder) block(blk global.Block, next int, env *scope) int {
	for i := len(blk) - 1; i >= 0; i-- {
		next = b.node(blk[i], next, env)
	}
	return next
}

func (b *builder) node(n global.Node, next int, env *scope) int {
	switch x := n.(type) {
	case *global.Send:
		s := b.state(false)
		b.edge(Transition{From: s, To: next, Kind: Message, Sender: x.From, Receiver: x.To, Message: x.Msg.Name, Payload: x.Msg.Payload,
			Label: x.From + " → " + x.To + " : " + projection.MessageText(x.Msg)})
		return s
	case *global.Choice:
		s := b.state(false)
		for _, br := range x.Branches {
			label := br.Label
			if br.Guard != "" {
				label += " if " + br.Guard
			}
			b.edge(Transition{From: s, To: b.block(br.Body, next, env), Kind: Branch, Sender: x.Decider, Label: x.Decider + ": " + label})
		}
		return s
	case *global.Rec:
		s := b.state(false)
		b.alias[s] = b.block(x.Body, next, &scope{name: x.Label, state: s, up: env})
		return s
	case *global.Continue:
		if s, ok := env.lookup(x.Label); ok {
			return s
		}
		return b.state(false)
	case *global.Loop:
		s := b.state(false)
		enter := "while " + x.Predicate
		if x.Kind == global.LoopRepeat {
			enter = "repeat " + x.Count
		}
		b.edge(Transition{From: s, To: b.block(x.Body, s, env), Kind: Branch, Label: enter})
		b.edge(Transition{From: s, To: next, Kind: Branch, Label: "done"})
		return s
	case *global.Par:
		for i := len(x.Branches) - 1; i >= 0; i-- {
			next = b.block(x.Branches[i], next, env)
		}
		return next
	case *global.Opaque:
		s := b.state(false)
		b.edge(Transition{From: s, To: next, Kind: Silent, Label: x.Kind})
		return s
	}
	return next
}

// Machines returns the machines of the given participants of p, whose
// local types are types, preceded by p's global graph when withGlobal is
// set: what `choreo project --format` draws.
func Machines(p *global.Protocol, types map[string]projection.Type, participants []string, withGlobal bool) []*Machine {
	var ms []*Machine
	if withGlobal {
		ms = append(ms, Global(p))
	}
	for _, r := range participants {
		ms = append(ms, Local(r, types[r]))
	}
	return ms
}
