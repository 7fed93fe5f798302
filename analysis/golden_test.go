package analysis

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/projection"
)

// TestGolden analyses every testdata/lint/*.choreo file and compares a
// readable dump of the result (diagnostics with exact ranges, related
// locations and fixes; the global model; projections in both notations;
// effect commands; the budget) with the .golden file next to it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/lint/*.choreo")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".choreo"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res := Analyze(context.Background(), Input{Filename: file, Src: src, Config: config.Default()})
			got := dump(res)
			testkit.Golden(t, strings.TrimSuffix(file, ".choreo")+".golden", []byte(got))
		})
	}
}

// dump renders everything a golden file checks.
func dump(res *Result) string {
	var b strings.Builder
	b.WriteString("== diagnostics\n")
	for _, d := range res.Diagnostics {
		writeDiag(&b, d)
	}
	if res.Protocol == nil {
		return b.String()
	}
	b.WriteString("== model\n")
	b.WriteString(res.Protocol.String())
	b.WriteString("== projections\n")
	for _, p := range res.Protocol.Participants() {
		t := res.Projections[p]
		fmt.Fprintf(&b, "%s: %s\n%s: %s\n", p, projection.Session(t), p, projection.Rust(t))
	}
	b.WriteString("== effects\n")
	global.Walk(res.Protocol.Body, func(n global.Node) {
		if s, ok := n.(*global.Send); ok && s.Meta != nil {
			var cmds []string
			for _, c := range res.Effects(s.ID) {
				cmds = append(cmds, c.String())
			}
			fmt.Fprintf(&b, "#%d %s -> %s : %s: %s\n", s.ID, s.From, s.To, s.Msg.Name, strings.Join(cmds, ", "))
		}
	})
	bu := res.Budget
	fmt.Fprintf(&b, "== budget\nclass %s (%s), W0 %d, max_steps %d\n", bu.Class.Name, bu.Rule, bu.W0, bu.MaxSteps)
	return b.String()
}

func writeDiag(b *strings.Builder, d diag.Diagnostic) {
	fmt.Fprintf(b, "%s: %s: %s [%s]\n", d.Span, d.Severity, d.Message, d.Code)
	for _, r := range d.Related {
		fmt.Fprintf(b, "    related %s: %s\n", r.Span, r.Message)
	}
	for _, f := range d.Fixes {
		fmt.Fprintf(b, "    fix %q:", f.Title)
		for _, e := range f.Edits {
			fmt.Fprintf(b, " %s → %q", e.Span, e.NewText)
		}
		b.WriteByte('\n')
	}
}

// TestGoldenCoversEveryCode checks that the golden files exercise every
// diagnostic code of SEMANTICS §2 (and the annotation and link codes).
func TestGoldenCoversEveryCode(t *testing.T) {
	files, _ := filepath.Glob("testdata/lint/*.golden")
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	for _, c := range Codes() {
		if c.Code == CodeInternal || c.Code == CodeConfig { // a bug; choreo.yaml mistakes are tested in package config and lsp
			continue
		}
		if !strings.Contains(all.String(), "["+string(c.Code)+"]") {
			t.Errorf("no golden file reports %s", c.Code)
		}
	}
}
