package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/internal/buildinfo"
	"github.com/choreo-lang/choreo/lsp/lspcmd"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Logger receives the server's log; nil discards it. It must not write
	// to the stream that carries JSON-RPC.
	Logger *zap.Logger
	// DiagnosticsDelay is the debounce between an edit and the analysis
	// whose diagnostics are published; a newer edit restarts it. Zero
	// analyzes at once (benchmarks). Negative selects the default (50 ms).
	// The client setting diagnosticsDelayMs overrides it.
	DiagnosticsDelay time.Duration
}

// DefaultDiagnosticsDelay is the debounce between an edit and its
// diagnostics when neither Options nor the client set one (the command
// line's default, hence defined with it).
const DefaultDiagnosticsDelay = lspcmd.DefaultDiagnosticsDelay

// Lifecycle states of a server (LSP "Lifecycle Messages").
const (
	stateNew         int32 = iota // before initialize
	stateInitialized              // initialize answered
	stateShutdown                 // shutdown answered; only exit is accepted
)

// Server is a choreo language server for one client connection. Create it
// with New and run it with Serve; it is not reusable across connections.
type Server struct {
	protocol.UnimplementedServer

	log    *zap.Logger
	client protocol.Client
	state  atomic.Int32
	exit   chan struct{} // closed by the exit notification
	files  *fileStore
	tokens tokenCache

	// ctx lives as long as the connection; background work derives from it.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex // guards the fields below
	enc      encoding
	caps     protocol.ClientCapabilities
	settings settings
	folders  []string // workspace folder paths
	exitOK   bool     // shutdown was received before exit
	outDir   string   // generated documents (run traces); "" until needed
}

// New returns a server with the given options.
func New(opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	s := &Server{
		log:      log,
		exit:     make(chan struct{}),
		settings: defaultSettings(),
	}
	if opts.DiagnosticsDelay >= 0 {
		d := opts.DiagnosticsDelay
		s.settings.DiagnosticsDelay = &d
	}
	s.files = newFileStore(s)
	return s
}

// Serve runs the server over rwc (Content-Length framed JSON-RPC) until the
// client sends exit, the stream ends, or ctx is cancelled. It returns nil
// when the session ended with shutdown followed by exit (or end of input
// after shutdown), and an error otherwise.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	return s.serve(ctx, rwc, s.handler())
}

// serve is Serve with the connection's handler given.
func (s *Server) serve(ctx context.Context, rwc io.ReadWriteCloser, handler jsonrpc2.Handler) error {
	s.ctx, s.cancel = context.WithCancel(ctx)
	defer s.cancel()
	stream := &tolerantStream{Stream: jsonrpc2.NewHeaderStream(rwc), log: s.log}
	conn := jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(codec{}))
	s.client = protocol.ClientDispatcher(conn)
	conn.Go(s.ctx, handler)

	select {
	case <-s.exit:
	case <-conn.Done():
	case <-ctx.Done():
	}
	s.cancel()
	closeErr := conn.Close() // waits for in-flight handlers
	s.files.closeAll()
	s.mu.Lock()
	if s.outDir != "" {
		_ = os.RemoveAll(s.outDir)
	}
	s.mu.Unlock()
	s.mu.Lock()
	ok := s.exitOK || s.state.Load() == stateShutdown
	s.mu.Unlock()
	switch {
	case !ok:
		return errors.New("lsp: connection ended without shutdown")
	case conn.Err() != nil:
		return fmt.Errorf("lsp: connection: %w", conn.Err())
	case closeErr != nil && !errors.Is(closeErr, io.ErrClosedPipe):
		s.log.Debug("closing stream", zap.Error(closeErr))
	}
	return nil
}

// admit enforces the lifecycle: before initialize only initialize and exit
// are accepted; after shutdown only exit.
func (s *Server) admit(method string) error {
	switch st := s.state.Load(); {
	case method == protocol.MethodExit:
		return nil
	case st == stateNew && method != protocol.MethodInitialize:
		return jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "%s before initialize", method)
	case st == stateInitialized && method == protocol.MethodInitialize:
		return jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice")
	case st == stateShutdown:
		return jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s after shutdown", method)
	}
	return nil
}

// Initialize implements protocol.Server.
func (s *Server) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s.mu.Lock()
	s.caps = params.Capabilities
	s.enc = negotiateEncoding(params.Capabilities)
	settingsErr := s.settings.merge(params.InitializationOptions)
	s.files.configs.setOverrides(s.settings.Analysis)
	if folders, ok := params.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			s.folders = append(s.folders, f.URI.FsPath())
		}
	} else if params.RootURI != nil && params.RootURI.IsFile() {
		s.folders = append(s.folders, params.RootURI.FsPath())
	}
	enc := s.enc
	s.mu.Unlock()
	s.state.Store(stateInitialized)
	s.log.Info("initialize", zap.String("client", params.ClientInfo.Name), zap.Bool("utf8", enc == utf8Enc))
	s.reportSettings(ctx, "initializationOptions", settingsErr)
	return &protocol.InitializeResult{
		Capabilities: s.capabilities(enc),
		ServerInfo:   protocol.ServerInfo{Name: "choreo", Version: protocol.NewOptional(buildinfo.Read().Version)},
	}, nil
}

// negotiateEncoding picks UTF-8 positions when the client offers them (no
// conversion needed) and the LSP default UTF-16 otherwise.
func negotiateEncoding(caps protocol.ClientCapabilities) encoding {
	if caps.General != nil {
		for _, k := range caps.General.PositionEncodings {
			if k == protocol.PositionEncodingKindUTF8 {
				return utf8Enc
			}
		}
	}
	return utf16
}

func (s *Server) capabilities(enc encoding) protocol.ServerCapabilities {
	kind := protocol.PositionEncodingKindUTF16
	if enc == utf8Enc {
		kind = protocol.PositionEncodingKindUTF8
	}
	yes := true
	incremental := protocol.TextDocumentSyncKindIncremental
	return protocol.ServerCapabilities{
		PositionEncoding: kind,
		TextDocumentSync: &protocol.TextDocumentSyncOptions{
			OpenClose: &yes,
			Change:    &incremental,
			Save:      protocol.Boolean(true),
		},
		HoverProvider:             protocol.Boolean(true),
		DefinitionProvider:        protocol.Boolean(true),
		ReferencesProvider:        protocol.Boolean(true),
		DocumentHighlightProvider: protocol.Boolean(true),
		RenameProvider:            &protocol.RenameOptions{PrepareProvider: &yes},
		DocumentSymbolProvider:    protocol.Boolean(true),
		WorkspaceSymbolProvider:   protocol.Boolean(true),
		FoldingRangeProvider:      protocol.Boolean(true),
		SemanticTokensProvider: &protocol.SemanticTokensOptions{
			Legend: protocol.SemanticTokensLegend{TokenTypes: tokenTypes, TokenModifiers: tokenModifiers},
			Range:  protocol.Boolean(true),
			Full:   &protocol.SemanticTokensFullDelta{Delta: &yes},
		},
		CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: []string{"[", "{", ",", "=", "\""}},
		DocumentFormattingProvider: protocol.Boolean(true),
		CodeActionProvider: &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{
			protocol.CodeActionKindQuickFix, protocol.CodeActionKindRefactorRewrite, codeActionSourceRun}},
		CodeLensProvider:       &protocol.CodeLensOptions{},
		InlayHintProvider:      protocol.Boolean(true),
		ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: []string{cmdRunInVM, cmdShowProjection, cmdCompatWithBase, cmdShowStateMachine}},
		Workspace: &protocol.WorkspaceOptions{
			WorkspaceFolders: &protocol.WorkspaceFoldersServerCapabilities{Supported: &yes},
		},
	}
}

// Initialized implements protocol.Server: it starts the workspace scan.
func (s *Server) Initialized(ctx context.Context, params *protocol.InitializedParams) error {
	s.mu.Lock()
	folders := append([]string(nil), s.folders...)
	s.mu.Unlock()
	go s.files.scan(s.ctx, folders)
	return nil
}

// Shutdown implements protocol.Server.
func (s *Server) Shutdown(ctx context.Context) error {
	s.state.Store(stateShutdown)
	s.files.closeAll()
	return nil
}

// Exit implements protocol.Server.
func (s *Server) Exit(ctx context.Context) error {
	s.mu.Lock()
	s.exitOK = s.state.Load() == stateShutdown
	s.mu.Unlock()
	select {
	case <-s.exit:
	default:
		close(s.exit)
	}
	return nil
}

// encoding returns the negotiated position encoding.
func (s *Server) encoding() encoding {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.enc
}

// DidChangeConfiguration implements protocol.Server: the open documents
// are analysed again with the new settings. Settings may come wrapped in a
// "choreo" section or bare.
func (s *Server) DidChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) error {
	s.mu.Lock()
	before := s.settings.Analysis
	err := s.settings.merge(params.Settings)
	if after := s.settings.Analysis; !after.equal(before) {
		// Under s.mu, so that concurrent changes install their overrides
		// in order.
		s.files.configs.setOverrides(after)
		s.files.baselines.flush()
	}
	s.mu.Unlock()
	s.reportSettings(ctx, "settings", err)
	s.files.reanalyzeAll()
	return nil
}

// reportSettings tells the user which settings were ignored (the others
// apply), in a message the editor shows, and logs it.
func (s *Server) reportSettings(ctx context.Context, what string, err error) {
	if err == nil {
		return
	}
	s.log.Warn("ignoring part of the "+what, zap.Error(err))
	msg := "choreo: ignoring part of the " + what + " (the rest applies):\n" + err.Error()
	if err := s.client.ShowMessage(ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg}); err != nil {
		s.log.Warn("showMessage", zap.Error(err))
	}
}

// currentSettings returns a copy of the settings.
func (s *Server) currentSettings() settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings
}

// clientCaps returns the client's capabilities.
func (s *Server) clientCaps() protocol.ClientCapabilities {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps
}

// fileURI converts a filesystem path to a file URI.
func fileURI(path string) uri.URI { return uri.File(path) }
