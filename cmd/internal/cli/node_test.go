package cli

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/runtime/natsserver"
)

var (
	binMu    sync.Mutex
	binPaths = map[string]string{}
	binDir   string
)

// choreoBinary builds the choreo binary once per test run.
func choreoBinary(t *testing.T) string { return buildBinary(t, "../../choreo") }

// buildBinary builds the command in pkg (relative to this directory)
// once per test run and returns its path.
func buildBinary(t *testing.T, pkg string) string {
	t.Helper()
	binMu.Lock()
	defer binMu.Unlock()
	if p, ok := binPaths[pkg]; ok {
		return p
	}
	if binDir == "" {
		dir, err := os.MkdirTemp("", "choreo-bin")
		if err != nil {
			t.Fatal(err)
		}
		binDir = dir
	}
	path := filepath.Join(binDir, strings.NewReplacer("/", "_", ".", "_").Replace(pkg))
	if out, err := exec.Command("go", "build", "-o", path, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	binPaths[pkg] = path
	return path
}

// natsServer starts an embedded NATS server on loopback for one test.
func natsServer(t *testing.T) string {
	t.Helper()
	ns, url, err := natsserver.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	return url
}

// proc is a choreo process started by a test.
type proc struct {
	cmd         *exec.Cmd
	out, errOut bytes.Buffer
}

// start runs the binary with args; the process is killed when ctx ends.
func start(t *testing.T, ctx context.Context, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.CommandContext(ctx, choreoBinary(t), args...)}
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.errOut
	p.cmd.WaitDelay = time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// wait returns the exit code.
func (p *proc) wait() int {
	err := p.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// lastOutcome returns the last "outcome:" line of a trace ("" if none).
func lastOutcome(out string) string {
	i := strings.LastIndex(out, "outcome:")
	if i < 0 {
		return ""
	}
	return out[i:]
}

func examplePath(name string) string { return filepath.Join("..", "..", "..", "examples", name) }

// TestNodesCompleteAuction runs the auction as three choreo node
// processes against the embedded server of a choreo nats-server process.
func TestNodesCompleteAuction(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	srv := exec.CommandContext(ctx, choreoBinary(t), "nats-server", "--addr", "127.0.0.1:0", "--for", "1m")
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = srv.Process.Signal(os.Interrupt)
		_ = srv.Wait()
	}()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatalf("nats-server printed no URL: %v", sc.Err())
	}
	url := strings.TrimSpace(sc.Text())
	var procs []*proc
	for _, role := range []string{"Buyer", "Seller", "Shipper"} {
		procs = append(procs, start(t, ctx, "node", examplePath("auction.choreo"), "--role", role, "--nats", url, "--session", "auction1"))
	}
	for i, p := range procs {
		if code := p.wait(); code != 0 || !strings.Contains(p.out.String(), "outcome: completed") {
			t.Errorf("node %d: exit %d\nstdout:\n%s\nstderr:\n%s", i, code, p.out.String(), p.errOut.String())
		}
	}
	if !strings.Contains(procs[0].out.String(), "Buyer -> Seller : Bid") {
		t.Errorf("the buyer's trace lacks its bid:\n%s", procs[0].out.String())
	}
}

// TestRunOverNATSMatchesVM runs every example through the binary in the
// VM and with --transport nats and compares outcomes and events.
func TestRunOverNATSMatchesVM(t *testing.T) {
	dir := t.TempDir()
	for _, f := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
		name := strings.TrimSuffix(filepath.Base(f), ".choreo")
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			traces := make([]*runtime.Trace, 2)
			for i, tr := range []string{"vm", "nats"} {
				out := filepath.Join(dir, name+"."+tr+".jsonl")
				p := start(t, ctx, "run", f, "--transport", tr, "--trace", "json", "--out", out, "--session", name)
				if code := p.wait(); code != 0 {
					t.Fatalf("%s: exit %d\n%s", tr, code, p.errOut.String())
				}
				var err error
				if traces[i], err = readTrace(out); err != nil {
					t.Fatal(err)
				}
			}
			vm := &runtime.Report{Outcome: traces[0].Outcome, Trace: traces[0]}
			got := &runtime.Report{Outcome: traces[1].Outcome, Trace: traces[1]}
			if err := runtime.Compare(vm, got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestKilledNode kills the consumer of a long stream mid-run: the
// producer reports it crashed within --lost, never hangs.
func TestKilledNode(t *testing.T) {
	url := natsServer(t)
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "run.yaml")
	if err := os.WriteFile(cfgPath, []byte("loop_bound: 1000000\nmax_steps: 100000000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := func(role string) []string {
		return []string{"node", examplePath("streaming.choreo"), "--role", role, "--nats", url, "--session", "killed",
			"--config", cfgPath, "--lost", "1s", "--heartbeat", "100ms"}
	}
	producer := start(t, ctx, args("Producer")...)
	consumer := exec.CommandContext(ctx, choreoBinary(t), args("Consumer")...)
	stdout, err := consumer.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := consumer.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for lines := 0; lines < 100 && sc.Scan(); lines++ {
	}
	if err := consumer.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = consumer.Wait()
	began := time.Now()
	code := producer.wait()
	out := producer.out.String()
	last := lastOutcome(out)
	if code != 1 || !strings.Contains(last, "fault") || !strings.Contains(last, "role Consumer") {
		t.Fatalf("exit %d, outcome %s\nstderr:\n%s", code, last, producer.errOut.String())
	}
	t.Logf("producer ended %s after the kill: %s", time.Since(began).Round(time.Millisecond), last)
}

// TestPartitionedNode cuts the shipper's node off the session (it closes
// its NATS connection mid-run): every node reports a fault of the shipper.
func TestPartitionedNode(t *testing.T) {
	url := natsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var nodes []*proc
	for _, role := range []string{"Buyer", "Seller", "Shipper"} {
		nodes = append(nodes, start(t, ctx, "node", examplePath("auction.choreo"), "--role", role, "--nats", url,
			"--session", "partition", "--faults", "partition:Shipper@2", "--lost", "1s", "--heartbeat", "100ms"))
	}
	for _, n := range nodes {
		code := n.wait()
		out := n.out.String()
		last := lastOutcome(out)
		if code != 1 || !strings.Contains(last, "outcome: fault") || !strings.Contains(last, "role Shipper") {
			t.Fatalf("exit %d, %s\nstderr:\n%s", code, last, n.errOut.String())
		}
	}
}
