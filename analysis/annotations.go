package analysis

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/choreo-lang/choreo/analysis/global"
	"github.com/choreo-lang/choreo/diag"
	"github.com/choreo-lang/choreo/internal/suggest"
	"github.com/choreo-lang/choreo/syntax"
)

// Annotation keys with a meaning (SEMANTICS §5).
const (
	KeyGuardCapability = "guard_capability"
	KeyFlowCost        = "flow_cost"
	KeyJournalFacts    = "journal_facts"
	KeyJournalMerge    = "journal_merge"
	KeyAuditLog        = "audit_log"
	KeyLeak            = "leak"
	KeyLeakageBudget   = "leakage_budget"
	KeyLink            = "link"
)

// AnnotationKey documents one annotation key; the language server shows Doc
// when hovering the key.
type AnnotationKey struct {
	Name string
	// Value describes the accepted values.
	Value string
	// Effect is the effect command generated ("" for none).
	Effect string
	// Hint is true for runtime hints, accepted with any value.
	Hint bool
	Doc  string
}

// AnnotationKeys returns every known annotation key, effect keys first.
func AnnotationKeys() []AnnotationKey {
	keys := []AnnotationKey{
		{Name: KeyGuardCapability, Value: `string "namespace:action"`, Effect: "StoreMetadata{guard_capability}",
			Doc: "Capability the sender must hold. Recorded in the audit trail; the runtime's CapGuard denies the send when the sender lacks it. Collected into the manifest's required capabilities."},
		{Name: KeyFlowCost, Value: "non-negative integer", Effect: "ChargeBudget{cost}",
			Doc: fmt.Sprintf("Flow budget charged to (sender, receiver) before the send (FlowGuard). An annotated send without flow_cost is charged %d.", global.DefaultFlowCost)},
		{Name: KeyJournalFacts, Value: "string", Effect: "StoreMetadata{fact key}",
			Doc: "Journal fact recorded with the send (JournalCoupler). Listed in the manifest's journal facts."},
		{Name: KeyJournalMerge, Value: "boolean", Effect: "StoreMetadata{merge flag} when true",
			Doc: "Requests a journal merge after the send."},
		{Name: KeyAuditLog, Value: "string", Effect: "StoreMetadata{audit key}",
			Doc: "Audit trail entry recorded with the send."},
		{Name: KeyLeak, Value: `"A,B", (A, B) or an identifier`, Effect: "RecordLeakage{observers}",
			Doc: "Observer classes that learn metadata of this send (LeakageTracker). Listed in the manifest's leakage observers."},
		{Name: KeyLeakageBudget, Value: `[1, 0, 0] or "1, 0, 0"`,
			Doc: "Leakage budget per observer class; checked, generates no effect."},
		{Name: KeyLink, Value: `"bundle=<id>|exports=a,b|imports=c"`, Effect: "composition metadata",
			Doc: "Links the send into a composition bundle: the endpoints it exports and imports. Every import must be exported by a link of the same bundle. Each bundle is one runtime fragment."},
	}
	hints := map[string]string{
		"parallel":            "Runtime hint: members of a family may be served in parallel.",
		"runtime_timeout":     "Runtime hint: timeout for the statement.",
		"timeout_ms":          "Runtime hint: timeout in milliseconds.",
		"priority":            "Runtime hint: scheduling priority.",
		"retry":               "Runtime hint: retry policy.",
		"idempotent":          "Runtime hint: the send may be repeated safely.",
		"trace":               "Runtime hint: trace the statement.",
		"heartbeat":           "Runtime hint: heartbeat policy.",
		"ordered":             "Runtime hint: deliver in order.",
		"min_responses":       "Runtime hint: minimum responses for an early exit.",
		"required_capability": "Runtime hint: capability checked by the host, not by the guard chain.",
		"timed_choice":        "Runtime hint: timeout of a timed choice.",
	}
	for _, name := range []string{"parallel", "runtime_timeout", "timeout_ms", "priority", "retry", "idempotent",
		"trace", "heartbeat", "ordered", "min_responses", "required_capability", "timed_choice"} {
		keys = append(keys, AnnotationKey{Name: name, Value: "any", Hint: true, Doc: hints[name] + " Accepted with any value; no effect command."})
	}
	return keys
}

// LookupAnnotationKey returns the documentation of key.
func LookupAnnotationKey(key string) (AnnotationKey, bool) {
	for _, k := range AnnotationKeys() {
		if k.Name == key {
			return k, true
		}
	}
	return AnnotationKey{}, false
}

// annotationChecker validates annotation lists and builds global.Meta.
type annotationChecker struct {
	report func(diag.Diagnostic)
	known  map[string]AnnotationKey
	// capSeverity is the severity of annotation-capability-format: an
	// error in files of the current era (.tell, which upstream compiles
	// only with namespaced capabilities), a warning in .choreo files of the
	// eras that allowed legacy values.
	capSeverity diag.Severity
}

func newAnnotationChecker(report func(diag.Diagnostic), capSeverity diag.Severity) *annotationChecker {
	known := make(map[string]AnnotationKey)
	for _, k := range AnnotationKeys() {
		known[k.Name] = k
	}
	return &annotationChecker{report: report, known: known, capSeverity: capSeverity}
}

// capabilityFormatSeverity is the severity of annotation-capability-format
// for a file: an error in a .tell file (the language of Telltale 10 and
// later, whose compiler rejects legacy, unnamespaced or comma-joined
// guard_capability values), a warning in a .choreo file, written for the
// older toolchains that accepted them.
func capabilityFormatSeverity(filename string) diag.Severity {
	if strings.EqualFold(filepath.Ext(filename), ".tell") {
		return diag.Error
	}
	return diag.Warning
}

func (c *annotationChecker) errorf(code diag.Code, sev diag.Severity, span diag.Span, format string, args ...any) {
	c.report(diag.Diagnostic{Span: span, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

// unknownKey reports an unknown key with the closest known key as a
// suggestion and a quick fix renaming it.
func (c *annotationChecker) unknownKey(key syntax.Ident) {
	d := diag.Diagnostic{Span: key.Span, Severity: diag.Warning, Code: CodeAnnotationUnknown,
		Message: fmt.Sprintf("unknown annotation %q", key.Name)}
	if s := c.suggest(key.Name); s != "" {
		d.Message += fmt.Sprintf("; did you mean %q?", s)
		d.Fixes = []diag.Fix{{Title: fmt.Sprintf("Change to %q", s), Edits: []diag.Edit{{Span: key.Span, NewText: s}}}}
	}
	c.report(d)
}

// suggest returns the known key closest to name (compared in lower case),
// or "" when none is close.
func (c *annotationChecker) suggest(name string) string {
	return suggest.Closest(strings.ToLower(name), AnnotationKeys(), func(k AnnotationKey) string { return k.Name })
}

// checkPrefix validates prefix annotations (@name(args), [@k = v]); they
// are runtime hints and produce no effects.
func (c *annotationChecker) checkPrefix(ps []*syntax.PrefixAnnotation) {
	for _, p := range ps {
		if _, ok := c.known[p.Name.Name]; !ok {
			c.unknownKey(p.Name)
		}
	}
}

// meta validates a sender annotation list and returns its typed metadata.
func (c *annotationChecker) meta(list *syntax.AnnotationList) *global.Meta {
	m := &global.Meta{Annotations: list, FlowCost: global.DefaultFlowCost, FlowCostDefault: true}
	seen := make(map[string]*syntax.Annotation)
	for _, a := range list.Entries {
		key := a.Key.Name
		if prev, dup := seen[key]; dup {
			d := diag.Diagnostic{Span: a.Key.Span, Severity: diag.Error, Code: CodeAnnotationDuplicate,
				Message: fmt.Sprintf("annotation %q is given twice", key),
				Related: []diag.Related{{Span: prev.Span, Message: "first given here"}}}
			c.report(d)
			continue
		}
		seen[key] = a
		c.entry(m, a)
	}
	return m
}

func (c *annotationChecker) entry(m *global.Meta, a *syntax.Annotation) {
	key, v := a.Key.Name, a.Value
	if v.Kind == syntax.ValueInvalid {
		return // the parser reported it
	}
	switch {
	case !a.Bare:
	case key == KeyGuardCapability || key == KeyFlowCost || key == KeyJournalFacts || key == KeyAuditLog ||
		key == KeyLeak || key == KeyLeakageBudget || key == KeyLink:
		c.errorf(CodeAnnotationType, diag.Error, a.Span, "%s needs a value: '@%s' alone is a flag (write '%s = ...')", key, key, key)
		return
	}
	wantString := func() (string, bool) {
		if v.Kind != syntax.ValueString {
			c.errorf(CodeAnnotationType, diag.Error, v.Span, "%s must be a string, got %s", key, v.Kind)
			return "", false
		}
		return v.Str, true
	}
	switch key {
	case KeyGuardCapability:
		s, ok := wantString()
		if !ok {
			return
		}
		m.Capability = s
		switch {
		case strings.Contains(s, ","):
			c.errorf(CodeAnnotationCapabilityFormat, c.capSeverity, v.Span, "guard_capability %q is a comma-joined list; give one capability per send", s)
		case strings.HasPrefix(s, "cap:"):
			c.errorf(CodeAnnotationCapabilityFormat, c.capSeverity, v.Span, "guard_capability %q starts with \"cap:\"; write \"namespace:action\"", s)
		case !strings.Contains(s, ":"):
			c.errorf(CodeAnnotationCapabilityFormat, c.capSeverity, v.Span, "guard_capability %q is not namespaced; write \"namespace:action\"", s)
		}
	case KeyFlowCost:
		switch {
		case v.Kind != syntax.ValueInt:
			c.errorf(CodeAnnotationType, diag.Error, v.Span, "flow_cost must be a non-negative integer, got %s", v.Kind)
		case v.Int < 0:
			c.errorf(CodeAnnotationValue, diag.Error, v.Span, "flow_cost must not be negative, got %d", v.Int)
		default:
			m.FlowCost, m.FlowCostDefault = v.Int, false
		}
	case KeyJournalFacts:
		m.JournalFacts, _ = wantString()
	case KeyAuditLog:
		m.AuditLog, _ = wantString()
	case KeyJournalMerge:
		if v.Kind != syntax.ValueBool {
			c.errorf(CodeAnnotationType, diag.Error, v.Span, "journal_merge must be a boolean, got %s", v.Kind)
			return
		}
		m.JournalMerge = v.Bool
	case KeyLeak:
		m.Leak = c.observers(v)
	case KeyLeakageBudget:
		m.LeakageBudget = c.leakageBudget(v)
	case KeyLink:
		s, ok := wantString()
		if ok {
			m.Link = c.link(s, v.Span)
		}
	default:
		if k, ok := c.known[key]; ok && k.Hint {
			if m.Hints == nil {
				m.Hints = make(map[string]syntax.Value)
			}
			m.Hints[key] = v
			return
		}
		c.unknownKey(a.Key)
	}
}

// observers reads a leak value: "A,B", (A, B) or a bare identifier.
func (c *annotationChecker) observers(v syntax.Value) []string {
	var out []string
	switch v.Kind {
	case syntax.ValueString:
		for _, s := range strings.Split(v.Str, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	case syntax.ValueIdent:
		out = []string{v.Str}
	case syntax.ValueTuple:
		for _, it := range v.Items {
			if it.Str != "" {
				out = append(out, it.Str)
			}
		}
	default:
		c.errorf(CodeAnnotationType, diag.Error, v.Span, "leak must be a string, a tuple or an identifier, got %s", v.Kind)
		return nil
	}
	if len(out) == 0 {
		c.errorf(CodeAnnotationValue, diag.Error, v.Span, "leak names no observer")
	}
	return out
}

// leakageBudget reads [1, 0, 0] or "1, 0, 0".
func (c *annotationChecker) leakageBudget(v syntax.Value) []int64 {
	var out []int64
	switch v.Kind {
	case syntax.ValueIntList:
		for _, it := range v.Items {
			if it.Kind != syntax.ValueInt {
				c.errorf(CodeAnnotationValue, diag.Error, it.Span, "leakage_budget entry %q is not an integer", it.Text)
				return nil
			}
			if it.Int < 0 {
				c.errorf(CodeAnnotationValue, diag.Error, it.Span, "leakage_budget entry %d is negative", it.Int)
				return nil
			}
			out = append(out, it.Int)
		}
	case syntax.ValueString:
		if strings.TrimSpace(v.Str) != "" {
			for _, s := range strings.Split(v.Str, ",") {
				n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
				if err != nil {
					c.errorf(CodeAnnotationValue, diag.Error, v.Span, "leakage_budget entry %q is not an integer", strings.TrimSpace(s))
					return nil
				}
				out = append(out, n)
			}
		}
	default:
		c.errorf(CodeAnnotationType, diag.Error, v.Span, "leakage_budget must be an integer list or a string, got %s", v.Kind)
		return nil
	}
	if len(out) == 0 {
		c.errorf(CodeAnnotationValue, diag.Error, v.Span, "leakage_budget is empty")
	}
	return out
}
