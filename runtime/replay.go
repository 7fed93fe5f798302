package runtime

import (
	"context"
	"fmt"
	"reflect"
	"slices"
)

// Divergence is the first difference between a recorded trace and its
// replay. Want or Got is nil when one trace ended before the other.
type Divergence struct {
	Index     int    // index of the first differing event; len(events) for the outcome
	Want, Got *Event // the recorded and the replayed event
	Reason    string
}

// Error implements error, so a divergence can be returned as one.
func (d *Divergence) Error() string { return "replay diverged: " + d.Reason }

// Replay runs img again with the configuration recorded in t (the built-in
// host) and compares the new trace with t event by event. It returns nil
// when they agree, otherwise the first divergence.
func Replay(ctx context.Context, img *Image, t *Trace) (*Divergence, error) {
	if t.Protocol != img.Protocol.Name || !slices.Equal(t.Participants, img.Participants) {
		return &Divergence{Reason: fmt.Sprintf("the trace is of %s %v, the image of %s %v",
			t.Protocol, t.Participants, img.Protocol.Name, img.Participants)}, nil
	}
	rep, err := Execute(ctx, img, t.Config, Options{Record: true})
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	got := rep.Trace
	for i := range max(len(t.Events), len(got.Events)) {
		var want, have *Event
		if i < len(t.Events) {
			want = &t.Events[i]
		}
		if i < len(got.Events) {
			have = &got.Events[i]
		}
		switch {
		case want == nil:
			return &Divergence{Index: i, Got: have, Reason: fmt.Sprintf("event %d: the replay continues with %s", i, Describe(have))}, nil
		case have == nil:
			return &Divergence{Index: i, Want: want, Reason: fmt.Sprintf("event %d: the replay stopped before %s", i, Describe(want))}, nil
		case *want != *have:
			return &Divergence{Index: i, Want: want, Got: have, Reason: fmt.Sprintf("event %d (step %d): recorded %q, replayed %q",
				i, want.Step, Describe(want), Describe(have))}, nil
		}
	}
	if !reflect.DeepEqual(t.Outcome, got.Outcome) {
		return &Divergence{Index: len(t.Events), Reason: fmt.Sprintf("outcome: recorded %s, replayed %s",
			outcomeLine(t.Outcome), outcomeLine(got.Outcome))}, nil
	}
	return nil, nil
}
