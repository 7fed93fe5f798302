// Package diagcodes lists the diagnostic codes choreo reports (SEMANTICS §2,
// §5, §6, §7) with their default severities. It is a leaf: package
// analysis re-exports it, and package config uses it to check the codes a
// choreo.yaml names without importing analysis.
package diagcodes

import "github.com/choreo-lang/choreo/diag"

// Diagnostic codes. Codes are stable: configuration and editors refer to
// them. The parser reports "syntax" and "layout"; projection reports
// "unmergeable", "unaware-role" and "inconsistent-parallel", which analysis
// merges into its result.
const (
	Syntax               diag.Code = "syntax"
	Layout               diag.Code = "layout"
	UndeclaredRole       diag.Code = "undeclared-role"
	DuplicateRole        diag.Code = "duplicate-role"
	UnusedRole           diag.Code = "unused-role"
	SelfSend             diag.Code = "self-send"
	BadIndex             diag.Code = "bad-index"
	ChoiceNotDecider     diag.Code = "choice-not-decider"
	ChoiceAmbiguous      diag.Code = "choice-ambiguous"
	DuplicateLabel       diag.Code = "duplicate-label"
	UnboundContinue      diag.Code = "unbound-continue"
	UnguardedRecursion   diag.Code = "unguarded-recursion"
	Unreachable          diag.Code = "unreachable"
	Unmergeable          diag.Code = "unmergeable"
	UnawareRole          diag.Code = "unaware-role"
	InconsistentParallel diag.Code = "inconsistent-parallel"
	CallCycle            diag.Code = "call-cycle"
	UnknownCall          diag.Code = "unknown-call"
	MissingNamespace     diag.Code = "missing-namespace"
	MultipleProtocols    diag.Code = "multiple-protocols"
	BudgetRange          diag.Code = "budget-range"
	NotProjected         diag.Code = "not-projected"

	// LoopWhile warns that a `loop while` condition is decided by no
	// role: every participant must evaluate it identically (§1).
	LoopWhile diag.Code = "loop-while"
	// LocalRoles: a local protocol under `where` declares roles.
	LocalRoles diag.Code = "local-roles"
	// DuplicateLocal: two local protocols with the same name.
	DuplicateLocal diag.Code = "duplicate-local"
	// DuplicateBundle: two proof_bundle declarations with the same name.
	DuplicateBundle diag.Code = "duplicate-bundle"
	// UnusedBundle: a proof_bundle the protocol's requires clause does
	// not name.
	UnusedBundle diag.Code = "unused-bundle"

	// Annotation checks (§5).
	AnnotationType             diag.Code = "annotation-type"              // error: value of the wrong type
	AnnotationValue            diag.Code = "annotation-value"             // error: right type, invalid value (negative cost, no observer, bad budget entry)
	AnnotationDuplicate        diag.Code = "annotation-duplicate"         // error: a key given twice on one send
	AnnotationCapabilityFormat diag.Code = "annotation-capability-format" // warning (error in .tell files): guard_capability not "namespace:action"
	AnnotationUnknown          diag.Code = "annotation-unknown"           // warning: unknown key (with a suggestion)

	// Link checks (§6).
	LinkUnresolved    diag.Code = "link-unresolved"
	LinkMissingBundle diag.Code = "link-missing-bundle"
	LinkBadKey        diag.Code = "link-bad-key"
	LinkEmptyBundle   diag.Code = "link-empty-bundle"

	// Internal reports a bug in choreo itself (a recovered panic).
	Internal diag.Code = "internal"

	// Config reports a mistake in a choreo.yaml (the language server
	// publishes it on the project file; lint reports it in the file).
	Config diag.Code = "config"
)

// DocsURL is where the documentation of the diagnostic codes lives: one
// page per code, docs/diagnostics/<code>.md in the repository.
const DocsURL = "https://github.com/choreo-lang/choreo/blob/main/docs/diagnostics/"

// DocURL returns the page that documents code (what it means, an example,
// how to fix it).
func DocURL(code diag.Code) string {
	return DocsURL + string(code) + ".md"
}

// Info describes a diagnostic code for documentation, SARIF rules and
// editor hovers.
type Info struct {
	Code     diag.Code
	Severity diag.Severity // default severity
	Summary  string
}

// All lists every code analysis (and the parser and projection below it)
// can report, in SEMANTICS order.
func All() []Info {
	return []Info{
		{Syntax, diag.Error, "parse error"},
		{Layout, diag.Error, "tab indentation or inconsistent dedent"},
		{UndeclaredRole, diag.Error, "a role is used but not declared"},
		{DuplicateRole, diag.Error, "a role is declared twice"},
		{UnusedRole, diag.Warning, "a declared role never communicates"},
		{SelfSend, diag.Error, "a role sends to itself"},
		{BadIndex, diag.Error, "an index on a non-family, out of range, or an inverted range"},
		{ChoiceNotDecider, diag.Error, "a branch's first communication is not sent by the deciding role"},
		{ChoiceAmbiguous, diag.Error, "two branches a desugaring made are selected by the same message towards the same role"},
		{DuplicateLabel, diag.Error, "two branches of one choice have the same label"},
		{UnboundContinue, diag.Error, "continue outside the rec it names"},
		{UnguardedRecursion, diag.Error, "a path from rec L to continue L without communication"},
		{Unreachable, diag.Error, "a statement that can never run"},
		{Unmergeable, diag.Error, "projection fails: a role cannot tell which branch was taken"},
		{UnawareRole, diag.Warning, "a role takes part in some branches only, without being told"},
		{InconsistentParallel, diag.Error, "two par branches both use the same channel for one role"},
		{CallCycle, diag.Error, "local protocols call each other in a cycle"},
		{UnknownCall, diag.Error, "call of an unknown local protocol"},
		{MissingNamespace, diag.Warning, "no module header or #[namespace]"},
		{MultipleProtocols, diag.Error, "more than one top-level protocol in a file"},
		{LocalRoles, diag.Error, "a local protocol declares roles"},
		{DuplicateLocal, diag.Error, "two local protocols have the same name"},
		{DuplicateBundle, diag.Error, "a proof bundle is declared twice"},
		{UnusedBundle, diag.Warning, "a declared proof bundle that the protocol does not require"},
		{LoopWhile, diag.Warning, "a loop whose condition no role decides"},
		{AnnotationType, diag.Error, "an annotation value has the wrong type"},
		{AnnotationValue, diag.Error, "an annotation value is invalid"},
		{AnnotationDuplicate, diag.Error, "an annotation key is given twice"},
		{AnnotationCapabilityFormat, diag.Warning, "guard_capability is not a single \"namespace:action\" (an error in .tell files)"},
		{AnnotationUnknown, diag.Warning, "unknown annotation key"},
		{LinkUnresolved, diag.Error, "an imported endpoint is exported by no link of the bundle"},
		{LinkMissingBundle, diag.Error, "a link without bundle="},
		{LinkBadKey, diag.Error, "an unknown link segment key"},
		{LinkEmptyBundle, diag.Error, "an empty bundle id"},
		{BudgetRange, diag.Warning, "the protocol's weight is outside its class's expected range"},
		{NotProjected, diag.Information, "a construct kept in the model but not projected"},
		{Internal, diag.Error, "internal error in choreo"},
		{Config, diag.Error, "a mistake in choreo.yaml"},
	}
}
