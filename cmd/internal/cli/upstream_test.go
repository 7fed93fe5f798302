package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
)

// TestUpstreamConstructsRoundTrip runs every input of the grammar's corpus
// of upstream constructs (syntax/test/corpus/upstream.txt: proof bundles,
// protocol and receiver annotations, bare and quoted keys, type lists,
// brace blocks in the layout form, negative integers) through the real
// commands: parse finds no syntax error, lint none either, and fmt's output
// is a fixed point that still parses.
func TestUpstreamConstructsRoundTrip(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("..", "..", "..", "syntax", "test", "corpus", "upstream.txt"))
	if err != nil {
		t.Fatal(err)
	}
	header := regexp.MustCompile(`(?m)^={3,}\n(.*)\n={3,}\n`)
	parts := header.Split(string(text), -1)[1:]
	names := header.FindAllStringSubmatch(string(text), -1)
	if len(parts) == 0 {
		t.Fatal("no corpus cases")
	}
	dir := t.TempDir()
	for i, part := range parts {
		input, _, _ := strings.Cut(part, "\n---\n")
		t.Run(names[i][1], func(t *testing.T) {
			file := filepath.Join(dir, "case.tell")
			writeFile(t, file, strings.TrimLeft(input, "\n"))
			if code, out, errOut := runChoreo(t, "parse", file); code != cmdline.ExitOK {
				t.Fatalf("parse: exit %d\n%s%s", code, out, errOut)
			}
			if _, out, _ := runChoreo(t, "lint", file); strings.Contains(out, "[syntax]") || strings.Contains(out, "[layout]") {
				t.Errorf("lint reports syntax errors:\n%s", out)
			}
			code, once, errOut := runChoreo(t, "fmt", file)
			if code != cmdline.ExitOK {
				t.Fatalf("fmt: exit %d\n%s", code, errOut)
			}
			writeFile(t, file, once)
			if code, twice, errOut := runChoreo(t, "fmt", file); code != cmdline.ExitOK || twice != once {
				t.Errorf("fmt is not a fixed point (exit %d, %s):\n%s\n---\n%s", code, errOut, once, twice)
			}
		})
	}
}
