package runtime

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestReplayIsByteIdentical runs 100 seeds twice under random scheduling,
// random branches and fault injection: the JSON traces must be identical,
// and Replay of the recorded trace must find no divergence.
func TestReplayIsByteIdentical(t *testing.T) {
	img := image(t, auction())
	for seed := range int64(100) {
		cfg := Config{Seed: seed, Policy: Random, Branch: BranchRandom, Faults: Faults{Delay: 0.3, Duplicate: 0.05}}
		var first, second bytes.Buffer
		for _, out := range []*bytes.Buffer{&first, &second} {
			if err := RenderJSON(out, execute(t, img, cfg).Trace); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("seed %d: traces differ\n%s\n---\n%s", seed, first.String(), second.String())
		}
		tr, err := ReadTrace(&first)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		div, err := Replay(context.Background(), img, tr)
		if err != nil || div != nil {
			t.Fatalf("seed %d: replay: %v %v", seed, err, div)
		}
	}
}

func TestReplayReportsFirstDivergence(t *testing.T) {
	img := image(t, auction())
	tr := execute(t, img, Config{}).Trace
	tr.Events[3].Payload = "tampered"
	div, err := Replay(context.Background(), img, tr)
	if err != nil {
		t.Fatal(err)
	}
	if div == nil || div.Index != 3 || div.Want.Payload != "tampered" {
		t.Fatalf("divergence = %+v", div)
	}
	tr = execute(t, img, Config{}).Trace
	tr.Events = tr.Events[:5]
	if div, _ := Replay(context.Background(), img, tr); div == nil || div.Index != 5 || div.Want != nil {
		t.Fatalf("truncated trace: divergence = %+v", div)
	}
}

// FuzzReadTrace: ReadTrace rejects malformed input with an error, never a
// panic, and accepts what RenderJSON writes.
func FuzzReadTrace(f *testing.F) {
	var b bytes.Buffer
	if err := RenderJSON(&b, execute(f, image(f, auction()), Config{}).Trace); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`{"format":"choreo-trace/1"}` + "\n" + `{"outcome":{"kind":"completed"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadTrace(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := RenderJSON(&out, tr); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadTrace(&out); err != nil {
			t.Fatalf("re-reading a rendered trace: %v", err)
		}
	})
}

func TestReadTraceErrors(t *testing.T) {
	header := `{"format":"choreo-trace/1","protocol":"P","participants":["A"],"config":{"seed":0}}` + "\n"
	for _, tt := range []struct{ in, want string }{
		{"", "no outcome line"},
		{`{"format":"other"}` + "\n", "line 1: not a choreo-trace/1 header"},
		{header + `{"step":1,"kind":"exploded"}` + "\n", `line 2: unknown event kind "exploded"`},
		{header + `{"outcome":null}` + "\n", "line 2: the outcome is null"},
		{header + `{"outcome":{"kind":"completed","extra":1}}` + "\n", `line 2: bad outcome: json: unknown field "extra"`},
		{header + `{"outcome":{"kind":"completed"}}` + "\n" + `{"step":1}` + "\n", "line 3: data after the outcome"},
		{header + `{"step":1,"kind":"sent"}` + "\n", "no outcome line"},
	} {
		_, err := ReadTrace(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadTrace(%q) = %v, want an error mentioning %q", tt.in, err, tt.want)
		}
	}
}
