package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/testkit"
)

// BenchmarkLiteratureProcess times whole processes of `choreo subtype NEW
// OLD` on the pairs of projection/subtype/testdata/literature.txt (the
// published pairs the checker proves or refutes; the unproved ones run to
// a bound and are left out), as a user or a CI job runs them. It reports
// the median over the pairs of each pair's median time (p50-ms/pair) and
// the slowest pair's median (max-ms/pair), and fails when an answer
// disagrees with the file (exit 0 for compatible, 1 for incompatible).
func BenchmarkLiteratureProcess(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "projection", "subtype", "testdata", "literature.txt"))
	if err != nil {
		b.Fatal(err)
	}
	type pair struct {
		newT, oldT string
		exit       int
	}
	var pairs []pair
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "|")
		if strings.HasPrefix(line, "#") || len(f) != 4 {
			continue
		}
		switch strings.TrimSpace(f[0]) {
		case "compatible":
			pairs = append(pairs, pair{strings.TrimSpace(f[1]), strings.TrimSpace(f[2]), 0})
		case "incompatible":
			pairs = append(pairs, pair{strings.TrimSpace(f[1]), strings.TrimSpace(f[2]), 1})
		}
	}
	choreo, err := testkit.BuildCommands(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	times := make([][]time.Duration, len(pairs))
	for b.Loop() {
		for i, p := range pairs {
			start := time.Now()
			err := exec.Command(choreo, "subtype", "--", p.newT, p.oldT).Run()
			times[i] = append(times[i], time.Since(start))
			exit := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				exit = ee.ExitCode()
			} else if err != nil {
				b.Fatal(err)
			}
			if exit != p.exit {
				b.Fatalf("%s ≤ %s: exit %d, want %d", p.newT, p.oldT, exit, p.exit)
			}
		}
	}
	medians := make([]time.Duration, len(pairs))
	for i, ts := range times {
		slices.Sort(ts)
		medians[i] = ts[len(ts)/2]
	}
	slices.Sort(medians)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(medians[len(medians)/2]), "p50-ms/pair")
	b.ReportMetric(ms(medians[len(medians)-1]), "max-ms/pair")
	b.ReportMetric(0, "ns/op")
}
