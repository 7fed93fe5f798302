package lsp

import (
	"testing"
	"time"

	"github.com/choreo-lang/choreo/diag"
)

func TestSettingsMerge(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		delay   time.Duration
		base    string
		sev     diag.Severity
		enabled bool
		wantErr bool
	}{
		{name: "null keeps defaults", raw: "null", delay: defaultDiagnosticsDelay, enabled: true},
		{name: "section", raw: `{"choreo": {"diagnosticsDelayMs": 0, "compat": {"base": "origin/main", "severity": "error"}}}`, base: "origin/main", sev: diag.Error, enabled: true},
		{name: "bare", raw: `{"diagnosticsDelayMs": 200, "compat": {"enabled": false}}`, delay: 200 * time.Millisecond},
		{name: "negative delay", raw: `{"diagnosticsDelayMs": -1}`, wantErr: true},
		{name: "bad severity", raw: `{"compat": {"severity": "loud"}}`, wantErr: true},
		{name: "not JSON", raw: `{`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaultSettings()
			err := s.merge([]byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("merge error = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if s.DiagnosticsDelay != nil || !s.Compat.Enabled {
					t.Errorf("a failed merge changed the settings: %+v", s)
				}
				return
			}
			if got := s.diagnosticsDelay(); got != tt.delay {
				t.Errorf("delay = %v, want %v", got, tt.delay)
			}
			if s.Compat.Base != tt.base || s.Compat.Enabled != tt.enabled {
				t.Errorf("compat = %+v", s.Compat)
			}
			if sev := s.Compat.Severity; (sev == nil) != (tt.sev == 0) || sev != nil && *sev != tt.sev {
				t.Errorf("severity = %v, want %v", sev, tt.sev)
			}
		})
	}
}
