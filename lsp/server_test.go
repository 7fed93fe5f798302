package lsp

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap/zaptest"

	"github.com/choreo-lang/choreo/internal/buildinfo"
	"github.com/choreo-lang/choreo/lsp/lsptest"
)

// testServer is an in-process server on one end of a pipe.
type testServer struct {
	*lsptest.Client
	srv  *Server
	done chan error // receives Serve's result
}

// startServer serves a new server over a pipe; inner, when non-nil,
// replaces the protocol dispatcher (to test the middleware).
func startServer(t *testing.T, opts Options, inner func(s *Server) jsonrpc2.Handler) *testServer {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = zaptest.NewLogger(t)
	}
	a, b := net.Pipe()
	srv := New(opts)
	h := srv.handler()
	if inner != nil {
		h = srv.middleware(inner(srv))
	}
	done := make(chan error, 1)
	go func() { done <- srv.serve(context.Background(), a, h) }()
	c := lsptest.New(b)
	t.Cleanup(func() {
		_ = c.Close()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop after the connection closed")
		}
	})
	return &testServer{Client: c, srv: srv, done: done}
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// rpcCode returns the JSON-RPC error code of err, or 0.
func rpcCode(err error) int64 {
	var e *lsptest.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestLifecycle(t *testing.T) {
	ctx := testContext(t)
	ts := startServer(t, Options{}, nil)

	hover := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///x.choreo"}}}
	if err := ts.Call(ctx, protocol.MethodTextDocumentHover, hover, nil); rpcCode(err) != int64(jsonrpc2.ServerNotInitialized) {
		t.Fatalf("hover before initialize: got %v, want ServerNotInitialized", err)
	}
	// Notifications before initialize are dropped without closing the connection.
	if err := ts.Open("file:///x.choreo", "protocol P ="); err != nil {
		t.Fatal(err)
	}
	res, err := ts.Initialize(ctx, "", false)
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if res.Capabilities.PositionEncoding != protocol.PositionEncodingKindUTF16 {
		t.Errorf("position encoding = %q, want utf-16 when the client offers nothing", res.Capabilities.PositionEncoding)
	}
	if v, ok := res.ServerInfo.Version.Get(); !ok || v != buildinfo.Read().Version {
		t.Errorf("serverInfo.version = %q (set: %v), want %q as choreo version says", v, ok, buildinfo.Read().Version)
	}
	if err := ts.Call(ctx, protocol.MethodInitialize, &protocol.InitializeParams{}, nil); rpcCode(err) != int64(jsonrpc2.InvalidRequest) {
		t.Errorf("second initialize: got %v, want InvalidRequest", err)
	}
	if err := ts.Call(ctx, "choreo/noSuchMethod", nil, nil); rpcCode(err) != int64(jsonrpc2.MethodNotFound) {
		t.Errorf("unknown method: got %v, want MethodNotFound", err)
	}
	if err := ts.Notify("$/noSuchNotification", map[string]int{"x": 1}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := ts.Call(ctx, protocol.MethodTextDocumentHover, hover, nil); rpcCode(err) != int64(jsonrpc2.InvalidRequest) {
		t.Errorf("hover after shutdown: got %v, want InvalidRequest", err)
	}
	if err := ts.Notify(protocol.MethodExit, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ts.done:
		if err != nil {
			t.Errorf("Serve after shutdown+exit = %v, want nil", err)
		}
		ts.done <- err // for the cleanup
	case <-ctx.Done():
		t.Fatal("server did not exit")
	}
}

func TestExitWithoutShutdownFails(t *testing.T) {
	ctx := testContext(t)
	ts := startServer(t, Options{}, nil)
	if _, err := ts.Initialize(ctx, "", false); err != nil {
		t.Fatal(err)
	}
	if err := ts.Notify(protocol.MethodExit, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ts.done:
		if err == nil {
			t.Error("Serve after exit without shutdown = nil, want an error")
		}
		ts.done <- err
	case <-ctx.Done():
		t.Fatal("server did not exit")
	}
}

func TestUTF8Negotiation(t *testing.T) {
	ctx := testContext(t)
	ts := startServer(t, Options{}, nil)
	res, err := ts.Initialize(ctx, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Capabilities.PositionEncoding != protocol.PositionEncodingKindUTF8 {
		t.Errorf("position encoding = %q, want utf-8 when offered", res.Capabilities.PositionEncoding)
	}
}

// TestMalformedInput sends input jsonrpc2 alone would die on and checks the
// server answers properly and keeps serving.
func TestMalformedInput(t *testing.T) {
	ctx := testContext(t)
	ts := startServer(t, Options{}, nil)
	if _, err := ts.Initialize(ctx, "", false); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":7,"method":`, // truncated JSON
		`not json at all`,
		`[]`, // empty batch
		"\xff\xfe\x00",
	} {
		if err := ts.WriteRaw([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	// Invalid params to a notification and to a request.
	if err := ts.Notify(protocol.MethodTextDocumentDidChange, map[string]any{"textDocument": 42}); err != nil {
		t.Fatal(err)
	}
	err := ts.Call(ctx, protocol.MethodTextDocumentHover, map[string]any{"position": "nowhere"}, nil)
	if rpcCode(err) != int64(jsonrpc2.InvalidParams) {
		t.Errorf("hover with bad params: got %v, want InvalidParams", err)
	}
	// A request for a file that is not open fails cleanly.
	hover := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: "file:///missing.choreo"}}}
	if err := ts.Call(ctx, protocol.MethodTextDocumentHover, hover, nil); err == nil {
		t.Error("hover on a file that is not open: want an error")
	}
	if err := ts.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatalf("server stopped serving after malformed input: %v", err)
	}
}

// TestHandlerPanicIsRecovered checks that a panic becomes an InternalError
// response and the connection survives.
func TestHandlerPanicIsRecovered(t *testing.T) {
	ctx := testContext(t)
	ts := startServer(t, Options{}, func(s *Server) jsonrpc2.Handler {
		next := protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler)
		return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
			if req.Method() == "test/panic" || req.Method() == "test/panicNote" {
				panic("boom")
			}
			return next(ctx, req)
		}
	})
	if _, err := ts.Initialize(ctx, "", false); err != nil {
		t.Fatal(err)
	}
	if err := ts.Call(ctx, "test/panic", nil, nil); rpcCode(err) != int64(jsonrpc2.InternalError) {
		t.Errorf("panicking request: got %v, want InternalError", err)
	}
	if err := ts.Notify("test/panicNote", nil); err != nil {
		t.Fatal(err)
	}
	if err := ts.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatalf("server stopped serving after a panic: %v", err)
	}
}

// TestCancelRequest cancels a blocked request by numeric id.
func TestCancelRequest(t *testing.T) {
	ctx := testContext(t)
	started := make(chan struct{})
	ts := startServer(t, Options{}, func(s *Server) jsonrpc2.Handler {
		next := protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler)
		return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
			if req.Method() == "test/block" {
				close(started)
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return next(ctx, req)
		}
	})
	if _, err := ts.Initialize(ctx, "", false); err != nil {
		t.Fatal(err)
	}
	wait := ts.CallID(1000, "test/block", nil)
	<-started
	if err := ts.Notify(protocol.MethodCancelRequest, map[string]any{"id": 1000}); err != nil {
		t.Fatal(err)
	}
	if err := wait(ctx, nil); rpcCode(err) != int64(protocol.CodeRequestCancelled) {
		t.Errorf("cancelled request: got %v, want RequestCancelled", err)
	}
	// A cancel for an unknown id is harmless.
	if err := ts.Notify(protocol.MethodCancelRequest, map[string]any{"id": 99999}); err != nil {
		t.Fatal(err)
	}
	if err := ts.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
}
