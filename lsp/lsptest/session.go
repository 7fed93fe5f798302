package lsptest

import (
	"context"
	"fmt"
	"io"
	"os/exec"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// Process is a server process started by Start.
type Process struct {
	*Client
	Cmd *exec.Cmd
}

// Start runs binary with args and returns a client on its stdin/stdout; the
// process's stderr goes to stderr (nil discards it).
func Start(binary string, stderr io.Writer, args ...string) (*Process, error) {
	cmd := exec.Command(binary, args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}
	return &Process{Client: New(pipes{out, in}), Cmd: cmd}, nil
}

// pipes joins a process's stdout and stdin into one connection.
type pipes struct {
	io.ReadCloser
	w io.WriteCloser
}

func (p pipes) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipes) Close() error                { return p.w.Close() }

// Initialize performs the initialize handshake for a workspace rooted at
// root ("" for none) and returns the server's result. With utf8 the client
// offers UTF-8 positions.
func (c *Client) Initialize(ctx context.Context, root string, utf8 bool) (*protocol.InitializeResult, error) {
	yes := true
	params := &protocol.InitializeParams{
		Capabilities: protocol.ClientCapabilities{
			Window: &protocol.WindowClientCapabilities{ShowDocument: &protocol.ShowDocumentClientCapabilities{Support: true}},
			TextDocument: &protocol.TextDocumentClientCapabilities{
				PublishDiagnostics: &protocol.PublishDiagnosticsClientCapabilities{
					DiagnosticsCapabilities: protocol.DiagnosticsCapabilities{RelatedInformation: &yes},
				},
			},
		},
	}
	if utf8 {
		params.Capabilities.General = &protocol.GeneralClientCapabilities{
			PositionEncodings: []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8, protocol.PositionEncodingKindUTF16},
		}
	}
	if root != "" {
		u := uri.File(root)
		params.RootURI = &u
		params.WorkspaceFolders = protocol.NewNullable([]protocol.WorkspaceFolder{{URI: u, Name: "root"}})
	}
	var res protocol.InitializeResult
	if err := c.Call(ctx, protocol.MethodInitialize, params, &res); err != nil {
		return nil, err
	}
	if err := c.Notify(protocol.MethodInitialized, &protocol.InitializedParams{}); err != nil {
		return nil, err
	}
	return &res, nil
}

// Open sends didOpen for a choreo document with version 1.
func (c *Client) Open(u uri.URI, text string) error {
	return c.Notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{
		TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "choreo", Version: 1, Text: text},
	})
}

// Change sends didChange with one incremental change.
func (c *Client) Change(u uri.URI, version int32, r protocol.Range, text string) error {
	return c.Notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: r, Text: text}},
	})
}

// Shutdown sends shutdown and exit.
func (c *Client) Shutdown(ctx context.Context) error {
	if err := c.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		return err
	}
	return c.Notify(protocol.MethodExit, nil)
}
