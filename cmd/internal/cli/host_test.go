package cli

import (
	"bufio"
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// startHost starts a host process and waits until it serves.
func startHost(t *testing.T, ctx context.Context, name string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "serving") {
			go func() { _, _ = io.Copy(io.Discard, stderr) }() // the test may end first
			return
		}
		t.Log(sc.Text())
	}
	t.Fatalf("%s did not start serving", name)
}

// driveAuction runs the auction's three nodes, the Buyer and the Seller
// with --host nats, and checks that the host's payload and branch were
// used.
func driveAuction(t *testing.T, ctx context.Context, url, session string, host func(roles ...string)) {
	t.Helper()
	host("--nats", url, "--session", session, "--role", "Buyer", "--role", "Seller", "--choose", "reject", "--payload", "Bid=amount=42")
	var nodes []*proc
	for _, role := range []string{"Buyer", "Seller", "Shipper"} {
		args := []string{"node", examplePath("auction.choreo"), "--role", role, "--nats", url, "--session", session}
		if role != "Shipper" {
			args = append(args, "--host", "nats")
		}
		nodes = append(nodes, start(t, ctx, args...))
	}
	for _, n := range nodes {
		if code := n.wait(); code != 0 {
			t.Fatalf("node: exit %d\nstdout:\n%s\nstderr:\n%s", code, n.out.String(), n.errOut.String())
		}
	}
	if out := nodes[1].out.String(); !strings.Contains(out, "Seller <- Buyer : Bid(amount=42)") || !strings.Contains(out, "Seller chooses reject") {
		t.Fatalf("the host's payload or branch was not used:\n%s", out)
	}
}

func TestGoHostDrivesRoles(t *testing.T) {
	url := natsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	bin := buildBinary(t, "../../../examples/hosts/go")
	driveAuction(t, ctx, url, "gohost", func(args ...string) { startHost(t, ctx, bin, args...) })
}

func TestPythonHostDrivesRoles(t *testing.T) {
	if err := exec.Command("python3", "-c", "import nats").Run(); err != nil {
		t.Skip("the Python host needs nats-py (pip install nats-py), which is not importable here")
	}
	url := natsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	driveAuction(t, ctx, url, "pyhost", func(args ...string) {
		startHost(t, ctx, "python3", append([]string{"../../../examples/hosts/python/host.py"}, args...)...)
	})
}

// TestHostMissing: a node whose host does not answer faults, never hangs.
func TestHostMissing(t *testing.T) {
	url := natsServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var nodes []*proc
	for _, role := range []string{"Buyer", "Seller", "Shipper"} {
		args := []string{"node", examplePath("auction.choreo"), "--role", role, "--nats", url, "--session", "nohost", "--host-timeout", "300ms"}
		if role == "Buyer" {
			args = append(args, "--host", "nats")
		}
		nodes = append(nodes, start(t, ctx, args...))
	}
	for _, n := range nodes {
		if code := n.wait(); code != 1 {
			t.Fatalf("node: exit %d\n%s", code, n.out.String())
		}
		out := n.out.String()
		if !strings.Contains(out, "outcome: fault") || !strings.Contains(out, "role Buyer") {
			t.Fatalf("want Buyer's host fault:\n%s", out)
		}
	}
}
