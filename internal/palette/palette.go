package palette

// Colours, as CSS hex strings.
const (
	Message = "#1f5fa8" // messages; sends in state machines
	Choice  = "#6a3fa0" // choices and loops
	Guard   = "#00796b" // guard checks; receives in state machines
	Journal = "#9a6700"
	Fault   = "#c62828"
	Warn    = "#e08a00"
	OK      = "#2e7d32" // success; final states
	Muted   = "#6b7280"
	Text    = "#1f2937"
	Heading = "#111827"
	Outline = "#374151"
	Frame   = "#9ca3af" // lifelines, frames around machines
)
