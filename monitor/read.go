package monitor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/transport"
)

// CheckTrace checks recorded traffic: JSON lines, one event object per
// line (a choreo trace's header and outcome lines, and blank lines, are
// skipped). It returns the first violation, or nil when the traffic
// conforms and is complete; the error is for unreadable input.
func CheckTrace(img *runtime.Image, r io.Reader) (*Violation, error) {
	m := New(img)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for line := 1; sc.Scan(); line++ {
		e, ok, err := decodeEvent(sc.Bytes())
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if !ok {
			continue
		}
		if v := m.Event(e); v != nil {
			return v, nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return m.End(), nil
}

// decodeEvent reads one line; ok is false for lines that are not events.
func decodeEvent(line []byte) (e runtime.Event, ok bool, err error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return e, false, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(line, &probe); err != nil {
		return e, false, err
	}
	if _, header := probe["format"]; header {
		return e, false, nil
	}
	if _, footer := probe["outcome"]; footer {
		return e, false, nil
	}
	if err := json.Unmarshal(line, &e); err != nil {
		return e, false, err
	}
	if e.Role == "" {
		return e, false, errors.New("event without a role")
	}
	return e, true, nil
}

// Live checks the events of a running session as next delivers them
// (frames of every kind; only events are checked). It ends with the first
// violation, when every role has reached its end with nothing left to
// receive, when no event has come for idle after the first (then the end
// of the traffic is checked), or when ctx is done (likewise).
func Live(ctx context.Context, img *runtime.Image, next func(context.Context) (transport.Frame, error), idle time.Duration) (*Violation, error) {
	m := New(img)
	seen := false
	for {
		wait := ctx
		cancel := context.CancelFunc(func() {})
		if seen {
			wait, cancel = context.WithTimeout(ctx, idle)
		}
		f, err := next(wait)
		cancel()
		if err != nil {
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || errors.Is(err, transport.ErrEnded) {
				return m.End(), nil
			}
			return nil, err
		}
		if f.Kind != transport.KindEvent {
			continue
		}
		e, ok, err := decodeEvent(f.Data)
		if err != nil || !ok {
			continue // not an event of this format: not ours to judge
		}
		if e.Role != f.From {
			continue // a role publishes only its own events
		}
		seen = true
		if v := m.Event(e); v != nil {
			return v, nil
		}
		if m.Done() {
			return nil, nil
		}
	}
}
