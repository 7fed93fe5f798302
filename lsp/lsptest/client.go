// Package lsptest is a small LSP client for tests: Content-Length framed
// JSON-RPC over any byte stream, either a real `choreo lsp` process (Start)
// or an in-process server (New over a pipe). It records published
// diagnostics and the server's requests to the client, and can write raw
// frames for robustness tests.
package lsptest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// Message is one JSON-RPC message as received.
type Message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *Error          `json:"error,omitempty"`
}

// Error is a JSON-RPC error response.
type Error struct {
	Code    int64  `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("jsonrpc error %d: %s", e.Code, e.Message) }

// Client talks to one server. Its methods are safe for concurrent use.
type Client struct {
	conn   io.ReadWriteCloser
	wmu    sync.Mutex
	nextID atomic.Int64

	mu       sync.Mutex
	pending  map[string]chan *Message
	diags    map[uri.URI]protocol.PublishDiagnosticsParams
	requests []*Message                   // server-to-client requests, in arrival order
	messages []protocol.ShowMessageParams // window/showMessage notifications, in arrival order
	changed  chan struct{}                // closed and replaced whenever state changes
	readErr  error
	closed   chan struct{}
}

// New starts a client over conn (the server's side must already be
// serving). Close ends it.
func New(conn io.ReadWriteCloser) *Client {
	c := &Client{
		conn:    conn,
		pending: make(map[string]chan *Message),
		diags:   make(map[uri.URI]protocol.PublishDiagnosticsParams),
		changed: make(chan struct{}),
		closed:  make(chan struct{}),
	}
	go c.readLoop()
	return c
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Done is closed when the server's output ends.
func (c *Client) Done() <-chan struct{} { return c.closed }

func (c *Client) readLoop() {
	r := bufio.NewReader(c.conn)
	var err error
	for {
		var body []byte
		if body, err = readFrame(r); err != nil {
			break
		}
		var m Message
		if jerr := json.Unmarshal(body, &m); jerr != nil {
			err = fmt.Errorf("server sent invalid JSON: %w", jerr)
			break
		}
		c.dispatch(&m)
	}
	c.mu.Lock()
	c.readErr = err
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
	c.notifyLocked()
	c.mu.Unlock()
	close(c.closed)
}

func (c *Client) dispatch(m *Message) {
	switch {
	case m.Method == "" && len(m.ID) > 0: // a response
		c.mu.Lock()
		ch := c.pending[string(m.ID)]
		delete(c.pending, string(m.ID))
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	case m.Method == protocol.MethodTextDocumentPublishDiagnostics:
		var p protocol.PublishDiagnosticsParams
		if err := protocol.Unmarshal(m.Params, &p); err == nil {
			c.mu.Lock()
			c.diags[p.URI] = p
			c.notifyLocked()
			c.mu.Unlock()
		}
	case m.Method == protocol.MethodWindowShowMessage:
		var p protocol.ShowMessageParams
		if err := protocol.Unmarshal(m.Params, &p); err == nil {
			c.mu.Lock()
			c.messages = append(c.messages, p)
			c.notifyLocked()
			c.mu.Unlock()
		}
	case len(m.ID) > 0: // a request from the server
		c.mu.Lock()
		c.requests = append(c.requests, m)
		c.notifyLocked()
		c.mu.Unlock()
		var result any
		switch m.Method {
		case protocol.MethodWindowShowDocument:
			result = protocol.ShowDocumentResult{Success: true}
		case protocol.MethodWorkspaceConfiguration:
			result = []any{nil}
		}
		_ = c.respond(m.ID, result)
	}
}

func (c *Client) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// readFrame reads one Content-Length framed body.
func readFrame(r *bufio.Reader) ([]byte, error) {
	tp := textproto.NewReader(r)
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("bad Content-Length %q", h.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// WriteRaw writes body as one frame, verbatim (it need not be valid JSON).
func (c *Client) WriteRaw(body []byte) error {
	return c.WriteBytes(append([]byte("Content-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"), body...))
}

// WriteBytes writes b to the server without any framing.
func (c *Client) WriteBytes(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_, err := c.conn.Write(b)
	return err
}

func (c *Client) send(m map[string]any) error {
	m["jsonrpc"] = "2.0"
	body, err := protocol.Marshal(m)
	if err != nil {
		return fmt.Errorf("encoding %v: %w", m["method"], err)
	}
	return c.WriteRaw(body)
}

func (c *Client) respond(id json.RawMessage, result any) error {
	return c.send(map[string]any{"id": id, "result": result})
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.send(map[string]any{"method": method, "params": params})
}

// CallID sends a request with an explicit id and returns a function that
// waits for its response. Result decoding is as in Call.
func (c *Client) CallID(id int64, method string, params any) func(ctx context.Context, result any) error {
	key := strconv.FormatInt(id, 10)
	ch := make(chan *Message, 1)
	c.mu.Lock()
	c.pending[key] = ch
	c.mu.Unlock()
	if err := c.send(map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return func(context.Context, any) error { return err }
	}
	return func(ctx context.Context, result any) error {
		select {
		case m, ok := <-ch:
			if !ok {
				return fmt.Errorf("%s: connection closed: %w", method, c.err())
			}
			if m.Error != nil {
				return m.Error
			}
			if result == nil {
				return nil
			}
			return protocol.Unmarshal(m.Result, result)
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", method, ctx.Err())
		}
	}
}

// Call sends a request and decodes its result into result (nil discards
// it). A JSON-RPC error response is returned as *Error.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	return c.CallID(c.nextID.Add(1), method, params)(ctx, result)
}

func (c *Client) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.readErr == nil {
		return errors.New("closed")
	}
	return c.readErr
}

// Diagnostics waits until diagnostics for u satisfy ok and returns them.
func (c *Client) Diagnostics(ctx context.Context, u uri.URI, ok func(protocol.PublishDiagnosticsParams) bool) (protocol.PublishDiagnosticsParams, error) {
	for {
		c.mu.Lock()
		p, have := c.diags[u]
		changed := c.changed
		c.mu.Unlock()
		if have && ok(p) {
			return p, nil
		}
		select {
		case <-changed:
		case <-c.closed:
			return p, fmt.Errorf("waiting for diagnostics of %s: connection closed: %w", u, c.err())
		case <-ctx.Done():
			return p, fmt.Errorf("waiting for diagnostics of %s (last %+v): %w", u, p, ctx.Err())
		}
	}
}

// ShowMessage waits for a window/showMessage notification whose message
// contains text, and returns it.
func (c *Client) ShowMessage(ctx context.Context, text string) (protocol.ShowMessageParams, error) {
	for {
		c.mu.Lock()
		for _, m := range c.messages {
			if strings.Contains(m.Message, text) {
				c.mu.Unlock()
				return m, nil
			}
		}
		changed := c.changed
		c.mu.Unlock()
		select {
		case <-changed:
		case <-c.closed:
			return protocol.ShowMessageParams{}, fmt.Errorf("waiting for a message with %q: connection closed: %w", text, c.err())
		case <-ctx.Done():
			return protocol.ShowMessageParams{}, fmt.Errorf("waiting for a message with %q: %w", text, ctx.Err())
		}
	}
}

// DiagnosticsFor waits for diagnostics of u published for version.
func (c *Client) DiagnosticsFor(ctx context.Context, u uri.URI, version int32) (protocol.PublishDiagnosticsParams, error) {
	return c.Diagnostics(ctx, u, func(p protocol.PublishDiagnosticsParams) bool {
		v, ok := p.Version.Get()
		return ok && v == version
	})
}

// ServerRequests returns the server-to-client requests received so far
// whose method has the given prefix.
func (c *Client) ServerRequests(prefix string) []*Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*Message
	for _, m := range c.requests {
		if strings.HasPrefix(m.Method, prefix) {
			out = append(out, m)
		}
	}
	return out
}
