// Package compat classifies the change between two versions of a protocol
// file as patch, minor, major or undetermined (SEMANTICS §9 and the seed's
// protocol evolution policy), with a reason per role.
//
// For every role present in both versions the new local type is compared
// with the old one: equal local types (projection.Equal) need no check;
// otherwise subtype.CheckAsync decides new ≤ old. The level is then
//
//	patch         no role's projection changed (comments, formatting, annotations, metadata)
//	minor         some projection changed and every shared role is compatible
//	major         a shared role is incompatible, a role was added, removed or renamed,
//	              the namespace changed, or the protocol was deleted
//	undetermined  no role incompatible but some unknown, or a version has errors
//
// and the report names the decision-table row(s) that applied: additive
// branch, payload change, role added/removed/renamed, namespace change,
// metadata-only, or another projection change (for which the checker is
// the source of truth, as for every row).
//
// Choices where SEMANTICS is silent:
//
//   - The namespace (module name or #[namespace]) and the protocol name are
//     the contract's identity: a change of either is a namespace change.
//     When the caller compares two distinct files it has paired explicitly
//     (Options.IgnoreNamespace, as `choreo compat OLD NEW` does), the names
//     are file identities (two files of one tree cannot share a module) and
//     a difference is reported as a note only; this is what makes Aura's
//     compatible_baseline → compatible_current fixture a patch.
//   - A message is the same message when its name and payload text agree;
//     payload text is not type-checked, so a payload change is a different
//     message to the checker (incompatible unless no role sends or receives
//     it any more) and is reported under the payload-change row.
//   - A role is "renamed" rather than removed plus added when as many roles
//     were removed as added; they are paired in declaration order.
//   - A version with error diagnostics (or without a protocol) cannot be
//     classified: undetermined, with the first error as the reason.
//   - A deleted file is major (every role removed); a new file is
//     unclassified: initial versioning needs an explicit review.
package compat
