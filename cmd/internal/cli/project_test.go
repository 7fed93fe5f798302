package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/internal/gen"
)

// runProject runs `choreo project args...` and returns its exit code,
// stdout and stderr (including the error main would print).
func runProject(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{"project"}, args...))
	err := root.ExecuteContext(context.Background())
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return exitCode(err), out.String(), errOut.String()
}

func TestProject(t *testing.T) {
	unmergeable := filepath.Join(t.TempDir(), "unmergeable.choreo")
	src := "module m exposing (P)\nprotocol P =\n  roles A, B, C\n  choice at A\n    | x ->\n        A -> B : X\n        A -> C : P\n    | y ->\n        A -> B : Y\n        B -> C : Q\n"
	if err := os.WriteFile(unmergeable, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	auction := filepath.Join("..", "..", "..", "examples", "auction.choreo")
	threshold := filepath.Join("..", "..", "..", "examples", "threshold_sign.choreo")
	for _, tc := range []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // exact stdout, when not ""
		wantErr  string // substring of stderr
	}{
		{
			name: "session notation, every role in order",
			args: []string{auction},
			wantOut: "Buyer: !Seller.Bid(amount: u64); &{ ?Seller.accept; ?Seller.Accepted(order: OrderId); ?Shipper.Tracking(code: String); end, ?Seller.reject; ?Seller.Rejected; end }\n" +
				"Seller: ?Buyer.Bid(amount: u64); +{ !Buyer.accept; !Buyer.Accepted(order: OrderId); !Shipper.Ship(order: OrderId); end, !Buyer.reject; !Buyer.Rejected; !Shipper.Cancel; end }\n" +
				"Shipper: &{ ?Seller.Ship(order: OrderId); !Buyer.Tracking(code: String); end, ?Seller.Cancel; end }\n",
		},
		{
			name: "family name selects its members, rust notation",
			args: []string{threshold, "--role", "Witness", "--notation", "rust"},
			wantOut: "Witness[0]: Receive<Coordinator, SignRequest, Send<Coordinator, SignShare, Receive<Coordinator, Signature, End>>>\n" +
				"Witness[1]: Receive<Coordinator, SignRequest, Send<Coordinator, SignShare, Receive<Coordinator, Signature, End>>>\n" +
				"Witness[2]: Receive<Coordinator, SignRequest, Send<Coordinator, SignShare, Receive<Coordinator, Signature, End>>>\n",
		},
		{
			name:    "one member, pretty notation",
			args:    []string{threshold, "--role", "Witness[1]", "--notation", "pretty"},
			wantOut: "Witness[1]:\n  ?Coordinator.SignRequest(crate.consensus.SignRequest);\n  !Coordinator.SignShare(share: Bytes);\n  ?Coordinator.Signature(crate.consensus.Signature);\n  end\n",
		},
		{
			name:     "errors go to stderr and exit 1",
			args:     []string{unmergeable},
			wantCode: cmdline.ExitFindings,
			wantOut:  "A: +{ !B.x; !B.X; !C.P; end, !B.y; !B.Y; end }\nB: &{ ?A.x; ?A.X; end, ?A.y; ?A.Y; !C.Q; end }\nC: ?A.P; end\n",
			wantErr:  "unmergeable.choreo:4:3: error: role C cannot tell branch `x` from branch `y` of the choice at A",
		},
		{name: "unknown role", args: []string{auction, "--role", "Nobody"}, wantCode: cmdline.ExitUsage, wantErr: `no role "Nobody"`},
		{name: "unknown notation", args: []string{auction, "--notation", "latex"}, wantCode: cmdline.ExitUsage, wantErr: "unknown notation"},
		{name: "missing file", args: []string{filepath.Join(t.TempDir(), "none.choreo")}, wantCode: cmdline.ExitUsage, wantErr: "none.choreo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runProject(t, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.wantCode, errOut)
			}
			if tc.wantOut != "" && out != tc.wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tc.wantOut)
			}
			if !strings.Contains(errOut, tc.wantErr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.wantErr)
			}
		})
	}
}

// BenchmarkProjectChoices30 runs `choreo project` on a protocol of 30
// sequential two-way choices, whose local types written out without
// sharing would have 2^30 paths (targets: well under 100 KB, under 50 ms).
func BenchmarkProjectChoices30(b *testing.B) {
	path := filepath.Join(b.TempDir(), "choices.choreo")
	if err := os.WriteFile(path, gen.SequentialChoices(30), 0o644); err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		root := newRootCmd()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(io.Discard)
		root.SetArgs([]string{"project", path})
		if err := root.ExecuteContext(context.Background()); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
	}
	b.ReportMetric(float64(size), "output-bytes")
}

// TestProjectFormats writes the state machines of an example in every
// format: the global graph and every role without --role, the selected
// roles only with it.
func TestProjectFormats(t *testing.T) {
	auction := filepath.Join("..", "..", "..", "examples", "auction.choreo")
	for _, tc := range []struct {
		format, role string
		prefix       string
		contains     []string
		missing      string
	}{
		{"dot", "", "digraph choreo {", []string{`label="Auction"`, `label="!Seller.Bid(amount: u64)"`, `label="?Buyer.Bid(amount: u64)"`}, ""},
		{"mermaid", "Buyer", "flowchart LR\n", []string{`subgraph m0["Buyer"]`, `-->|"!Seller.Bid(amount: u64)"|`}, `"Auction"`},
		{"svg", "Shipper", "<?xml", []string{"<svg", ">?Seller.Ship(order: OrderId)<"}, ">Auction<"},
		{"json", "", "{", []string{`"protocol": "Auction"`, `"global": {`, `"kind": "receive"`}, ""},
	} {
		t.Run(tc.format, func(t *testing.T) {
			args := []string{auction, "--format", tc.format}
			if tc.role != "" {
				args = append(args, "--role", tc.role)
			}
			code, out, errOut := runProject(t, args...)
			if code != 0 {
				t.Fatalf("exit code %d: %s", code, errOut)
			}
			if !strings.HasPrefix(out, tc.prefix) {
				t.Errorf("output starts %q, want %q", out[:min(len(out), 40)], tc.prefix)
			}
			for _, s := range tc.contains {
				if !strings.Contains(out, s) {
					t.Errorf("output has no %q:\n%s", s, out)
				}
			}
			if tc.missing != "" && strings.Contains(out, tc.missing) {
				t.Errorf("output has %q, which --role %s leaves out", tc.missing, tc.role)
			}
		})
	}
	if code, _, errOut := runProject(t, auction, "--format", "png"); code != cmdline.ExitUsage || !strings.Contains(errOut, "unknown format") {
		t.Errorf("--format png: exit code %d, stderr %q", code, errOut)
	}
}

// TestProjectReadsBackInSubtype passes what `choreo project` prints for 30
// sequential choices (every shared continuation a definition) to `choreo
// subtype`, one-line and pretty, against itself and against the .choreo
// file's role: compatible every time.
func TestProjectReadsBackInSubtype(t *testing.T) {
	path := filepath.Join(t.TempDir(), "choices.choreo")
	if err := os.WriteFile(path, gen.SequentialChoices(30), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, notation := range []string{"session", "pretty"} {
		code, out, errOut := runProject(t, path, "--role", "B", "--notation", notation)
		if code != 0 {
			t.Fatalf("project: exit code %d: %s", code, errOut)
		}
		text := strings.TrimPrefix(out, "B:")
		if !strings.Contains(text, "where") {
			t.Errorf("%s: no shared continuation named in\n%s", notation, text)
		}
		file := filepath.Join(t.TempDir(), "b.session")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{text, text}, {"--file", "--role", "B", path, file}} {
			code, out, errOut := runChoreo(t, append([]string{"subtype"}, args...)...)
			if code != 0 || !strings.HasPrefix(out, "NEW ≤ OLD (async): compatible") {
				t.Errorf("%s: subtype %.60q...: exit code %d, %s%s", notation, args, code, out, errOut)
			}
		}
	}
}
