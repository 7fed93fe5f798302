package fsm

import (
	"fmt"
	"io"
	"strings"

	"github.com/choreo-lang/choreo/internal/palette"
)

// font is the font of the pictures; their colours are the palette of the
// run traces' sequence diagrams, so both kinds of picture read alike.
const font = "Helvetica,Arial,sans-serif"

// edgeStyle returns the colour and line style of a kind of transition.
func edgeStyle(k Kind) (color, style string) {
	switch k {
	case Recv:
		return palette.Guard, "solid"
	case Branch:
		return palette.Choice, "dashed"
	case Silent:
		return palette.Muted, "dotted"
	}
	return palette.Message, "solid"
}

// WriteDot writes the machines as one Graphviz digraph, each in a cluster
// labelled with its name: states are circles numbered as in the machine,
// final states double circles, the initial state marked by an arrow from
// a point.
func WriteDot(w io.Writer, ms []*Machine) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph choreo {\n")
	fmt.Fprintf(&b, "  graph [fontname=%q, fontsize=13, rankdir=LR, nodesep=0.3, ranksep=0.45, pad=0.3, bgcolor=\"#ffffff\"];\n", font)
	fmt.Fprintf(&b, "  node [fontname=%q, fontsize=11, shape=circle, width=0.38, style=filled, fillcolor=\"#f9fafb\", color=%q, fontcolor=%q];\n", font, palette.Outline, palette.Text)
	fmt.Fprintf(&b, "  edge [fontname=%q, fontsize=10.5, arrowsize=0.7];\n", font)
	for i, m := range ms {
		fmt.Fprintf(&b, "  subgraph cluster_%d {\n", i)
		fmt.Fprintf(&b, "    label=%s; labeljust=l; style=rounded; color=%q; fontcolor=%q;\n", dotQuote(m.Name), palette.Frame, palette.Heading)
		fmt.Fprintf(&b, "    m%d_start [shape=point, width=0.08, color=%q, label=\"\"];\n", i, palette.Outline)
		for _, s := range m.States {
			if s.Final {
				fmt.Fprintf(&b, "    m%ds%d [label=\"%d\", shape=doublecircle, color=%q, width=0.3];\n", i, s.ID, s.ID, palette.OK)
			} else {
				fmt.Fprintf(&b, "    m%ds%d [label=\"%d\"];\n", i, s.ID, s.ID)
			}
		}
		fmt.Fprintf(&b, "    m%d_start -> m%ds0 [color=%q];\n", i, i, palette.Outline)
		for _, t := range m.Transitions {
			color, style := edgeStyle(t.Kind)
			fmt.Fprintf(&b, "    m%ds%d -> m%ds%d [label=%s, color=%q, fontcolor=%q, style=%s];\n",
				i, t.From, i, t.To, dotQuote(t.Label), color, color, style)
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// dotQuote quotes s as a Graphviz string.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// WriteMermaid writes the machines as one Mermaid flowchart, each in a
// subgraph titled with its name, in the same colours as WriteDot.
func WriteMermaid(w io.Writer, ms []*Machine) error {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	fmt.Fprintf(&b, "  classDef choreoState fill:#f9fafb,stroke:%s,color:%s\n", palette.Outline, palette.Text)
	fmt.Fprintf(&b, "  classDef choreoFinal fill:#f9fafb,stroke:%s,stroke-width:3px,color:%s\n", palette.OK, palette.Text)
	var links []string // link styles, by index of the link in the chart
	for i, m := range ms {
		fmt.Fprintf(&b, "  subgraph m%d[%s]\n    direction LR\n", i, mermaidQuote(m.Name))
		fmt.Fprintf(&b, "    m%d_start((\" \")) --> m%ds0\n", i, i)
		links = append(links, palette.Outline)
		for _, s := range m.States {
			class := "choreoState"
			if s.Final {
				class = "choreoFinal"
			}
			fmt.Fprintf(&b, "    m%ds%d((\"%d\")):::%s\n", i, s.ID, s.ID, class)
		}
		for _, t := range m.Transitions {
			arrow := "-->"
			switch t.Kind {
			case Branch:
				arrow = "-.->"
			case Silent:
				arrow = "-.->"
			}
			fmt.Fprintf(&b, "    m%ds%d %s|%s| m%ds%d\n", i, t.From, arrow, mermaidQuote(t.Label), i, t.To)
			color, _ := edgeStyle(t.Kind)
			links = append(links, color)
		}
		b.WriteString("  end\n")
	}
	for i, color := range links {
		fmt.Fprintf(&b, "  linkStyle %d stroke:%s,color:%s\n", i, color, color)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidQuote quotes s as Mermaid text, with the characters Mermaid
// reads as markup written as entity codes.
func mermaidQuote(s string) string {
	return `"` + strings.NewReplacer("#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "\n", " ").Replace(s) + `"`
}
