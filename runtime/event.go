package runtime

import "fmt"

// EventKind is the kind of a trace event.
type EventKind uint8

// Trace event kinds.
const (
	EvSent     EventKind = iota + 1 // a message entered its FIFO buffer
	EvReceived                      // a message left its buffer
	EvSelected                      // a role decided an internal choice
	EvEffect                        // an annotation effect command ran (StoreMetadata)
	EvCharged                       // a guard admitted the send and charged it
	EvDenied                        // a guard denied the send
	EvJournal                       // a journal fact was appended (or merged)
	EvLeakage                       // leakage was recorded for an observer class
	EvHalted                        // a role reached end
	EvInjected                      // simulation injected a fault (drop, delay, duplicate, crash)
	EvWarning                       // the termination budget passed 80 %
	EvFault                         // the run faulted
)

var eventNames = [...]string{
	EvSent:     "sent",
	EvReceived: "received",
	EvSelected: "selected",
	EvEffect:   "effect",
	EvCharged:  "charged",
	EvDenied:   "denied",
	EvJournal:  "journal",
	EvLeakage:  "leakage",
	EvHalted:   "halted",
	EvInjected: "injected",
	EvWarning:  "budget-warning",
	EvFault:    "fault",
}

func (k EventKind) String() string {
	if int(k) < len(eventNames) && eventNames[k] != "" {
		return eventNames[k]
	}
	return fmt.Sprintf("event(%d)", k)
}

// MarshalText implements encoding.TextMarshaler.
func (k EventKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *EventKind) UnmarshalText(b []byte) error {
	for i, n := range eventNames {
		if n != "" && n == string(b) {
			*k = EventKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown event kind %q", b)
}

// Output-condition predicate hints (SEMANTICS §8). The ci profile allows
// only these; PredInjected marks simulation-only events.
const (
	PredSend     = "transport.send"
	PredRecv     = "transport.recv"
	PredChoice   = "protocol.choice"
	PredStep     = "protocol.step"
	PredAcquire  = "guard.acquire"
	PredRelease  = "guard.release"
	PredInjected = "sim.inject"
)

// allowedPredicate reports whether pred is on the hardening allow-list.
func allowedPredicate(pred string) bool {
	switch pred {
	case PredSend, PredRecv, PredChoice, PredStep, PredAcquire, PredRelease:
		return true
	}
	return false
}

// Event is one observable step of a run. Fields that do not apply to a
// kind are empty.
type Event struct {
	Step    int64     `json:"step"`           // scheduler steps taken so far
	Time    int64     `json:"time"`           // simulated time in ticks
	Kind    EventKind `json:"kind"`           //
	Pred    string    `json:"pred"`           // output-condition predicate hint
	Role    string    `json:"role"`           // the acting participant
	Peer    string    `json:"peer,omitempty"` // the other end of a message
	Msg     string    `json:"msg,omitempty"`  // message name
	Payload string    `json:"payload,omitempty"`
	Label   string    `json:"label,omitempty"`  // choice label
	Guard   string    `json:"guard,omitempty"`  // guard or effect name
	Amount  int64     `json:"amount,omitempty"` // charge, remaining budget, ...
	Detail  string    `json:"detail,omitempty"` // human-readable explanation
}

// Sink receives events as the VM produces them. The event is only valid
// during the call; a sink that keeps events must copy them.
type Sink interface {
	Event(*Event)
}

// Recorder is a Sink that keeps every event.
type Recorder struct {
	Events []Event
}

// Event implements Sink.
func (r *Recorder) Event(e *Event) { r.Events = append(r.Events, *e) }

// Trace is a recorded run: its configuration, events and outcome.
type Trace struct {
	Protocol     string   `json:"protocol"`
	Participants []string `json:"participants"`
	Config       Config   `json:"config"`
	Events       []Event  `json:"-"`
	Outcome      Outcome  `json:"-"`
}
