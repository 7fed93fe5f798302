package runtime

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Describe renders the action of e in one line, without step and time:
// "Buyer -> Seller : Bid(amount=0)".
func Describe(e *Event) string {
	msg := e.Msg
	if e.Payload != "" {
		msg += "(" + e.Payload + ")"
	}
	switch e.Kind {
	case EvSent:
		return fmt.Sprintf("%s -> %s : %s", e.Role, e.Peer, msg)
	case EvReceived:
		s := fmt.Sprintf("%s <- %s : %s", e.Role, e.Peer, msg)
		if e.Label != "" {
			s += " [branch " + e.Label + "]"
		}
		return s
	case EvSelected:
		return fmt.Sprintf("%s chooses %s (%s to %s)", e.Role, e.Label, e.Msg, e.Peer)
	case EvEffect:
		return fmt.Sprintf("%s runs %s", e.Role, e.Detail)
	case EvCharged:
		if e.Guard == GuardFlow {
			return fmt.Sprintf("%s %s charged %d for %s to %s (%s)", e.Role, e.Guard, e.Amount, e.Msg, e.Peer, e.Detail)
		}
		return fmt.Sprintf("%s %s %s for %s to %s", e.Role, e.Guard, e.Detail, e.Msg, e.Peer)
	case EvDenied:
		return fmt.Sprintf("%s %s DENIED %s to %s: %s", e.Role, e.Guard, e.Msg, e.Peer, e.Detail)
	case EvJournal:
		return fmt.Sprintf("%s %s %s (count %d)", e.Role, e.Guard, e.Detail, e.Amount)
	case EvLeakage:
		return fmt.Sprintf("%s %s leaked %s to %s observers (total %d)", e.Role, e.Guard, e.Msg, e.Detail, e.Amount)
	case EvHalted:
		return e.Role + " reached end"
	case EvInjected:
		switch e.Guard {
		case "crash", "partition":
			return "injected " + e.Guard + " of " + e.Role
		case "delay":
			return fmt.Sprintf("injected delay of %s -> %s : %s by %d ticks", e.Role, e.Peer, e.Msg, e.Amount)
		}
		return fmt.Sprintf("injected %s of %s -> %s : %s", e.Guard, e.Role, e.Peer, e.Msg)
	case EvWarning:
		return "budget warning: " + e.Detail
	case EvFault:
		return fmt.Sprintf("FAULT (%s) %s: %s", e.Guard, e.Role, e.Detail)
	}
	return e.Kind.String()
}

// TextSink streams events to W as text lines (see RenderText). Write
// errors are kept in Err and stop further output.
type TextSink struct {
	W   io.Writer
	Err error
	buf []byte
}

// Event implements Sink.
func (s *TextSink) Event(e *Event) {
	if s.Err != nil {
		return
	}
	s.buf = appendTextLine(s.buf[:0], e)
	_, s.Err = s.W.Write(s.buf)
}

func appendTextLine(b []byte, e *Event) []byte {
	b = fmt.Appendf(b, "%6d %6d  %-14s %-40s [%s]\n", e.Step, e.Time, e.Kind, Describe(e), e.Pred)
	return b
}

// TextHeader is the header of a text trace of a protocol run under cfg; a caller
// streaming events through a TextSink writes it first.
func TextHeader(protocol string, participants []string, cfg Config) string {
	c := cfg.withDefaults()
	return fmt.Sprintf("# %s: seed %d, policy %s, branch %s, %d participants\n#   step   time  event\n",
		protocol, c.Seed, c.Policy, c.Branch, len(participants))
}

// RenderText writes t as a human-readable text trace: a header, one line
// per event (step, simulated time, kind, action, predicate) and the outcome.
func RenderText(w io.Writer, t *Trace) error {
	var b []byte
	b = append(b, TextHeader(t.Protocol, t.Participants, t.Config)...)
	for i := range t.Events {
		b = appendTextLine(b, &t.Events[i])
	}
	b = append(b, "outcome: "+t.Outcome.String()+"\n"...)
	_, err := w.Write(b)
	return err
}

// traceFormat identifies JSON-lines traces.
const traceFormat = "choreo-trace/1"

// jsonHeader is the first line of a JSON-lines trace.
type jsonHeader struct {
	Format       string   `json:"format"`
	Protocol     string   `json:"protocol"`
	Participants []string `json:"participants"`
	Config       Config   `json:"config"`
}

// jsonFooter is the last line of a JSON-lines trace.
type jsonFooter struct {
	Outcome *Outcome `json:"outcome"`
}

// RenderJSON writes t as JSON lines: a header with the protocol,
// participants and run configuration, one object per event, and a final
// {"outcome": ...} line. ReadTrace reads it back for replay.
func RenderJSON(w io.Writer, t *Trace) error {
	bw := bufio.NewWriter(w)
	if err := WriteJSONHeader(bw, t.Protocol, t.Participants, t.Config); err != nil {
		return err
	}
	sink := &JSONSink{W: bw}
	for i := range t.Events {
		sink.Event(&t.Events[i])
	}
	if sink.Err != nil {
		return sink.Err
	}
	if err := WriteJSONOutcome(bw, t.Outcome); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteJSONHeader writes the first line of a JSON-lines trace.
func WriteJSONHeader(w io.Writer, protocol string, participants []string, cfg Config) error {
	return json.NewEncoder(w).Encode(jsonHeader{traceFormat, protocol, participants, cfg})
}

// WriteJSONOutcome writes the last line of a JSON-lines trace.
func WriteJSONOutcome(w io.Writer, o Outcome) error {
	return json.NewEncoder(w).Encode(jsonFooter{&o})
}

// JSONSink streams events to W as JSON lines, between WriteJSONHeader and
// WriteJSONOutcome. Write errors are kept in Err and stop further output.
type JSONSink struct {
	W   io.Writer
	Err error
	enc *json.Encoder
}

// Event implements Sink.
func (s *JSONSink) Event(e *Event) {
	if s.Err != nil {
		return
	}
	if s.enc == nil {
		s.enc = json.NewEncoder(s.W)
	}
	s.Err = s.enc.Encode(e)
}

// ReadTrace parses a JSON-lines trace written by RenderJSON.
func ReadTrace(r io.Reader) (*Trace, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var t Trace
	line, done := 0, false
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		if done {
			return nil, fmt.Errorf("trace line %d: data after the outcome", line)
		}
		switch {
		case line == 1:
			var h jsonHeader
			if err := strictUnmarshal(raw, &h); err != nil || h.Format != traceFormat {
				return nil, fmt.Errorf("trace line 1: not a %s header", traceFormat)
			}
			t.Protocol, t.Participants, t.Config = h.Protocol, h.Participants, h.Config
		case bytes.HasPrefix(raw, []byte(`{"outcome"`)):
			var f jsonFooter
			if err := strictUnmarshal(raw, &f); err != nil {
				return nil, fmt.Errorf("trace line %d: bad outcome: %w", line, err)
			}
			if f.Outcome == nil {
				return nil, fmt.Errorf("trace line %d: the outcome is null", line)
			}
			t.Outcome, done = *f.Outcome, true
		default:
			var e Event
			if err := strictUnmarshal(raw, &e); err != nil {
				return nil, fmt.Errorf("trace line %d: %w", line, err)
			}
			t.Events = append(t.Events, e)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading trace: %w", err)
	}
	if !done {
		return nil, errors.New("trace has no outcome line (truncated?)")
	}
	return &t, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// RenderMermaid writes t as a Mermaid sequence diagram: one arrow per sent
// message, notes for choices, guard events and faults, and the failing
// step highlighted in red.
func RenderMermaid(w io.Writer, t *Trace) error {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	fmt.Fprintf(&b, "    title %s: %s\n", t.Protocol, mermaidText(outcomeLine(t.Outcome)))
	alias := make(map[string]string, len(t.Participants))
	for i, p := range t.Participants {
		alias[p] = fmt.Sprintf("P%d", i)
		fmt.Fprintf(&b, "    participant P%d as %s\n", i, mermaidText(p))
	}
	for i := range t.Events {
		e := &t.Events[i]
		role, peer := alias[e.Role], alias[e.Peer]
		switch e.Kind {
		case EvSent:
			label, arrow := e.Msg, "-)"
			if e.Payload != "" {
				label += "(" + e.Payload + ")"
			}
			if i+1 < len(t.Events) && t.Events[i+1].Kind == EvInjected && t.Events[i+1].Guard == "drop" {
				label, arrow = label+" (dropped)", "-x"
			}
			fmt.Fprintf(&b, "    %s%s%s: %d. %s\n", role, arrow, peer, e.Step, mermaidText(label))
		case EvSelected:
			fmt.Fprintf(&b, "    Note over %s: choose %s\n", role, mermaidText(e.Label))
		case EvCharged, EvJournal, EvLeakage, EvEffect:
			// One note per send: the chips of its consecutive guard events.
			if i > 0 && sameChipRow(&t.Events[i-1], e) {
				continue
			}
			var chips []string
			for j := i; j < len(t.Events) && sameChipRow(e, &t.Events[j]); j++ {
				text, _, _ := chipText(&t.Events[j])
				chips = append(chips, text)
			}
			fmt.Fprintf(&b, "    Note right of %s: %s\n", role, mermaidText(strings.Join(chips, " · ")))
		case EvInjected:
			if e.Guard != "drop" { // a drop is drawn as a crossed arrow
				fmt.Fprintf(&b, "    Note over %s: %s\n", role, mermaidText(Describe(e)))
			}
		case EvWarning:
			fmt.Fprintf(&b, "    rect rgb(255, 243, 205)\n    Note over %s: %s\n    end\n", role, mermaidText(Describe(e)))
		case EvDenied, EvFault:
			if e.Kind == EvFault && i > 0 && t.Events[i-1].Kind == EvDenied {
				continue // the denial already says why
			}
			fmt.Fprintf(&b, "    rect rgb(255, 205, 210)\n    Note over %s: step %d %s\n    end\n", role, e.Step, mermaidText(Describe(e)))
		case EvHalted:
			fmt.Fprintf(&b, "    Note over %s: end\n", role)
		}
	}
	if o := t.Outcome; o.Kind != Completed && o.Kind != Fault && len(t.Participants) > 0 {
		first, last := alias[t.Participants[0]], alias[t.Participants[len(t.Participants)-1]]
		span := first
		if last != first {
			span += "," + last
		}
		fmt.Fprintf(&b, "    rect rgb(255, 205, 210)\n    Note over %s: %s\n    end\n", span, mermaidText(strings.ReplaceAll(o.String(), "\n", "<br/>")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// outcomeLine is the first line of the outcome's description.
func outcomeLine(o Outcome) string {
	s, _, _ := strings.Cut(o.String(), "\n")
	return s
}

// sameChipRow reports whether b is a guard event of the same role and
// step as a.
func sameChipRow(a, b *Event) bool {
	_, _, ok := chipText(b)
	_, _, aok := chipText(a)
	return ok && aok && a.Role == b.Role && a.Step == b.Step
}

// mermaidText escapes characters Mermaid gives meaning to in messages.
func mermaidText(s string) string {
	r := strings.NewReplacer(";", "#59;", "#", "#35;", "\n", " ")
	return r.Replace(s)
}
