// Package transport is the delivery surface between the participants of a
// protocol run (the seed's send_to_role_bytes, receive_from_role_bytes,
// broadcast_bytes, start_session and end_session): a participant starts a
// session as one role, sends byte frames to another role or to every role,
// receives the frames addressed to it, publishes its trace events, and
// ends the session.
//
// A Transport must keep the frames of one ordered pair of roles in the
// order they were sent (per-pair FIFO); frames of different pairs, and
// broadcasts, may interleave arbitrarily. A frame sent to a role that has
// not started the session yet may be lost, so callers agree on a start
// barrier (runtime does: it waits until every role has announced itself).
//
// Memory is the in-process implementation (one FIFO per ordered pair);
// runtime/natstransport carries the same frames over NATS.
package transport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Transport starts sessions.
type Transport interface {
	// StartSession joins session as role. It returns once the role can
	// receive: frames sent to it from now on are delivered.
	StartSession(ctx context.Context, session, role string) (Session, error)
}

// Kind tells what a frame carries.
type Kind uint8

// Frame kinds.
const (
	KindMessage   Kind = iota + 1 // a protocol message from one role to another
	KindBroadcast                 // a frame from one role to every other role
	KindEvent                     // a trace event (only observers receive these)
)

// Frame is one received frame.
type Frame struct {
	Kind Kind
	From string // sending role
	To   string // receiving role (KindMessage only)
	Data []byte
}

// Session is one role's end of a session. Its methods may be called from
// different goroutines, but Receive from only one at a time.
type Session interface {
	// SendToRole sends data to role to; frames to one role arrive in order.
	SendToRole(ctx context.Context, to string, data []byte) error
	// Broadcast sends data to every other role of the session.
	Broadcast(ctx context.Context, data []byte) error
	// PublishEvent publishes one trace event of this role to observers.
	PublishEvent(ctx context.Context, data []byte) error
	// Receive returns the next message or broadcast addressed to this role;
	// it blocks until there is one, ctx is done or the session ends.
	Receive(ctx context.Context) (Frame, error)
	// EndSession leaves the session; pending and later Receives fail with
	// ErrEnded. It is safe to call more than once.
	EndSession() error
}

// Inboxer is implemented by a Session that hands its frames over on a
// channel; a caller may read the channel instead of calling Receive (the
// two must not be mixed), which saves a goroutine hand-off per frame. The
// channel is closed when the session ends.
type Inboxer interface {
	Inbox() <-chan Frame
}

// Connector is implemented by a Session that can tell whether it is
// connected to its network now; runtime uses it to blame a lost
// connection on itself instead of on the peers it stops hearing from.
type Connector interface {
	Connected() bool
}

// ErrEnded is returned by Receive after EndSession, and by sends on an
// ended session.
var ErrEnded = errors.New("session ended")

// Memory is the in-process Transport: every role's frames wait in an
// unbounded FIFO queue until it receives them. The zero value is ready to
// use; a Memory may carry any number of sessions.
type Memory struct {
	mu       sync.Mutex
	sessions map[string]*memSession
}

type memSession struct {
	roles     map[string]*Queue
	observers []*Queue
}

// StartSession implements Transport.
func (t *Memory) StartSession(_ context.Context, session, role string) (Session, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.session(session)
	if q, ok := s.roles[role]; ok && !q.isClosed() {
		return nil, fmt.Errorf("session %s: role %s has already started", session, role)
	}
	q := NewQueue()
	s.roles[role] = q
	return &memEnd{t: t, s: s, role: role, in: q}, nil
}

// Observe returns a receiver of every frame of session from now on,
// messages, broadcasts and events, in the order they were sent. It ends
// when ctx is done.
func (t *Memory) Observe(ctx context.Context, session string) func(context.Context) (Frame, error) {
	t.mu.Lock()
	q := NewQueue()
	s := t.session(session)
	s.observers = append(s.observers, q)
	t.mu.Unlock()
	context.AfterFunc(ctx, q.Close)
	return q.Pop
}

func (t *Memory) session(name string) *memSession {
	if t.sessions == nil {
		t.sessions = make(map[string]*memSession)
	}
	s, ok := t.sessions[name]
	if !ok {
		s = &memSession{roles: make(map[string]*Queue)}
		t.sessions[name] = s
	}
	return s
}

type memEnd struct {
	t    *Memory
	s    *memSession
	role string
	in   *Queue
}

func (e *memEnd) deliver(f Frame) error {
	if e.in.isClosed() {
		return ErrEnded
	}
	e.t.mu.Lock()
	defer e.t.mu.Unlock()
	switch f.Kind {
	case KindMessage:
		if q, ok := e.s.roles[f.To]; ok {
			q.Push(f)
		}
	case KindBroadcast:
		for name, q := range e.s.roles {
			if name != e.role {
				q.Push(f)
			}
		}
	}
	for _, q := range e.s.observers {
		q.Push(f)
	}
	return nil
}

func (e *memEnd) SendToRole(_ context.Context, to string, data []byte) error {
	return e.deliver(Frame{Kind: KindMessage, From: e.role, To: to, Data: data})
}

func (e *memEnd) Broadcast(_ context.Context, data []byte) error {
	return e.deliver(Frame{Kind: KindBroadcast, From: e.role, Data: data})
}

func (e *memEnd) PublishEvent(_ context.Context, data []byte) error {
	return e.deliver(Frame{Kind: KindEvent, From: e.role, Data: data})
}

func (e *memEnd) Receive(ctx context.Context) (Frame, error) { return e.in.Pop(ctx) }

func (e *memEnd) EndSession() error {
	e.in.Close()
	return nil
}

// Queue is an unbounded FIFO of frames with a blocking Pop, for
// implementations that receive frames on another goroutine.
type Queue struct {
	mu     sync.Mutex
	frames []Frame
	head   int
	closed bool
	wake   chan struct{} // has a token while frames are waiting or the queue is closed
}

// NewQueue returns an empty queue.
func NewQueue() *Queue { return &Queue{wake: make(chan struct{}, 1)} }

// Push appends f (nothing once the queue is closed).
func (q *Queue) Push(f Frame) {
	q.mu.Lock()
	if !q.closed {
		q.frames = append(q.frames, f)
	}
	q.mu.Unlock()
	q.signal()
}

func (q *Queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Close ends the queue: Pop fails with ErrEnded.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *Queue) isClosed() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.closed
}

// Pop removes the oldest frame, waiting until there is one, ctx is done
// or the queue is closed.
func (q *Queue) Pop(ctx context.Context) (Frame, error) {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return Frame{}, ErrEnded
		}
		if q.head < len(q.frames) {
			f := q.frames[q.head]
			q.frames[q.head] = Frame{}
			q.head++
			if q.head == len(q.frames) {
				q.frames, q.head = q.frames[:0], 0
			} else {
				q.signal() // more are waiting
			}
			q.mu.Unlock()
			return f, nil
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			return Frame{}, ctx.Err()
		}
	}
}

// CheckID reports whether s can name a session or a role (what) on every
// transport: one token of a NATS subject, so no dots, spaces, '*' or '>'.
func CheckID(what, s string) error {
	if s == "" || strings.ContainsAny(s, ". \t\r\n*>") {
		return fmt.Errorf("%s %q cannot be part of a NATS subject (no dots, spaces, '*' or '>')", what, s)
	}
	return nil
}
