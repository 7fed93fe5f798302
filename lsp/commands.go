package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/projection"
	"github.com/choreo-lang/choreo/runtime"
	"github.com/choreo-lang/choreo/syntax/filenames"
)

// Commands the server executes (workspace/executeCommand). Every command
// takes the document URI as its first argument.
const (
	// cmdRunInVM runs the protocol in the bundled runtime. Arguments: uri,
	// then optionally a run configuration object (runtime.Config's JSON:
	// {"seed": 1, "policy": "round-robin", "branch": "seeded-random", ...}).
	// Result: runResult. The trace (text) and sequence diagram (SVG,
	// Mermaid) are written to files; the server asks the client to show
	// the trace and, externally, the SVG when it supports
	// window/showDocument.
	cmdRunInVM = "choreo.runInVM"
	// cmdShowProjection returns the local types. Arguments: uri, then
	// optionally a role (a role name, a family name or a member "F[0]";
	// all participants when absent or empty). Result: projectionResult.
	cmdShowProjection = "choreo.showProjection"
	// cmdCompatWithBase classifies the buffer against its version at a git
	// revision. Arguments: uri, then optionally the revision (default: the
	// configured base, HEAD). Result: compatResult.
	cmdCompatWithBase = "choreo.compatWithBase"
	// cmdShowStateMachine draws communicating finite-state machines.
	// Arguments: uri, then optionally a role (as for cmdShowProjection;
	// every participant and the global protocol when absent or empty).
	// Result: stateMachineResult.
	cmdShowStateMachine = "choreo.showStateMachine"
)

// ExecuteCommand implements protocol.Server.
func (s *Server) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	if len(params.Arguments) == 0 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: missing document URI argument", params.Command)
	}
	var u uri.URI
	if err := json.Unmarshal(params.Arguments[0], &u); err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: first argument must be a URI: %v", params.Command, err)
	}
	rest := params.Arguments[1:]
	var (
		result any
		err    error
	)
	switch params.Command {
	case cmdRunInVM:
		var cfg runtime.Config
		if len(rest) > 0 && string(bytes.TrimSpace(rest[0])) != "null" {
			if err := json.Unmarshal(rest[0], &cfg); err != nil {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: run configuration: %v", params.Command, err)
			}
		}
		result, err = s.runInVM(ctx, u, cfg)
	case cmdShowProjection:
		role := ""
		if len(rest) > 0 {
			_ = json.Unmarshal(rest[0], &role) // a non-string role means all roles
		}
		result, err = s.showProjection(ctx, u, role)
	case cmdShowStateMachine:
		role := ""
		if len(rest) > 0 {
			_ = json.Unmarshal(rest[0], &role) // a non-string role means all roles
		}
		result, err = s.showStateMachine(ctx, u, role)
	case cmdCompatWithBase:
		base := ""
		if len(rest) > 0 {
			_ = json.Unmarshal(rest[0], &base)
		}
		result, err = s.compatWithBase(ctx, u, base)
	default:
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q", params.Command)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(result)
}

// runResult is the result of choreo.runInVM.
type runResult struct {
	Outcome    runtime.Outcome `json:"outcome"`
	Summary    string          `json:"summary"`
	Steps      int64           `json:"steps"`
	MaxSteps   int64           `json:"maxSteps"`
	Trace      string          `json:"trace"`
	Mermaid    string          `json:"mermaid"`
	TraceURI   uri.URI         `json:"traceUri"`
	SVGURI     uri.URI         `json:"svgUri"`
	MermaidURI uri.URI         `json:"mermaidUri"`
}

// runInVM analyses (with the run's family sizes), runs and renders.
func (s *Server) runInVM(ctx context.Context, u uri.URI, cfg runtime.Config) (*runResult, error) {
	snap, res, err := s.analyzed(ctx, u)
	if err != nil {
		return nil, err
	}
	if len(cfg.Families) > 0 {
		res = runtime.Analyze(ctx, analysis.Input{Filename: snap.Path, Src: snap.Text, Config: res.Config}, cfg)
	}
	rep, err := runtime.Run(ctx, res, cfg)
	if err != nil {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "run in VM: %v", err)
	}
	var text, mermaid, svg bytes.Buffer
	if err := runtime.RenderText(&text, rep.Trace); err != nil {
		return nil, fmt.Errorf("rendering the trace: %w", err)
	}
	if err := runtime.RenderMermaid(&mermaid, rep.Trace); err != nil {
		return nil, fmt.Errorf("rendering the trace: %w", err)
	}
	if err := runtime.RenderSVG(&svg, rep.Trace); err != nil {
		return nil, fmt.Errorf("rendering the trace: %w", err)
	}
	out := &runResult{
		Outcome: rep.Outcome, Summary: rep.Outcome.String(), Steps: rep.Steps, MaxSteps: rep.MaxSteps,
		Trace: text.String(), Mermaid: mermaid.String(),
	}
	name := filenames.TrimExtension(filepath.Base(snap.Path))
	if name == "" || name == "." {
		name = "protocol"
	}
	files := []struct {
		dst  *uri.URI
		ext  string
		data []byte
	}{{&out.TraceURI, ".trace.txt", text.Bytes()}, {&out.SVGURI, ".svg", svg.Bytes()}, {&out.MermaidURI, ".mmd", mermaid.Bytes()}}
	for _, f := range files {
		if *f.dst, err = s.writeOutput(name+f.ext, f.data); err != nil {
			return nil, err
		}
	}
	s.showRun(ctx, out)
	return out, nil
}

// writeOutput writes a generated document into the server's output
// directory (created on first use, removed when the server stops).
func (s *Server) writeOutput(name string, data []byte) (uri.URI, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.outDir == "" {
		dir, err := os.MkdirTemp("", "choreo-lsp-")
		if err != nil {
			return "", fmt.Errorf("creating the output directory: %w", err)
		}
		s.outDir = dir
	}
	path := filepath.Join(s.outDir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", fmt.Errorf("writing %s: %w", name, err)
	}
	return uri.File(path), nil
}

// showRun asks the client to open the trace and, in an external viewer,
// the SVG sequence diagram, when it supports window/showDocument.
func (s *Server) showRun(ctx context.Context, r *runResult) {
	caps := s.clientCaps()
	if caps.Window == nil || caps.Window.ShowDocument == nil || !caps.Window.ShowDocument.Support {
		return
	}
	yes := true
	for _, p := range []*protocol.ShowDocumentParams{
		{URI: r.TraceURI, TakeFocus: &yes},
		{URI: r.SVGURI, External: &yes},
	} {
		if _, err := s.client.ShowDocument(ctx, p); err != nil {
			s.log.Info("showDocument", zap.String("uri", string(p.URI)), zap.Error(err))
		}
	}
}

// projectionResult is the result of choreo.showProjection.
type projectionResult struct {
	Protocol string          `json:"protocol"`
	Roles    []roleLocalType `json:"roles"`
	// Text renders every role in both notations, for a scratch buffer.
	Text string `json:"text"`
}

// roleLocalType is one participant's local type. Session is the session
// notation on one line and Rust the Rust notation; both write a shared
// continuation once, as a definition (`where K1 = …`, an alias line
// `type K1 = …;`).
type roleLocalType struct {
	Role    string `json:"role"`
	Session string `json:"session"`
	Rust    string `json:"rust"`
	Depth   int    `json:"depth"`
}

func (s *Server) showProjection(ctx context.Context, u uri.URI, role string) (*projectionResult, error) {
	_, res, err := s.analyzed(ctx, u)
	if err != nil {
		return nil, err
	}
	if res.Protocol == nil {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "the file has no protocol")
	}
	out := &projectionResult{Protocol: res.Protocol.Name, Roles: []roleLocalType{}}
	var text strings.Builder
	for _, r := range res.Protocol.Roles {
		for _, p := range r.Instances() {
			if role != "" && role != r.Name && role != p {
				continue
			}
			t, ok := res.Projections[p]
			if !ok {
				continue
			}
			rl := roleLocalType{Role: p, Session: projection.Session(t), Rust: projection.Rust(t), Depth: res.Budget.Depths[p]}
			out.Roles = append(out.Roles, rl)
			fmt.Fprintf(&text, "%s (depth %d)\n%s\n%s\n\n", p, rl.Depth,
				indentLines(sessionText(t), "  "), indentLines(projection.RustDecl(rustName(p), t), "  "))
		}
	}
	if len(out.Roles) == 0 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "no role %q in %s", role, res.Protocol.Name)
	}
	b := res.Budget
	fmt.Fprintf(&text, "W₀ = %d, max_steps = %d, class %s (%s)\n", b.W0, b.MaxSteps, b.Class.Name, b.RuleText(res.Protocol.Namespace))
	out.Text = text.String()
	return out, nil
}
