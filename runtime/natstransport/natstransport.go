// Package natstransport carries runtime sessions over NATS, so that the
// roles of a protocol can run in different processes and on different
// machines. It uses the NATS Go client (github.com/nats-io/nats.go); a run
// that needs no infrastructure uses the NATS server of package
// runtime/natsserver, listening on loopback. NATS gives
// per-publisher, per-subject ordering, request/reply and wildcard
// subscriptions, which is exactly what a per-pair FIFO, a host bridge and
// a monitor need, so nothing here re-implements messaging.
//
// # Subjects
//
// For a session S (a NATS subject token: no dots, spaces, '*' or '>'):
//
//	choreo.S.msg.FROM.TO             message frames from FROM to TO (one subject per ordered pair)
//	choreo.S.status.FROM             FROM's status broadcasts (runtime.WireStatus)
//	choreo.S.event.ROLE              ROLE's trace events (runtime.Event as JSON)
//	choreo.S.host.ROLE.provide_message   request/reply: a payload for ROLE's send
//	choreo.S.host.ROLE.select_branch     request/reply: ROLE's branch decision
//
// Every participant uses its own connection, and publishes each pair's
// frames from it, so NATS keeps their order.
package natstransport

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/choreo-lang/choreo/runtime/transport"
)

// Prefix is the first token of every subject.
const Prefix = "choreo"

// MessageSubject is the subject of the frames from one role to another.
func MessageSubject(session, from, to string) string {
	return Prefix + "." + session + ".msg." + from + "." + to
}

// StatusSubject is the subject of a role's status broadcasts.
func StatusSubject(session, role string) string {
	return Prefix + "." + session + ".status." + role
}

// EventSubject is the subject of a role's trace events.
func EventSubject(session, role string) string {
	return Prefix + "." + session + ".event." + role
}

// HostSubject is the request subject of a role's host; op is
// "provide_message" or "select_branch".
func HostSubject(session, role, op string) string {
	return Prefix + "." + session + ".host." + role + "." + op
}

// CheckToken reports whether s can be one token of a subject.
// It is transport.CheckID: the rule every transport applies.
func CheckToken(what, s string) error { return transport.CheckID(what, s) }

// Transport starts sessions over a NATS server. Each session (each role)
// opens its own connection.
type Transport struct {
	URL     string        // the NATS server, e.g. nats://127.0.0.1:4222
	Name    string        // the connection name prefix shown by the server (default "choreo")
	Timeout time.Duration // connection and flush timeout (default 5s)
}

func (t *Transport) timeout() time.Duration {
	if t.Timeout > 0 {
		return t.Timeout
	}
	return 5 * time.Second
}

// Connect opens a connection to t.URL named name.
func (t *Transport) Connect(name string) (*nats.Conn, error) {
	prefix := t.Name
	if prefix == "" {
		prefix = "choreo"
	}
	nc, err := nats.Connect(t.URL, nats.Name(prefix+" "+name), nats.Timeout(t.timeout()),
		nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", t.URL, err)
	}
	return nc, nil
}

// StartSession implements transport.Transport: it connects, subscribes
// to the role's pair subjects and every status subject, and returns once
// the server has the subscriptions.
func (t *Transport) StartSession(ctx context.Context, session, role string) (transport.Session, error) {
	if err := CheckToken("session", session); err != nil {
		return nil, err
	}
	if err := CheckToken("role", role); err != nil {
		return nil, err
	}
	nc, err := t.Connect(session + "/" + role)
	if err != nil {
		return nil, err
	}
	s := &natsSession{nc: nc, session: session, role: role, in: make(chan transport.Frame, 1024), ended: make(chan struct{}), timeout: t.timeout()}
	for _, subj := range []string{MessageSubject(session, "*", role), StatusSubject(session, "*")} {
		sub, err := nc.Subscribe(subj, s.deliver)
		if err != nil {
			nc.Close()
			return nil, fmt.Errorf("subscribe %s: %w", subj, err)
		}
		// deliver may block: the client then keeps the frames pending,
		// and must never drop one.
		if err := sub.SetPendingLimits(-1, -1); err != nil {
			nc.Close()
			return nil, err
		}
		s.subs = append(s.subs, sub)
	}
	if err := nc.FlushTimeout(t.timeout()); err != nil {
		nc.Close()
		return nil, fmt.Errorf("session %s: %w", session, err)
	}
	return s, nil
}

// natsSession is one role's NATS session.
type natsSession struct {
	nc            *nats.Conn
	session, role string
	subs          []*nats.Subscription
	in            chan transport.Frame
	ended         chan struct{}
	endOnce       sync.Once
	timeout       time.Duration
}

// deliver hands a received frame over; it runs on the subscription's
// goroutine and waits while the inbox is full.
func (s *natsSession) deliver(msg *nats.Msg) {
	f, ok := ParseFrame(s.session, msg.Subject, msg.Data)
	if !ok || f.Kind == transport.KindBroadcast && f.From == s.role {
		return
	}
	select {
	case s.in <- f:
	case <-s.ended:
	}
}

// Connected implements transport.Connector.
func (s *natsSession) Connected() bool { return s.nc.IsConnected() }

// Inbox implements transport.Inboxer.
func (s *natsSession) Inbox() <-chan transport.Frame { return s.in }

// ParseFrame classifies a message published on a subject of session.
func ParseFrame(session, subject string, data []byte) (transport.Frame, bool) {
	rest, ok := strings.CutPrefix(subject, Prefix+"."+session+".")
	if !ok {
		return transport.Frame{}, false
	}
	kind, rest, _ := strings.Cut(rest, ".")
	switch kind {
	case "msg":
		from, to, ok := strings.Cut(rest, ".")
		if ok && from != "" && to != "" && !strings.Contains(to, ".") {
			return transport.Frame{Kind: transport.KindMessage, From: from, To: to, Data: data}, true
		}
	case "status", "event":
		if rest != "" && !strings.Contains(rest, ".") {
			k := transport.KindBroadcast
			if kind == "event" {
				k = transport.KindEvent
			}
			return transport.Frame{Kind: k, From: rest, Data: data}, true
		}
	}
	return transport.Frame{}, false
}

func (s *natsSession) SendToRole(_ context.Context, to string, data []byte) error {
	return s.nc.Publish(MessageSubject(s.session, s.role, to), data)
}

func (s *natsSession) Broadcast(_ context.Context, data []byte) error {
	return s.nc.Publish(StatusSubject(s.session, s.role), data)
}

func (s *natsSession) PublishEvent(_ context.Context, data []byte) error {
	return s.nc.Publish(EventSubject(s.session, s.role), data)
}

func (s *natsSession) Receive(ctx context.Context) (transport.Frame, error) {
	select {
	case f := <-s.in:
		return f, nil
	case <-s.ended:
		return transport.Frame{}, transport.ErrEnded
	case <-ctx.Done():
		return transport.Frame{}, ctx.Err()
	}
}

// EndSession flushes what was published and closes the connection.
func (s *natsSession) EndSession() error {
	s.endOnce.Do(func() { close(s.ended) })
	if s.nc.IsClosed() {
		return nil
	}
	if !s.nc.IsConnected() {
		s.nc.Close() // what is still buffered cannot be delivered
		return nil
	}
	err := s.nc.FlushTimeout(s.timeout)
	s.nc.Close()
	if err != nil {
		return fmt.Errorf("session %s: %s leaves: %w", s.session, s.role, err)
	}
	return nil
}

// Observe subscribes nc to every subject of session and returns a
// receiver of its frames (messages, statuses and events) in arrival
// order. It ends when ctx is done.
func Observe(ctx context.Context, nc *nats.Conn, session string) (func(context.Context) (transport.Frame, error), error) {
	if err := CheckToken("session", session); err != nil {
		return nil, err
	}
	q := transport.NewQueue()
	sub, err := nc.Subscribe(Prefix+"."+session+".>", func(msg *nats.Msg) {
		if f, ok := ParseFrame(session, msg.Subject, msg.Data); ok {
			q.Push(f)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		return nil, err
	}
	if err := nc.FlushTimeout(5 * time.Second); err != nil {
		return nil, err
	}
	context.AfterFunc(ctx, func() {
		_ = sub.Unsubscribe()
		q.Close()
	})
	return q.Pop, nil
}
