package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
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
		return DefaultDiagnosticsDelay
	}
	return *s.DiagnosticsDelay
}

// merge applies the JSON settings in raw (nil or null leaves s
// unchanged). Each field is read on its own: a malformed field is left
// unchanged and reported in the returned error (one line per field, for
// the user), and every other field still applies. An empty JSON array
// stands for an empty object, as clients that encode an empty table (Lua's
// {}) send it.
func (s *settings) merge(raw []byte) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	fields, err := object(raw)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if section, ok := fields["choreo"]; ok {
		if fields, err = object(section); err != nil {
			return fmt.Errorf("settings: choreo: %w", err)
		}
	}
	var errs []error
	field := func(name string, apply func(json.RawMessage) error) {
		v, ok := fields[name]
		if !ok || isNull(v) {
			return
		}
		if err := apply(v); err != nil {
			errs = append(errs, fmt.Errorf("settings: %s: %w", name, err))
		}
	}
	next := *s
	analysisOver := *next.Analysis
	field("diagnosticsDelayMs", func(v json.RawMessage) error {
		var ms int
		if err := json.Unmarshal(v, &ms); err != nil {
			return fmt.Errorf("want a number of milliseconds, got %s", v)
		}
		if ms < 0 {
			return fmt.Errorf("must be >= 0, got %d", ms)
		}
		d := time.Duration(ms) * time.Millisecond
		next.DiagnosticsDelay = &d
		return nil
	})
	field("familySizes", func(v json.RawMessage) error {
		sizes := make(map[string]int)
		if !isEmptyArray(v) {
			if err := json.Unmarshal(v, &sizes); err != nil {
				return fmt.Errorf("want an object of family names to sizes, got %s", v)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(sizes)) {
			if n := sizes[name]; n < 1 {
				return fmt.Errorf("size of %s must be at least 1, got %d", name, n)
			}
		}
		analysisOver.FamilySizes = sizes
		return nil
	})
	field("budget", func(v json.RawMessage) error {
		var b struct {
			Multiplier *float64 `json:"multiplier"`
		}
		if !isEmptyArray(v) {
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("want an object with a multiplier, got %s", v)
			}
		}
		if b.Multiplier == nil {
			return nil
		}
		m := *b.Multiplier
		if !(m > 0) {
			return fmt.Errorf("multiplier must be > 0, got %v", m)
		}
		if m == config.DefaultMultiplier {
			m = 0
		}
		analysisOver.Multiplier = m
		return nil
	})
	field("compat", func(v json.RawMessage) error {
		var c struct {
			Enabled  *bool  `json:"enabled"`
			Base     string `json:"base"`
			Severity string `json:"severity"`
		}
		if !isEmptyArray(v) {
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("want an object with enabled, base and severity, got %s", v)
			}
		}
		if c.Severity != "" {
			sev, err := diag.ParseSeverity(c.Severity)
			if err != nil {
				return fmt.Errorf("severity: %w", err)
			}
			next.Compat.Severity = &sev
		}
		if c.Enabled != nil {
			next.Compat.Enabled = *c.Enabled
		}
		if c.Base != "" {
			next.Compat.Base = c.Base
		}
		return nil
	})
	if !analysisOver.equal(next.Analysis) {
		next.Analysis = &analysisOver
	}
	*s = next
	return errors.Join(errs...)
}

// object decodes a JSON object into its fields; an empty array is an empty
// object.
func object(raw []byte) (map[string]json.RawMessage, error) {
	fields := make(map[string]json.RawMessage)
	if isEmptyArray(raw) {
		return fields, nil
	}
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("want a JSON object, got %.40s", raw)
	}
	return fields, nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

func isEmptyArray(v json.RawMessage) bool {
	t := bytes.TrimSpace(v)
	return len(t) >= 2 && t[0] == '[' && len(bytes.TrimSpace(t[1:len(t)-1])) == 0 && t[len(t)-1] == ']'
}
