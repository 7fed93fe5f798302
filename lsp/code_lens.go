package lsp

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"
)

// CodeLens implements protocol.Server: above the protocol, "Run in VM",
// "Projections", the budget, and the compatibility classification against
// the git base (when the file is tracked there); above each role's
// declaration, "State machine".
func (s *Server) CodeLens(ctx context.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	snap, res, err := s.analyzed(ctx, params.TextDocument.URI)
	if err != nil || res.Protocol == nil {
		return nil, err
	}
	r := snap.m.spanRange(res.Protocol.NameSpan)
	arg, _ := json.Marshal(snap.URI)
	args := []protocol.LSPAny{arg}
	b := res.Budget
	lenses := []protocol.CodeLens{
		{Range: r, Command: runCommand(snap.URI)},
		{Range: r, Command: protocol.Command{Title: "Projections", Command: cmdShowProjection, Arguments: args}},
		{Range: r, Command: protocol.Command{Title: fmt.Sprintf("Budget W₀ %d · max_steps %d · %s", b.W0, b.MaxSteps, b.Class.Name),
			Command: cmdShowProjection, Arguments: args}},
	}
	for _, role := range res.Protocol.Roles {
		name, _ := json.Marshal(role.Name)
		lenses = append(lenses, protocol.CodeLens{Range: snap.m.spanRange(role.Span), Command: protocol.Command{
			Title: "State machine", Command: cmdShowStateMachine, Arguments: []protocol.LSPAny{arg, name}}})
	}
	if s.currentSettings().Compat.Enabled {
		rep, err := s.compatReport(ctx, snap, res, "")
		if err == nil && rep != nil {
			lenses = append(lenses, protocol.CodeLens{Range: r, Command: protocol.Command{
				Title: fmt.Sprintf("vs %s: %s", s.compatBase(res), rep.Level), Command: cmdCompatWithBase, Arguments: args}})
		}
	}
	return lenses, nil
}
