package lsp

import (
	"os"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis/config"
)

// publishConfig shows the mistakes of a project file (choreo.yaml) as its
// diagnostics, like a .choreo file's, whether or not the client has it
// open: the error that stopped it from loading (its directories then use
// the defaults), or the warnings it loaded despite. No mistakes clears
// them.
func (fs *fileStore) publishConfig(file string, mistakes []*config.Error) {
	text, err := os.ReadFile(file)
	if err != nil {
		text = nil // positions then clamp to the start
	}
	params := &protocol.PublishDiagnosticsParams{
		URI:         uri.File(file),
		Diagnostics: configDiagnostics(newMapper(text, fs.srv.encoding()), mistakes),
	}
	if err := fs.srv.client.PublishDiagnostics(fs.srv.ctx, params); err != nil {
		fs.srv.log.Warn("publishing configuration diagnostics", zap.String("file", file), zap.Error(err))
	}
}

// configDiagnostics converts mistakes, whose positions are 1-based lines
// and columns in characters (0: unknown), into diagnostics of the file m
// maps. A mistake covers the word at its position (a key or a value);
// one without a position covers the first line.
func configDiagnostics(m *mapper, mistakes []*config.Error) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(mistakes))
	for _, e := range mistakes {
		sev := protocol.DiagnosticSeverityError
		if e.Warning {
			sev = protocol.DiagnosticSeverityWarning
		}
		start, end := configRange(m, e.Line, e.Col)
		out = append(out, protocol.Diagnostic{
			Range:    m.rangeOf(start, end),
			Severity: sev,
			Code:     protocol.String("config"),
			Source:   protocol.NewOptional("choreo"),
			Message:  protocol.String(e.Msg),
		})
	}
	return out
}

// configRange returns the byte range of the word at the 1-based line and
// character column (the whole line when the column is 0).
func configRange(m *mapper, line, col int) (start, end int) {
	if line < 1 || line > len(m.lines) {
		s, e := m.lineBounds(0)
		return s, e
	}
	start, end = m.lineBounds(line - 1)
	if col < 1 {
		return start, end
	}
	for i := 1; i < col && start < end; i++ {
		_, n := utf8.DecodeRune(m.text[start:end])
		start += n
	}
	stop := start
	for stop < end {
		r, n := utf8.DecodeRune(m.text[stop:end])
		if unicode.IsSpace(r) || (r == ':' && stop > start) {
			break
		}
		stop += n
	}
	if stop == start {
		stop = end
	}
	return start, stop
}
