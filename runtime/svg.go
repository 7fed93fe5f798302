package runtime

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/choreo-lang/choreo/internal/palette"
)

// SVG layout, in pixels.
const (
	svgMargin    = 24
	svgGutter    = 84 // step and time columns left of the first lifeline
	svgBannerH   = 64
	svgHeadTop   = svgMargin + svgBannerH + 20
	svgHeadH     = 34
	svgFirstRow  = svgHeadTop + svgHeadH + 28
	svgRowMsg    = 34
	svgRowSmall  = 22
	svgCharW     = 6.6 // average glyph width of 12px sans-serif
	svgMinColW   = 150
	svgMaxColW   = 280
	svgLegendH   = 56
	svgLegendW   = 830
	colorMessage = palette.Message
	colorChoice  = palette.Choice
	colorGuard   = palette.Guard
	colorJournal = palette.Journal
	colorFault   = palette.Fault
	colorWarn    = palette.Warn
	colorOK      = palette.OK
	colorMuted   = palette.Muted
)

// svgArrow is a message drawn from its send row to its receive row.
type svgArrow struct {
	from, to   int
	y1, y2     float64
	label      string
	choice     bool
	lost       bool // dropped by fault injection
	delayed    bool // delayed by fault injection
	unreceived bool // still buffered when the run ended
}

// RenderSVG writes t as a standalone SVG sequence diagram: a banner with
// the outcome, a lifeline per participant, an arrow per message from the
// row it was sent to the row it was received (asynchrony shows as a
// slant), choice and guard markers, and the failing step highlighted.
func RenderSVG(w io.Writer, t *Trace) error {
	col := make(map[string]int, len(t.Participants))
	widest := 0
	for i, p := range t.Participants {
		col[p] = i
		widest = max(widest, len(p))
	}
	for i := range t.Events {
		if e := &t.Events[i]; e.Kind == EvSent {
			widest = max(widest, len(e.Msg)+len(e.Payload)+2)
		}
	}
	colW := min(svgMaxColW, max(svgMinColW, int(float64(widest)*svgCharW)+40))
	n := max(len(t.Participants), 1)
	width := svgMargin*2 + svgGutter + n*colW
	x := func(i int) float64 { return float64(svgMargin + svgGutter + i*colW + colW/2) }

	var body strings.Builder // rows, drawn after the lifelines
	var arrows []*svgArrow
	pending := make(map[[2]int][]*svgArrow) // FIFO of arrows in flight per pair
	halted := make(map[int]float64)
	y := float64(svgFirstRow)
	right := 0.0 // the right edge of the widest badge or note
	lastSent := map[[2]int]*svgArrow{}
	// The guard events of one send share a row of chips.
	var chips struct {
		active     bool
		role       int
		step       int64
		x, y, stop float64
	}
	endChips := func() {
		if chips.active {
			y += svgRowSmall
			chips.active = false
		}
	}
	for i := range t.Events {
		e := &t.Events[i]
		r, known := col[e.Role]
		if !known {
			continue
		}
		if text, color, ok := chipText(e); ok {
			w := chipWidth(text)
			if !chips.active || chips.role != r || chips.step != e.Step || chips.x+w > chips.stop {
				endChips()
				chips.active, chips.role, chips.step = true, r, e.Step
				chips.x, chips.y, chips.stop = x(r)+8, y+svgRowSmall/2, max(x(r)+2.5*float64(colW), x(r)+8+w)
				svgGutterLabel(&body, chips.y, e.Step, e.Time)
			}
			chips.x = svgChip(&body, chips.x, chips.y, text, Describe(e), color, false) + 4
			right = max(right, chips.x)
			continue
		}
		endChips()
		h := float64(svgRowSmall)
		if e.Kind == EvSent || e.Kind == EvReceived || e.Kind == EvFault || e.Kind == EvDenied {
			h = svgRowMsg
		}
		rowY := y + h/2
		switch e.Kind {
		case EvDenied, EvFault:
			fmt.Fprintf(&body, `<rect x="0" y="%.1f" width="100%%" height="%.1f" fill="#fde2e2"/>`+"\n", y, h)
		case EvWarning:
			fmt.Fprintf(&body, `<rect x="0" y="%.1f" width="100%%" height="%.1f" fill="#fff3d6"/>`+"\n", y, h)
		}
		if e.Kind != EvHalted {
			svgGutterLabel(&body, rowY, e.Step, e.Time)
		}
		p, peerKnown := col[e.Peer]
		switch e.Kind {
		case EvSent:
			label := e.Msg
			if e.Payload != "" {
				label += "(" + e.Payload + ")"
			}
			a := &svgArrow{from: r, to: p, y1: rowY, label: label, unreceived: true}
			if peerKnown {
				key := [2]int{r, p}
				pending[key] = append(pending[key], a)
				lastSent[key] = a
				arrows = append(arrows, a)
			}
		case EvReceived:
			key := [2]int{p, r}
			if q := pending[key]; peerKnown && len(q) > 0 {
				q[0].y2, q[0].unreceived, q[0].choice = rowY, false, e.Label != ""
				if e.Label != "" {
					q[0].label = "[" + e.Label + "] " + q[0].label
				}
				pending[key] = q[1:]
			}
		case EvInjected:
			key := [2]int{r, p}
			switch e.Guard {
			case "drop":
				if a := lastSent[key]; a != nil && a.unreceived {
					a.lost, a.unreceived = true, false
					q := pending[key]
					pending[key] = q[:len(q)-1]
				}
			case "duplicate":
				// The copy is drawn from this row, labelled, instead of a badge.
				if a := lastSent[key]; a != nil {
					dup := *a
					dup.y1, dup.label = rowY, a.label+" (duplicate)"
					pending[key] = append(pending[key], &dup)
					arrows = append(arrows, &dup)
					break
				}
				fallthrough
			default:
				text := e.Guard
				if e.Guard == "delay" {
					text = fmt.Sprintf("delayed +%d", e.Amount)
					if a := lastSent[key]; a != nil {
						a.delayed = true
					}
				}
				right = max(right, svgChip(&body, x(r)+8, rowY, text, Describe(e), colorWarn, true))
			}
		case EvSelected:
			cx := x(r)
			fmt.Fprintf(&body, `<path d="M%.1f %.1f l7 -7 l7 7 l-7 7 z" fill="%s"/>`+"\n", cx-7, rowY, colorChoice)
			fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="note" fill="%s">choose %s</text>`+"\n", cx+12, rowY+4, colorChoice, esc(e.Label))
		case EvDenied:
			right = max(right, svgBadge(&body, x(r), rowY, e.Guard+" denied", colorFault, true))
		case EvFault:
			text := fmt.Sprintf("✖ step %d: %s", e.Step, e.Detail)
			fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="fault">%s</text>`+"\n", x(r)+12, rowY+4, esc(text))
			right = max(right, x(r)+12+textWidth(text))
			fmt.Fprintf(&body, `<circle cx="%.1f" cy="%.1f" r="6" fill="%s"/>`+"\n", x(r), rowY, colorFault)
		case EvWarning:
			fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="note" fill="%s">⚠ %s</text>`+"\n", x(r)+12, rowY+4, colorWarn, esc(e.Detail))
			right = max(right, x(r)+24+textWidth(e.Detail))
		case EvHalted:
			halted[r] = y + 4
			fmt.Fprintf(&body, `<rect x="%.1f" y="%.1f" width="18" height="6" rx="1" fill="#374151"/>`+"\n", x(r)-9, y+1)
			h = 10
		}
		y += h
	}
	endChips()
	end := y + 16
	o := t.Outcome
	if o.Kind == BoundExceeded || o.Kind == Deadlock || o.Kind == Orphan {
		// The failing step: the end of the run.
		fmt.Fprintf(&body, `<rect x="0" y="%.1f" width="100%%" height="%d" fill="#fde2e2"/>`+"\n", end-8, svgRowMsg)
		svgGutterLabel(&body, end+8, o.Step, o.Time)
		if r, ok := col[o.Role]; ok && o.Kind == BoundExceeded {
			fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="fault">✖ %s: max_steps = %d reached</text>`+"\n", x(r)+12, end+12, o.Kind, o.Step)
			right = max(right, x(r)+260)
		}
		for _, wt := range o.Waiting {
			if r, ok := col[wt.Role]; ok {
				fmt.Fprintf(&body, `<circle cx="%.1f" cy="%.1f" r="5" fill="none" stroke="%s" stroke-width="2"/>`+"\n", x(r), end+8, colorFault)
				fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="fault">waits %s</text>`+"\n", x(r)+10, end+12, esc(wt.On))
				right = max(right, x(r)+10+textWidth("waits "+wt.On))
			}
		}
		end += svgRowMsg
	}
	bottom := end + 12
	height := int(bottom) + svgLegendH + svgMargin
	width = max(width, int(right)+svgMargin, svgLegendW+2*svgMargin)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Inter, Segoe UI, Helvetica, Arial, sans-serif">`+"\n",
		width, height, width, height)
	b.WriteString(`<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="` + colorMessage + `"/></marker>
<marker id="arrow-choice" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="` + colorChoice + `"/></marker>
<marker id="arrow-delayed" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="` + colorWarn + `"/></marker>
<marker id="arrow-buffered" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="none" stroke="` + colorFault + `" stroke-width="1.5"/></marker>
<marker id="arrow-lost" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9"><path d="M1 1 L9 9 M9 1 L1 9" stroke="` + colorFault + `" stroke-width="2"/></marker>
</defs>
<style>
text { font-size: 12px; fill: #1f2937; }
.step { font-size: 10px; fill: ` + colorMuted + `; text-anchor: end; font-variant-numeric: tabular-nums; }
.time { fill: #a3a9b3; }
.head { font-size: 13px; font-weight: 600; fill: #111827; text-anchor: middle; }
.label { font-size: 11.5px; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.note { font-size: 11px; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.badge { font-size: 10.5px; fill: #ffffff; }
.fault { font-size: 11.5px; font-weight: 600; fill: ` + colorFault + `; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.title { font-size: 16px; font-weight: 700; fill: #ffffff; }
.sub { font-size: 12px; fill: #ffffff; opacity: 0.92; }
.legend { font-size: 11px; fill: #374151; }
</style>
<rect width="100%" height="100%" fill="#ffffff"/>
`)
	// Banner.
	bannerColor := colorOK
	switch o.Kind {
	case BoundExceeded:
		bannerColor = colorWarn
	case Completed:
	default:
		bannerColor = colorFault
	}
	c := t.Config.withDefaults()
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="8" fill="%s"/>`+"\n", svgMargin, svgMargin, width-2*svgMargin, svgBannerH, bannerColor)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="title">%s — %s at step %d</text>`+"\n", svgMargin+16, svgMargin+26, esc(t.Protocol), o.Kind, o.Step)
	sub := fmt.Sprintf("seed %d · %s scheduling · branch %s · t=%d", c.Seed, c.Policy, c.Branch, o.Time)
	if o.Kind != Completed {
		sub += " · " + o.Reason
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="sub">%s</text>`+"\n", svgMargin+16, svgMargin+48, esc(truncate(sub, int(float64(width-2*svgMargin-32)/6.2))))

	// Gutter headings, lifelines and heads.
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="step">step</text><text x="%d" y="%d" class="step time">time</text>`+"\n",
		svgMargin+30, svgHeadTop+22, svgMargin+svgGutter-16, svgHeadTop+22)
	for i, p := range t.Participants {
		cx := x(i)
		stop, ok := halted[i]
		if !ok {
			stop = bottom
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#9ca3af" stroke-width="1.2" stroke-dasharray="5 4"/>`+"\n", cx, svgHeadTop+svgHeadH, cx, stop)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%d" height="%d" rx="6" fill="#eef2f8" stroke="#9db0cc"/>`+"\n", cx-float64(colW-24)/2, svgHeadTop, colW-24, svgHeadH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="head">%s</text>`+"\n", cx, svgHeadTop+22, esc(p))
	}
	b.WriteString(body.String())
	// Arrows last, so they sit above the lifelines and badges.
	for _, a := range arrows {
		x1, x2 := x(a.from), x(a.to)
		dir := 1.0
		if x2 < x1 {
			dir = -1
		}
		y2, marker, color, dash := a.y2, "url(#arrow)", colorMessage, ""
		if a.choice {
			marker, color = "url(#arrow-choice)", colorChoice
		}
		if a.delayed {
			marker, color = "url(#arrow-delayed)", colorWarn
		}
		switch {
		case a.lost:
			x2, y2, marker, color, dash = x1+(x2-x1)*0.55, a.y1+8, "url(#arrow-lost)", colorFault, ` stroke-dasharray="6 4"`
		case a.unreceived:
			y2, marker, dash, color = a.y1+6, "url(#arrow-buffered)", ` stroke-dasharray="6 4"`, colorFault
		}
		x1 += dir * 3
		x2 -= dir * 4
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.6" marker-end="%s"%s/>`+"\n", x1, a.y1, x2, y2, color, marker, dash)
		label := a.label
		if a.lost {
			label += " (dropped)"
		} else if a.unreceived {
			label += " (still buffered)"
		}
		maxChars := int(float64(abs(x2-x1))/svgCharW) + 6
		anchor := "start"
		if dir < 0 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="label" text-anchor="%s" fill="%s">%s</text>`+"\n",
			x1+dir*8, a.y1-5, anchor, color, esc(truncate(label, max(maxChars, 12))))
	}
	svgLegend(&b, int(bottom)+8)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// svgGutterLabel writes the step and simulated time of the row centred at y.
func svgGutterLabel(b *strings.Builder, y float64, step, time int64) {
	fmt.Fprintf(b, `<text x="%d" y="%.1f" class="step">%d</text><text x="%d" y="%.1f" class="step time">%d</text>`+"\n",
		svgMargin+30, y+4, step, svgMargin+svgGutter-16, y+4, time)
}

// svgBadge draws a small rounded label to the right of a lifeline and
// returns its right edge.
func svgBadge(b *strings.Builder, cx, cy float64, text, color string, bold bool) float64 {
	return svgChip(b, cx+8, cy, truncate(text, 60), text, color, bold)
}

// svgChip draws a rounded label starting at left, with title as its
// tooltip, and returns its right edge.
func svgChip(b *strings.Builder, left, cy float64, text, title, color string, bold bool) float64 {
	w := chipWidth(text)
	weight := ""
	if bold {
		weight = ` font-weight="600"`
	}
	fmt.Fprintf(b, `<g><title>%s</title><rect x="%.1f" y="%.1f" width="%.1f" height="16" rx="8" fill="%s"/>`, esc(title), left, cy-8, w, color)
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" class="badge"%s>%s</text></g>`+"\n", left+7, cy+4, weight, esc(text))
	return left + w
}

func chipWidth(text string) float64 { return float64(len([]rune(text)))*5.9 + 14 }

// chipText is the short chip text and colour of a guard event; ok is false
// for other events.
func chipText(e *Event) (text, color string, ok bool) {
	switch e.Kind {
	case EvEffect:
		key, _, _ := strings.Cut(e.Detail, ":")
		_, key, _ = strings.Cut(key, "{")
		return "store " + key, colorGuard, true
	case EvCharged:
		if e.Guard == GuardFlow {
			return fmt.Sprintf("flow −%d", e.Amount), colorGuard, true
		}
		return "✓ " + strings.TrimPrefix(e.Detail, "granted "), colorGuard, true
	case EvJournal:
		fact, _ := strings.CutPrefix(e.Detail, "appended ")
		if merged, ok := strings.CutPrefix(e.Detail, "merged "); ok {
			return fmt.Sprintf("journal ⊕%s ×%d", merged, e.Amount), colorJournal, true
		}
		return "journal +" + fact, colorJournal, true
	case EvLeakage:
		return fmt.Sprintf("leak %s=%d", e.Detail, e.Amount), colorJournal, true
	}
	return "", "", false
}

// textWidth estimates the width of s in 12px text.
func textWidth(s string) float64 { return float64(len([]rune(s))) * svgCharW }

func svgLegend(b *strings.Builder, y int) {
	x := svgMargin + 8
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#e5e7eb"/>`+"\n", svgMargin, y, svgMargin+svgLegendW, y)
	y += 24
	item := func(draw string, label string, w int) {
		b.WriteString(draw)
		fmt.Fprintf(b, `<text x="%d" y="%d" class="legend">%s</text>`+"\n", x+40, y+4, label)
		x += w
	}
	item(fmt.Sprintf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.6" marker-end="url(#arrow)"/>`, x, y, x+32, y, colorMessage), "message", 110)
	item(fmt.Sprintf(`<path d="M%d %d l7 -7 l7 7 l-7 7 z" fill="%s"/>`, x+10, y, colorChoice), "choice", 100)
	item(fmt.Sprintf(`<rect x="%d" y="%d" width="30" height="14" rx="7" fill="%s"/>`, x, y-7, colorGuard), "guard / effect", 140)
	item(fmt.Sprintf(`<rect x="%d" y="%d" width="30" height="14" rx="7" fill="%s"/>`, x, y-7, colorJournal), "journal / leakage", 150)
	item(fmt.Sprintf(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.6" stroke-dasharray="6 4"/>`, x, y, x+32, y, colorFault), "dropped / still buffered", 200)
	item(fmt.Sprintf(`<rect x="%d" y="%d" width="32" height="14" fill="#fde2e2"/>`, x, y-7), "failing step", 120)
}

func esc(s string) string { return html.EscapeString(s) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:max(n-1, 1)]) + "…"
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
