package lsp

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/runtime"
)

func execute(t *testing.T, ts *testServer, command string, result any, args ...any) error {
	t.Helper()
	var raw []protocol.LSPAny
	for _, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b)
	}
	var out protocol.LSPAny
	err := ts.Call(testContext(t), protocol.MethodWorkspaceExecuteCommand, &protocol.ExecuteCommandParams{Command: command, Arguments: raw}, &out)
	if err == nil && result != nil {
		if err := json.Unmarshal(out, result); err != nil {
			t.Fatal(err)
		}
	}
	return err
}

func TestRunInVM(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	var res runResult
	if err := execute(t, ts, cmdRunInVM, &res, u, map[string]any{"seed": 7}); err != nil {
		t.Fatal(err)
	}
	if res.Outcome.Kind != runtime.Completed {
		t.Errorf("outcome = %+v, want completed", res.Outcome)
	}
	if !strings.Contains(res.Trace, "Request") || !strings.Contains(res.Mermaid, "sequenceDiagram") {
		t.Errorf("trace/mermaid lack the run:\n%s\n%s", res.Trace, res.Mermaid)
	}
	for _, f := range []uri.URI{res.TraceURI, res.SVGURI, res.MermaidURI} {
		if _, err := os.Stat(f.FsPath()); err != nil {
			t.Errorf("output %s: %v", f, err)
		}
	}
	shown := ts.ServerRequests(protocol.MethodWindowShowDocument)
	if len(shown) != 2 {
		t.Fatalf("showDocument requests = %d, want 2 (trace, SVG)", len(shown))
	}
	var p protocol.ShowDocumentParams
	if err := protocol.Unmarshal(shown[1].Params, &p); err != nil {
		t.Fatal(err)
	}
	if p.URI != res.SVGURI || p.External == nil || !*p.External {
		t.Errorf("second showDocument = %+v, want the SVG externally", p)
	}
}

func TestRunInVMRefusesErrors(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "d.choreo", undeclared)
	if err := execute(t, ts, cmdRunInVM, nil, u); err == nil {
		t.Error("running a protocol with errors: want an error")
	}
}

func TestShowProjection(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	var res projectionResult
	if err := execute(t, ts, cmdShowProjection, &res, u, "Server"); err != nil {
		t.Fatal(err)
	}
	if len(res.Roles) != 1 || res.Roles[0].Session != "?Client.Request(query: String); !Client.Response(body: Vec<u8>); end" {
		t.Errorf("projection = %+v", res.Roles)
	}
	if err := execute(t, ts, cmdShowProjection, nil, u, "Nobody"); err == nil {
		t.Error("projection of an unknown role: want an error")
	}
	if err := execute(t, ts, "choreo.noSuchCommand", nil, u); err == nil {
		t.Error("unknown command: want an error")
	}
}

// TestShowStateMachine draws one role, then every role with the global
// protocol.
func TestShowStateMachine(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	for _, tc := range []struct {
		role   string
		roles  []string
		labels []string
		absent string
	}{
		{"Server", []string{"Server"}, []string{"?Client.Request(query: String)", "!Client.Response(body: Vec&lt;u8&gt;)"}, ">PingPong<"},
		{"", []string{"Client", "Server"}, []string{">PingPong<", "Client → Server : Request(query: String)", "!Server.Request(query: String)"}, ""},
	} {
		var res stateMachineResult
		if err := execute(t, ts, cmdShowStateMachine, &res, u, tc.role); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Roles, tc.roles) || !strings.HasPrefix(res.Dot, "digraph") || !strings.Contains(res.SVG, "<svg") {
			t.Fatalf("%q: roles %v, dot %.40q, svg %.80q", tc.role, res.Roles, res.Dot, res.SVG)
		}
		for _, l := range tc.labels {
			if !strings.Contains(res.SVG, l) {
				t.Errorf("%q: the SVG has no %q", tc.role, l)
			}
		}
		if tc.absent != "" && strings.Contains(res.SVG, tc.absent) {
			t.Errorf("%q: the SVG has %q", tc.role, tc.absent)
		}
	}
	if err := execute(t, ts, cmdShowStateMachine, nil, u, "Nobody"); err == nil {
		t.Error("state machine of an unknown role: want an error")
	}
}
