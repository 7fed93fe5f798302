package natstransport

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/choreo-lang/choreo/analysis/global"
)

// Host operations: the last token of a host subject.
const (
	OpProvideMessage = "provide_message"
	OpSelectBranch   = "select_branch"
)

// ProvideRequest asks a host for the payload of one send.
type ProvideRequest struct {
	Session     string `json:"session"`
	Role        string `json:"role"`         // the sender
	To          string `json:"to"`           // the receiver
	Msg         string `json:"msg"`          // the message name
	PayloadType string `json:"payload_type"` // the payload as written in the protocol ("" when none)
}

// SelectRequest asks a host to decide one internal choice.
type SelectRequest struct {
	Session string   `json:"session"`
	Role    string   `json:"role"`
	Labels  []string `json:"labels"` // the branches the role may take now, in protocol order
}

// Reply is a host's answer: Payload (provide_message) or Label
// (select_branch), or Error when the host refuses.
type Reply struct {
	Payload string `json:"payload,omitempty"`
	Label   string `json:"label,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Host is a runtime.Host that asks a host process over NATS request/reply
// on the role's host subjects; every request waits at most Timeout
// (default 5s), and a missing, late or refusing host faults the role.
type Host struct {
	Conn    *nats.Conn
	Session string
	Timeout time.Duration
}

func (h *Host) request(role, op string, req any) (Reply, error) {
	data, err := json.Marshal(req)
	if err != nil {
		return Reply{}, err
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	subj := HostSubject(h.Session, role, op)
	msg, err := h.Conn.Request(subj, data, timeout)
	if errors.Is(err, nats.ErrNoResponders) {
		return Reply{}, fmt.Errorf("no host listens on %s", subj)
	}
	if err != nil {
		return Reply{}, fmt.Errorf("%s: %w", subj, err)
	}
	var r Reply
	if err := json.Unmarshal(msg.Data, &r); err != nil {
		return Reply{}, fmt.Errorf("%s: unreadable reply %q: %w", subj, msg.Data, err)
	}
	if r.Error != "" {
		return Reply{}, fmt.Errorf("host refused: %s", r.Error)
	}
	return r, nil
}

// ProvideMessage implements runtime.Host.
func (h *Host) ProvideMessage(role, to string, msg global.Message) (string, error) {
	r, err := h.request(role, OpProvideMessage, ProvideRequest{Session: h.Session, Role: role, To: to, Msg: msg.Name, PayloadType: msg.Payload})
	return r.Payload, err
}

// SelectBranch implements runtime.Host.
func (h *Host) SelectBranch(role string, labels []string) (int, error) {
	r, err := h.request(role, OpSelectBranch, SelectRequest{Session: h.Session, Role: role, Labels: labels})
	if err != nil {
		return 0, err
	}
	if i := slices.Index(labels, r.Label); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("host chose %q, not one of %s", r.Label, strings.Join(labels, ", "))
}

// Handler answers host requests for one role (the Go side of a host
// process; ServeHost connects it to NATS).
type Handler interface {
	ProvideMessage(ProvideRequest) (string, error)
	SelectBranch(SelectRequest) (string, error)
}

// ServeHost answers the host requests of role in session with h until the
// returned stop function is called.
func ServeHost(nc *nats.Conn, session, role string, h Handler) (stop func() error, err error) {
	var subs []*nats.Subscription
	stop = func() error {
		var errs []error
		for _, s := range subs {
			errs = append(errs, s.Unsubscribe())
		}
		return errors.Join(errs...)
	}
	answer := func(m *nats.Msg, r Reply, err error) {
		if err != nil {
			r = Reply{Error: err.Error()}
		}
		data, _ := json.Marshal(r)
		_ = m.Respond(data) // the requester times out if the reply is lost
	}
	provide := func(m *nats.Msg) {
		var req ProvideRequest
		if err := json.Unmarshal(m.Data, &req); err != nil {
			answer(m, Reply{}, err)
			return
		}
		p, err := h.ProvideMessage(req)
		answer(m, Reply{Payload: p}, err)
	}
	choose := func(m *nats.Msg) {
		var req SelectRequest
		if err := json.Unmarshal(m.Data, &req); err != nil {
			answer(m, Reply{}, err)
			return
		}
		l, err := h.SelectBranch(req)
		answer(m, Reply{Label: l}, err)
	}
	for op, cb := range map[string]nats.MsgHandler{OpProvideMessage: provide, OpSelectBranch: choose} {
		s, err := nc.Subscribe(HostSubject(session, role, op), cb)
		if err != nil {
			_ = stop()
			return nil, err
		}
		subs = append(subs, s)
	}
	if err := nc.FlushTimeout(5 * time.Second); err != nil {
		_ = stop()
		return nil, err
	}
	return stop, nil
}
