package syntax

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/diag"
)

// corpusDir is the shared real-world corpus, relative to this package.
const corpusDir = "../../shared/corpus/aura"

// seedExamples are the examples of the seed document (LANGUAGE.md §5).
var seedExamples = map[string]string{
	"example": `module example exposing (Example)

protocol Example =
  roles A, B
  A -> B : Msg(data: Vec<u8>)
  B -> A : Ack(code: u32)
`,
	// The seed document as extracted to text lost the indentation of this
	// example; the flat body is accepted as well.
	"example-flat": "module example exposing (Example)\nprotocol Example =\nroles A, B\nA -> B : Msg(data: Vec<u8>)\nB -> A : Ack(code: u32)\n",
	"anti-entropy": `#[namespace = "sync"] protocol AntiEntropy { roles: A, B; A -> B: Delta(data: Vec<u8>); B -> A: Ack(data: Vec<u8>); }`,
	"invitation-ceremony": `#[namespace = "invitation"] protocol InvitationCeremony { roles: Sender, Receiver; Sender -> Receiver: Invitation(data: InvitationPayload); Receiver -> Sender: Accept(commitment: Hash32); // Context is now established
}`,
	"annotations": `protocol Annotations {
    roles: A, B;
    // Single annotation
    A[guard_capability = "sync"] -> B: SyncMsg;
    // Multiple annotations
    A[guard_capability = "sync", flow_cost = 10, journal_facts = "sync_started"] -> B: SyncMsg;
    // Leakage annotation (multiple syntaxes supported)
    A[leak = "External,Neighbor"] -> B: PublicMsg;
    A[leak: External] -> B: PublicMsg;
}`,
}

// sources returns every file the parser must accept without error: the
// shared corpus (when present), the repository's examples and the seed
// examples, by name.
func sources(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, src := range seedExamples {
		out["seed/"+name] = []byte(src)
	}
	read := func(root string) {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".choreo") {
				return err
			}
			src, err := os.ReadFile(path)
			out[path] = src
			return err
		})
		if err != nil {
			t.Fatalf("reading %s: %v", root, err)
		}
	}
	read("../examples")
	if _, err := os.Stat(corpusDir); err == nil {
		read(corpusDir)
	} else {
		t.Logf("shared corpus %s absent: checking examples and seed only", corpusDir)
	}
	return out
}

func TestCorpusParsesCleanly(t *testing.T) {
	p := NewParser()
	defer p.Close()
	for name, src := range sources(t) {
		tree, err := p.Parse(context.Background(), src, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if root := tree.Root(); root.HasError() {
			t.Errorf("%s: tree has ERROR or MISSING nodes:\n%s", name, root.ToSexp())
		}
		f, diags := Lower(tree)
		tree.Close()
		for _, d := range diags {
			t.Errorf("%s:%s", name, d)
		}
		if len(f.Protocols) != 1 || len(f.Protocols[0].Body.Stmts) == 0 {
			t.Errorf("%s: want one protocol with statements, got %d protocols", name, len(f.Protocols))
		}
		if f.Protocols[0].Roles == nil {
			t.Errorf("%s: no roles declaration lowered", name)
		}
	}
}

func TestMissingColonKeepsStructure(t *testing.T) {
	var b strings.Builder
	b.WriteString("module big exposing (Big)\n\nprotocol Big =\n  roles A, B\n")
	const n, broken = 50, 23
	for i := range n {
		if i == broken {
			b.WriteString("  A -> B Msg23\n")
			continue
		}
		if i%2 == 0 {
			b.WriteString("  A -> B : Ping(seq: u32)\n")
		} else {
			b.WriteString("  B { flow_cost = 1 }\n    -> A : Pong\n")
		}
	}
	src := []byte(b.String())
	f, diags := ParseFile(src)
	if len(diags) != 1 {
		t.Fatalf("want 1 diagnostic, got %d: %v", len(diags), diags)
	}
	d := diags[0]
	if d.Code != CodeSyntax || d.Severity != diag.Error || !strings.Contains(d.Message, "expected ':'") {
		t.Errorf("unexpected diagnostic %v", d)
	}
	brokenLine := strings.Count(b.String()[:strings.Index(b.String(), "Msg23")], "\n")
	if d.Span.Start.Line != brokenLine {
		t.Errorf("diagnostic on line %d, want %d", d.Span.Start.Line+1, brokenLine+1)
	}
	stmts := f.Protocols[0].Body.Stmts
	if len(stmts) != n {
		t.Fatalf("lowered %d statements, want %d", len(stmts), n)
	}
	for i, s := range stmts {
		send, ok := s.(*Send)
		if !ok {
			t.Fatalf("statement %d is %T, want *Send", i, s)
		}
		if i != broken && send.Message.Name.Name != map[bool]string{true: "Ping", false: "Pong"}[i%2 == 0] {
			t.Errorf("statement %d: message %q", i, send.Message.Name.Name)
		}
	}
}
