package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/choreo-lang/choreo/diag"
)

// settings are the client-side options of the server, read from
// initializationOptions and workspace/didChangeConfiguration, either bare or
// in a "choreo" section:
//
//	{"choreo": {"diagnosticsDelayMs": 50,
//	            "compat": {"enabled": true, "base": "HEAD", "severity": "warning"}}}
//
// Analysis options (family sizes, budgets, severity overrides) are not
// settings: they come from the project file, as for the CLI.
type settings struct {
	DiagnosticsDelay *time.Duration
	Compat           compatSettings
}

// compatSettings configure live compatibility against a git revision. The
// base and severity default to the project file's compat section, then to
// HEAD and warning.
type compatSettings struct {
	Enabled  bool
	Base     string         // git revision; "" = project file, else HEAD
	Severity *diag.Severity // of incompatible-role diagnostics; 0 = off
}

func defaultSettings() settings {
	return settings{Compat: compatSettings{Enabled: true}}
}

// diagnosticsDelay returns the effective debounce.
func (s settings) diagnosticsDelay() time.Duration {
	if s.DiagnosticsDelay == nil {
		return defaultDiagnosticsDelay
	}
	return *s.DiagnosticsDelay
}

// wireSettings is the JSON shape of settings; absent fields leave the
// current value unchanged.
type wireSettings struct {
	DiagnosticsDelayMs *int `json:"diagnosticsDelayMs"`
	Compat             *struct {
		Enabled  *bool  `json:"enabled"`
		Base     string `json:"base"`
		Severity string `json:"severity"`
	} `json:"compat"`
}

// merge applies the JSON settings in raw (nil or null leaves s unchanged).
func (s *settings) merge(raw []byte) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var section struct {
		Choreo json.RawMessage `json:"choreo"`
	}
	if err := json.Unmarshal(raw, &section); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if len(section.Choreo) > 0 {
		raw = section.Choreo
	}
	var w wireSettings
	if err := json.Unmarshal(raw, &w); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	next := *s
	if w.DiagnosticsDelayMs != nil {
		if *w.DiagnosticsDelayMs < 0 {
			return fmt.Errorf("settings: diagnosticsDelayMs must be >= 0, got %d", *w.DiagnosticsDelayMs)
		}
		d := time.Duration(*w.DiagnosticsDelayMs) * time.Millisecond
		next.DiagnosticsDelay = &d
	}
	if c := w.Compat; c != nil {
		if c.Enabled != nil {
			next.Compat.Enabled = *c.Enabled
		}
		if c.Base != "" {
			next.Compat.Base = c.Base
		}
		if c.Severity != "" {
			sev, err := diag.ParseSeverity(c.Severity)
			if err != nil {
				return fmt.Errorf("settings: compat.severity: %w", err)
			}
			next.Compat.Severity = &sev
		}
	}
	*s = next
	return nil
}
