// Package monitor checks the traffic of a protocol session, live or
// recorded, against every role's local type: the compiled programs of a
// runtime.Image. It consumes trace events (runtime.Event: the JSON-lines
// event format of docs/events.md) and reports the first violation — a
// message a role's local type does not allow there, a branch its choice
// does not offer, a receive out of per-pair order, a message never
// received, or a role that stops before its end — with the role, the
// message and the source location of the send the role should have made.
//
// Events of one role must arrive in the order the role produced them;
// events of different roles may interleave in any order (a receive seen
// before its send waits for it). Received events are optional: when a
// role's trace has none, each of its receives is taken to happen as soon
// as the message it expects heads its buffer.
package monitor

import (
	"fmt"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/runtime"
)

// Kind classifies a violation.
type Kind string

// Violation kinds.
const (
	WrongMessage Kind = "wrong-message" // a send or receive the local type does not allow here
	WrongBranch  Kind = "wrong-branch"  // a choice label the role's choice does not offer
	OutOfOrder   Kind = "out-of-order"  // a receive that is not the oldest message of its pair
	Orphan       Kind = "orphan"        // a message left unreceived at the end
	Unfinished   Kind = "unfinished"    // a role that did not reach its end
	Unsent       Kind = "unsent"        // a receive of a message never sent
)

// Violation is the first departure of the traffic from the protocol.
type Violation struct {
	Kind  Kind
	Index int            // index of the offending event in the stream; -1 at the end
	Event *runtime.Event // the offending event (nil at the end)
	Role  string         // the role that departed
	Msg   string         // the message involved
	// Expected describes what the local type allows, in session notation
	// ("!Seller.Bid", "one of ?Seller.accept, ?Seller.reject").
	Expected string
	// Span is the source location of the send the role should have made
	// (for an orphan: of the message's send); zero when there is none.
	Span   diag.Span
	Reason string
}

// Error implements error.
func (v *Violation) Error() string { return v.Reason }

type pending struct {
	msg    int32 // message index
	action int32
}

type role struct {
	pc     int32
	chosen string // the label of a selected event whose send is still to come
	// explicit is set once the role's trace has a received event: its
	// receives are then never taken implicitly.
	explicit bool
	backlog  []item // events not yet applied: a receive can wait for its send
}

type item struct {
	index int
	ev    runtime.Event
}

// Monitor checks one session. It is not safe for concurrent use.
type Monitor struct {
	img    *runtime.Image
	spans  map[int]diag.Span // global send ID -> source span
	roles  []role
	queues [][]pending // from*n + to
	n      int
	index  int
	err    *Violation
}

// New returns a monitor for a session of img.
func New(img *runtime.Image) *Monitor {
	n := len(img.Participants)
	m := &Monitor{img: img, spans: make(map[int]diag.Span), roles: make([]role, n), queues: make([][]pending, n*n), n: n}
	global.Walk(img.Protocol.Body, func(nd global.Node) {
		if s, ok := nd.(*global.Send); ok {
			m.spans[s.ID] = s.Span
		}
	})
	for r := range m.roles {
		m.roles[r].pc = m.follow(r, 0)
	}
	return m
}

// follow skips jumps from pc.
func (m *Monitor) follow(r int, pc int32) int32 {
	code := m.img.Programs[r].Code
	for code[pc].Op == runtime.OpJump {
		pc = code[pc].A
	}
	return pc
}

// Done reports whether every role has reached its end with nothing left
// to receive (only traces with received events get there before End).
func (m *Monitor) Done() bool {
	for r := range m.roles {
		if m.instr(r).Op != runtime.OpHalt || len(m.roles[r].backlog) > 0 {
			return false
		}
	}
	for _, q := range m.queues {
		if len(q) > 0 {
			return false
		}
	}
	return true
}

// Event checks one event and returns the first violation, if any (once a
// violation is found it is returned again for every later event).
func (m *Monitor) Event(e runtime.Event) *Violation {
	if m.err != nil {
		return m.err
	}
	i := m.index
	m.index++
	r := m.img.Role(e.Role)
	if r < 0 {
		switch e.Kind {
		case runtime.EvSent, runtime.EvReceived, runtime.EvSelected, runtime.EvHalted:
			return m.fail(&Violation{Kind: WrongMessage, Index: i, Event: &e, Role: e.Role, Msg: e.Msg,
				Reason: fmt.Sprintf("event %d: %s is not a role of %s", i, e.Role, m.img.Protocol.Name)})
		}
		return nil
	}
	if e.Kind == runtime.EvReceived {
		m.roles[r].explicit = true
	}
	m.roles[r].backlog = append(m.roles[r].backlog, item{i, e})
	return m.drain()
}

// End checks the end of the traffic: every event applied, every message
// received and every role at its end.
func (m *Monitor) End() *Violation {
	if m.err != nil || m.drain() != nil {
		return m.err
	}
	for r := range m.roles {
		if b := m.roles[r].backlog; len(b) > 0 {
			it := b[0]
			exp, span := m.expected(r)
			return m.fail(&Violation{Kind: kindOf(it.ev), Index: it.index, Event: &it.ev, Role: it.ev.Role, Msg: it.ev.Msg, Expected: exp, Span: span,
				Reason: fmt.Sprintf("event %d: %s, but %s expects %s, which never arrived", it.index, runtime.Describe(&it.ev), it.ev.Role, exp)})
		}
	}
	for r := range m.roles {
		m.implicit(r)
	}
	for q, msgs := range m.queues {
		if len(msgs) > 0 {
			p := msgs[0]
			from, to := m.img.Participants[q/m.n], m.img.Participants[q%m.n]
			name := m.img.Messages[p.msg].Name
			return m.fail(&Violation{Kind: Orphan, Index: -1, Role: to, Msg: name, Span: m.spanOf(p.action),
				Reason: fmt.Sprintf("%s -> %s : %s was never received (%d message(s) left)", from, to, name, len(msgs))})
		}
	}
	for r := range m.roles {
		if m.instr(r).Op != runtime.OpHalt {
			exp, span := m.expected(r)
			role := m.img.Participants[r]
			return m.fail(&Violation{Kind: Unfinished, Index: -1, Role: role, Expected: exp, Span: span,
				Reason: fmt.Sprintf("%s did not reach its end: it expects %s", role, exp)})
		}
	}
	return nil
}

func kindOf(e runtime.Event) Kind {
	if e.Kind == runtime.EvReceived {
		return Unsent
	}
	return WrongMessage
}

func (m *Monitor) fail(v *Violation) *Violation {
	if v.Span != (diag.Span{}) {
		v.Reason += fmt.Sprintf(" (expected send at %d:%d)", v.Span.Start.Line+1, v.Span.Start.Col+1)
	}
	m.err = v
	return v
}

// drain applies every role's backlog as far as it can.
func (m *Monitor) drain() *Violation {
	for progress := true; progress; {
		progress = false
		for r := range m.roles {
			for len(m.roles[r].backlog) > 0 {
				it := m.roles[r].backlog[0]
				v, blocked := m.apply(r, it.index, &it.ev)
				if v != nil {
					return m.fail(v)
				}
				if blocked {
					break
				}
				m.roles[r].backlog = m.roles[r].backlog[1:]
				progress = true
			}
		}
	}
	return nil
}

func (m *Monitor) instr(r int) runtime.Instr { return m.img.Programs[r].Code[m.roles[r].pc] }

func (m *Monitor) advance(r int, pc int32) { m.roles[r].pc = m.follow(r, pc) }

func (m *Monitor) queue(from, to int) *[]pending { return &m.queues[from*m.n+to] }

// implicit takes the receives of role r whose messages head their
// buffers (for traces without received events).
func (m *Monitor) implicit(r int) {
	for !m.roles[r].explicit {
		p := m.img.Programs[r]
		in := m.instr(r)
		switch in.Op {
		case runtime.OpRecv:
			q := m.queue(int(in.A), r)
			if len(*q) == 0 || (*q)[0].msg != in.B {
				return
			}
			*q = (*q)[1:]
			m.advance(r, m.roles[r].pc+1)
		case runtime.OpOffer:
			taken := false
			for _, a := range p.Choices[in.A].Alts {
				q := m.queue(int(a.Peer), r)
				if len(*q) > 0 && (*q)[0].msg == a.Msg {
					*q = (*q)[1:]
					m.advance(r, a.Target+1)
					taken = true
					break
				}
			}
			if !taken {
				return
			}
		default:
			return
		}
	}
}

// apply checks event e of role r against its local type. blocked means
// the event must wait for another role's send.
func (m *Monitor) apply(r, index int, e *runtime.Event) (v *Violation, blocked bool) {
	p := m.img.Programs[r]
	role := m.img.Participants[r]
	bad := func(kind Kind) *Violation {
		exp, span := m.expected(r)
		return &Violation{Kind: kind, Index: index, Event: e, Role: role, Msg: e.Msg, Expected: exp, Span: span,
			Reason: fmt.Sprintf("event %d (step %d): %s, but %s expects %s", index, e.Step, runtime.Describe(e), role, exp)}
	}
	switch e.Kind {
	case runtime.EvSent, runtime.EvSelected, runtime.EvHalted:
		m.implicit(r)
		in := m.instr(r)
		if in.Op == runtime.OpRecv || in.Op == runtime.OpOffer {
			return nil, true // its receive may still arrive; End reports it otherwise
		}
		switch e.Kind {
		case runtime.EvHalted:
			if in.Op != runtime.OpHalt {
				return bad(WrongMessage), false
			}
			return nil, false
		case runtime.EvSelected:
			if in.Op != runtime.OpSelect {
				return bad(WrongBranch), false
			}
			for _, a := range p.Choices[in.A].Alts {
				if m.img.AltLabel(a) == e.Label {
					m.roles[r].chosen = e.Label
					return nil, false
				}
			}
			v := bad(WrongBranch)
			v.Reason = fmt.Sprintf("event %d (step %d): %s chooses %q, but its choice offers %s", index, e.Step, role, e.Label, v.Expected)
			return v, false
		}
		peer := m.img.Role(e.Peer)
		switch in.Op {
		case runtime.OpSend:
			if int(in.A) == peer && m.img.Messages[in.B].Name == e.Msg {
				m.push(r, peer, in.B, in.C)
				m.advance(r, m.roles[r].pc+1)
				return nil, false
			}
		case runtime.OpSelect:
			chosen := m.roles[r].chosen
			m.roles[r].chosen = ""
			for _, a := range p.Choices[in.A].Alts {
				if int(a.Peer) == peer && m.img.Messages[a.Msg].Name == e.Msg {
					if chosen != "" && m.img.AltLabel(a) != chosen {
						v := bad(WrongBranch)
						v.Reason = fmt.Sprintf("event %d (step %d): %s, but %s chose %q", index, e.Step, runtime.Describe(e), role, chosen)
						return v, false
					}
					t := p.Code[a.Target]
					m.push(r, peer, t.B, t.C)
					m.advance(r, a.Target+1)
					return nil, false
				}
			}
			return bad(WrongBranch), false
		}
		return bad(WrongMessage), false
	case runtime.EvReceived:
		from := m.img.Role(e.Peer)
		in := m.instr(r)
		var want []runtime.Alt
		switch in.Op {
		case runtime.OpRecv:
			want = []runtime.Alt{{Peer: in.A, Msg: in.B, Target: m.roles[r].pc}}
		case runtime.OpOffer:
			want = p.Choices[in.A].Alts
		default:
			return bad(WrongMessage), false
		}
		for _, a := range want {
			if int(a.Peer) != from || m.img.Messages[a.Msg].Name != e.Msg {
				continue
			}
			q := m.queue(from, r)
			if len(*q) == 0 {
				return nil, true // the send has not been seen yet
			}
			if head := (*q)[0]; head.msg != a.Msg {
				v := bad(OutOfOrder)
				v.Reason = fmt.Sprintf("event %d (step %d): %s, but the oldest message from %s to %s is %s",
					index, e.Step, runtime.Describe(e), e.Peer, role, m.img.Messages[head.msg].Name)
				return v, false
			}
			*q = (*q)[1:]
			next := a.Target + 1
			if in.Op == runtime.OpRecv {
				next = m.roles[r].pc + 1
			}
			m.advance(r, next)
			return nil, false
		}
		return bad(WrongMessage), false
	}
	return nil, false
}

func (m *Monitor) push(from, to int, msg, action int32) {
	q := m.queue(from, to)
	*q = append(*q, pending{msg: msg, action: action})
}

func (m *Monitor) spanOf(action int32) diag.Span {
	return m.spans[m.img.Actions[action].Origin]
}

// expected describes what role r's local type allows now and the source
// of the (first) send it names.
func (m *Monitor) expected(r int) (string, diag.Span) {
	p := m.img.Programs[r]
	in := m.instr(r)
	name := func(peer, msg int32) string { return m.img.Participants[peer] + "." + m.img.Messages[msg].Name }
	switch in.Op {
	case runtime.OpSend:
		return "!" + name(in.A, in.B), m.spanOf(in.C)
	case runtime.OpRecv:
		return "?" + name(in.A, in.B), m.spanOf(in.C)
	case runtime.OpSelect, runtime.OpOffer:
		sign := "!"
		if in.Op == runtime.OpOffer {
			sign = "?"
		}
		alts := p.Choices[in.A].Alts
		parts := make([]string, len(alts))
		for i, a := range alts {
			parts[i] = sign + name(a.Peer, a.Msg)
			if a.Label != "" {
				parts[i] += " [" + a.Label + "]"
			}
		}
		return "one of " + strings.Join(parts, ", "), m.spanOf(alts[0].Action)
	}
	return "its end", diag.Span{}
}
