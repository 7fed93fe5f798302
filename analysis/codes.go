package analysis

import (
	"github.com/choreo-lang/choreo/analysis/internal/diagcodes"
	"github.com/choreo-lang/choreo/diag"
)

// Diagnostic codes reported by analysis (SEMANTICS §2, §5, §6, §7). Codes
// are stable: configuration and editors refer to them. The parser reports
// "syntax" and "layout"; projection reports "unmergeable", "unaware-role"
// and "inconsistent-parallel", which Analyze merges into its Result. They
// are defined, with their documentation, in the leaf package
// analysis/internal/diagcodes, which package config also uses to check the
// codes a choreo.yaml names.
const (
	CodeSyntax                     = diagcodes.Syntax
	CodeLayout                     = diagcodes.Layout
	CodeUndeclaredRole             = diagcodes.UndeclaredRole
	CodeDuplicateRole              = diagcodes.DuplicateRole
	CodeUnusedRole                 = diagcodes.UnusedRole
	CodeSelfSend                   = diagcodes.SelfSend
	CodeBadIndex                   = diagcodes.BadIndex
	CodeChoiceNotDecider           = diagcodes.ChoiceNotDecider
	CodeChoiceAmbiguous            = diagcodes.ChoiceAmbiguous
	CodeDuplicateLabel             = diagcodes.DuplicateLabel
	CodeUnboundContinue            = diagcodes.UnboundContinue
	CodeUnguardedRecursion         = diagcodes.UnguardedRecursion
	CodeUnreachable                = diagcodes.Unreachable
	CodeUnmergeable                = diagcodes.Unmergeable
	CodeUnawareRole                = diagcodes.UnawareRole
	CodeInconsistentParallel       = diagcodes.InconsistentParallel
	CodeCallCycle                  = diagcodes.CallCycle
	CodeUnknownCall                = diagcodes.UnknownCall
	CodeMissingNamespace           = diagcodes.MissingNamespace
	CodeMultipleProtocols          = diagcodes.MultipleProtocols
	CodeBudgetRange                = diagcodes.BudgetRange
	CodeNotProjected               = diagcodes.NotProjected
	CodeLoopWhile                  = diagcodes.LoopWhile
	CodeLocalRoles                 = diagcodes.LocalRoles
	CodeDuplicateLocal             = diagcodes.DuplicateLocal
	CodeDuplicateBundle            = diagcodes.DuplicateBundle
	CodeUnusedBundle               = diagcodes.UnusedBundle
	CodeAnnotationType             = diagcodes.AnnotationType
	CodeAnnotationValue            = diagcodes.AnnotationValue
	CodeAnnotationDuplicate        = diagcodes.AnnotationDuplicate
	CodeAnnotationCapabilityFormat = diagcodes.AnnotationCapabilityFormat
	CodeAnnotationUnknown          = diagcodes.AnnotationUnknown
	CodeLinkUnresolved             = diagcodes.LinkUnresolved
	CodeLinkMissingBundle          = diagcodes.LinkMissingBundle
	CodeLinkBadKey                 = diagcodes.LinkBadKey
	CodeLinkEmptyBundle            = diagcodes.LinkEmptyBundle
	CodeInternal                   = diagcodes.Internal
	CodeConfig                     = diagcodes.Config
)

// CodeInfo describes a diagnostic code for documentation, SARIF rules and
// editor hovers.
type CodeInfo = diagcodes.Info

// Codes lists every code analysis (and the parser and projection below it)
// can report, in SEMANTICS order.
func Codes() []CodeInfo { return diagcodes.All() }

// CodeDocURL returns the page of the user documentation that explains code
// (what it means, an example, how to fix it).
func CodeDocURL(code diag.Code) string { return diagcodes.DocURL(code) }
