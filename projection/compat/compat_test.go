package compat

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/projection/subtype"
)

const base = `module shop exposing (Shop)

-- The baseline: a request, an answer and a receipt.
protocol Shop =
  roles Client, Server, Log

  Client -> Server : Order(item: String)
  choice at Server
    | ok ->
        Server -> Client : Accepted(id: u64)
        Server -> Log : Record
    | no ->
        Server -> Client : Refused
        Server -> Log : Record
`

// edit returns base with each old → new replacement applied once.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	s := base
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("edit: %q not in the baseline", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func compare(t *testing.T, oldSrc, newSrc string, opts Options) *Report {
	t.Helper()
	rep, err := CompareFiles(context.Background(), &Version{Path: "old.choreo", Src: []byte(oldSrc)},
		&Version{Path: "new.choreo", Src: []byte(newSrc)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func role(rep *Report, name string) *RoleReport {
	for i := range rep.Roles {
		if rep.Roles[i].Role == name {
			return &rep.Roles[i]
		}
	}
	return nil
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		new    func(t *testing.T) string
		level  Level
		row    Row
		role   string // a role whose status is checked
		status Status
		reason string // the role's reason must contain it
	}{
		{"comments and annotations only", func(t *testing.T) string {
			return edit(t, "-- The baseline: a request, an answer and a receipt.", "-- Reworded comment.",
				"Server -> Client : Refused", `Server { guard_capability = "shop:refuse", flow_cost = 5 } -> Client : Refused`)
		}, Patch, RowMetadataOnly, "Server", StatusEqual, "unchanged"},
		{"renamed message", func(t *testing.T) string {
			return edit(t, "Client -> Server : Order(item: String)", "Client -> Server : Order2(item: String)")
		}, Major, RowProjectionChange, "Client", StatusIncompatible, "Order2"},
		{"payload change", func(t *testing.T) string {
			return edit(t, "Accepted(id: u64)", "Accepted(id: u128)")
		}, Major, RowPayloadChange, "Client", StatusIncompatible, "Accepted(id: u64)"},
		{"additive branch", func(t *testing.T) string {
			return edit(t, "    | no ->", "    | later ->\n        Server -> Client : Queued\n        Server -> Log : Record\n    | no ->")
		}, Major, RowAdditiveBranch, "Server", StatusIncompatible, "!Client.later"},
		{"role added", func(t *testing.T) string {
			return edit(t, "roles Client, Server, Log", "roles Client, Server, Log, Audit",
				"Client -> Server : Order(item: String)", "Client -> Server : Order(item: String)\n  Server -> Audit : Seen")
		}, Major, RowRoleAdded, "Audit", StatusAdded, "added"},
		{"role renamed", func(t *testing.T) string {
			s := edit(t, "roles Client, Server, Log", "roles Client, Server, Journal")
			return strings.ReplaceAll(s, "Server -> Log", "Server -> Journal")
		}, Major, RowRoleRenamed, "Journal", StatusRenamed, "renamed"},
		{"namespace change", func(t *testing.T) string {
			return edit(t, "module shop exposing", "module store exposing")
		}, Major, RowNamespaceChange, "Client", StatusEqual, "unchanged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := compare(t, base, tt.new(t), Options{})
			if rep.Level != tt.level || !slices.Contains(rep.Rows, tt.row) {
				t.Fatalf("level %v rows %v (%s), want %v with row %s", rep.Level, rep.Rows, rep.Reason, tt.level, tt.row)
			}
			r := role(rep, tt.role)
			if r == nil || r.Status != tt.status || !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("role %s = %+v, want status %s with reason containing %q", tt.role, r, tt.status, tt.reason)
			}
			if !strings.HasPrefix(rep.Reason, tt.level.String()+":") {
				t.Errorf("reason %q does not start with the level", rep.Reason)
			}
		})
	}
}

// TestSpans: a finding points at the message of the counterexample, or at
// the role's declaration.
func TestSpans(t *testing.T) {
	src := edit(t, "Client -> Server : Order(item: String)", "Client -> Server : Order2(item: String)",
		"roles Client, Server, Log", "roles Client, Server, Log, Audit")
	rep := compare(t, base, src, Options{})
	for name, want := range map[string]string{"Client": "Order2", "Server": "Order2", "Audit": "Audit"} {
		r := role(rep, name)
		if r == nil {
			t.Fatalf("no report for %s", name)
		}
		if got := src[r.Span.Start.Offset:r.Span.End.Offset]; !strings.HasPrefix(got, want) {
			t.Errorf("role %s (%s) points at %q, want %q", name, r.Status, got, want)
		}
	}
}

// TestRemovedRoleSpan: a removed role points at its declaration in the
// old version, the only one that has it.
func TestRemovedRoleSpan(t *testing.T) {
	src := edit(t, "roles Client, Server, Log", "roles Client, Server",
		"        Server -> Log : Record\n    | no", "    | no",
		"        Server -> Log : Record\n", "")
	rep := compare(t, base, src, Options{})
	r := role(rep, "Log")
	if r == nil || r.Status != StatusRemoved {
		t.Fatalf("Log: got %+v, want a removed role", r)
	}
	if got := base[r.Span.Start.Offset:r.Span.End.Offset]; got != "Log" {
		t.Errorf("removed role points at %q in the old version, want %q", got, "Log")
	}
}

func TestIgnoreNamespace(t *testing.T) {
	renamed := strings.ReplaceAll(strings.Replace(base, "module shop", "module shop_v2", 1), "Shop", "ShopV2")
	rep := compare(t, base, renamed, Options{IgnoreNamespace: true})
	if rep.Level != Patch || len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "shop → shop_v2") {
		t.Errorf("got %v %v notes %q, want patch with a note on the namespace", rep.Level, rep.Rows, rep.Notes)
	}
}

func TestNewDeletedAndBroken(t *testing.T) {
	ctx := context.Background()
	v := &Version{Path: "p.choreo", Src: []byte(base)}
	rep, err := CompareFiles(ctx, nil, v, Options{})
	if err != nil || rep.Level != Unclassified || !strings.Contains(rep.Reason, "initial versioning needs an explicit review") {
		t.Errorf("new file: %+v %v", rep, err)
	}
	rep, err = CompareFiles(ctx, v, nil, Options{})
	if err != nil || rep.Level != Major || rep.Rows[0] != RowProtocolRemoved {
		t.Errorf("deleted file: %+v %v", rep, err)
	}
	broken := &Version{Path: "p.choreo", Src: []byte(edit(t, "Client -> Server : Order", "Client -> Nobody : Order"))}
	rep, err = CompareFiles(ctx, v, broken, Options{})
	if err != nil || rep.Level != Undetermined || rep.Rows[0] != RowNotAnalysable {
		t.Errorf("broken new version: %+v %v", rep, err)
	}
}

func TestUnknownIsUndetermined(t *testing.T) {
	oldSrc := "module flood exposing (Flood)\n\nprotocol Flood =\n  roles A, B, C\n\n  rec L\n    B -> A : Credit\n    C -> A : Data\n    continue L\n"
	newSrc := "module flood exposing (Flood)\n\nprotocol Flood =\n  roles A, B, C\n\n  rec L\n    C -> A : Data\n    continue L\n"
	rep := compare(t, oldSrc, newSrc, Options{Subtype: subtype.Options{MaxPending: 16}})
	a := role(rep, "A")
	if a == nil || a.Status != StatusUnknown {
		t.Fatalf("role A = %+v, want unknown", a)
	}
	// B's new type never sends Credit: that is a definite failure, so the
	// change is major; without B's change it would be undetermined. (A's
	// check stays open: whether A ever receives the Credits the old B
	// sends depends on a receive the new A never performs.)
	if rep.Level != Major {
		t.Errorf("level %v (%s), want major", rep.Level, rep.Reason)
	}
}

// TestProjectBounds: the new version's choreo.yaml bounds the checks,
// and an option given explicitly wins over it.
func TestProjectBounds(t *testing.T) {
	oldSrc := "module flood exposing (Flood)\n\nprotocol Flood =\n  roles A, B, C\n\n  rec L\n    B -> A : Credit\n    C -> A : Data\n    continue L\n"
	newSrc := "module flood exposing (Flood)\n\nprotocol Flood =\n  roles A, B, C\n\n  rec L\n    C -> A : Data\n    continue L\n"
	cfg, err := config.Parse("choreo.yaml", []byte("subtype:\n  max_pending: 16\n  timeout: 3s\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		opts        subtype.Options
		wantPending int
	}{
		{subtype.Options{}, 16},
		{subtype.Options{MaxPending: 8}, 8},
	} {
		rep, err := CompareFiles(context.Background(), &Version{Path: "old.choreo", Src: []byte(oldSrc)},
			&Version{Path: "new.choreo", Src: []byte(newSrc), Config: cfg}, Options{Subtype: tt.opts})
		if err != nil {
			t.Fatal(err)
		}
		a := role(rep, "A")
		if a == nil || a.Check == nil || a.Check.Bound == nil {
			t.Fatalf("role A = %+v, want an unknown check with its bounds", a)
		}
		if b := a.Check.Bound; b.MaxPending != tt.wantPending || b.Timeout != 3*time.Second {
			t.Errorf("options %+v: bounds %+v, want max_pending %d and the configured timeout", tt.opts, b, tt.wantPending)
		}
	}
}

const corpus = "../../../shared/corpus/aura"

// TestCorpusFixtures: Aura's protocol_compat fixtures.
func TestCorpusFixtures(t *testing.T) {
	dir := filepath.Join(corpus, "e2-2026-03", "crates", "aura-testkit", "fixtures", "protocol_compat")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not present:", err)
	}
	read := func(name string) *Version {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return &Version{Path: name, Src: src}
	}
	ctx := context.Background()
	opts := Options{IgnoreNamespace: true} // distinct fixture files, paired explicitly
	rep, err := CompareFiles(ctx, read("breaking_baseline.choreo"), read("breaking_current.choreo"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Level != Major {
		t.Fatalf("breaking pair: %v (%s), want major", rep.Level, rep.Reason)
	}
	for _, name := range []string{"A", "B"} {
		r := role(rep, name)
		if r == nil || r.Status != StatusIncompatible || r.Check.Counterexample == nil || !strings.Contains(r.Reason, "Ping2") {
			t.Errorf("breaking pair, role %s: %+v, want a counterexample naming Ping2", name, r)
		}
	}
	rep, err = CompareFiles(ctx, read("compatible_baseline.choreo"), read("compatible_current.choreo"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Level != Patch {
		t.Errorf("compatible pair: %v (%s), want patch", rep.Level, rep.Reason)
	}
}

// eraExpectations pins the classification of a few corpus files in every
// pair of eras where they appear: the eras respell payload paths
// (crate::a::T becomes `of crate.a.T`) and annotations, which is a patch.
var eraExpectations = map[string]struct {
	level Level
	row   Row
}{
	"crates/aura-sync/src/protocols/epochs.choreo":                   {Patch, RowMetadataOnly},
	"crates/aura-consensus/src/protocol/choreography.choreo":         {Patch, RowMetadataOnly},
	"crates/aura-rendezvous/src/protocol.rendezvous_exchange.choreo": {Patch, RowMetadataOnly},
	"examples/hello-choreo/src/main.choreo":                          {Patch, RowMetadataOnly},
}

// TestCorpusEras classifies every protocol present in two eras (matched by
// relative path and protocol name).
func TestCorpusEras(t *testing.T) {
	eras, err := os.ReadDir(corpus)
	if err != nil {
		t.Skip("corpus not present:", err)
	}
	var names []string
	for _, e := range eras {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	counts := make(map[Level]int)
	pairs := 0
	for i, oldEra := range names {
		for _, newEra := range names[i+1:] {
			root := filepath.Join(corpus, oldEra)
			err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(path, ".choreo") {
					return err
				}
				rel, _ := filepath.Rel(root, path)
				newSrc, err := os.ReadFile(filepath.Join(corpus, newEra, rel))
				if err != nil {
					return nil // not in the newer era
				}
				oldSrc, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				rep, err := CompareFiles(context.Background(), &Version{Path: rel, Src: oldSrc}, &Version{Path: rel, Src: newSrc}, Options{})
				if err != nil {
					return err
				}
				if rep.Protocol == "" {
					return nil
				}
				pairs++
				counts[rep.Level]++
				if rep.Reason == "" || len(rep.Rows) == 0 {
					t.Errorf("%s → %s %s: no reason", oldEra, newEra, rel)
				}
				for _, r := range rep.Roles {
					if r.Reason == "" {
						t.Errorf("%s → %s %s: role %s without a reason", oldEra, newEra, rel, r.Role)
					}
				}
				t.Logf("%s → %s %s: %s %v", oldEra, newEra, rel, rep.Reason, rep.Rows)
				if want, ok := eraExpectations[filepath.ToSlash(rel)]; ok && (rep.Level != want.level || !slices.Contains(rep.Rows, want.row)) {
					t.Errorf("%s → %s %s: %v %v, want %v with row %s", oldEra, newEra, rel, rep.Level, rep.Rows, want.level, want.row)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if pairs == 0 {
		t.Fatal("no protocol found in two eras")
	}
	t.Logf("%d pairs: %v", pairs, counts)
}

// TestReflexive: every local type of the examples and the corpus is an
// asynchronous subtype of itself (loops, families, choices over several
// peers and merged branches included).
func TestReflexive(t *testing.T) {
	var files []string
	for _, root := range []string{"../../examples", corpus} {
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".choreo") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skip("no .choreo files found")
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := analysis.Analyze(context.Background(), analysis.Input{Filename: path, Src: src})
		if res.Protocol == nil {
			continue
		}
		for _, role := range res.Protocol.Participants() {
			ty := res.Projections[role]
			if ty == nil {
				continue
			}
			r, err := subtype.CheckAsync(context.Background(), ty, ty, subtype.Options{})
			if err != nil {
				t.Errorf("%s role %s: %v", path, role, err)
				continue
			}
			if r.Verdict != subtype.Compatible {
				t.Errorf("%s role %s: %s", path, role, r)
			}
		}
	}
}

// TestAnticipatedSend checks output anticipation inside a branch: the new
// Server sends Record to Log before Closed to Client. (Not the first send
// of the branch: that one carries the label, and moving it would tell
// another role of the choice.)
func TestAnticipatedSend(t *testing.T) {
	old := edit(t, "        Server -> Client : Refused\n        Server -> Log : Record",
		"        Server -> Client : Refused\n        Server -> Client : Closed\n        Server -> Log : Record")
	anticipated := edit(t, "        Server -> Client : Refused\n        Server -> Log : Record",
		"        Server -> Client : Refused\n        Server -> Log : Record\n        Server -> Client : Closed")
	rep := compare(t, old, anticipated, Options{})
	if rep.Level != Minor || !slices.Contains(rep.Rows, RowProjectionChange) {
		t.Fatalf("level %v rows %v (%s), want minor with row projection-change", rep.Level, rep.Rows, rep.Reason)
	}
	if r := role(rep, "Server"); r == nil || r.Status != StatusCompatible || !strings.Contains(r.Reason, "sends !Log.Record before") {
		t.Errorf("role Server = %+v, want compatible, anticipating Record", r)
	}
}
