// Package analysis turns a parsed .choreo file into everything the tools
// need: the global protocol model (package global), symbols, every
// diagnostic of SEMANTICS §2, typed annotations and their effect commands
// (§5), links, fragments and the composition manifest (§6), termination
// budgets (§7), and the projections of package projection.
//
// Analyze is the one entry point every surface uses (CLI, language server,
// runtime, tests):
//
//	res := analysis.Analyze(ctx, analysis.Input{Filename: name, Src: src, Config: cfg})
//	res.Protocol      // *global.Protocol (nil when the file has no protocol)
//	res.Projections   // local type per participant
//	res.Diagnostics   // sorted, severity overrides of choreo.yaml applied
//	res.Budget, res.Manifest, res.Symbols, res.Effects(sendID)
//
// One pass reports everything it can: a bad reference drops only the
// statement it occurs in, and the rest of the file is still lowered and
// checked. Analyze never panics on any input (a bug is reported as an
// "internal" diagnostic) and returns early when its context is cancelled.
//
// # Choices where SEMANTICS is silent
//
// Roles and indices.
//   - A role family used without an index (Witness -> B) is a bad-index
//     error ("needs an index"), except in quorum_collect F -> B, whose
//     syntax names the family as a whole.
//   - Ranges F[a..b] are inclusive; a symbolic start is 0 and a symbolic end
//     the last member. A literal index or range outside the family's size is
//     bad-index for configured and default sizes too (the message says which
//     size was used), since no member exists to lower it to.
//   - A symbolic index F[i] denotes one member: each distinct symbol of a
//     family gets its own member in order of first use (F[i] = F[0],
//     F[j] = F[1], ...); more symbols than members is bad-index.
//   - F[*] -> F[*] sends from every member to every other member (self
//     pairs are skipped, not reported); only a send whose both ends are one
//     participant is a self-send.
//   - A broadcast goes to every other participant, family members included.
//   - Family sizes come from choreo.yaml families.sizes by family name, then
//     by size symbol (N), else families.default (3).
//
// Desugaring.
//   - A choice, loop or call in the middle of a block is sequential
//     composition: the statements after it follow every branch.
//   - `choice at F[*]` (or a range) is one choice per member, in sequence.
//   - `loop decide by R` and `loop forever` get recursion labels Loop1,
//     Loop2, ... numbered in source order over the protocol's body, then
//     its local protocols (in file order), so labels do not change when
//     lines move; a label is suffixed _2, _3 ... when the file uses that
//     name as a rec label, so it never captures a user's `continue`. The
//     signal messages of `loop decide by R` are Continue and Done without
//     payload, spanning the loop statement.
//     "Participants of body" are the participants that send or receive in
//     the whole body (other than R), in declaration order; they are told in
//     every branch, including branches replacing Continue. A participant is
//     informed when, on every path of the branch, its first action is a
//     receive from R. In the Continue branch the signals come first; a
//     branch of a leading `choice at R` keeps its own first message first
//     and gets its signals right after it, so that its label selects
//     towards the recipient of that message, as written (the label fuses
//     with it when they share a name), rather than towards the first
//     participant told Continue. The statements
//     after that leading choice are lowered once per branch, so every send
//     of the model has its own id.
//   - `loop repeat n` with a literal n is unrolled (each copy has its own
//     send ids) unless it would produce more than 10,000 statements; then,
//     like a symbolic n, it stays a counted global.Loop.
//   - `loop forever` is rec LoopN { body; continue }; statements after
//     it are unreachable, like statements after `continue`, and so are the
//     statements after any `rec` or choice whose every path continues a
//     loop (global.NodeFallsThrough): by §1 a rec that never exits is
//     `loop forever`. Projection gives a role nothing after such a node,
//     so a role that acts after a choice only some of whose branches
//     never exit is unaware-role when it is not told the branch.
//   - Branch labels are on the wire (package selection, after the checks
//     and before projection): the decider sends the label to the
//     recipient of the branch's first send, fused with that message when
//     its name equals the label, else as a message of its own (origin
//     global.FromLabel, no payload, no effects) before it. The first send
//     is found by looking through `continue L` (unfolding rec L once); a
//     label equal to the name of rec L's first statement fuses with it by
//     splitting rec L after that message (rec L { M; rec L_M { … } }).
//     When the first sends of a branch go to several roles (a nested
//     choice or par), the label goes to the first of them in source order.
//     Upstream (Telltale 10) sends every label of a choice to the
//     recipient of the first branch's first send; we send each branch's
//     label to its own first recipient. The two agree whenever every branch
//     starts with a send to the same role (every corpus file); ours stays
//     meaningful when branches start with different roles.
//   - `call P` inlines P's body in a fresh scope: the caller's rec labels
//     and `choice at F[*]` bindings are not visible inside P. A local
//     protocol nobody calls is still checked.
//   - heartbeat and runtime operations become global.Opaque nodes; the
//     blocks of a heartbeat are checked but not part of the model, and its
//     two roles count as used (no unused-role).
//   - Retry counts, quorum `min k`, timed-choice durations and brace loop
//     options (fuel, yield_after, yield_when) are runtime policy; `min k`
//     outside 1..|F| is bad-index.
//
// Checks.
//   - choice-not-decider is reported at the offending first send, looking
//     through `continue` (a branch that only continues a loop is selected
//     like one that starts with the loop's first message, as in Scribble
//     and nuScr); a branch with no communication at all (or a path through
//     it without any, also after unfolding) is choice-not-decider too,
//     since the other roles cannot learn of it.
//   - choice-ambiguous compares what selects each branch on the wire: the
//     label (or, for a branch without one, its first message) and its
//     recipient. Written labels that differ never collide, and two equal
//     written labels are duplicate-label only, so choice-ambiguous is left
//     for selections a desugaring made (a branch of a `loop decide by`
//     whose label is the loop's own Done).
//   - A broadcast uses every declared role (each other role receives it),
//     so none of them is unused-role.
//   - Two messages are the same message when their names and their
//     payloads' field types agree (projection.CanonicalPayload drops
//     top-level field names, as nuScr compares payload types): merging,
//     compatibility and the code image all use this one rule, so
//     `Data(x: int)` and `Data(y: int)` merge, and renaming a field is
//     not a payload change.
//   - unguarded-recursion is reported at each `continue L` reachable from
//     `rec L` without a send; a path through a counted/while loop body does
//     not guard (the loop may run zero times).
//   - Diagnostics from a statement lowered several times (unrolled loops,
//     inlined calls, family choices) are reported once.
//   - A second top-level protocol is multiple-protocols; only the first is
//     analysed. A local protocol that declares roles is local-roles (error);
//     a local protocol defined twice is duplicate-local.
//   - `loop while` is reported with the warning loop-while.
//
// Annotations.
//   - Codes: annotation-type (error, wrong value type), annotation-value
//     (error: negative flow_cost, leak without observer, bad leakage_budget
//     entry), annotation-duplicate (error, any key given twice on one
//     send), annotation-capability-format (an error in .tell files, whose
//     compiler, Telltale 10 and later, rejects legacy, unnamespaced and
//     comma-joined capabilities; a warning in .choreo files of the older
//     eras, whose toolchains accepted them), annotation-unknown
//     (warning, with the closest known key and a rename quick fix).
//   - Prefix annotations (@parallel, @runtime_timeout(5s)) are runtime hints:
//     their names are checked (annotation-unknown) but they make no effects.
//   - Effect commands are in a fixed order that follows the guard chain, not
//     the source order: StoreMetadata{guard_capability}, ChargeBudget,
//     StoreMetadata{journal_facts}, StoreMetadata{journal_merge},
//     StoreMetadata{audit_log}, RecordLeakage. Every annotated send has a
//     ChargeBudget (default 100); an unannotated send has no commands.
//
// Links, manifest, budgets.
//   - Link diagnostics point into the string literal at the offending
//     segment when the literal has no escapes. link-unresolved is checked
//     per file by Analyze; ResolveWorkspaceLinks re-checks it across files
//     (choreo lint does so over all files it is given).
//   - The protocol id is the configured id of the namespace, else
//     "namespace.Name". The execution envelope is the registry entry of the
//     id or of its longest dotted prefix, else cooperative. The admission
//     report of a termination_bounded protocol requires a class not chosen
//     by the default rule and a static bound for every counted/while loop.
//   - Class resolution: the configured id in the class table (exact, or an
//     "x.*" pattern); then the namespace looked up the same way; then
//     namespace keywords (words split on non-alphanumerics: consensus —
//     "fast_path" selects the fast-path class —, sync, epoch, ota, dkg, and
//     the phrase anti_entropy); else the default class (recovery / grant).
//   - k_σ is applied in thousandths, so ceil(W × k) is exact for the
//     calibrated factors. The default hard cap is 1,000,000 steps.
//   - budget-range is reported on the protocol name.
//
// Not interpreted: `import` lines and `requires X, Y` in a protocol header
// (recorded by the parser, shown by the tools, no semantics given).
//
// Configuration is choreo.yaml (package config), found by walking up from
// the analysed file's directory.
package analysis
