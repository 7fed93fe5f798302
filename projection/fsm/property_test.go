package fsm_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/choreo-lang/choreo/internal/gen/globalgen"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/projection/fsm"
)

// TestLocalBisimilar checks, on the projections of random protocols, that
// each role's machine does what its local type does: walking both in
// lockstep (a rec unfolds to its body, a variable goes back to its rec),
// every state offers exactly the type's next actions, with the same
// labels, and leads to a state matching each continuation; end states are
// final and only they.
func TestLocalBisimilar(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := globalgen.Generator(globalgen.Options{Family: true, LoopBranches: true}).Draw(t, "protocol")
		types, _ := projection.Project(p)
		for _, r := range p.Participants() {
			m := fsm.Local(r, types[r])
			b := bisim{t: t, m: m, seen: map[pair]bool{}, envs: map[env]*env{}}
			b.check(types[r], nil, 0)
		}
	})
}

type env struct {
	name string
	rec  *projection.Rec
	up   *env
}

type pair struct {
	t     projection.Type
	e     *env
	state int
}

type bisim struct {
	t    *rapid.T
	m    *fsm.Machine
	seen map[pair]bool
	envs map[env]*env
}

// bind returns the scope of rec inside up, the same one each time, so that
// going round a loop comes back to a pair already seen.
func (b *bisim) bind(rec *projection.Rec, up *env) *env {
	k := env{name: rec.Var, rec: rec, up: up}
	if e, ok := b.envs[k]; ok {
		return e
	}
	e := &k
	b.envs[k] = e
	return e
}

func (b *bisim) check(t projection.Type, e *env, state int) {
	for {
		if rec, ok := t.(*projection.Rec); ok {
			e = b.bind(rec, e)
			t = rec.Body
			continue
		}
		v, ok := t.(*projection.Var)
		if !ok {
			break
		}
		for ; e != nil && e.name != v.Name; e = e.up {
		}
		if e == nil {
			b.t.Fatalf("%s: free variable %s", b.m.Name, v.Name)
		}
		t, e = e.rec, e.up
	}
	key := pair{t, e, state}
	if b.seen[key] {
		return
	}
	b.seen[key] = true
	var cs []projection.Choice
	sigil := "!"
	switch x := t.(type) {
	case *projection.End:
		if !b.m.States[state].Final || len(b.m.Out(state)) > 0 {
			b.t.Fatalf("%s: end is state %d, which is not a final state without transitions", b.m.Name, state)
		}
		return
	case *projection.Send:
		cs = []projection.Choice{{Peer: x.To, Msg: x.Msg, Next: x.Next}}
	case *projection.Recv:
		cs, sigil = []projection.Choice{{Peer: x.From, Msg: x.Msg, Next: x.Next}}, "?"
	case *projection.Select:
		cs = x.Choices
	case *projection.Branch:
		cs, sigil = x.Choices, "?"
	}
	out := b.m.Out(state)
	if len(out) != len(cs) || b.m.States[state].Final {
		b.t.Fatalf("%s: state %d has %d transitions (final %v) where the type %s has %d alternatives",
			b.m.Name, state, len(out), b.m.States[state].Final, projection.Session(t), len(cs))
	}
	for i, c := range cs {
		want := sigil + c.Peer + "." + projection.MessageText(c.Msg)
		if out[i].Label != want || out[i].Peer != c.Peer || out[i].Message != c.Msg.Name || out[i].Payload != c.Msg.Payload {
			b.t.Fatalf("%s: state %d's transition %d is %+v, want %s", b.m.Name, state, i, out[i], want)
		}
		b.check(c.Next, e, out[i].To)
	}
}
