package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/internal/gen"
	"github.com/choreo-lang/choreo/lsp/lsptest"
)

// BenchmarkEditLatency measures, over real JSON-RPC against the `choreo
// lsp` binary with debounce 0, the time from didChange to the matching
// publishDiagnostics on a 5,000-line file, and the latency of a hover
// after each edit. Run with -benchtime=1000x for 1,000 edits; it reports
// p50/p99 of both (targets: diagnostics p99 < 25 ms, hover p99 < 5 ms).
func BenchmarkEditLatency(b *testing.B) {
	p, root := benchServer(b)
	text := string(gen.SeededProtocol(1, 5000))
	u := uri.File(filepath.Join(root, "bench.choreo"))
	ctx := context.Background()
	if err := p.Open(u, text); err != nil {
		b.Fatal(err)
	}
	if _, err := p.DiagnosticsFor(ctx, u, 1); err != nil {
		b.Fatal(err)
	}
	// Edits toggle a character at the end of the header comment (line 2).
	line := strings.Split(text, "\n")[2]
	end := protocol.Position{Line: 2, Character: uint32(len(line))}
	hover := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, protocol.Position{Line: 4, Character: 8})}
	diagLat := make([]time.Duration, 0, b.N)
	hoverLat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		version := int32(i + 2)
		r, insert := protocol.Range{Start: end, End: end}, "x"
		if i%2 == 1 {
			r.End.Character++
			insert = ""
		}
		start := time.Now()
		if err := p.Change(u, version, r, insert); err != nil {
			b.Fatal(err)
		}
		if _, err := p.DiagnosticsFor(ctx, u, version); err != nil {
			b.Fatal(err)
		}
		diagLat = append(diagLat, time.Since(start))
		start = time.Now()
		var h protocol.Hover
		if err := p.Call(ctx, protocol.MethodTextDocumentHover, hover, &h); err != nil {
			b.Fatal(err)
		}
		hoverLat = append(hoverLat, time.Since(start))
	}
	b.StopTimer()
	report(b, "diag", diagLat)
	report(b, "hover", hoverLat)
}

// BenchmarkMemory opens 50 files of 2,000 lines in the `choreo lsp`
// binary, waits for all their diagnostics and reports the server's
// resident set size (target < 150 MB).
func BenchmarkMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		p, root := benchServer(b)
		ctx := context.Background()
		var uris []uri.URI
		for f := 0; f < 50; f++ {
			u := uri.File(filepath.Join(root, fmt.Sprintf("f%d.choreo", f)))
			uris = append(uris, u)
			if err := p.Open(u, string(gen.SeededProtocol(uint64(f+1), 2000))); err != nil {
				b.Fatal(err)
			}
		}
		for _, u := range uris {
			if _, err := p.DiagnosticsFor(ctx, u, 1); err != nil {
				b.Fatal(err)
			}
		}
		rss, err := residentMB(p.Cmd.Process.Pid)
		if err != nil {
			b.Skipf("reading RSS: %v", err)
		}
		b.ReportMetric(rss, "RSS-MB")
		_ = p.Shutdown(ctx)
	}
}

// benchServer starts the binary in a temporary workspace. The environment
// variable CHOREO_BENCH_LSP_FLAGS adds flags to `choreo lsp`, e.g.
// "--cpuprofile /tmp/cpu.out" to profile the server.
func benchServer(b *testing.B) (*lsptest.Process, string) {
	b.Helper()
	bin, err := binary()
	if err != nil {
		b.Fatalf("building choreo: %v", err)
	}
	root := b.TempDir()
	args := append([]string{"lsp", "--diagnostics-delay", "0", "--log-level", "error"}, strings.Fields(os.Getenv("CHOREO_BENCH_LSP_FLAGS"))...)
	p, err := lsptest.Start(bin, nil, args...)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = p.Close(); _ = p.Cmd.Wait() })
	if _, err := p.Initialize(context.Background(), root, false); err != nil {
		b.Fatal(err)
	}
	return p, root
}

// report adds the p50 and p99 of ds, in milliseconds, to the benchmark.
func report(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pct := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), name+"-p50-ms")
	b.ReportMetric(pct(0.99), name+"-p99-ms")
}

// residentMB reads VmRSS of a process from /proc.
func residentMB(pid int) (float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

// BenchmarkRoleHover measures the hover of a role (its local types, in
// both notations, shown in full) on a protocol of 30 sequential two-way
// choices, whose types written out without sharing would have 2^30
// paths, and on a 5,000-line protocol. The analysis is done once, as the
// server caches it.
func BenchmarkRoleHover(b *testing.B) {
	for _, bc := range []struct {
		name string
		src  []byte
	}{
		{"choices30", gen.SequentialChoices(30)},
		{"lines5000", gen.LayoutProtocol(5000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			res := analysis.Analyze(context.Background(), analysis.Input{Filename: "bench.choreo", Src: bc.src})
			off := strings.Index(string(bc.src), "roles A, B") + len("roles A, ")
			text, _, ok := hoverText(res, off)
			if !ok || !strings.Contains(text, "**role** `B`") {
				b.Fatalf("no role hover at %d: %q", off, text)
			}
			b.ReportAllocs()
			for b.Loop() {
				hoverText(res, off)
			}
			b.ReportMetric(float64(len(text)), "hover-bytes")
		})
	}
}
