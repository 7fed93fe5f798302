package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/choreo-lang/choreo/analysis"
	"github.com/choreo-lang/choreo/diag"
)

// Finding is one diagnostic located in a file: the unit every output
// format renders. Commands that report findings (lint, compat) build a
// list of them and call writeFindings.
type Finding struct {
	Path string
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

// writeFindings renders fs to w in format. Positions are one-based in
// text, github and SARIF output (columns count bytes); JSON carries the
// zero-based spans of diag.Span plus one-based line and col.
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

type jsonFinding struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	diag.Diagnostic
}

func writeJSON(w io.Writer, fs []Finding) error {
	out := make([]jsonFinding, len(fs))
	for i, f := range fs {
		out[i] = jsonFinding{File: f.Path, Line: f.Span.Start.Line + 1, Col: f.Span.Start.Col + 1, Diagnostic: f.Diagnostic}
	}
	return printJSON(w, out)
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

func sarifRegion(sp diag.Span) *sarif.Region {
	return sarif.NewRegion().
		WithStartLine(sp.Start.Line + 1).WithStartColumn(sp.Start.Col + 1).
		WithEndLine(sp.End.Line + 1).WithEndColumn(sp.End.Col + 1)
}

func sarifLocation(path string, sp diag.Span) *sarif.Location {
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(filepath.ToSlash(path))).
		WithRegion(sarifRegion(sp)))
}

func writeSARIF(w io.Writer, fs []Finding) error {
	rep := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("choreo", "https://github.com/choreo-lang/choreo")
	rules := make(map[diag.Code]bool)
	for _, c := range analysis.Codes() {
		rules[c.Code] = true
		run.AddRule(string(c.Code)).
			WithName(string(c.Code)).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(c.Summary)).
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
			WithMessage(sarif.NewTextMessage(f.Message)).
			AddLocation(sarifLocation(f.Path, f.Span))
		for _, rel := range f.Related {
			res.AddRelatedLocation(sarifLocation(f.Path, rel.Span).WithMessage(sarif.NewTextMessage(rel.Message)))
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

func writeGitHub(w io.Writer, fs []Finding) error {
	for _, f := range fs {
		cmd := "notice"
		switch f.Severity {
		case diag.Error:
			cmd = "error"
		case diag.Warning:
			cmd = "warning"
		}
		_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			cmd, githubEscape(filepath.ToSlash(f.Path), true),
			f.Span.Start.Line+1, f.Span.Start.Col+1, f.Span.End.Line+1, f.Span.End.Col+1,
			githubEscape(string(f.Code), true), githubEscape(f.Message+" ["+string(f.Code)+"]", false))
		if err != nil {
			return err
		}
	}
	return nil
}
