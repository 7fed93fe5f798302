package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/cmd/internal/cmdline"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/buildinfo"
)

// Finding is one diagnostic located in a file: the unit every output
// format renders. Commands that report findings (lint, compat) build a
// list of them and call writeFindings.
type Finding struct {
	Path string
	// Src is the text of the file the spans point into, when the command
	// has it; the SARIF and GitHub formats need it to count columns in
	// UTF-16 code units (see column). Without it they give lines only.
	Src []byte
	diag.Diagnostic
}

// outputFormat is the value of a --format flag (a pflag.Value).
type outputFormat string

// Output formats.
const (
	formatText   outputFormat = "text"   // file:line:col: severity: message [code]
	formatJSON   outputFormat = "json"   // a JSON array of findings
	formatSARIF  outputFormat = "sarif"  // SARIF 2.1.0 for code-scanning upload
	formatGitHub outputFormat = "github" // GitHub Actions workflow commands
)

func (f *outputFormat) String() string { return string(*f) }

// Set implements pflag.Value.
func (f *outputFormat) Set(s string) error {
	switch v := outputFormat(s); v {
	case formatText, formatJSON, formatSARIF, formatGitHub:
		*f = v
		return nil
	}
	return fmt.Errorf("unknown format %q (want text, json, sarif or github)", s)
}

// Type implements pflag.Value.
func (f *outputFormat) Type() string { return "text|json|sarif|github" }

// hasErrors reports whether any finding is an error.
func hasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == diag.Error {
			return true
		}
	}
	return false
}

// writeFindings renders fs to w in format. One rule per format (see
// docs/output.md): lines are one-based everywhere; text and JSON columns
// are one-based and count bytes (JSON also gives zero-based byte offsets);
// github and SARIF columns are one-based and count UTF-16 code units, as
// GitHub and SARIF viewers expect (see column).
func writeFindings(w io.Writer, format outputFormat, fs []Finding) error {
	switch format {
	case formatJSON:
		return writeJSON(w, fs)
	case formatSARIF:
		return writeSARIF(w, fs)
	case formatGitHub:
		return writeGitHub(w, fs)
	}
	return writeText(w, fs)
}

// textLine renders f as "file:line:col: severity: message [code]".
func textLine(f Finding) string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.Path, f.Span.Start.Line+1, f.Span.Start.Col+1, f.Severity, f.Message, f.Code)
}

func writeText(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		if _, err := fmt.Fprintln(w, textLine(f)); err != nil {
			return err
		}
	}
	return nil
}

// jsonRange is a source range in JSON output: lines and columns are
// one-based and columns count bytes, as in the text output; offsets are
// zero-based byte offsets into the file.
type jsonRange struct {
	Line      int `json:"line"`
	Col       int `json:"col"`
	EndLine   int `json:"end_line"`
	EndCol    int `json:"end_col"`
	Offset    int `json:"offset"`
	EndOffset int `json:"end_offset"`
}

func rangeOf(sp diag.Span) jsonRange {
	return jsonRange{
		Line: sp.Start.Line + 1, Col: sp.Start.Col + 1, EndLine: sp.End.Line + 1, EndCol: sp.End.Col + 1,
		Offset: sp.Start.Offset, EndOffset: sp.End.Offset,
	}
}

type jsonFinding struct {
	File string `json:"file"`
	jsonRange
	Severity diag.Severity `json:"severity"`
	Code     diag.Code     `json:"code"`
	Message  string        `json:"message"`
	Related  []jsonRelated `json:"related,omitempty"`
	Fixes    []jsonFix     `json:"fixes,omitempty"`
}

type jsonRelated struct {
	jsonRange
	Message string `json:"message"`
}

type jsonFix struct {
	Title string     `json:"title"`
	Edits []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	jsonRange
	NewText string `json:"new_text"`
}

func writeJSON(w io.Writer, fs []Finding) error {
	out := make([]jsonFinding, len(fs))
	for i, f := range fs {
		jf := jsonFinding{File: f.Path, jsonRange: rangeOf(f.Span), Severity: f.Severity, Code: f.Code, Message: f.Message}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{jsonRange: rangeOf(r.Span), Message: r.Message})
		}
		for _, fx := range f.Fixes {
			jfx := jsonFix{Title: fx.Title, Edits: []jsonEdit{}}
			for _, e := range fx.Edits {
				jfx.Edits = append(jfx.Edits, jsonEdit{jsonRange: rangeOf(e.Span), NewText: e.NewText})
			}
			jf.Fixes = append(jf.Fixes, jfx)
		}
		out[i] = jf
	}
	return cmdline.PrintJSON(w, out)
}

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// column returns the one-based column of p in UTF-16 code units: one more
// than the number of units in the text of p's line before p. This is the
// column convention of the SARIF and GitHub formats. SARIF 2.1.0 counts
// columns in the run's columnKind, whose default is utf16CodeUnits (choreo
// states it explicitly). GitHub documents an annotation's col only as
// starting at 1; choreo gives it the same UTF-16 columns, so that both
// formats agree with each other and with the language server's default
// position encoding.
//
// Bytes that are not valid UTF-8 count as one unit each (U+FFFD to an
// editor). ok is false when src is nil or does not hold p: the column is
// then unknown, and the formats leave it out rather than give a byte
// column under a UTF-16 name.
func column(src []byte, p diag.Pos) (col int, ok bool) {
	start := p.Offset - p.Col
	if src == nil || start < 0 || p.Offset > len(src) {
		return 0, false
	}
	n := 0
	for _, r := range string(src[start:p.Offset]) {
		n += utf16.RuneLen(r)
	}
	return n + 1, true
}

// spanColumns returns the columns (see column) of both ends of sp.
func spanColumns(src []byte, sp diag.Span) (start, end int, ok bool) {
	start, ok1 := column(src, sp.Start)
	end, ok2 := column(src, sp.End)
	return start, end, ok1 && ok2
}

// sarifRegion locates sp in src by one-based lines and UTF-16 columns, and
// by byte offset and length, which need no source text: a reader still
// finds the exact range when the columns are unknown.
func sarifRegion(src []byte, sp diag.Span) *sarif.Region {
	reg := sarif.NewRegion().
		WithStartLine(sp.Start.Line + 1).WithEndLine(sp.End.Line + 1).
		WithByteOffset(sp.Start.Offset).WithByteLength(sp.End.Offset - sp.Start.Offset)
	if start, end, ok := spanColumns(src, sp); ok {
		reg.WithStartColumn(start).WithEndColumn(end)
	}
	return reg
}

func sarifLocation(path string, src []byte, sp diag.Span) *sarif.Location {
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(filepath.ToSlash(path))).
		WithRegion(sarifRegion(src, sp)))
}

// writeSARIF writes the findings as a SARIF 2.1.0 log. It builds the log
// with go-sarif v2 rather than v3: v3 links a JSON Schema validator
// (gojsonschema) whose package initialisation every choreo command would
// pay at start-up, SARIF or not. The tests validate the output against the
// SARIF schema with v3 (a test-only dependency).
func writeSARIF(w io.Writer, fs []Finding) error {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	// The language and newline sequences are SARIF's defaults, stated as
	// readers that fill in defaults (go-sarif v3 among them) expect them.
	run := sarif.NewRunWithInformationURI("choreo", "https://github.com/choreo-lang/choreo").
		WithColumnKind("utf16CodeUnits").
		WithLanguage("en-US").
		WithNewlineSequences([]string{"\r\n", "\n"})
	info := buildinfo.Read()
	run.Tool.Driver.WithVersion(info.Version).WithLanguage("en-US")
	if v := info.SemanticVersion(); v != "" {
		run.Tool.Driver.WithSemanticVersion(v)
	}
	rules := make(map[diag.Code]bool)
	for _, c := range analysis.Codes() {
		rules[c.Code] = true
		run.AddRule(string(c.Code)).
			WithName(string(c.Code)).
			WithShortDescription(sarif.NewMultiformatMessageString(c.Summary)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(c.Severity)))
	}
	for _, f := range fs {
		if !rules[f.Code] { // a code from another tool (compat)
			rules[f.Code] = true
			run.AddRule(string(f.Code)).WithName(string(f.Code))
		}
		run.AddDistinctArtifact(filepath.ToSlash(f.Path))
		res := run.CreateResultForRule(string(f.Code)).
			WithLevel(sarifLevel(f.Severity)).
			WithMessage(sarif.NewTextMessage(f.Message))
		res.AddLocation(sarifLocation(f.Path, f.Src, f.Span))
		for _, rel := range f.Related {
			res.AddRelatedLocation(sarifLocation(f.Path, f.Src, rel.Span).WithMessage(sarif.NewTextMessage(rel.Message)))
		}
	}
	rep.AddRun(run)
	return rep.PrettyWrite(w)
}

// githubEscape escapes workflow-command data; property values also
// escape ':' and ','.
func githubEscape(s string, property bool) string {
	r := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	s = r.Replace(s)
	if property {
		s = strings.NewReplacer(":", "%3A", ",", "%2C").Replace(s)
	}
	return s
}

// writeGitHub writes one workflow command (::error, ::warning or ::notice)
// per finding. line and endLine are one-based; col and endColumn are
// one-based UTF-16 columns, as in SARIF output (see column), and are left
// out when the finding has no source text.
func writeGitHub(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		cmd := "notice"
		switch f.Severity {
		case diag.Error:
			cmd = "error"
		case diag.Warning:
			cmd = "warning"
		}
		pos := fmt.Sprintf("line=%d,endLine=%d", f.Span.Start.Line+1, f.Span.End.Line+1)
		if start, end, ok := spanColumns(f.Src, f.Span); ok {
			pos = fmt.Sprintf("line=%d,col=%d,endLine=%d,endColumn=%d", f.Span.Start.Line+1, start, f.Span.End.Line+1, end)
		}
		_, err := fmt.Fprintf(w, "::%s file=%s,%s,title=%s::%s\n",
			cmd, githubEscape(filepath.ToSlash(f.Path), true), pos,
			githubEscape(string(f.Code), true), githubEscape(f.Message+" ["+string(f.Code)+"]", false))
		if err != nil {
			return err
		}
	}
	return nil
}
