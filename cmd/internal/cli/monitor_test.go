package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/natstransport"
)

// mutations of the auction's recorded events that the monitor must
// catch, with the violation kind it reports.
var mutations = []struct {
	name, kind string
	edit       func([]runtime.Event) []runtime.Event
}{
	{"conforms", "", func(e []runtime.Event) []runtime.Event { return e }},
	{"wrong message", "wrong-message", func(e []runtime.Event) []runtime.Event {
		for i := range e {
			if e[i].Msg == "Bid" {
				e[i].Msg = "Offer"
			}
		}
		return e
	}},
	{"wrong branch", "wrong-branch", func(e []runtime.Event) []runtime.Event {
		for i := range e {
			if e[i].Kind == runtime.EvSelected {
				e[i].Label = "maybe"
			}
		}
		return e
	}},
	{"orphan", "orphan", func(e []runtime.Event) []runtime.Event {
		var out []runtime.Event
		for _, x := range e {
			if x.Role == "Buyer" && (x.Kind == runtime.EvHalted || x.Kind == runtime.EvReceived && x.Msg == "Tracking") {
				continue
			}
			out = append(out, x)
		}
		return out
	}},
}

// recordAuction runs the auction in the VM through the binary and reads
// its events back.
func recordAuction(t *testing.T, ctx context.Context) []runtime.Event {
	t.Helper()
	out := filepath.Join(t.TempDir(), "auction.jsonl")
	if code := start(t, ctx, "run", examplePath("auction.choreo"), "--trace", "json", "--out", out).wait(); code != 0 {
		t.Fatalf("run: exit %d", code)
	}
	tr, err := readTrace(out)
	if err != nil {
		t.Fatal(err)
	}
	return tr.Events
}

func TestMonitorRecorded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	events := recordAuction(t, ctx)
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "events.jsonl")
			var b strings.Builder
			for _, e := range m.edit(append([]runtime.Event(nil), events...)) {
				line, _ := json.Marshal(e)
				b.Write(append(line, '\n'))
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			p := start(t, ctx, "monitor", examplePath("auction.choreo"), "--trace", path)
			expectMonitor(t, p, m.kind)
		})
	}
}

// expectMonitor checks a monitor's exit and report: exit 0 when kind is
// empty, else exit 1 and a report of that kind with a source location.
func expectMonitor(t *testing.T, p *proc, kind string) {
	t.Helper()
	code := p.wait()
	out := p.out.String()
	switch {
	case kind == "" && code == 0 && strings.Contains(out, "conforms"):
	case kind != "" && code == 1 && strings.Contains(out, kind+" violation") && strings.Contains(out, "auction.choreo:"):
	default:
		t.Fatalf("exit %d, want %s\nstdout:\n%s\nstderr:\n%s", code, kind, out, p.errOut.String())
	}
}

// startMonitor starts a live monitor and waits until it listens.
func startMonitor(t *testing.T, ctx context.Context, url, session string) *proc {
	t.Helper()
	p := &proc{cmd: exec.CommandContext(ctx, choreoBinary(t), "monitor", examplePath("auction.choreo"),
		"--nats", url, "--session", session, "--idle", "500ms", "--timeout", "30s")}
	p.cmd.Stdout = &p.out
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "monitoring session") {
			go func() { _, _ = io.Copy(io.Discard, stderr) }()
			return p
		}
	}
	t.Fatalf("the monitor did not start: %v", sc.Err())
	return nil
}

// TestMonitorLive watches three auction nodes (conforming) and services
// that publish the mutated events on the session's event subjects.
func TestMonitorLive(t *testing.T) {
	url := natsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	t.Run("nodes", func(t *testing.T) {
		mon := startMonitor(t, ctx, url, "live")
		var nodes []*proc
		for _, role := range []string{"Buyer", "Seller", "Shipper"} {
			nodes = append(nodes, start(t, ctx, "node", examplePath("auction.choreo"), "--role", role, "--nats", url, "--session", "live"))
		}
		for _, n := range nodes {
			if code := n.wait(); code != 0 {
				t.Fatalf("node: exit %d\n%s", code, n.errOut.String())
			}
		}
		expectMonitor(t, mon, "")
	})
	events := recordAuction(t, ctx)
	nc, err := (&natstransport.Transport{URL: url}).Connect("test service")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	for i, m := range mutations[1:] {
		t.Run(m.name, func(t *testing.T) {
			session := "mutated" + string(rune('a'+i))
			mon := startMonitor(t, ctx, url, session)
			for _, e := range m.edit(append([]runtime.Event(nil), events...)) {
				data, _ := json.Marshal(e)
				if err := nc.Publish(natstransport.EventSubject(session, e.Role), data); err != nil {
					t.Fatal(err)
				}
			}
			if err := nc.Flush(); err != nil {
				t.Fatal(err)
			}
			expectMonitor(t, mon, m.kind)
		})
	}
}
