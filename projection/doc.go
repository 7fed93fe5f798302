// Package projection turns a global protocol into one local session type
// per participant (SEMANTICS §3), renders local types in the session and
// Rust notations, and provides the structural helpers other stages need
// (Equal, Peers, Depth).
//
// # Projection
//
// Project works on the family-expanded model: it projects onto every name
// of global.Protocol.Participants, so W[0], W[1], ... each get a type. A
// block is projected from its last statement to its first, each statement
// receiving the projection of what follows it (its continuation); this is
// how a choice or a rec in the middle of a block continues with the rest.
// The continuation is shared, not copied, so a projected type is a DAG.
//
//   - A -> B : M gives !B.M; T to A, ?A.M; T to B, and T to everyone else.
//   - A choice gives its decider an internal choice (a Send when there is
//     one alternative, a Select otherwise) keyed by the first send of each
//     branch, labelled with the branch label. A branch whose projection
//     starts with a nested internal choice of the same decider contributes
//     all of its alternatives; a branch that starts with a loop contributes
//     those of the loop's unfolding. A branch that does not start with a send of
//     the decider is a choice-not-decider error (analysis reports it) and is
//     left out; when no branch starts with a send the branches are merged as
//     for any other role.
//   - Every other role gets the merge of its projections of the branches.
//     A role that neither communicates nor meets a continue inside the
//     choice gets the continuation directly. A branch whose projection starts with a receive becomes an
//     alternative labelled with that branch's label; this covers the role
//     that "receives the first message of some branches directly from R"
//     (it gets an external choice on those messages) as well as roles told
//     later or by another role. Merged alternatives keep the label of the
//     first branch that offered them.
//   - rec L { G } gives rec L. (G↓r) when r sends or receives somewhere in
//     G, else the continuation (the "end when r takes no part" of §3 with
//     sequencing). When r takes no part in G but G contains a continue to an
//     enclosing rec, r must still follow that jump: G is projected with
//     every continue L silent for r (a silent jump merges with anything), so
//     r gets what it does when the loop is left. The binder is dropped when the body never uses it, and
//     the rec disappears when the body is only the variable (the role would
//     loop silently). A label that an enclosing rec of the same role already
//     binds is renamed L_2, L_3, ... because the continuation after the
//     inner rec sits inside it and must not have its variables captured.
//   - continue L gives the variable of L. Statements after a continue are
//     unreachable (analysis reports it) and are not projected.
//   - par: a role in one branch gets that branch; a role in several gets
//     the branches in declaration order, each continuing with the next and
//     the last with the continuation of the par, which is the projection
//     of running the branches one after the other. When two of them both
//     send to the same peer for the role, Project reports
//     inconsistent-parallel (once per role and par, naming the first clash)
//     and still returns the concatenation. Two branches that both receive
//     from the same peer are the same clash seen from that peer, which is
//     reported as the sender, so each clash is reported once. A continue
//     inside a par branch is projected only for the roles of that branch
//     and ends the role's concatenation there.
//   - Loop (loop while "p", loop repeat n with a symbolic n) projects as its
//     body once, followed by the continuation. No role decides these loops:
//     every participant evaluates the predicate or count identically and
//     the runtime bounds the iterations by configuration, so each role runs
//     the same number k ≥ 0 of iterations, and its local type for k
//     iterations is the k-fold sequence of the body's projection. Checking
//     one iteration is therefore what typing needs: merges and parallel
//     checks do not depend on k, and Depth measures one iteration (the
//     budget of §7 is per iteration; the runtime's configured bound covers
//     the rest). The local type does not show the repetition.
//   - Opaque nodes (heartbeat, runtime operations) project to nothing;
//     analysis reports not-projected.
//
// # Merging
//
// merge(T1, T2) is full merging:
//
//   - end merges with end; a variable with the same variable; rec X. T1
//     with rec X. T2 as rec X. merge(T1, T2). A rec against anything else
//     is unfolded once (rec X. T is T[X := rec X. T]), so a branch that
//     starts with a loop merges with a branch that starts with another
//     message from the same sender. Merging is coinductive: when unfolding
//     leads back to a pair of types already being merged, the loop closes
//     into a rec, so equal loops under different labels (two `loop
//     forever` in different branches) merge into one.
//   - Sends (a Send is a one-alternative Select) merge when both offer the
//     same set of (peer, message name) keys with the same payloads; the
//     continuations are merged pairwise.
//   - Receives (a Recv is a one-alternative Branch) merge when every
//     alternative of both comes from one sender: the result is the union of
//     the alternatives, the continuations of a message offered by both being
//     merged. A message with the same name and different payloads does not
//     merge.
//   - end against an action (a send, receive, choice or rec) produces the
//     action and Project reports unaware-role (a warning): the role is not
//     told which branch was taken and may wait forever. This is the only
//     lenient case. A variable against end or against an action (a role
//     that silently loops in one branch and acts or stops in another) is a
//     conflict, like every other mismatch, and gives unmergeable.
//
// Merging folds over the branches in order. Merging continues after a
// conflict (keeping the left operand) so a type is always produced. At most
// one diagnostic is reported per choice and role: unmergeable if there is a
// conflict, else unaware-role. Both are reported on the choice's span; the
// message names the role, the decider, the two branches (the earliest
// branch that conflicts with the later one on its own) and the two
// conflicting actions, and the related locations point at those actions
// (the send statements, the continue, or the branch that does nothing).
//
// Merging records provenance: an alternative that merges the same message
// from several global sends keeps the first send's ID in Origin and the
// others in Merged, so every global send a role takes part in can be found
// in its local type.
//
// # Guarantees and what is left to analysis
//
// Project never fails and never panics on a malformed model: undeclared
// roles, unbound continues (left as free variables), choice-ambiguous
// choices (alternatives with the same key are kept side by side) and the
// other §2 structural errors are reported by analysis, not here. The output
// is deterministic: it depends only on the model, never on map order.
// With no error diagnostic and no unaware-role warning, every role is told
// every choice that concerns it, which is what SEMANTICS §4's deadlock
// freedom relies on; an unaware-role warning marks exactly the programs
// where a role may wait forever.
//
// # Notations
//
// Session renders the compact notation of §3 on one line; Pretty renders
// the same notation over several lines for hovers; Rust renders the Rust
// type notation (payloads are not shown there; a choice among several
// partners drops the partner parameter and keys its alternatives R.M).
// Every Select and Branch produced by Project has at least two
// alternatives, and Session and Pretty output read back by ParseSession is
// Equal to the original.
//
// A projected type is a DAG, and written out as a tree a protocol of k
// choices in sequence has 2^k paths. The renderings keep the sharing: a
// node that several edges lead to, other than end, a variable or a tail
// of at most three actions, is written once as a named definition,
// `T where K1 = T1, K2 = T2` in session notation and an alias line
// `type K1 = T1;` in Rust notation, and referred to by name everywhere
// else. So every rendering is linear in the size of the DAG (the role's
// state machine), and a type without such sharing renders exactly as it
// would without definitions. Names are K1, K2, ... in order of first use,
// skipping the names of the type's recursion variables. A definition may
// use a recursion variable bound by a rec around its uses: definitions
// are abbreviations, and ParseSession gives every use of one the same
// node, so the text reads back as the same DAG. docs/local-types.md is the
// user's description of the notations.
package projection
