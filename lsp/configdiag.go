package lsp

import (
	"os"
	"unicode"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/choreo-lang/choreo/analysis"
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

// configDiagnostics converts mistakes into diagnostics of the file m
// maps. A mistake covers the word at its position (a key or a value); one
// without a position covers the first line.
func configDiagnostics(m *mapper, mistakes []*config.Error) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(mistakes))
	for _, e := range mistakes {
		sev := protocol.DiagnosticSeverityError
		if e.Warning {
			sev = protocol.DiagnosticSeverityWarning
		}
		start, end := configRange(m, e)
		out = append(out, protocol.Diagnostic{
			Range:           m.rangeOf(start, end),
			Severity:        sev,
			Code:            protocol.String(analysis.CodeConfig),
			CodeDescription: codeDescription(analysis.CodeConfig),
			Source:          protocol.NewOptional("choreo"),
			Message:         protocol.String(e.Msg),
		})
	}
	return out
}

// configRange returns the byte range of the word at e's position: up to a
// blank or a ':', or the rest of the line when the position is at a blank
// (the whole first line when e has no position, the whole line when it
// has no column).
func configRange(m *mapper, e *config.Error) (start, end int) {
	start = e.Offset(m.text)
	if start < 0 {
		return m.lineBounds(0)
	}
	lineStart, lineEnd := m.lineBounds(m.line(start))
	if e.Col < 1 {
		return lineStart, lineEnd
	}
	end = start
	for end < lineEnd {
		r, n := utf8.DecodeRune(m.text[end:lineEnd])
		if unicode.IsSpace(r) || (r == ':' && end > start) {
			break
		}
		end += n
	}
	if end == start {
		end = lineEnd
	}
	return start, end
}
