package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// codeRequestFailed is LSP's RequestFailed: a well-formed request that the
// server could not answer.
const codeRequestFailed jsonrpc2.Code = -32803

// codec marshals LSP payloads with the protocol package's union-aware
// encoder, as protocol.NewServer does internally (its codec is unexported).
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	if m, ok := v.(jsonrpc2.RawMessage); ok {
		if m == nil {
			return []byte("null"), nil
		}
		return m, nil
	}
	return protocol.Marshal(v)
}

func (codec) Unmarshal(data []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// tolerantStream keeps a connection alive across malformed input. The
// jsonrpc2 connection ends its read loop on any read error, including a
// frame whose body is not JSON; JSON-RPC instead prescribes an error response
// with a null id. tolerantStream answers such frames itself and reads on. It
// deliberately does not expose the wrapped stream's frame fast path, so every
// read comes through Read.
type tolerantStream struct {
	jsonrpc2.Stream
	log *zap.Logger
}

func (s *tolerantStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		msg, n, err := s.Stream.Read(ctx)
		var wire *jsonrpc2.Error
		switch {
		case err == nil:
			return msg, n, nil
		case errors.Is(err, jsonrpc2.ErrInvalidHeader):
			// The frame boundary is lost; skip to the next header block.
			s.log.Warn("skipping malformed frame header", zap.Error(err))
		case errors.As(err, &wire) && (wire.Code == jsonrpc2.ParseError || wire.Code == jsonrpc2.InvalidRequest):
			s.log.Warn("answering malformed message", zap.Error(err))
			if _, werr := s.Stream.Write(ctx, jsonrpc2.NewResponse(jsonrpc2.ID{}, nil, wire)); werr != nil {
				return nil, 0, fmt.Errorf("answering malformed message: %w", werr)
			}
		default:
			return nil, 0, err
		}
	}
}

// concurrent lists the requests the server answers besides those in
// sequential.
var concurrent = map[string]bool{
	protocol.MethodTextDocumentHover:                   true,
	protocol.MethodTextDocumentDefinition:              true,
	protocol.MethodTextDocumentReferences:              true,
	protocol.MethodTextDocumentDocumentHighlight:       true,
	protocol.MethodTextDocumentPrepareRename:           true,
	protocol.MethodTextDocumentRename:                  true,
	protocol.MethodTextDocumentDocumentSymbol:          true,
	protocol.MethodWorkspaceSymbol:                     true,
	protocol.MethodTextDocumentFoldingRange:            true,
	protocol.MethodTextDocumentSemanticTokensFull:      true,
	protocol.MethodTextDocumentSemanticTokensFullDelta: true,
	protocol.MethodTextDocumentSemanticTokensRange:     true,
	protocol.MethodTextDocumentCompletion:              true,
	protocol.MethodTextDocumentFormatting:              true,
	protocol.MethodTextDocumentCodeAction:              true,
	protocol.MethodTextDocumentCodeLens:                true,
	protocol.MethodTextDocumentInlayHint:               true,
	protocol.MethodWorkspaceExecuteCommand:             true,
}

// sequential lists the methods that run in wire order on the connection's
// read loop: lifecycle and document synchronization, whose effects every
// later request must observe. Everything else runs concurrently.
var sequential = map[string]bool{
	protocol.MethodInitialize:                         true,
	protocol.MethodInitialized:                        true,
	protocol.MethodShutdown:                           true,
	protocol.MethodExit:                               true,
	protocol.MethodTextDocumentDidOpen:                true,
	protocol.MethodTextDocumentDidChange:              true,
	protocol.MethodTextDocumentDidClose:               true,
	protocol.MethodTextDocumentDidSave:                true,
	protocol.MethodWorkspaceDidChangeConfiguration:    true,
	protocol.MethodWorkspaceDidChangeWorkspaceFolders: true,
	protocol.MethodWorkspaceDidChangeWatchedFiles:     true,
}

// handler returns the connection's handler: the protocol package's
// dispatcher to s wrapped by middleware.
func (s *Server) handler() jsonrpc2.Handler {
	return s.middleware(knownOnly(protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler)))
}

// knownOnly passes the methods of sequential and concurrent to next; any
// other call is MethodNotFound and any other notification is ignored.
func knownOnly(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if m := req.Method(); sequential[m] || concurrent[m] {
			return next(ctx, req)
		}
		if !req.IsCall() {
			return nil, nil
		}
		return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", req.Method())
	}
}

// middleware wraps the dispatcher. Layers, outermost first:
//
//   - $/cancelRequest with numeric or string ids;
//   - lifecycle gating: ServerNotInitialized before initialize, InvalidRequest
//     after shutdown;
//   - ordering: document synchronization inline, other requests released
//     with jsonrpc2.Async;
//   - panic recovery: a panicking handler answers InternalError and the
//     connection keeps serving (jsonrpc2 alone would close it);
//   - error normalization: decoding errors become InvalidParams, errors of a
//     cancelled request RequestCancelled, and errors of notifications are
//     logged rather than returned (jsonrpc2 would close the connection).
//
// Handlers run under a context derived from the server's, not from the
// jsonrpc2 request context: that context is recycled when the request
// completes, and a context derived from it (context.WithCancel starts a
// watcher goroutine for foreign context types) would touch it afterwards.
func (s *Server) middleware(dispatch jsonrpc2.Handler) jsonrpc2.Handler {
	var inflight requests
	return func(rpcCtx context.Context, req *jsonrpc2.Request) (result any, err error) {
		method := strings.Clone(req.Method())
		call := req.IsCall()
		if method == protocol.MethodCancelRequest {
			if id, ok := cancelID(req.Params()); ok {
				inflight.cancel(id)
			}
			return nil, nil
		}
		if err := s.admit(method); err != nil {
			if !call {
				s.log.Debug("dropping notification", zap.String("method", method), zap.Error(err))
				return nil, nil
			}
			return nil, err
		}
		ctx, cancel := context.WithCancel(s.ctx)
		defer cancel()
		if call {
			id := req.ID()
			inflight.add(id, cancel)
			defer inflight.remove(id)
		}
		if !sequential[method] {
			jsonrpc2.Async(rpcCtx)
		}
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("handler panicked", zap.String("method", method), zap.Any("panic", r), zap.ByteString("stack", debug.Stack()))
				result, err = nil, nil
				if call {
					err = jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error in %s: %v", method, r)
				}
			}
		}()
		result, err = dispatch(ctx, req)
		if err == nil {
			return result, nil
		}
		if !call {
			s.log.Warn("notification failed", zap.String("method", method), zap.Error(err))
			return nil, nil
		}
		return nil, s.wireError(ctx, method, err)
	}
}

// requests maps the ids of in-flight calls to their cancel functions.
type requests struct {
	mu sync.Mutex
	m  map[jsonrpc2.ID]context.CancelFunc
}

func (r *requests) add(id jsonrpc2.ID, cancel context.CancelFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = make(map[jsonrpc2.ID]context.CancelFunc)
	}
	r.m[id] = cancel
}

func (r *requests) remove(id jsonrpc2.ID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, id)
}

func (r *requests) cancel(id jsonrpc2.ID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cancel, ok := r.m[id]; ok {
		cancel()
	}
}

// cancelID decodes the id of a $/cancelRequest notification.
func cancelID(params jsonrpc2.RawMessage) (jsonrpc2.ID, bool) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(params, &p); err != nil {
		return jsonrpc2.ID{}, false
	}
	var n int64
	if err := json.Unmarshal(p.ID, &n); err == nil {
		return jsonrpc2.NewNumberID(n), true
	}
	var str string
	if err := json.Unmarshal(p.ID, &str); err == nil {
		return jsonrpc2.NewStringID(str), true
	}
	return jsonrpc2.ID{}, false
}

// wireError maps a handler error onto a JSON-RPC error with a proper code.
func (s *Server) wireError(ctx context.Context, method string, err error) error {
	var wire *jsonrpc2.Error
	switch {
	case ctx.Err() != nil:
		return protocol.ErrRequestCancelled
	case errors.Is(err, jsonrpc2.ErrParse):
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: invalid params: %v", method, err)
	case errors.As(err, &wire):
		return err
	}
	s.log.Info("request failed", zap.String("method", method), zap.Error(err))
	return jsonrpc2.Errorf(codeRequestFailed, "%s: %v", method, err)
}
