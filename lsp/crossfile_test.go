package lsp

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
)

const (
	linkImporter = "module a exposing (A)\nimport B\nprotocol A =\n  roles X, Y\n  X { link = \"bundle=b|imports=b.ep, b.other\" } -> Y : M\n  X { link = \"bundle=c|imports=b.ep\" } -> Y : N\n"
	linkExporter = "module b exposing (B)\nprotocol B =\n  roles X, Y\n  X { link = \"bundle=b|exports=b.ep;imports=b.other\" } -> Y : M\n  Y { link = \"bundle=b|exports=b.other,b.ep\" } -> X : N\n"
)

// loc is a location reduced to what the tests compare.
type loc struct {
	uri  uri.URI
	line uint32
	col  uint32
}

func locs(ls []protocol.Location) []loc {
	var out []loc
	for _, l := range ls {
		out = append(out, loc{l.URI, l.Range.Start.Line, l.Range.Start.Character})
	}
	slices.SortFunc(out, func(a, b loc) int {
		return cmp.Or(strings.Compare(string(a.uri), string(b.uri)), cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
	})
	return out
}

// at returns the location of the n-th (0-based) occurrence of marker in
// text (ASCII).
func at(t *testing.T, u uri.URI, text, marker string, n int) loc {
	t.Helper()
	i := -1
	for range n + 1 {
		j := strings.Index(text[i+1:], marker)
		if j < 0 {
			t.Fatalf("marker %q occurs fewer than %d times", marker, n+1)
		}
		i += 1 + j
	}
	line := uint32(strings.Count(text[:i], "\n"))
	col := uint32(i - (strings.LastIndex(text[:i], "\n") + 1))
	return loc{u, line, col}
}

func TestLinkEndpointsAcrossFiles(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	ua := ts.open(t, "a.choreo", linkImporter)
	ub := ts.open(t, "b.choreo", linkExporter)
	onImport := docPos(ua, posOf(t, linkImporter, "b.ep,", 1))

	var defs []protocol.Location
	if err := ts.Call(ctx, protocol.MethodTextDocumentDefinition, &protocol.DefinitionParams{TextDocumentPositionParams: onImport}, &defs); err != nil {
		t.Fatal(err)
	}
	exports := []loc{at(t, ub, linkExporter, "b.ep", 0), at(t, ub, linkExporter, "b.ep", 1)}
	if got := locs(defs); !slices.Equal(got, exports) {
		t.Errorf("definition of b.ep = %v, want the two exports %v", got, exports)
	}

	tests := []struct {
		name        string
		pos         protocol.TextDocumentPositionParams
		declaration bool
		want        []loc
	}{
		{"from an import, with exports", onImport, true,
			[]loc{at(t, ua, linkImporter, "b.ep", 0), exports[0], exports[1]}},
		{"from an export, imports only", docPos(ub, posOf(t, linkExporter, "b.ep", 0)), false,
			[]loc{at(t, ua, linkImporter, "b.ep", 0)}},
		{"other endpoint of the bundle", docPos(ub, posOf(t, linkExporter, "b.other", 0)), true,
			[]loc{at(t, ua, linkImporter, "b.other", 0), at(t, ub, linkExporter, "b.other", 0), at(t, ub, linkExporter, "b.other", 1)}},
		{"other bundle has no export", docPos(ua, posOf(t, linkImporter, "=b.ep\"", 1)), true,
			[]loc{at(t, ua, linkImporter, "b.ep", 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var refs []protocol.Location
			params := &protocol.ReferenceParams{TextDocumentPositionParams: tt.pos, Context: protocol.ReferenceContext{IncludeDeclaration: tt.declaration}}
			if err := ts.Call(ctx, protocol.MethodTextDocumentReferences, params, &refs); err != nil {
				t.Fatal(err)
			}
			if got := locs(refs); !slices.Equal(got, tt.want) {
				t.Errorf("references = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestImportAcrossFiles(t *testing.T) {
	ctx := testContext(t)
	ts := session(t)
	ua := ts.open(t, "a.choreo", linkImporter)
	ub := ts.open(t, "b.choreo", linkExporter)
	protoB := at(t, ub, linkExporter, "B =", 0)
	importB := at(t, ua, linkImporter, "B\n", 0)

	var defs []protocol.Location
	if err := ts.Call(ctx, protocol.MethodTextDocumentDefinition, &protocol.DefinitionParams{TextDocumentPositionParams: docPos(ua, posOf(t, linkImporter, "import B", 7))}, &defs); err != nil {
		t.Fatal(err)
	}
	if got := locs(defs); !slices.Equal(got, []loc{protoB}) {
		t.Errorf("definition of import B = %v, want %v", got, protoB)
	}

	var refs []protocol.Location
	params := &protocol.ReferenceParams{TextDocumentPositionParams: docPos(ub, posOf(t, linkExporter, "B =", 0)), Context: protocol.ReferenceContext{IncludeDeclaration: true}}
	if err := ts.Call(ctx, protocol.MethodTextDocumentReferences, params, &refs); err != nil {
		t.Fatal(err)
	}
	if got := locs(refs); !slices.Contains(got, protoB) || !slices.Contains(got, importB) {
		t.Errorf("references of protocol B = %v, want its declaration and the import %v", got, importB)
	}
}

func TestLinkEndpointSpans(t *testing.T) {
	tests := []struct {
		value string // the annotation string literal, quotes included
		want  []string
	}{
		{`"bundle=b|exports=x, y ;imports= z"`, []string{"+x", "+y", "-z"}},
		{`"bundle=b|exports=|imports=,z,"`, []string{"-z"}},
		{`"bundle=b|junk|other=x|imports=z"`, []string{"-z"}},
		{`"bundle=b|imports=\u0041"`, nil}, // escapes: no byte mapping
	}
	for _, tt := range tests {
		text := "  X { link = " + tt.value + " }"
		start := strings.Index(text, `"`)
		l := &global.Link{Bundle: "b", Span: diag.Span{
			Start: diag.Pos{Offset: start, Col: start},
			End:   diag.Pos{Offset: start + len(tt.value), Col: start + len(tt.value)},
		}}
		var got []string
		for _, e := range linkEndpoints([]byte(text), l) {
			sign := "-"
			if e.Export {
				sign = "+"
			}
			if s := text[e.Span.Start.Offset:e.Span.End.Offset]; s != e.Name || e.Span.Start.Col != e.Span.Start.Offset {
				t.Errorf("%s: endpoint %q has span text %q (col %d)", tt.value, e.Name, s, e.Span.Start.Col)
			}
			got = append(got, sign+e.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: endpoints = %v, want %v", tt.value, got, tt.want)
		}
	}
}

// TestWorkspaceScanReadsTellFiles: the workspace scan reads .tell files
// like .choreo files, so a name defined in a .tell file that is not open
// resolves from an open file.
func TestWorkspaceScanReadsTellFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.tell"), []byte(linkExporter), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	ts := startServer(t, Options{DiagnosticsDelay: 0}, nil)
	if _, err := ts.Initialize(ctx, dir, false); err != nil {
		t.Fatal(err)
	}
	ua := uri.File(filepath.Join(dir, "a.choreo"))
	if err := ts.Open(ua, linkImporter); err != nil {
		t.Fatal(err)
	}
	pos := docPos(ua, posOf(t, linkImporter, "import B", 7))
	var defs []protocol.Location
	deadline := time.Now().Add(10 * time.Second)
	for len(defs) == 0 && time.Now().Before(deadline) { // the scan runs in the background
		if err := ts.Call(ctx, protocol.MethodTextDocumentDefinition, &protocol.DefinitionParams{TextDocumentPositionParams: pos}, &defs); err != nil {
			t.Fatal(err)
		}
		if len(defs) == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if len(defs) != 1 || !strings.HasSuffix(string(defs[0].URI), "/b.tell") {
		t.Errorf("definition of import B = %v, want protocol B in b.tell", defs)
	}
}
