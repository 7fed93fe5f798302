package projection_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/gen"
	"github.com/choreo-lang/choreo/internal/testkit"
	"github.com/choreo-lang/choreo/projection"
)

// projectionCodes are the diagnostics Project reports.
var projectionCodes = map[diag.Code]bool{
	projection.CodeUnmergeable:          true,
	projection.CodeUnawareRole:          true,
	projection.CodeInconsistentParallel: true,
}

func analyze(t *testing.T, path string) *analysis.Result {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := analysis.Analyze(context.Background(), analysis.Input{Filename: filepath.Base(path), Src: src})
	if res.Protocol == nil {
		t.Fatalf("%s: no protocol (diagnostics: %v)", path, res.Diagnostics)
	}
	return res
}

// TestExamplesGolden projects every example of the repository through the
// whole pipeline (analysis.Analyze) and records each role in both
// notations, with the projection diagnostics.
func TestExamplesGolden(t *testing.T) {
	for _, path := range testkit.ChoreoFiles(t, testkit.ExamplesDir(t)) {
		name := strings.TrimSuffix(filepath.Base(path), ".choreo")
		t.Run(name, func(t *testing.T) {
			res := analyze(t, path)
			var ds []diag.Diagnostic
			for _, d := range res.Diagnostics {
				if projectionCodes[d.Code] {
					ds = append(ds, d)
				}
			}
			var out strings.Builder
			projection.WriteReport(&out, res.Protocol.Participants(), res.Projections, ds)
			testkit.Golden(t, filepath.Join("testdata", "examples", name+".golden"), []byte(out.String()))
		})
	}
}

// TestSequentialChoicesGolden records the projections of 30 sequential
// two-way choices (2^30 paths when written out): every notation names the
// continuation shared by the two branches of each choice, so each role's
// type is one definition per choice.
func TestSequentialChoicesGolden(t *testing.T) {
	res := analysis.Analyze(context.Background(), analysis.Input{Filename: "choices.choreo", Src: gen.SequentialChoices(30)})
	if diag.HasErrors(res.Diagnostics) {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	var out strings.Builder
	projection.WriteReport(&out, res.Protocol.Participants(), res.Projections, nil)
	testkit.Golden(t, filepath.Join("testdata", "choices30.golden"), []byte(out.String()))
}

// TestSeedExample pins the two projections the seed document states.
func TestSeedExample(t *testing.T) {
	src := "module example exposing (Example)\nprotocol Example =\n  roles A, B\n  A -> B : Msg(data: Vec<u8>)\n  B -> A : Ack(code: u32)\n"
	res := analysis.Analyze(context.Background(), analysis.Input{Filename: "example.choreo", Src: []byte(src)})
	a := res.Projections["A"]
	if got, want := projection.Session(a), "!B.Msg(data: Vec<u8>); ?B.Ack(code: u32); end"; got != want {
		t.Errorf("A = %s, want %s", got, want)
	}
	if got, want := projection.Rust(a), "Send<B, Msg, Receive<B, Ack, End>>"; got != want {
		t.Errorf("A = %s, want %s", got, want)
	}
}

// TestCorpusProjects projects every protocol of the real corpus for every
// role (families expanded): no projection error, a type for every
// participant, and each type reads back from its session notation, on
// one line and pretty-printed.
func TestCorpusProjects(t *testing.T) {
	root := testkit.CorpusDir(t)
	files := testkit.ChoreoFiles(t, root)
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			res := analyze(t, path)
			for _, d := range res.Diagnostics {
				if projectionCodes[d.Code] && d.Severity == diag.Error {
					t.Errorf("%s", d)
				}
			}
			for _, r := range res.Protocol.Participants() {
				typ := res.Projections[r]
				if typ == nil {
					t.Errorf("%s: no projection", r)
					continue
				}
				for _, render := range []func(projection.Type) string{projection.Session, projection.Pretty} {
					text := render(typ)
					back, err := projection.ParseSession(text)
					if err != nil || !projection.Equal(back, typ) {
						t.Errorf("%s: %q does not read back (%v)", r, text, err)
					}
				}
			}
		})
	}
}
