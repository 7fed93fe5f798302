package runtime

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/choreo-lang/choreo/runtime/transport"
)

// SessionOptions are the bounds of one participant's part in a session
// over a transport (see "Sessions over a transport" in doc.go). Zero
// fields take their defaults.
type SessionOptions struct {
	// Heartbeat is how often a participant re-announces its status
	// (default 250ms).
	Heartbeat time.Duration
	// Quiet is how long a participant must have received nothing before it
	// calls a quiescent session deadlocked (default 200ms).
	Quiet time.Duration
	// Lost is how long a peer that has not ended may stay silent before it
	// counts as crashed or partitioned (default 2s).
	Lost time.Duration
	// Timeout bounds the whole session, from joining to the outcome
	// (default 60s); a session that reaches it ends as a deadlock.
	Timeout time.Duration
	// PublishEvents publishes every trace event on the transport, as one
	// JSON object per event, for observers such as choreo monitor.
	PublishEvents bool
}

// Session option defaults.
const (
	DefaultHeartbeat = 250 * time.Millisecond
	DefaultQuiet     = 200 * time.Millisecond
	DefaultLost      = 2 * time.Second
	DefaultTimeout   = 60 * time.Second
)

func (o SessionOptions) withDefaults() SessionOptions {
	if o.Heartbeat <= 0 {
		o.Heartbeat = DefaultHeartbeat
	}
	if o.Quiet <= 0 {
		o.Quiet = DefaultQuiet
	}
	if o.Lost <= 0 {
		o.Lost = DefaultLost
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return o
}

// WireMessage is the data of a message frame: the message name, its
// payload and the sender's step (a Lamport clock: the receiver continues
// from one past it).
type WireMessage struct {
	Msg     string `json:"msg"`
	Payload string `json:"payload,omitempty"`
	Step    int64  `json:"step"`
}

// Participant states in a WireStatus.
const (
	StateRunning = "running" // joined and able to move (or busy in its host)
	StateWaiting = "waiting" // blocked on a receive
	StateHalted  = "halted"  // reached end
)

// WireStatus is the data of a status broadcast: what a participant is
// doing, how many message frames it has sent to and received from each
// role, and, once it has left the session, its outcome.
type WireStatus struct {
	State   string           `json:"state"`
	On      string           `json:"on,omitempty"` // what a waiting participant waits for
	Step    int64            `json:"step"`
	Sent    map[string]int64 `json:"sent,omitempty"`
	Recv    map[string]int64 `json:"recv,omitempty"`
	Final   bool             `json:"final,omitempty"`
	Outcome *Outcome         `json:"outcome,omitempty"`
}

// ExecuteRole runs the participant role of img as its own machine in a
// session over sess: its program, guard chain and budget are those of
// Execute; only delivery changes. Messages to other roles are sent as
// frames, frames from them fill its FIFO buffers, and the outcome is
// decided by the session rule of doc.go. sess is ended when ExecuteRole
// returns.
func ExecuteRole(ctx context.Context, img *Image, cfg Config, role string, sess transport.Session, opts Options, so SessionOptions) (*Report, error) {
	defer sess.EndSession()
	self := img.Role(role)
	if self < 0 {
		return nil, fmt.Errorf("run %s: no participant %q (participants: %s)", img.Protocol.Name, role, strings.Join(img.Participants, ", "))
	}
	so = so.withDefaults()
	if so.PublishEvents {
		opts.Sink = teeSink(&eventPublisher{ctx: ctx, sess: sess}, opts.Sink)
	}
	return runMachine(ctx, img, cfg, opts, func(m *machine) error {
		m.remote = newLink(ctx, m, self, sess, so)
		if err := m.remote.join(ctx, m); err != nil {
			m.remote.close()
			return err
		}
		return nil
	}, func(m *machine) { m.remote.leave(m) })
}

// eventPublisher is the Sink that publishes events on the transport.
type eventPublisher struct {
	ctx  context.Context
	sess transport.Session
}

// Event implements Sink.
func (p *eventPublisher) Event(e *Event) {
	data, err := json.Marshal(e)
	if err == nil {
		_ = p.sess.PublishEvent(p.ctx, data) // observers are best effort
	}
}

// link is a machine's connection to the other participants of its session.
type link struct {
	sess  transport.Session
	self  int
	opts  SessionOptions
	names []string
	// actions maps (sender, message name) to an action received by self.
	actions map[recvKey]int32

	frames  <-chan transport.Frame
	recvErr chan error
	stop    context.CancelFunc
	done    sync.WaitGroup

	peers      []peerState
	sent, recv []int64
	start      time.Time
	lastFrame  time.Time
	status     atomic.Pointer[[]byte] // the heartbeat's current status
	published  WireStatus             // the last status published
	cut        bool                   // partitioned: the session was left without a word
	tick       *time.Ticker           // wait's status check while blocked
}

type recvKey struct {
	from int
	msg  string
}

type peerState struct {
	seen bool
	last time.Time
	st   WireStatus
}

func newLink(ctx context.Context, m *machine, self int, sess transport.Session, so SessionOptions) *link {
	n := len(m.img.Participants)
	l := &link{
		sess:    sess,
		self:    self,
		opts:    so,
		names:   m.img.Participants,
		actions: make(map[recvKey]int32),
		recvErr: make(chan error, 1),
		peers:   make([]peerState, n),
		sent:    make([]int64, n),
		recv:    make([]int64, n),
		start:   time.Now(),
	}
	l.lastFrame = l.start
	for i, a := range m.img.Actions {
		if int(a.To) == self {
			key := recvKey{int(a.From), m.img.Messages[a.Msg].Name}
			if _, ok := l.actions[key]; !ok {
				l.actions[key] = int32(i)
			}
		}
	}
	ctx, l.stop = context.WithCancel(ctx)
	l.done.Add(1)
	go l.heartbeat(ctx)
	if in, ok := sess.(transport.Inboxer); ok {
		l.frames = in.Inbox()
	} else {
		frames := make(chan transport.Frame, 256)
		l.frames = frames
		l.done.Add(1)
		go l.receive(ctx, frames)
	}
	return l
}

// receive feeds the frames of the session to the machine's goroutine.
func (l *link) receive(ctx context.Context, frames chan<- transport.Frame) {
	defer l.done.Done()
	for {
		f, err := l.sess.Receive(ctx)
		if err != nil {
			if ctx.Err() == nil {
				l.recvErr <- err
			}
			return
		}
		select {
		case frames <- f:
		case <-ctx.Done():
			return
		}
	}
}

// heartbeat re-broadcasts the current status until the link stops.
func (l *link) heartbeat(ctx context.Context) {
	defer l.done.Done()
	t := time.NewTicker(l.opts.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if p := l.status.Load(); p != nil {
				_ = l.sess.Broadcast(ctx, *p) // a lost heartbeat is repaired by the next
			}
		case <-ctx.Done():
			return
		}
	}
}

// publish broadcasts st and makes it the heartbeat's status.
func (l *link) publish(ctx context.Context, st WireStatus) error {
	if l.cut {
		return nil
	}
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	l.status.Store(&data)
	l.published = st
	return l.sess.Broadcast(ctx, data)
}

// snapshot is the participant's status now.
func (l *link) snapshot(m *machine, state string) WireStatus {
	st := WireStatus{State: state, Step: m.step, Sent: make(map[string]int64), Recv: make(map[string]int64)}
	for i, name := range l.names {
		if l.sent[i] > 0 {
			st.Sent[name] = l.sent[i]
		}
		if l.recv[i] > 0 {
			st.Recv[name] = l.recv[i]
		}
	}
	if state == StateWaiting {
		st.On = m.waitingOn(l.self)
	}
	return st
}

// join announces the participant and waits, handling frames, until every
// other role of the session has announced itself: frames sent before a
// role has started may be lost.
func (l *link) join(ctx context.Context, m *machine) error {
	if err := l.publish(ctx, l.snapshot(m, StateRunning)); err != nil {
		return fmt.Errorf("session: %s cannot announce itself: %w", l.names[l.self], err)
	}
	deadline := time.NewTimer(l.opts.Timeout)
	defer deadline.Stop()
	for {
		var missing []string
		for i, p := range l.peers {
			if i != l.self && !p.seen {
				missing = append(missing, l.names[i])
			}
		}
		if len(missing) == 0 {
			return nil
		}
		select {
		case f := <-l.frames:
			l.handle(m, f)
		case err := <-l.recvErr:
			return fmt.Errorf("session: %s: %w", l.names[l.self], err)
		case <-deadline.C:
			return fmt.Errorf("session: %s did not join within %s", strings.Join(missing, ", "), l.opts.Timeout)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// send sends copies of one message to role to, after delay ticks (one
// tick is a millisecond over a transport; the sender waits, so the pair's
// order holds).
func (l *link) send(m *machine, to int, msg, payload string, copies int, delay int64) error {
	if copies == 0 {
		return nil
	}
	if delay > 0 {
		time.Sleep(time.Duration(delay) * time.Millisecond)
	}
	data, err := json.Marshal(WireMessage{Msg: msg, Payload: payload, Step: m.step})
	if err != nil {
		return err
	}
	for range copies {
		if err := l.sess.SendToRole(context.Background(), l.names[to], data); err != nil {
			return err
		}
		l.sent[to]++
	}
	return nil
}

// partition leaves the session without a final status.
func (l *link) partition() {
	l.cut = true
	l.stop()
	_ = l.sess.EndSession()
}

// handle applies one frame.
func (l *link) handle(m *machine, f transport.Frame) {
	from := m.img.Role(f.From)
	if from < 0 || from == l.self {
		return
	}
	switch f.Kind {
	case transport.KindMessage:
		var w WireMessage
		if err := json.Unmarshal(f.Data, &w); err != nil {
			m.fault(l.self, "transport", fmt.Sprintf("%s received an unreadable frame from %s: %v", l.names[l.self], f.From, err))
			return
		}
		l.recv[from]++
		l.lastFrame = time.Now()
		act, ok := l.actions[recvKey{from, w.Msg}]
		if !ok {
			m.fault(l.self, "type", fmt.Sprintf("%s received %s from %s, which the protocol never sends it", l.names[l.self], w.Msg, f.From))
			return
		}
		m.ch(from, l.self).push(message{action: act, payload: w.Payload, at: m.time, step: w.Step})
		m.buffered++
		if !m.roles[l.self].halted {
			m.refresh(l.self)
		}
	case transport.KindBroadcast:
		var st WireStatus
		if err := json.Unmarshal(f.Data, &st); err != nil {
			return // not a status: broadcasts are open to other uses
		}
		p := &l.peers[from]
		first := !p.seen
		if first || !sameStatus(st, p.st) {
			l.lastFrame = time.Now() // a heartbeat that repeats a status is not news
		}
		p.seen, p.last, p.st = true, time.Now(), st
		if first {
			if cur := l.status.Load(); cur != nil && !l.cut {
				_ = l.sess.Broadcast(context.Background(), *cur) // let a late joiner know at once
			}
		}
		if o := st.Outcome; o != nil && m.outcome == nil && (o.Kind == Fault || o.Kind == BoundExceeded) {
			adopted := *o
			m.outcome = &adopted
		}
	}
}

// wait blocks while role self cannot move, handling frames, until it can
// (moved), the session rule decides an outcome (m.outcome is set) or the
// session completed (neither: the caller finishes the run).
func (l *link) wait(ctx context.Context, m *machine) (moved bool, err error) {
	if l.cut {
		// A partitioned participant hears nothing more: it is lost.
		m.end(Fault, l.self, l.names[l.self]+" was partitioned from the session")
		return false, nil
	}
	state := StateWaiting
	if m.roles[l.self].halted {
		state = StateHalted
		if l.published.State != StateHalted {
			if err := l.publish(ctx, l.snapshot(m, state)); err != nil {
				m.fault(l.self, "transport", err.Error())
				return false, nil
			}
		}
	}
	if l.tick == nil {
		l.tick = time.NewTicker(max(l.opts.Quiet/4, time.Millisecond))
	}
	for {
		if done := l.decide(m, state); done {
			return false, nil
		}
		select {
		case f := <-l.frames:
			l.handle(m, f)
			if m.outcome != nil {
				return false, nil
			}
			if m.isReady(l.self) {
				return true, nil
			}
		case <-l.tick.C:
			st := l.snapshot(m, state)
			if !sameStatus(st, l.published) {
				if err := l.publish(ctx, st); err != nil {
					m.fault(l.self, "transport", err.Error())
					return false, nil
				}
			}
		case err := <-l.recvErr:
			m.fault(l.self, "transport", fmt.Sprintf("%s lost the session: %v", l.names[l.self], err))
			return false, nil
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

func sameStatus(a, b WireStatus) bool {
	return a.State == b.State && a.On == b.On && maps.Equal(a.Sent, b.Sent) && maps.Equal(a.Recv, b.Recv)
}

// decide applies the session rule to a blocked participant; it reports
// whether the wait is over (an outcome was set, or the session completed).
func (l *link) decide(m *machine, state string) bool {
	now := time.Now()
	self := l.names[l.self]
	// Completed: every role halted and every frame sent to self arrived.
	complete := state == StateHalted
	for i, p := range l.peers {
		if i == l.self {
			continue
		}
		if !p.seen || p.st.State != StateHalted || p.st.Sent[self] != l.recv[i] {
			complete = false
		}
	}
	if complete {
		return true
	}
	for i, p := range l.peers {
		if i != l.self && !p.st.Final && now.Sub(p.last) > l.opts.Lost {
			if c, ok := l.sess.(transport.Connector); ok && !c.Connected() {
				m.end(Fault, l.self, fmt.Sprintf("%s lost its connection to the session's server", self))
				return true
			}
			m.end(Fault, i, fmt.Sprintf("%s is lost: no status for %s (crashed or partitioned)", l.names[i], l.opts.Lost))
			return true
		}
	}
	if now.Sub(l.start) > l.opts.Timeout {
		l.deadlock(m, fmt.Sprintf("the session timed out after %s", l.opts.Timeout))
		return true
	}
	// Deadlocked: nothing received for Quiet, self's status is published,
	// every role waits or halted, and no frame is in flight between any
	// pair (every count sent matches the count received).
	if now.Sub(l.lastFrame) < l.opts.Quiet || !sameStatus(l.snapshot(m, state), l.published) {
		return false
	}
	sts := make([]*WireStatus, len(l.peers))
	waiting := state == StateWaiting
	for i := range l.peers {
		sts[i] = &l.peers[i].st
		if i == l.self {
			sts[i] = &l.published
		}
		switch sts[i].State {
		case StateWaiting:
			waiting = true
		case StateHalted:
		default:
			return false
		}
	}
	for a, sa := range sts {
		for b, sb := range sts {
			if a != b && sa.Sent[l.names[b]] != sb.Recv[l.names[a]] {
				return false
			}
		}
	}
	if waiting {
		l.deadlock(m, "")
		return true
	}
	return false
}

// deadlock ends the run as a deadlock naming every waiting role, as the
// peers last reported.
func (l *link) deadlock(m *machine, why string) {
	var ws []Waiting
	for i, p := range l.peers {
		switch {
		case i == l.self && !m.roles[i].halted:
			ws = append(ws, Waiting{Role: l.names[i], On: m.waitingOn(i)})
		case i != l.self && p.st.State != StateHalted:
			on := p.st.On
			if on == "" {
				on = "nothing it reported (" + cmp.Or(p.st.State, "never joined") + ")"
			}
			ws = append(ws, Waiting{Role: l.names[i], On: on})
		}
	}
	if len(ws) == 0 {
		ws = []Waiting{{Role: l.names[l.self], On: "the others"}}
	}
	reason := deadlockReason(ws)
	if why != "" {
		reason = why + ": " + reason
	}
	m.end(Deadlock, m.img.Role(ws[0].Role), reason)
	m.outcome.Waiting = ws
	m.outcome.Orphans = l.orphans(m)
}

// orphans lists the messages waiting in self's buffers.
func (l *link) orphans(m *machine) []Orphaned {
	var out []Orphaned
	for from := range l.names {
		c := m.ch(from, l.self)
		for k := range c.n {
			a := m.img.Actions[c.buf[(c.head+k)%len(c.buf)].action]
			out = append(out, Orphaned{From: l.names[a.From], To: l.names[a.To], Msg: m.img.Messages[a.Msg].Name})
		}
	}
	return out
}

// leave publishes the final status with the outcome and stops the link.
func (l *link) leave(m *machine) {
	state := StateWaiting
	if m.roles[l.self].halted {
		state = StateHalted
	}
	st := l.snapshot(m, state)
	st.Final, st.Outcome = true, m.outcome
	_ = l.publish(context.Background(), st) // peers that miss it see the participant lost
	l.close()
}

// close stops the link's goroutines.
func (l *link) close() {
	if l.tick != nil {
		l.tick.Stop()
	}
	l.stop()
	l.done.Wait()
}

// RunSession runs every participant of img as its own machine over tr in
// session, each with its own transport session, and merges their reports:
// the events of all participants in Lamport order (by step, ties in
// participant order) and one outcome (MergeOutcomes). host, when not nil,
// returns the host of each role (nil: the built-in host).
func RunSession(ctx context.Context, img *Image, cfg Config, tr transport.Transport, session string, host func(role string) Host, so SessionOptions) (*Report, error) {
	n := len(img.Participants)
	reports := make([]*Report, n)
	errs := make([]error, n)
	sessions := make([]transport.Session, n)
	for r, role := range img.Participants {
		sess, err := tr.StartSession(ctx, session, role)
		if err != nil {
			for _, s := range sessions[:r] {
				_ = s.EndSession()
			}
			return nil, fmt.Errorf("session %s: %w", session, err)
		}
		sessions[r] = sess
	}
	var wg sync.WaitGroup
	for r, role := range img.Participants {
		sess := sessions[r]
		opts := Options{Record: true}
		if host != nil {
			opts.Host = host(role)
		}
		wg.Go(func() {
			reports[r], errs[r] = ExecuteRole(ctx, img, cfg, role, sess, opts, so)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return MergeReports(img, cfg, reports), nil
}

// MergeReports combines the reports of the participants of one session
// (indexed like img.Participants; nil for a participant without report).
func MergeReports(img *Image, cfg Config, reports []*Report) *Report {
	rep := &Report{Leakage: make(map[string]int64)}
	var outcomes []Outcome
	var events []Event
	rank := make(map[string]int, len(img.Participants))
	for i, p := range img.Participants {
		rank[p] = i
	}
	rep.Roles = make([]Outcome, len(reports))
	for i, r := range reports {
		if r == nil {
			rep.Roles[i] = Outcome{Kind: Fault, Role: img.Participants[i], Reason: "no report"}
			continue
		}
		rep.Roles[i] = r.Outcome
		outcomes = append(outcomes, r.Outcome)
		rep.Steps = max(rep.Steps, r.Steps)
		rep.MaxSteps, rep.W0 = r.MaxSteps, r.W0
		rep.Journal = append(rep.Journal, r.Journal...)
		for k, v := range r.Leakage {
			rep.Leakage[k] += v
		}
		rep.Flow = append(rep.Flow, r.Flow...)
		if r.Trace != nil {
			events = append(events, r.Trace.Events...)
		}
	}
	slices.SortStableFunc(rep.Journal, func(a, b JournalEntry) int { return int(a.Step - b.Step) })
	slices.SortStableFunc(events, func(a, b Event) int {
		if a.Step != b.Step {
			return int(a.Step - b.Step)
		}
		return rank[a.Role] - rank[b.Role]
	})
	rep.Outcome = MergeOutcomes(img.Participants, outcomes)
	rep.Trace = &Trace{Protocol: img.Protocol.Name, Participants: img.Participants, Config: cfg, Events: events, Outcome: rep.Outcome}
	return rep
}

// MergeOutcomes is the outcome of a session from its participants'
// outcomes: the earliest fault, else bound-exceeded, else a deadlock,
// else orphan (every participant's unreceived messages, ordered by sender
// then receiver like the VM's buffers), else completed.
func MergeOutcomes(participants []string, os []Outcome) Outcome {
	rank := make(map[string]int, len(participants))
	for i, p := range participants {
		rank[p] = i
	}
	orphans := func() []Orphaned {
		var out []Orphaned
		for _, x := range os {
			out = append(out, x.Orphans...)
		}
		slices.SortStableFunc(out, func(a, b Orphaned) int {
			if a.From != b.From {
				return rank[a.From] - rank[b.From]
			}
			return rank[a.To] - rank[b.To]
		})
		return out
	}
	for _, kind := range []OutcomeKind{Fault, BoundExceeded, Deadlock} {
		var best *Outcome
		for i := range os {
			if os[i].Kind == kind && (best == nil || os[i].Step < best.Step) {
				best = &os[i]
			}
		}
		if best != nil {
			o := *best
			if kind == Deadlock {
				o.Orphans = orphans()
			}
			return o
		}
	}
	o := Outcome{Orphans: orphans()}
	for _, x := range os {
		o.Step, o.Time = max(o.Step, x.Step), max(o.Time, x.Time)
	}
	if len(o.Orphans) == 0 {
		o.Kind, o.Reason = Completed, "every role reached end"
		return o
	}
	o.Kind, o.Role = Orphan, o.Orphans[0].To
	o.Reason = fmt.Sprintf("%d message(s) left unreceived", len(o.Orphans))
	return o
}

// perRole lists each role's events, without step and time, in order.
// Leakage totals are left out: every participant tracks the leakage of
// its own sends.
func perRole(events []Event) map[string][]string {
	out := make(map[string][]string)
	for _, e := range events {
		if e.Kind == EvLeakage {
			e.Amount = 0
		}
		out[e.Role] = append(out[e.Role], Describe(&e))
	}
	return out
}

// Compare reports how the report of a session (got) differs from the
// VM's (vm), up to timing: the outcome's kind and role, the waiting roles
// and the unreceived messages must agree, and so must every role's own
// events in order (leakage totals aside). It returns nil when they agree.
func Compare(vm, got *Report) error {
	if vm.Outcome.Kind != got.Outcome.Kind || vm.Outcome.Role != got.Outcome.Role {
		return fmt.Errorf("outcome: VM %s, session %s", vm.Outcome, got.Outcome)
	}
	if !slices.Equal(vm.Outcome.Waiting, got.Outcome.Waiting) {
		return fmt.Errorf("waiting: VM %v, session %v", vm.Outcome.Waiting, got.Outcome.Waiting)
	}
	key := func(o Orphaned) string { return o.From + ">" + o.To + ":" + o.Msg }
	a, b := make([]string, 0), make([]string, 0)
	for _, o := range vm.Outcome.Orphans {
		a = append(a, key(o))
	}
	for _, o := range got.Outcome.Orphans {
		b = append(b, key(o))
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		return fmt.Errorf("orphans: VM %v, session %v", a, b)
	}
	want, have := perRole(vm.Trace.Events), perRole(got.Trace.Events)
	for role, evs := range want {
		if !slices.Equal(evs, have[role]) {
			return fmt.Errorf("events of %s:\nVM      %q\nsession %q", role, evs, have[role])
		}
	}
	return nil
}
