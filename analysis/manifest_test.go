package analysis

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/testkit"
)

func TestResolveEnvelope(t *testing.T) {
	cfg := config.Default()
	cfg.Envelopes["aura.chat"] = []string{"replay_deterministic"}
	cfg.Envelopes["aura.consensus"] = []string{"custom"}
	tests := []struct{ id, want string }{
		{"aura.dkg.ceremony", "byzantine_envelope+termination_bounded"},
		{"aura.sync.epoch_rotation", "termination_bounded"},
		{"aura.recovery.grant", "termination_bounded"},
		{"aura.recovery.other", "cooperative"},
		{"aura.consensus.fast_path", "custom"}, // longest prefix, overridden by configuration
		{"aura.chat.room", "replay_deterministic"},
		{"example.Example", "cooperative"},
	}
	for _, tt := range tests {
		if got := strings.Join(ResolveEnvelope(cfg, tt.id), "+"); got != tt.want {
			t.Errorf("ResolveEnvelope(%q) = %s, want %s", tt.id, got, tt.want)
		}
	}
}

// TestManifestGolden checks the whole manifest JSON of a protocol with
// links, a family and annotations, under a configuration that gives it a
// termination-bounded envelope.
func TestManifestGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/manifest/enrollment.choreo")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.ProtocolIDs["enrollment"] = "aura.recovery.grant"
	cfg.DeterminismPolicy = "aura.determinism.v1"
	res := Analyze(context.Background(), Input{Filename: "enrollment.choreo", Src: src, Config: cfg})
	if diag.HasErrors(res.Diagnostics) {
		t.Fatalf("unexpected errors: %v", res.Diagnostics)
	}
	got, err := json.MarshalIndent(res.Manifest, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, "testdata/manifest/enrollment.json", append(got, '\n'))
}

func TestAdmission(t *testing.T) {
	src := []byte("module aura_keys exposing (D)\n\nprotocol D =\n  roles A, B\n\n  A -> B : Start\n  loop while \"more\"\n    A -> B : Share\n")
	tests := []struct {
		name     string
		ids      map[string]string
		envelope string
		missing  []string
	}{
		{"cooperative needs nothing", nil, "cooperative", nil},
		{"bounded without a static loop bound", map[string]string{"aura_keys": "aura.dkg.ceremony"},
			"byzantine_envelope+termination_bounded", []string{`a static bound for loop while "more" at 7:3`}},
		{"bounded without a class", map[string]string{"aura_keys": "aura.storage.v2"},
			"termination_bounded", []string{"a termination class", `a static bound for loop while "more"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			for k, v := range tt.ids {
				cfg.ProtocolIDs[k] = v
			}
			cfg.Envelopes["aura.storage.v2"] = []string{EnvelopeTerminationBounded}
			a := Analyze(context.Background(), Input{Filename: "d.choreo", Src: src, Config: cfg}).Manifest
			if got := strings.Join(a.Envelope, "+"); got != tt.envelope {
				t.Errorf("envelope = %s, want %s", got, tt.envelope)
			}
			if a.Admission.Admitted != (len(tt.missing) == 0) || len(a.Admission.Missing) != len(tt.missing) {
				t.Fatalf("admission = %+v, want missing %q", a.Admission, tt.missing)
			}
			for i, m := range tt.missing {
				if !strings.HasPrefix(a.Admission.Missing[i], m) {
					t.Errorf("missing[%d] = %q, want prefix %q", i, a.Admission.Missing[i], m)
				}
			}
		})
	}
}

// TestManifestProofBundles: the manifest lists the bundles the protocol
// requires (declared or not), then those its runtime operations need, with
// their metadata; an unused bundle is left out.
func TestManifestProofBundles(t *testing.T) {
	src := `module b exposing (P)
proof_bundle Base version "1.0.0" issuer "did:example:i" constraint "fresh_nonce" constraint "sig_valid" requires [delegation]
proof_bundle Spec requires [speculation]
proof_bundle Unused requires [knowledge_flow]
protocol P requires Base, Elsewhere =
  roles A, B
  A -> B : Ping
  fork ghost
`
	res := Analyze(context.Background(), Input{Filename: "b.tell", Src: []byte(src), Config: config.Default()})
	if res.Manifest == nil {
		t.Fatalf("no manifest: %v", res.Diagnostics)
	}
	got, err := json.Marshal(res.Manifest.ProofBundles)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"name":"Base","declared":true,"version":"1.0.0","issuer":"did:example:i","constraints":["fresh_nonce","sig_valid"],"capabilities":["delegation"]},` +
		`{"name":"Elsewhere","declared":false,"capabilities":[]},` +
		`{"name":"Spec","declared":true,"inferred":true,"capabilities":["speculation"]}]`
	if string(got) != want {
		t.Errorf("proof_bundles =\n%s\nwant\n%s", got, want)
	}
	unused := 0
	for _, d := range res.Diagnostics {
		if d.Code == CodeUnusedBundle {
			unused++
			if !strings.Contains(d.Message, "Unused") {
				t.Errorf("unused-bundle for the wrong bundle: %s", d.Message)
			}
		}
	}
	if unused != 1 {
		t.Errorf("%d unused-bundle diagnostics, want 1: %v", unused, res.Diagnostics)
	}
}
