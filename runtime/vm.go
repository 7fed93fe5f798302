package runtime

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"strings"

	"github.com/choreo-lang/choreo/analysis"
)

// Options are the Go-level inputs of a run that a configuration file
// cannot express.
type Options struct {
	// Host provides payloads and branch decisions; nil uses the built-in
	// host (synthetic payloads, Config.Branch).
	Host Host
	// Sink receives every event as it happens (streaming); it may be nil.
	Sink Sink
	// Record keeps the whole trace in Report.Trace.
	Record bool
}

// Execute runs img under cfg until it completes, deadlocks, leaves orphans,
// exceeds its step budget or faults. The returned error is non-nil only
// for an invalid configuration or a cancelled context; every protocol-level
// failure is an Outcome.
func Execute(ctx context.Context, img *Image, cfg Config, opts Options) (*Report, error) {
	return runMachine(ctx, img, cfg, opts, nil, nil)
}

// runMachine runs a machine; setup (when not nil) prepares it before the
// run, leave (when not nil) is called once it has an outcome.
func runMachine(ctx context.Context, img *Image, cfg Config, opts Options, setup func(*machine) error, leave func(*machine)) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m, err := newMachine(img, cfg.withDefaults(), opts)
	if err != nil {
		return nil, err
	}
	var rec *Recorder
	if opts.Record {
		rec = &Recorder{}
		m.sink = teeSink(rec, opts.Sink)
		m.observe = true
	}
	if setup != nil {
		if err := setup(m); err != nil {
			return nil, err
		}
	}
	err = m.run(ctx)
	if leave != nil {
		leave(m)
	}
	if err != nil {
		return nil, err
	}
	rep := m.report()
	if rec != nil {
		rep.Trace = &Trace{
			Protocol:     img.Protocol.Name,
			Participants: img.Participants,
			Config:       cfg,
			Events:       rec.Events,
			Outcome:      rep.Outcome,
		}
	}
	return rep, nil
}

// message is one buffered message.
type message struct {
	action  int32
	payload string
	at      int64 // simulated time from which it can be received
	step    int64 // the sender's step (a message from another participant's machine)
}

// channel is the FIFO buffer of one ordered pair: a ring that grows by
// doubling and is reused, so its memory depends on the largest backlog,
// never on the number of messages delivered.
type channel struct {
	buf  []message
	head int
	n    int
}

func (c *channel) push(m message) {
	if c.n == len(c.buf) {
		grown := make([]message, max(4, 2*len(c.buf)))
		for i := range c.n {
			grown[i] = c.buf[(c.head+i)%len(c.buf)]
		}
		c.buf, c.head = grown, 0
	}
	c.buf[(c.head+c.n)%len(c.buf)] = m
	c.n++
}

func (c *channel) front() *message { return &c.buf[c.head] }

func (c *channel) pop() {
	c.buf[c.head] = message{}
	c.head = (c.head + 1) % len(c.buf)
	c.n--
}

type roleState struct {
	pc     int32
	halted bool
	counts []int32 // back-jumps per rec since the rec was entered
}

// machine is the state of one run. It is used by one goroutine.
type machine struct {
	img     *Image
	cfg     Config
	host    Host
	sink    Sink
	observe bool // build events (a sink is attached or the ci profile is on)
	ci      bool

	n     int
	roles []roleState
	chans []channel // from*n + to
	ready []uint64  // bitset of runnable roles
	cur   int       // the role cooperative / round-robin scheduling continues from

	step, time          int64
	maxSteps, warnAt    int64
	w0                  int64
	sumDepth, buffered  int64
	sched, faults       *rand.Rand
	timers              []timer
	crashes             []scheduledCrash
	remote              *link   // nil when every role runs in this machine
	flowLeft, flowSpent []int64 // per pair; flowLeft -1 = unlimited
	journal             []JournalEntry
	leakage             map[string]int64 // per observer as written
	classLeak           [3]int64         // per leakage_budget entry (leakageClass)

	labels  []string // scratch for select
	altIdx  []int
	ev      Event // scratch event, so emitting never allocates
	outcome *Outcome
}

// scheduledCrash is an injected crash or partition.
type scheduledCrash struct {
	Crash
	partition bool
}

// timer wakes role at time at (a delayed message becomes receivable).
type timer struct {
	at   int64
	role int
}

func newMachine(img *Image, cfg Config, opts Options) (*machine, error) {
	n := len(img.Participants)
	m := &machine{
		img:      img,
		cfg:      cfg,
		host:     opts.Host,
		sink:     opts.Sink,
		ci:       cfg.Profile == ProfileCI,
		n:        n,
		roles:    make([]roleState, n),
		chans:    make([]channel, n*n),
		ready:    make([]uint64, (n+63)/64),
		sched:    rand.New(rand.NewPCG(uint64(cfg.Seed), streamSchedule)),
		faults:   rand.New(rand.NewPCG(uint64(cfg.Seed), streamFaults)),
		leakage:  make(map[string]int64),
		flowLeft: make([]int64, n*n),
	}
	m.observe = m.sink != nil || m.ci
	if cfg.Policy == RoundRobin {
		m.cur = n - 1 // the first turn goes to participant 0
	}
	if m.host == nil {
		m.host = newBuiltinHost(&cfg)
	}
	for from, a := range img.Participants {
		for to, b := range img.Participants {
			m.flowLeft[from*n+to] = cfg.flowBudget(a, b)
		}
	}
	m.flowSpent = make([]int64, n*n)
	if err := img.checkFaults(cfg); err != nil {
		return nil, err
	}
	for _, c := range cfg.Faults.Crash {
		m.crashes = append(m.crashes, scheduledCrash{Crash: c})
	}
	for _, c := range cfg.Faults.Partition {
		m.crashes = append(m.crashes, scheduledCrash{Crash: c, partition: true})
	}
	maxChoice := 0
	for r, p := range img.Programs {
		m.roles[r].counts = make([]int32, len(p.Recs))
		m.sumDepth += int64(p.Depth[0])
		for _, t := range p.Choices {
			maxChoice = max(maxChoice, len(t.Alts))
		}
	}
	m.labels = make([]string, 0, maxChoice)
	m.altIdx = make([]int, 0, maxChoice)
	m.w0 = analysis.Weight(m.sumDepth, 0)
	m.maxSteps = cfg.MaxSteps
	if m.maxSteps == 0 {
		m.maxSteps = img.Budget.MaxSteps
	}
	m.warnAt = int64(math.Ceil(0.8 * float64(m.maxSteps)))
	return m, nil
}

func (m *machine) run(ctx context.Context) error {
	for r := range m.roles {
		if m.local(r) {
			m.settle(r, 0)
		}
	}
	m.crash()
	for m.outcome == nil {
		if m.step&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("run %s: %w", m.img.Protocol.Name, err)
			}
		}
		if len(m.timers) > 0 {
			m.fireTimers()
		}
		r := m.pick()
		if r < 0 {
			if m.advanceTime() {
				continue
			}
			if m.remote != nil {
				moved, err := m.remote.wait(ctx, m)
				if err != nil {
					return fmt.Errorf("run %s: %w", m.img.Protocol.Name, err)
				}
				if moved || m.outcome != nil {
					continue
				}
			}
			m.finish()
			break
		}
		if m.step >= m.maxSteps {
			m.end(BoundExceeded, r, fmt.Sprintf("the run needs more than max_steps = %d steps (W0 = %d, W now = %d)",
				m.maxSteps, m.w0, analysis.Weight(m.sumDepth, m.buffered)))
			break
		}
		m.step++
		m.time++
		m.exec(r)
		if m.outcome != nil {
			break
		}
		if m.step == m.warnAt && m.observe {
			m.emit(Event{Kind: EvWarning, Pred: PredStep, Role: m.img.Participants[r], Amount: m.maxSteps,
				Detail: fmt.Sprintf("80%% of max_steps used: step %d of %d, W = %d", m.step, m.maxSteps, analysis.Weight(m.sumDepth, m.buffered))})
		}
		if len(m.crashes) > 0 {
			m.crash()
		}
	}
	return nil
}

// pick returns the next role to step under the scheduling policy, or -1
// when no role can move.
func (m *machine) pick() int {
	switch m.cfg.Policy {
	case Random:
		count := 0
		for _, w := range m.ready {
			count += bits.OnesCount64(w)
		}
		if count == 0 {
			return -1
		}
		k := m.sched.IntN(count)
		for i, w := range m.ready {
			c := bits.OnesCount64(w)
			if k < c {
				for ; k > 0; k-- {
					w &= w - 1
				}
				return i*64 + bits.TrailingZeros64(w)
			}
			k -= c
		}
	case RoundRobin:
		if r := m.nextReady(m.cur + 1); r >= 0 {
			m.cur = r
			return r
		}
	default: // Cooperative
		if r := m.nextReady(m.cur); r >= 0 {
			m.cur = r
			return r
		}
	}
	return -1
}

// nextReady returns the first runnable role at or cyclically after from.
func (m *machine) nextReady(from int) int {
	if from >= m.n {
		from = 0
	}
	w, b := from/64, uint(from%64)
	if x := m.ready[w] >> b; x != 0 {
		return from + bits.TrailingZeros64(x)
	}
	for i := 1; i <= len(m.ready); i++ {
		j := (w + i) % len(m.ready)
		if x := m.ready[j]; x != 0 {
			return j*64 + bits.TrailingZeros64(x)
		}
	}
	return -1
}

func (m *machine) setReady(r int, ok bool) {
	if ok {
		m.ready[r/64] |= 1 << uint(r%64)
	} else {
		m.ready[r/64] &^= 1 << uint(r%64)
	}
}

func (m *machine) ch(from, to int) *channel { return &m.chans[from*m.n+to] }

// isReady reports whether role r can take a step now.
func (m *machine) isReady(r int) bool { return m.ready[r/64]&(1<<uint(r%64)) != 0 }

// local reports whether role r runs in this machine.
func (m *machine) local(r int) bool { return m.remote == nil || r == m.remote.self }

// canPush reports whether from may send to to now.
func (m *machine) canPush(from, to int) bool {
	return m.cfg.BufferBound == 0 || m.ch(from, to).n < m.cfg.BufferBound
}

// receivable reports whether the head of from → to can be received now; a
// head delayed into the future arms a timer for to.
func (m *machine) receivable(from, to int) bool {
	c := m.ch(from, to)
	if c.n == 0 {
		return false
	}
	if at := c.front().at; at > m.time {
		m.arm(timer{at: at, role: to})
		return false
	}
	return true
}

// arm adds t unless it is already pending.
func (m *machine) arm(t timer) {
	for _, u := range m.timers {
		if u == t {
			return
		}
	}
	m.timers = append(m.timers, t)
}

// refresh recomputes whether role r can take a step.
func (m *machine) refresh(r int) {
	rs := &m.roles[r]
	if rs.halted || !m.local(r) {
		m.setReady(r, false)
		return
	}
	p := m.img.Programs[r]
	in := p.Code[rs.pc]
	ok := false
	switch in.Op {
	case OpSend:
		ok = m.canPush(r, int(in.A))
	case OpRecv:
		ok = m.receivable(int(in.A), r)
	case OpSelect:
		for _, a := range p.Choices[in.A].Alts {
			if m.canPush(r, int(a.Peer)) {
				ok = true
				break
			}
		}
	case OpOffer:
		for _, a := range p.Choices[in.A].Alts {
			if m.receivable(int(a.Peer), r) {
				ok = true
				break
			}
		}
	}
	m.setReady(r, ok)
}

// fireTimers refreshes the roles whose delayed messages are now due.
func (m *machine) fireTimers() {
	var due []int
	keep := m.timers[:0]
	for _, t := range m.timers {
		if t.at <= m.time {
			due = append(due, t.role)
		} else {
			keep = append(keep, t)
		}
	}
	m.timers = keep
	for _, r := range due {
		m.refresh(r)
	}
}

// advanceTime jumps simulated time to the earliest pending delivery when
// every role is blocked; it reports whether there was one.
func (m *machine) advanceTime() bool {
	if len(m.timers) == 0 {
		return false
	}
	next := int64(math.MaxInt64)
	for _, t := range m.timers {
		next = min(next, t.at)
	}
	m.time = max(m.time, next)
	m.fireTimers()
	return true
}

// settle moves role r to address pc, following jumps, and marks it halted
// when it reaches halt.
func (m *machine) settle(r int, pc int32) {
	rs := &m.roles[r]
	p := m.img.Programs[r]
	m.sumDepth -= int64(p.Depth[rs.pc])
	for p.Code[pc].Op == OpJump {
		in := p.Code[pc]
		if in.B >= 0 {
			rs.counts[in.B]++
			clear(rs.counts[in.B+1 : in.B+1+p.Recs[in.B].Nested])
		}
		pc = in.A
	}
	rs.pc = pc
	m.sumDepth += int64(p.Depth[pc])
	if p.Code[pc].Op == OpHalt && !rs.halted {
		rs.halted = true
		if m.observe {
			m.emit(Event{Kind: EvHalted, Pred: PredStep, Role: p.Role})
		}
	}
	m.refresh(r)
}

// exec takes one step of role r: one send or receive, including the
// choice that leads to it.
func (m *machine) exec(r int) {
	rs := &m.roles[r]
	p := m.img.Programs[r]
	in := p.Code[rs.pc]
	switch in.Op {
	case OpSend:
		m.send(r, rs.pc, in)
	case OpRecv:
		m.recv(r, rs.pc, in, "")
	case OpSelect:
		m.selectBranch(r, p, in)
	case OpOffer:
		m.offer(r, p, in)
	}
}

// offer receives the first alternative whose message heads its buffer. A
// receivable head that matches no alternative is a type violation.
func (m *machine) offer(r int, p *Program, in Instr) {
	var head *message
	from := -1
	for _, a := range p.Choices[in.A].Alts {
		if !m.receivable(int(a.Peer), r) {
			continue
		}
		h := m.ch(int(a.Peer), r).front()
		if m.img.Actions[h.action].Msg == a.Msg {
			m.recv(r, a.Target, p.Code[a.Target], m.img.AltLabel(a))
			return
		}
		if head == nil {
			head, from = h, int(a.Peer)
		}
	}
	got := m.img.Messages[m.img.Actions[head.action].Msg].Name
	m.fault(r, "type", fmt.Sprintf("%s expected %s but received %s from %s",
		m.img.Participants[r], m.waitingOn(r), got, m.img.Participants[from]))
}

// offerable fills m.labels and m.altIdx with the alternatives of t that
// role r may take now: those whose buffer has room and, once r has looped
// back LoopBound times into a rec enclosing the choice, preferably those
// that reach end without a jump, else those that leave the innermost rec.
func (m *machine) offerable(r int, t *ChoiceTable) {
	over := false
	if bound := int32(m.cfg.LoopBound); bound >= 0 {
		for _, rec := range t.Scope {
			over = over || m.roles[r].counts[rec] >= bound
		}
	}
	for tier := range 3 {
		m.labels, m.altIdx = m.labels[:0], m.altIdx[:0]
		for i, a := range t.Alts {
			allowed := !over || tier == 2 || tier == 0 && a.Ends || tier == 1 && a.Leaves
			if allowed && m.canPush(r, int(a.Peer)) {
				m.labels = append(m.labels, m.img.AltLabel(a))
				m.altIdx = append(m.altIdx, i)
			}
		}
		if len(m.labels) > 0 || !over {
			return
		}
	}
}

func (m *machine) selectBranch(r int, p *Program, in Instr) {
	t := &p.Choices[in.A]
	m.offerable(r, t)
	k, err := m.host.SelectBranch(p.Role, m.labels)
	if err == nil && (k < 0 || k >= len(m.labels)) {
		err = fmt.Errorf("host chose branch %d of %d", k, len(m.labels))
	}
	if err != nil {
		m.fault(r, "host", fmt.Sprintf("%s cannot decide its choice: %v", p.Role, err))
		return
	}
	a := t.Alts[m.altIdx[k]]
	if m.observe {
		m.emit(Event{Kind: EvSelected, Pred: PredChoice, Role: p.Role, Peer: m.img.Participants[a.Peer],
			Msg: m.img.Messages[a.Msg].Name, Label: m.img.AltLabel(a)})
		if m.outcome != nil {
			return
		}
	}
	m.send(r, a.Target, p.Code[a.Target])
}

// send runs the guard chain and sends Messages[in.B] from r to in.A; pc
// is the address of the send instruction.
func (m *machine) send(r int, pc int32, in Instr) {
	to := int(in.A)
	act := &m.img.Actions[in.C]
	role := m.img.Participants[r]
	msg := m.img.Messages[in.B]
	if act.Meta != nil && !m.guardCheck(r, to, act) {
		return
	}
	payload, err := m.host.ProvideMessage(role, m.img.Participants[to], msg)
	if err != nil {
		m.fault(r, "host", fmt.Sprintf("%s cannot provide %s for %s: %v", role, msg.Name, m.img.Participants[to], err))
		return
	}
	if act.Meta != nil {
		m.guardCommit(r, to, act)
		if m.outcome != nil {
			return
		}
	}
	if m.observe {
		m.emit(Event{Kind: EvSent, Pred: PredSend, Role: role, Peer: m.img.Participants[to], Msg: msg.Name, Payload: payload})
		if m.outcome != nil {
			return
		}
	}
	copies, at := 1, m.time
	if m.cfg.Faults.any() {
		copies, at = m.inject(r, to, msg.Name)
		if m.outcome != nil {
			return
		}
	}
	if !m.local(to) {
		if err := m.remote.send(m, to, msg.Name, payload, copies, at-m.time); err != nil {
			m.fault(r, "transport", fmt.Sprintf("%s cannot send %s to %s: %v", role, msg.Name, m.img.Participants[to], err))
			return
		}
		m.settle(r, pc+1)
		return
	}
	c := m.ch(r, to)
	for range copies {
		c.push(message{action: in.C, payload: payload, at: at})
		m.buffered++
	}
	m.settle(r, pc+1)
	if copies > 0 {
		m.refresh(to)
	}
}

// inject draws the simulated network faults for one message and returns
// how many copies to deliver and when.
func (m *machine) inject(from, to int, msg string) (copies int, at int64) {
	f := &m.cfg.Faults
	drop, dup, delay := m.faults.Float64(), m.faults.Float64(), m.faults.Float64()
	copies, at = 1, m.time
	var what string
	switch {
	case drop < f.Drop:
		copies, what = 0, "drop"
	case dup < f.Duplicate:
		copies, what = 2, "duplicate"
	case delay < f.Delay:
		at, what = m.time+f.DelayTicks, "delay"
	default:
		return copies, at
	}
	if m.observe {
		m.emit(Event{Kind: EvInjected, Pred: PredInjected, Role: m.img.Participants[from], Peer: m.img.Participants[to],
			Msg: msg, Guard: what, Amount: at - m.time})
	}
	return copies, at
}

// recv receives the head of Participants[in.A] → r, which must be
// Messages[in.B]; label names the branch when the receive ends an offer.
func (m *machine) recv(r int, pc int32, in Instr, label string) {
	from := int(in.A)
	c := m.ch(from, r)
	head := c.front()
	got := m.img.Actions[head.action].Msg
	if got != in.B {
		m.fault(r, "type", fmt.Sprintf("%s expected %s from %s but received %s",
			m.img.Participants[r], m.img.Messages[in.B].Name, m.img.Participants[from], m.img.Messages[got].Name))
		return
	}
	if head.step >= m.step { // a message from another machine: Lamport order
		m.time += head.step + 1 - m.step
		m.step = head.step + 1
	}
	if m.observe {
		m.emit(Event{Kind: EvReceived, Pred: PredRecv, Role: m.img.Participants[r], Peer: m.img.Participants[from],
			Msg: m.img.Messages[got].Name, Payload: head.payload, Label: label})
		if m.outcome != nil {
			return
		}
	}
	c.pop()
	m.buffered--
	m.settle(r, pc+1)
	if m.cfg.BufferBound > 0 {
		m.refresh(from)
	}
}

// crash applies the crashes scheduled for the current step.
func (m *machine) crash() {
	for i := 0; i < len(m.crashes); i++ {
		c := m.crashes[i]
		if c.Step > m.step {
			continue
		}
		m.crashes = append(m.crashes[:i], m.crashes[i+1:]...)
		r := m.img.Role(c.Role)
		if !m.local(r) {
			i--
			continue // its own machine injects it
		}
		what, reason := "crash", fmt.Sprintf("%s crashed (injected at step %d)", c.Role, c.Step)
		if c.partition {
			what, reason = "partition", fmt.Sprintf("%s was partitioned from the session (injected at step %d)", c.Role, c.Step)
		}
		m.emit(Event{Kind: EvInjected, Pred: PredInjected, Role: c.Role, Guard: what})
		if m.outcome == nil {
			if m.remote != nil && c.partition {
				m.remote.partition()
			}
			m.fault(r, what, reason)
		}
		return
	}
}

// emit stamps e with the current step and time and passes it to the sink.
// Under the ci profile an event outside the predicate allow-list faults.
func (m *machine) emit(e Event) {
	e.Step, e.Time = m.step, m.time
	m.ev = e
	if m.sink != nil {
		m.sink.Event(&m.ev)
	}
	if m.ci && !allowedPredicate(e.Pred) && m.outcome == nil {
		r := m.img.Role(e.Role)
		m.fault(r, "ci", fmt.Sprintf("event %s has predicate %s, outside the ci allow-list", e.Kind, e.Pred))
	}
}

// fault ends the run with a fault by role r.
func (m *machine) fault(r int, guard, reason string) {
	if m.observe {
		m.emit(Event{Kind: EvFault, Pred: PredStep, Role: m.img.Participants[r], Guard: guard, Detail: reason})
	}
	m.end(Fault, r, reason)
}

func (m *machine) end(kind OutcomeKind, r int, reason string) {
	o := &Outcome{Kind: kind, Step: m.step, Time: m.time, Reason: reason}
	if r >= 0 {
		o.Role = m.img.Participants[r]
	}
	m.outcome = o
}

// finish decides the outcome once no role can move.
func (m *machine) finish() {
	var waiting []Waiting
	for r, rs := range m.roles {
		if !rs.halted && m.local(r) {
			waiting = append(waiting, Waiting{Role: m.img.Participants[r], On: m.waitingOn(r)})
		}
	}
	var orphans []Orphaned
	for i := range m.chans {
		c := &m.chans[i]
		for k := range c.n {
			a := m.img.Actions[c.buf[(c.head+k)%len(c.buf)].action]
			orphans = append(orphans, Orphaned{From: m.img.Participants[a.From], To: m.img.Participants[a.To], Msg: m.img.Messages[a.Msg].Name})
		}
	}
	switch {
	case len(waiting) > 0:
		m.end(Deadlock, m.img.Role(waiting[0].Role), deadlockReason(waiting))
		m.outcome.Waiting = waiting
	case len(orphans) > 0:
		m.end(Orphan, m.img.Role(orphans[0].To), fmt.Sprintf("%d message(s) left unreceived", len(orphans)))
	default:
		m.end(Completed, -1, "every role reached end")
	}
	m.outcome.Orphans = orphans
}

func deadlockReason(ws []Waiting) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Role + " waits for " + w.On
	}
	return "no role can move: " + strings.Join(parts, "; ")
}

// waitingOn describes what blocked role r waits for.
func (m *machine) waitingOn(r int) string {
	p := m.img.Programs[r]
	in := p.Code[m.roles[r].pc]
	switch in.Op {
	case OpSend:
		return fmt.Sprintf("!%s.%s (buffer full)", m.img.Participants[in.A], m.img.Messages[in.B].Name)
	case OpRecv:
		return fmt.Sprintf("?%s.%s", m.img.Participants[in.A], m.img.Messages[in.B].Name)
	case OpSelect, OpOffer:
		sign, prefix := "?", "one of "
		if in.Op == OpSelect {
			sign, prefix = "!", "room to send one of "
		}
		alts := p.Choices[in.A].Alts
		parts := make([]string, len(alts))
		for i, a := range alts {
			parts[i] = sign + m.img.Participants[a.Peer] + "." + m.img.Messages[a.Msg].Name
		}
		return prefix + strings.Join(parts, ", ")
	}
	return "nothing"
}

func (m *machine) report() *Report {
	rep := &Report{Outcome: *m.outcome, Steps: m.step, MaxSteps: m.maxSteps, W0: m.w0, Journal: m.journal, Leakage: m.leakage}
	for i, spent := range m.flowSpent {
		if spent > 0 {
			budget := m.flowLeft[i]
			if budget >= 0 {
				budget += spent
			}
			rep.Flow = append(rep.Flow, FlowUse{Role: m.img.Participants[i/m.n], Peer: m.img.Participants[i%m.n], Charged: spent, Budget: budget})
		}
	}
	return rep
}

// teeSink sends events to both sinks; b may be nil.
func teeSink(a, b Sink) Sink {
	if b == nil {
		return a
	}
	return multiSink{a, b}
}

type multiSink [2]Sink

// Event implements Sink.
func (s multiSink) Event(e *Event) {
	s[0].Event(e)
	s[1].Event(e)
}
