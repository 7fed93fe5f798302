package analysis

import "github.com/choreo-lang/choreo/diag"

// Diagnostic codes reported by analysis (SEMANTICS §2, §5, §6, §7). Codes
// are stable: configuration and editors refer to them. The parser reports
// "syntax" and "layout"; projection reports "unmergeable", "unaware-role"
// and "inconsistent-parallel", which Analyze merges into its Result.
const (
	CodeSyntax               diag.Code = "syntax"
	CodeLayout               diag.Code = "layout"
	CodeUndeclaredRole       diag.Code = "undeclared-role"
	CodeDuplicateRole        diag.Code = "duplicate-role"
	CodeUnusedRole           diag.Code = "unused-role"
	CodeSelfSend             diag.Code = "self-send"
	CodeBadIndex             diag.Code = "bad-index"
	CodeChoiceNotDecider     diag.Code = "choice-not-decider"
	CodeChoiceAmbiguous      diag.Code = "choice-ambiguous"
	CodeDuplicateLabel       diag.Code = "duplicate-label"
	CodeUnboundContinue      diag.Code = "unbound-continue"
	CodeUnguardedRecursion   diag.Code = "unguarded-recursion"
	CodeUnreachable          diag.Code = "unreachable"
	CodeUnmergeable          diag.Code = "unmergeable"
	CodeUnawareRole          diag.Code = "unaware-role"
	CodeInconsistentParallel diag.Code = "inconsistent-parallel"
	CodeCallCycle            diag.Code = "call-cycle"
	CodeUnknownCall          diag.Code = "unknown-call"
	CodeMissingNamespace     diag.Code = "missing-namespace"
	CodeMultipleProtocols    diag.Code = "multiple-protocols"
	CodeBudgetRange          diag.Code = "budget-range"
	CodeNotProjected         diag.Code = "not-projected"

	// CodeLoopWhile warns that a `loop while` condition is decided by no
	// role: every participant must evaluate it identically (§1).
	CodeLoopWhile diag.Code = "loop-while"
	// CodeLocalRoles: a local protocol under `where` declares roles.
	CodeLocalRoles diag.Code = "local-roles"
	// CodeDuplicateLocal: two local protocols with the same name.
	CodeDuplicateLocal diag.Code = "duplicate-local"

	// Annotation checks (§5).
	CodeAnnotationType             diag.Code = "annotation-type"              // error: value of the wrong type
	CodeAnnotationValue            diag.Code = "annotation-value"             // error: right type, invalid value (negative cost, no observer, bad budget entry)
	CodeAnnotationDuplicate        diag.Code = "annotation-duplicate"         // error: a key given twice on one send
	CodeAnnotationCapabilityFormat diag.Code = "annotation-capability-format" // warning: guard_capability not "namespace:action"
	CodeAnnotationUnknown          diag.Code = "annotation-unknown"           // warning: unknown key (with a suggestion)

	// Link checks (§6).
	CodeLinkUnresolved    diag.Code = "link-unresolved"
	CodeLinkMissingBundle diag.Code = "link-missing-bundle"
	CodeLinkBadKey        diag.Code = "link-bad-key"
	CodeLinkEmptyBundle   diag.Code = "link-empty-bundle"

	// CodeInternal reports a bug in choreo itself (a recovered panic).
	CodeInternal diag.Code = "internal"
)

// CodeInfo describes a diagnostic code for documentation, SARIF rules and
// editor hovers.
type CodeInfo struct {
	Code     diag.Code
	Severity diag.Severity // default severity
	Summary  string
}

// Codes lists every code analysis (and the parser and projection below it)
// can report, in SEMANTICS order.
func Codes() []CodeInfo {
	return []CodeInfo{
		{CodeSyntax, diag.Error, "parse error"},
		{CodeLayout, diag.Error, "tab indentation or inconsistent dedent"},
		{CodeUndeclaredRole, diag.Error, "a role is used but not declared"},
		{CodeDuplicateRole, diag.Error, "a role is declared twice"},
		{CodeUnusedRole, diag.Warning, "a declared role never communicates"},
		{CodeSelfSend, diag.Error, "a role sends to itself"},
		{CodeBadIndex, diag.Error, "an index on a non-family, out of range, or an inverted range"},
		{CodeChoiceNotDecider, diag.Error, "a branch's first communication is not sent by the deciding role"},
		{CodeChoiceAmbiguous, diag.Error, "two branches start with the same message from the decider to the same role"},
		{CodeDuplicateLabel, diag.Error, "two branches of one choice have the same label"},
		{CodeUnboundContinue, diag.Error, "continue outside the rec it names"},
		{CodeUnguardedRecursion, diag.Error, "a path from rec L to continue L without communication"},
		{CodeUnreachable, diag.Error, "a statement that can never run"},
		{CodeUnmergeable, diag.Error, "projection fails: a role cannot tell which branch was taken"},
		{CodeUnawareRole, diag.Warning, "a role takes part in some branches only, without being told"},
		{CodeInconsistentParallel, diag.Error, "two par branches both use the same channel for one role"},
		{CodeCallCycle, diag.Error, "local protocols call each other in a cycle"},
		{CodeUnknownCall, diag.Error, "call of an unknown local protocol"},
		{CodeMissingNamespace, diag.Warning, "no module header or #[namespace]"},
		{CodeMultipleProtocols, diag.Error, "more than one top-level protocol in a file"},
		{CodeLocalRoles, diag.Error, "a local protocol declares roles"},
		{CodeDuplicateLocal, diag.Error, "two local protocols have the same name"},
		{CodeLoopWhile, diag.Warning, "a loop whose condition no role decides"},
		{CodeAnnotationType, diag.Error, "an annotation value has the wrong type"},
		{CodeAnnotationValue, diag.Error, "an annotation value is invalid"},
		{CodeAnnotationDuplicate, diag.Error, "an annotation key is given twice"},
		{CodeAnnotationCapabilityFormat, diag.Warning, "guard_capability is not a single \"namespace:action\""},
		{CodeAnnotationUnknown, diag.Warning, "unknown annotation key"},
		{CodeLinkUnresolved, diag.Error, "an imported endpoint is exported by no link of the bundle"},
		{CodeLinkMissingBundle, diag.Error, "a link without bundle="},
		{CodeLinkBadKey, diag.Error, "an unknown link segment key"},
		{CodeLinkEmptyBundle, diag.Error, "an empty bundle id"},
		{CodeBudgetRange, diag.Warning, "the protocol's weight is outside its class's expected range"},
		{CodeNotProjected, diag.Information, "a construct kept in the model but not projected"},
		{CodeInternal, diag.Error, "internal error in choreo"},
	}
}
