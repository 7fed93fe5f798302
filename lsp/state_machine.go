package lsp

import (
	"bytes"
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/uri"

	"github.com/choreo-lang/choreo/projection/fsm"
	"github.com/choreo-lang/choreo/projection/fsm/svg"
)

// stateMachineResult is the result of choreo.showStateMachine: the
// machines drawn (the global graph first when no role was asked for) as
// Graphviz text and as an SVG picture laid out by Graphviz.
type stateMachineResult struct {
	Protocol string `json:"protocol"`
	// Roles are the participants drawn, in declaration order.
	Roles []string `json:"roles"`
	Dot   string   `json:"dot"`
	SVG   string   `json:"svg"`
}

// showStateMachine draws the communicating finite-state machine of role
// (a role, a family or a member "F[0]"), or of every participant and the
// global protocol when role is empty.
func (s *Server) showStateMachine(ctx context.Context, u uri.URI, role string) (*stateMachineResult, error) {
	_, res, err := s.analyzed(ctx, u)
	if err != nil {
		return nil, err
	}
	if res.Protocol == nil {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "the file has no protocol")
	}
	out := &stateMachineResult{Protocol: res.Protocol.Name, Roles: []string{}}
	for _, r := range res.Protocol.Roles {
		for _, p := range r.Instances() {
			if _, ok := res.Projections[p]; ok && (role == "" || role == r.Name || role == p) {
				out.Roles = append(out.Roles, p)
			}
		}
	}
	if len(out.Roles) == 0 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "no role %q in %s", role, res.Protocol.Name)
	}
	ms := fsm.Machines(res.Protocol, res.Projections, out.Roles, role == "")
	var dot, pic bytes.Buffer
	if err := fsm.WriteDot(&dot, ms); err != nil {
		return nil, err
	}
	if err := svg.Render(ctx, &pic, ms); err != nil {
		return nil, jsonrpc2.Errorf(codeRequestFailed, "draw the state machine: %v", err)
	}
	out.Dot, out.SVG = dot.String(), pic.String()
	return out, nil
}
