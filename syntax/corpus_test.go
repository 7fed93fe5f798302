package syntax

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// corpusCase is one test of a tree-sitter corpus file.
type corpusCase struct {
	name, input, want string
}

var (
	headerLine  = regexp.MustCompile(`(?m)^={3,}[ \t]*\n(.*)\n={3,}[ \t]*\n`)
	dividerLine = regexp.MustCompile(`(?m)^-{3,}[ \t]*$`)
)

// parseCorpus reads the tree-sitter test format: a header (the name
// between two lines of '='), the input, a line of '-', the expected tree.
func parseCorpus(t *testing.T, text string) []corpusCase {
	t.Helper()
	headers := headerLine.FindAllStringSubmatchIndex(text, -1)
	var cases []corpusCase
	for i, h := range headers {
		end := len(text)
		if i+1 < len(headers) {
			end = headers[i+1][0]
		}
		body := text[h[1]:end]
		div := dividerLine.FindStringIndex(body)
		if div == nil {
			t.Fatalf("corpus case %q has no '---' divider", text[h[2]:h[3]])
		}
		cases = append(cases, corpusCase{
			name:  strings.TrimSpace(text[h[2]:h[3]]),
			input: strings.TrimSuffix(body[:div[0]], "\n"),
			want:  body[div[1]:],
		})
	}
	return cases
}

// normalizeSexp makes S-expressions comparable regardless of layout.
func normalizeSexp(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "( ", "(")
	return strings.ReplaceAll(s, " )", ")")
}

// TestCorpus replays syntax/test/corpus/*.txt (the tree-sitter CLI's test
// format) so that the grammar's tests run without the CLI.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("test/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	p := NewParser()
	defer p.Close()
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range parseCorpus(t, string(text)) {
			t.Run(filepath.Base(file)+"/"+c.name, func(t *testing.T) {
				tree, err := p.Parse(context.Background(), []byte(c.input), nil)
				if err != nil {
					t.Fatal(err)
				}
				defer tree.Close()
				got, want := normalizeSexp(tree.Root().ToSexp()), normalizeSexp(c.want)
				if got != want {
					t.Errorf("tree mismatch\n got: %s\nwant: %s", got, want)
				}
			})
		}
	}
}
