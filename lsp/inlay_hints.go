package lsp

import (
	"context"
	"fmt"
	"sort"

	"go.lsp.dev/protocol"

	"github.com/choreo-lang/choreo/analysis/global"
)

// InlayHint implements protocol.Server. After an annotation list without
// flow_cost it shows the default cost charged; after every annotated send
// the sender's cumulative flow cost so far (in source order); after each
// role declaration the role's total flow cost.
func (s *Server) InlayHint(ctx context.Context, params *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	snap, res, err := s.analyzed(ctx, params.TextDocument.URI)
	if err != nil || res.Protocol == nil {
		return nil, err
	}
	from, to := snap.m.offsets(params.Range)
	var hints []protocol.InlayHint
	add := func(off int, label string) {
		if off >= from && off <= to {
			yes := true
			hints = append(hints, protocol.InlayHint{Position: snap.m.position(off), Label: protocol.String(label), PaddingLeft: &yes})
		}
	}
	// Each annotated source statement once, in source order; a statement
	// desugared into several sends (a broadcast) charges each of them.
	type stmt struct {
		send  *global.Send
		count int
	}
	var stmts []*stmt
	byList := make(map[*global.Meta]*stmt)
	global.Walk(res.Protocol.Body, func(n global.Node) {
		send, ok := n.(*global.Send)
		if !ok || send.Meta == nil || send.Meta.Annotations == nil {
			return
		}
		if st := byList[send.Meta]; st != nil {
			st.count++
			return
		}
		st := &stmt{send: send, count: 1}
		byList[send.Meta] = st
		stmts = append(stmts, st)
	})
	sort.SliceStable(stmts, func(i, j int) bool { return stmts[i].send.Span.Start.Offset < stmts[j].send.Span.Start.Offset })
	total := make(map[string]int64)
	for _, st := range stmts {
		m := st.send.Meta
		if m.FlowCostDefault {
			add(m.Annotations.Span.End.Offset, fmt.Sprintf("flow_cost %d (default)", m.FlowCost))
		}
		total[st.send.From] += m.FlowCost * int64(st.count)
		add(st.send.Span.End.Offset, fmt.Sprintf("Σ %s %d", st.send.From, total[st.send.From]))
	}
	if man := res.Manifest; man != nil {
		for _, r := range res.Protocol.Roles {
			var sum int64
			for _, p := range r.Instances() {
				sum += man.FlowCost[p]
			}
			if sum > 0 {
				add(r.Span.End.Offset, fmt.Sprintf("flow %d", sum))
			}
		}
	}
	return hints, nil
}
