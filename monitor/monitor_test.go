package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/transport"
)

func auction(t *testing.T) (*runtime.Image, []runtime.Event) {
	t.Helper()
	path := filepath.Join("..", "examples", "auction.choreo")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := runtime.Analyze(context.Background(), analysis.Input{Filename: path, Src: src}, runtime.Config{})
	img, err := runtime.Compile(res, runtime.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := runtime.Execute(context.Background(), img, runtime.Config{}, runtime.Options{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	return img, rep.Trace.Events
}

// find returns the index of the first event matching kind, role and msg.
func find(t *testing.T, evs []runtime.Event, kind runtime.EventKind, role, msg string) int {
	t.Helper()
	for i, e := range evs {
		if e.Kind == kind && e.Role == role && (msg == "" || e.Msg == msg) {
			return i
		}
	}
	t.Fatalf("no %s event of %s %s", kind, role, msg)
	return -1
}

// cases are the recorded-traffic mutations the monitor must catch, with
// the violation's kind, role and the 1-based line of the expected send.
func cases(t *testing.T, evs []runtime.Event) []struct {
	name   string
	events []runtime.Event
	kind   Kind
	role   string
	line   int
} {
	mutate := func(f func([]runtime.Event) []runtime.Event) []runtime.Event {
		return f(append([]runtime.Event(nil), evs...))
	}
	return []struct {
		name   string
		events []runtime.Event
		kind   Kind
		role   string
		line   int
	}{
		{"conforms", evs, "", "", 0},
		{"wrong message", mutate(func(e []runtime.Event) []runtime.Event {
			e[find(t, e, runtime.EvSent, "Buyer", "Bid")].Msg = "Offer"
			return e
		}), WrongMessage, "Buyer", 7},
		{"wrong branch label", mutate(func(e []runtime.Event) []runtime.Event {
			e[find(t, e, runtime.EvSelected, "Seller", "")].Label = "maybe"
			return e
		}), WrongBranch, "Seller", 9},
		{"send of the other branch", mutate(func(e []runtime.Event) []runtime.Event {
			i := find(t, e, runtime.EvSent, "Seller", "accept")
			e[i].Msg = "reject"
			return e
		}), WrongBranch, "Seller", 9},
		{"orphan", mutate(func(e []runtime.Event) []runtime.Event {
			i := find(t, e, runtime.EvReceived, "Buyer", "Tracking")
			return append(e[:i], e[i+2:]...) // the receive and Buyer's end
		}), Orphan, "Buyer", 13},
		{"receive never sent", mutate(func(e []runtime.Event) []runtime.Event {
			i := find(t, e, runtime.EvSent, "Shipper", "Tracking")
			return append(e[:i], e[i+2:]...) // the send and Shipper's end
		}), Unsent, "Buyer", 13},
	}
}

func TestCheckTrace(t *testing.T) {
	img, evs := auction(t)
	for _, tt := range cases(t, evs) {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			b.WriteString(`{"format":"choreo-trace/1"}` + "\n")
			for _, e := range tt.events {
				line, _ := json.Marshal(e)
				b.Write(append(line, '\n'))
			}
			v, err := CheckTrace(img, &b)
			if err != nil {
				t.Fatal(err)
			}
			check(t, v, tt.kind, tt.role, tt.line)
		})
	}
}

func check(t *testing.T, v *Violation, kind Kind, role string, line int) {
	t.Helper()
	if kind == "" {
		if v != nil {
			t.Fatalf("unexpected violation: %s", v.Reason)
		}
		return
	}
	if v == nil {
		t.Fatalf("no violation, want %s", kind)
	}
	if v.Kind != kind || v.Role != role || v.Span.Start.Line+1 != line {
		t.Fatalf("violation %s of %s at line %d, want %s of %s at line %d: %s", v.Kind, v.Role, v.Span.Start.Line+1, kind, role, line, v.Reason)
	}
}

// TestImplicitReceives checks a trace of sends only.
func TestImplicitReceives(t *testing.T) {
	img, evs := auction(t)
	var sends []runtime.Event
	for _, e := range evs {
		if e.Kind == runtime.EvSent {
			sends = append(sends, e)
		}
	}
	m := New(img)
	for _, e := range sends {
		if v := m.Event(e); v != nil {
			t.Fatal(v.Reason)
		}
	}
	if v := m.End(); v != nil {
		t.Fatal(v.Reason)
	}
	m = New(img)
	for _, e := range sends[:len(sends)-1] {
		m.Event(e)
	}
	if v := m.End(); v == nil || v.Kind != Unfinished || !strings.Contains(v.Reason, "Shipper") {
		t.Fatalf("a missing last send: %v", v)
	}
}

// TestLive checks events published on a session: out of role order
// across roles (every role's events are delivered role by role, in
// reverse participant order) and with the mutations of TestCheckTrace.
func TestLive(t *testing.T) {
	img, evs := auction(t)
	for _, tt := range cases(t, evs) {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var tr transport.Memory
			next := tr.Observe(ctx, "s")
			sessions := map[string]transport.Session{}
			for _, p := range img.Participants {
				s, err := tr.StartSession(ctx, "s", p)
				if err != nil {
					t.Fatal(err)
				}
				sessions[p] = s
			}
			for i := len(img.Participants) - 1; i >= 0; i-- {
				for _, e := range tt.events {
					if e.Role == img.Participants[i] {
						data, _ := json.Marshal(e)
						sessions[e.Role].PublishEvent(ctx, data)
					}
				}
			}
			v, err := Live(ctx, img, next, 100*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			check(t, v, tt.kind, tt.role, tt.line)
		})
	}
}
