package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/internal/subtypefamilies"
	"github.com/choreo-lang/choreo/internal/testkit"
)

// BenchmarkFamiliesProcess times whole processes of choreo subtype on the
// benchmark families of Rumpsteak's evaluation (see package
// subtypefamilies), one sub-benchmark per family and size; each fails
// unless every role is compatible. An operation of …/each checks every
// role of the instance in a process of its own (`choreo subtype NEW OLD`;
// the ring of n roles is n processes), one of …/listing all roles in one
// process (`choreo subtype --file` on two listings of one type per role).
// Compare with BenchmarkStartup's trivial pair for the share of start-up.
func BenchmarkFamiliesProcess(b *testing.B) {
	dir := b.TempDir()
	choreo, err := testkit.BuildCommands(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range subtypefamilies.All {
		for _, n := range f.Sizes {
			pairs := f.Pairs(n)
			var newList, oldList strings.Builder
			for _, p := range pairs {
				fmt.Fprintf(&newList, "%s: %s\n", p.Role, p.New)
				fmt.Fprintf(&oldList, "%s: %s\n", p.Role, p.Old)
			}
			newFile := filepath.Join(dir, fmt.Sprintf("%s-%d-new.types", f.Name, n))
			oldFile := filepath.Join(dir, fmt.Sprintf("%s-%d-old.types", f.Name, n))
			for file, text := range map[string]string{newFile: newList.String(), oldFile: oldList.String()} {
				if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			run := func(b *testing.B, args ...string) {
				if out, err := exec.Command(choreo, append([]string{"subtype"}, args...)...).CombinedOutput(); err != nil {
					b.Fatalf("choreo subtype %q: %v\n%s", args, err, out)
				}
			}
			b.Run(fmt.Sprintf("%s/n=%d/each", f.Name, n), func(b *testing.B) {
				for b.Loop() {
					for _, p := range pairs {
						run(b, "--", p.New, p.Old)
					}
				}
				b.ReportMetric(float64(len(pairs)), "processes/op")
			})
			if len(pairs) > 1 {
				b.Run(fmt.Sprintf("%s/n=%d/listing", f.Name, n), func(b *testing.B) {
					for b.Loop() {
						run(b, "--file", newFile, oldFile)
					}
				})
			}
		}
	}
}

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
