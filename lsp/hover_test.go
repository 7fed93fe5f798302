package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

func TestHover(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	tests := []struct {
		name   string
		marker string
		delta  int
		want   []string
	}{
		{"role declaration", "roles Client", 7, []string{
			"**role** `Client`",
			"!Server.Request(query: String); ?Server.Response(body: Vec<u8>); end",
			"Send<Server, Request, Receive<Server, Response, End>>",
			"depth 2",
		}},
		{"role reference", "Server -> Client", 0, []string{"?Client.Request(query: String); !Client.Response(body: Vec<u8>); end"}},
		{"protocol", "protocol PingPong", 10, []string{"W₀ = 8", "max_steps = ", "**Class:** recovery / grant", "`Client`, `Server`", "`ping_pong.PingPong`"}},
		{"annotation key", "flow_cost", 2, []string{"**annotation** `flow_cost`", "ChargeBudget{cost}"}},
		{"send", "Request(query", 2, []string{
			"sender `Client`: `!Server.Request(query: String)`",
			"receiver `Server`: `?Client.Request(query: String)`",
			`1. ` + "`" + `StoreMetadata{guard_capability: "net:send"}` + "`",
			"2. `ChargeBudget{5}`",
			"CapGuard → FlowGuard → JournalCoupler → LeakageTracker",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h protocol.Hover
			params := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, posOf(t, pingPong, tt.marker, tt.delta))}
			if err := ts.Call(testContext(t), protocol.MethodTextDocumentHover, params, &h); err != nil {
				t.Fatal(err)
			}
			mc, ok := h.Contents.(*protocol.MarkupContent)
			if !ok {
				t.Fatalf("contents = %T, want markup", h.Contents)
			}
			for _, w := range tt.want {
				if !strings.Contains(mc.Value, w) {
					t.Errorf("hover lacks %q:\n%s", w, mc.Value)
				}
			}
		})
	}
}

func TestHoverOnWhitespaceIsEmpty(t *testing.T) {
	ts := session(t)
	u := ts.open(t, "ping.choreo", pingPong)
	var h *protocol.Hover
	params := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, protocol.Position{Line: 1, Character: 0})}
	if err := ts.Call(testContext(t), protocol.MethodTextDocumentHover, params, &h); err != nil {
		t.Fatal(err)
	}
	if h != nil {
		t.Errorf("hover on a blank line = %+v, want null", h)
	}
}

// TestHoverLabel checks that a branch label's hover says how it is
// selected on the wire: fused with the first message, or sent before it.
func TestHoverLabel(t *testing.T) {
	const src = `module shop exposing (Shop)
protocol Shop =
  roles Client, Server
  choice at Server
    | ok ->
        Server -> Client : Accepted
    | Refused ->
        Server -> Client : Refused
`
	ts := session(t)
	u := ts.open(t, "shop.choreo", src)
	for marker, want := range map[string]string{
		"ok ->":      "Selected on the wire by `Server → Client : ok`, a message of its own",
		"Refused ->": "Selected on the wire by `Server → Client : Refused`: the label is the branch's first message",
	} {
		var h protocol.Hover
		params := &protocol.HoverParams{TextDocumentPositionParams: docPos(u, posOf(t, src, marker, 0))}
		if err := ts.Call(testContext(t), protocol.MethodTextDocumentHover, params, &h); err != nil {
			t.Fatal(err)
		}
		if mc, ok := h.Contents.(*protocol.MarkupContent); !ok || !strings.Contains(mc.Value, want) {
			t.Errorf("hover on %q = %+v, want %q", marker, h.Contents, want)
		}
	}
}
