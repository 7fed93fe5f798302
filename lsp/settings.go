package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/choreo-lang/choreo/analysis/config"
	"github.com/choreo-lang/choreo/diag"
)

// settings are the client-side options of the server, read from
// initializationOptions and workspace/didChangeConfiguration, either bare or
// in a "choreo" section:
//
//	{"choreo": {"diagnosticsDelayMs": 50,
//	            "familySizes": {"Witness": 5}, "budget": {"multiplier": 2},
//	            "compat": {"enabled": true, "base": "HEAD", "severity": "warning"}}}
//
// The other analysis options (hard cap, protocol ids, severity overrides)
// come from the project file only, as for the CLI.
type settings struct {
	DiagnosticsDelay *time.Duration
	Analysis         *analysisSettings // never nil; replaced, never modified
	Compat           compatSettings
}

// analysisSettings are the client's overrides of the project file
// (choreo.yaml) for every file the server analyses.
type analysisSettings struct {
	// FamilySizes are family sizes by family name or size symbol; each
	// replaces the project file's families.sizes entry of the same name.
	FamilySizes map[string]int
	// Multiplier replaces the project file's budget.multiplier; 0 keeps
	// it (the clients send their default, 1, for "not set").
	Multiplier float64
}

// equal reports whether a and b override the same values.
func (a *analysisSettings) equal(b *analysisSettings) bool {
	return a.Multiplier == b.Multiplier && maps.Equal(a.FamilySizes, b.FamilySizes)
}

// apply returns c with the overrides applied (c itself when there are
// none, also for a nil a; c is never modified).
func (a *analysisSettings) apply(c *config.Config) *config.Config {
	if a == nil || len(a.FamilySizes) == 0 && a.Multiplier == 0 {
		return c
	}
	out := *c
	if len(a.FamilySizes) > 0 {
		out.FamilySizes = maps.Clone(c.FamilySizes)
		maps.Copy(out.FamilySizes, a.FamilySizes)
	}
	if a.Multiplier != 0 {
		out.Multiplier = a.Multiplier
	}
	return &out
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
	return settings{Analysis: &analysisSettings{}, Compat: compatSettings{Enabled: true}}
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
	DiagnosticsDelayMs *int           `json:"diagnosticsDelayMs"`
	FamilySizes        map[string]int `json:"familySizes"` // the whole set: absent names are no longer overridden
	Budget             *struct {
		Multiplier *float64 `json:"multiplier"`
	} `json:"budget"`
	Compat *struct {
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
	if w.FamilySizes != nil || w.Budget != nil && w.Budget.Multiplier != nil {
		a := *next.Analysis
		if w.FamilySizes != nil {
			for _, name := range slices.Sorted(maps.Keys(w.FamilySizes)) {
				if n := w.FamilySizes[name]; n < 1 {
					return fmt.Errorf("settings: familySizes: size of %s must be at least 1, got %d", name, n)
				}
			}
			a.FamilySizes = maps.Clone(w.FamilySizes)
		}
		if w.Budget != nil && w.Budget.Multiplier != nil {
			m := *w.Budget.Multiplier
			if !(m > 0) {
				return fmt.Errorf("settings: budget.multiplier must be > 0, got %v", m)
			}
			if m == config.DefaultMultiplier {
				m = 0
			}
			a.Multiplier = m
		}
		next.Analysis = &a
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
