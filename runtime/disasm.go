package runtime

import (
	"fmt"
	"io"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/projection"
)

// Disassemble writes a readable listing of every program of img to w.
func (img *Image) Disassemble(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "image %s: %d participants, %d messages, %d actions\n",
		img.Protocol.Name, len(img.Participants), len(img.Messages), len(img.Actions))
	for _, p := range img.Programs {
		b.WriteByte('\n')
		img.disassemble(&b, p)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (img *Image) disassemble(b *strings.Builder, p *Program) {
	depth := int32(0)
	if len(p.Depth) > 0 {
		depth = p.Depth[0]
	}
	fmt.Fprintf(b, "program %s (%d instructions, depth %d)\n", p.Role, len(p.Code), depth)
	for r, rec := range p.Recs {
		fmt.Fprintf(b, "  rec r%d %s at %04d\n", r, rec.Var, rec.Entry)
	}
	for pc, in := range p.Code {
		var operands string
		switch in.Op {
		case OpSend, OpRecv:
			operands = fmt.Sprintf("%s %s", img.Participants[in.A], projection.MessageText(img.Messages[in.B]))
		case OpSelect, OpOffer:
			operands = fmt.Sprintf("c%d", in.A)
		case OpJump:
			operands = fmt.Sprintf("%04d r%d", in.A, in.B)
		}
		line := fmt.Sprintf("  %04d  %-6s %s", pc, in.Op, operands)
		fmt.Fprintf(b, "%-64s ; depth %d", line, p.Depth[pc])
		if in.Op == OpSend || in.Op == OpRecv {
			fmt.Fprintf(b, ", send #%d%s", img.Actions[in.C].Origin, metaSummary(img.Actions[in.C].Meta))
		}
		b.WriteByte('\n')
		if in.Op == OpSelect || in.Op == OpOffer {
			for _, alt := range p.Choices[in.A].Alts {
				exit := ""
				switch {
				case alt.Ends:
				case alt.Leaves:
					exit = " (leaves rec)"
				default:
					exit = " (loops)"
				}
				fmt.Fprintf(b, "          %-10s %s %s -> %04d%s\n",
					img.AltLabel(alt), img.Participants[alt.Peer], img.Messages[alt.Msg].Name, alt.Target, exit)
			}
		}
	}
}

// AltLabel is the name the host sees for an alternative: its branch
// label, or the message name when it has none.
func (img *Image) AltLabel(a Alt) string {
	if a.Label != "" {
		return a.Label
	}
	return img.Messages[a.Msg].Name
}

// metaSummary lists the guard-relevant annotations of a send.
func metaSummary(m *global.Meta) string {
	if m == nil {
		return ""
	}
	var parts []string
	if m.Capability != "" {
		parts = append(parts, "cap "+m.Capability)
	}
	parts = append(parts, fmt.Sprintf("cost %d", m.FlowCost))
	if m.JournalFacts != "" {
		fact := "fact " + m.JournalFacts
		if m.JournalMerge {
			fact += " (merge)"
		}
		parts = append(parts, fact)
	}
	if len(m.Leak) > 0 {
		parts = append(parts, "leak "+strings.Join(m.Leak, ","))
	}
	return " [" + strings.Join(parts, "; ") + "]"
}
