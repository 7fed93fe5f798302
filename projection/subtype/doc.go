// Package subtype decides whether a new local type can replace an old one:
// asynchronous multiparty subtyping new ≤ old (SEMANTICS §9), plus the two
// simpler relations users compare against, synchronous subtyping
// (Gay–Hole) and equality of local types.
//
// # The relation
//
// new ≤ old holds when a role implementing new can replace one implementing
// old while every other role still runs the old protocol, each ordered pair
// of roles connected by an unbounded FIFO channel. Following the precise
// asynchronous multiparty subtyping of Ghilezan, Pantović, Prokić, Scalas
// and Yoshida ("Precise subtyping for asynchronous multiparty sessions",
// POPL 2021 / TOCL 2023), the new role may
//
//   - send a message earlier than the old role would: before receives, and
//     before sends to other peers (sends never block; per-peer order is kept);
//   - receive from p earlier than the old role would, but only before
//     receives from other peers (never before a send, which could deadlock);
//   - select among fewer messages and accept more messages (Gay–Hole
//     variance), on top of the reorderings;
//
// and it must not postpone an old action forever: a message sent early must
// eventually be expected by its peer on every run the old peers may choose,
// and a message the old peers send must eventually be received (the
// orphan-message-freedom condition of the precise relation). The relation
// is undecidable (Bravetti, Carbone, Zavattaro; Lange, Yoshida), so the
// checker answers Compatible, Incompatible or Unknown, and is sound: it
// never answers Compatible or Incompatible wrongly.
//
// # The algorithm
//
// The checker explores configurations (s, C): s is a state of the new
// type's automaton, C a context: a finite tree whose leaves are states of
// the old type and whose inner nodes are the old role's actions the new
// role has run ahead of. This is the input-context construction of the
// simulation trees of Bravetti, Carbone, Lange, Yoshida and Zavattaro ("A
// sound algorithm for asynchronous session subtyping and its
// implementation", LMCS 2021), generalised to several peers: inner nodes
// may also be sends to other peers, and the old role's own choices met on
// the way are pruned to the alternatives the new role can still take
// (rather than split), which keeps the search deterministic.
//
// A send of the new role to p must meet, on every path of C the old peers
// may choose, the old role's first action towards p, which must be the same
// message (name and payload). A receive from p must meet, passing only
// receives from other peers, the old role's receive from p; every message
// the old p may send there must have a branch in the new role. When the
// search for a matching action loops through the old type without passing
// one of the old role's choices, the old peers can repeat that loop forever
// and the action is never matched: a counterexample.
//
// Revisiting a configuration on the current path closes a loop and is
// accepted co-inductively, except when some action postponed at the start
// of the loop is still postponed however often the loop repeats (followed
// by the ids of inner nodes): that is an orphan message or a starving peer.
// Proven configurations that depend on no open assumption are cached.
//
// # Growing contexts
//
// When the new role runs ahead of the old one in every round of a loop,
// the context grows without bound and no configuration repeats exactly.
// Following the witness trees of Bravetti, Carbone, Lange, Yoshida and
// Zavattaro (LMCS 2021; CONCUR 2019), generalised to the multiparty
// context, the checker accepts a configuration (s, C') whose context is
// the context C of a configuration (s, C) on the current path with some
// leaves grown: every leaf of an old state t replaced by a context G(t)
// (written C' = σ(C)), provided that
//
//  1. C is not a leaf, and repeating the round from (s, C) to (s, C')
//     performs every action postponed in C after finitely many rounds
//     (no orphan message, no starving peer);
//  2. every send the new role can perform from s commutes with σ on the
//     leaves it replaces: sending from G(t) gives σ of sending from t (or
//     fails as sending from t does);
//  3. the subtree proving (s, C) (the witness) never receives by
//     expanding a leaf σ replaces, so its receives only meet postponed
//     actions that σ leaves in place; and
//  4. the witness uses no cached proof whose context has a leaf σ
//     replaces (its proof covers that context only). When the subtree of
//     (s, C) relies on a configuration above it, the growth is checked
//     there instead, with that configuration's subtree as the witness and
//     every growth below it checked against all of it; σ may also grow
//     leaves the configurations do not show, found while checking 2
//     (sending from t moves the leaf to a state that grows alike).
//
// Soundness: by 2 and 3 every step of the witness commutes with σ (σ
// changes only leaves, sends act on leaves, receives on inner nodes), so
// the configurations (s″, τ(C″)), for the configurations (s″, C″) of the
// witness and τ any composition of its growths, are closed under the
// steps of the relation: a co-inductive proof. Condition 1 is checked as
// for exact repeats, following each postponed action through the rounds:
// the round treats the top of σⁿ(C) as it treats C, so an action at a
// position of C moves to the same position of C in every round, and it
// must be performed after finitely many rounds; the actions below rise as
// the ones above them are performed. This meets the orphan-message
// condition.
// The configuration (s, C) is looked for among the nearest ones on the
// current path with the same new state, so a round may span several loops
// of the new role, as when it returns to the same phase of a loop of the
// old role only every few rounds.
// The justification names the pattern each round adds ("each round adds
// ?b to the postponed actions"). Counterexamples are unaffected: they are
// concrete runs, found and shortened as before.
//
// # What is decided
//
// Always decided: the search for these pairs ends by itself, so only a
// bound too small for their size can leave them Unknown (the default
// bounds are far from it for pairs the size of the literature's):
//
//   - finite types (no recursion; the property tests check it);
//   - pairs whose search keeps the context bounded, since configurations
//     then repeat;
//   - two-party pairs in which one of the two types makes no choice (every
//     internal and external choice has one branch: the type is single-out
//     and single-in, a finite sequence or a sequence ending in a loop).
//     These are the fragments without choices in one of the compared
//     types on which Bravetti, Carbone and Zavattaro ("Undecidability of
//     asynchronous session subtyping", Inf. Comput. 2017; "On the boundary
//     between decidability and undecidability of asynchronous session
//     subtyping", TCS 2018) and Lange and Yoshida ("On the undecidability
//     of asynchronous session subtyping", FoSSaCS 2017) show the relation
//     decidable, while it is undecidable as soon as the new type is only
//     single-out and the old one only single-in (their encoding of queue
//     machines).
//
// The last fragment is decided by a dedicated procedure (linear.go). With
// one peer and one type without choices the search never branches: the
// new role's selections must all match the old role's one send (or the
// old role's selection is narrowed to the new role's), and the messages
// received are the old role's one message, or the new role's one branch.
// So the pair has a single run, whose context is a queue w of postponed
// receives followed by an old state q, and the procedure follows it. It
// stops at a failure (a concrete counterexample), at an exact repeat (a
// loop, unless a postponed receive is never performed: an orphan), or at
// a round from (s, w₁·q) to (s, w₂·q) with |w₂| ≥ |w₁| that receives α from
// the front and adds B at the back (w₁·B = α·w₂), receives nothing from
// the old state unless the queue keeps its length, and whose receives read
// w₁·B·B·… as α·α·… (decided on the first |w₁|+|α|+|B| letters by Fine and
// Wilf's theorem on periods). The round's sends depend only on s and q and
// its receives only on the front of the queue, so the round repeats
// forever: a proof, which also covers the growth that regroups the queue
// (rounds that do not start where earlier ones started, which witness
// trees cannot show). The procedure ends: if the queue is empty infinitely
// often, a configuration with an empty queue repeats; otherwise, after the
// last time it is empty, take the instants after which the queue is never
// shorter. If the queue stays bounded, configurations repeat. If it grows
// without bound there are infinitely many such instants, so two of them
// share s, q and, when the old type has no choice, the position in its
// loop of the first postponed receive; between them the queue does not
// shrink and is never empty, and their round meets the condition on α and
// B or, when the new type has no choice and so reads fixed letters, the
// run fails within |w₁|+|α|+|B| receives. When the old type has no choice,
// the letters of the queue are a factor of its one infinite word of
// receives at a position of the same phase, so α·α·… is that word's tail.
// The procedure is sound for any pair whose run does not branch, and is
// tried first for every pair; when the run branches, the general search
// below decides the pair. With several peers a send may pass postponed
// sends to other peers and a receive postponed receives from other peers,
// so the round argument does not hold there: such a run is only decided
// by a failure or an exact repeat, and a growing one is left to the
// general search. The run keeps its queue as a queue (a send appends what
// it postpones, a receive takes its message out), so a run costs time
// linear in its length where the general search rebuilds the context at
// every step; the benchmark families of Rumpsteak's evaluation (streaming,
// double buffering, ring) are such runs.
//
// Pairs whose context grows are otherwise decided when a witness of growth
// proves them or a growing round leaves an action postponed forever (a
// definite orphan). Other decidable fragments of the literature, in which
// both types may branch, are not decided by a dedicated procedure: the
// checker answers them like any other pair, and may leave one Unknown.
//
// # Bounds
//
// Every check is bounded: Options.Timeout (default 900 ms; the caller's
// context cancels at once, with its error), Options.MaxConfigurations
// and Options.MaxPending (the number of postponed actions). A bound that
// stops the search makes the answer Unknown, and Result.StoppedBy names
// it; the command line raises them with --timeout, --max-configurations
// and --max-pending, choreo.yaml's subtype section for compat and the
// language server. Rumpsteak's k-bounded subtyping (Cutner, Yoshida and
// Vassor, "Deadlock-free asynchronous message reordering in Rust with
// multiparty session types", PPoPP 2022) bounds reordering in a similar
// way, but answers "no" at the bound; here the bound yields Unknown, and
// loops that keep the context finite are decided however long they run,
// because configurations repeat.
//
// Configurations are keyed by the new state and the shape of the
// context, hash-consed when a context is built, so looking a
// configuration up costs one map access rather than a walk of the
// context.
//
// Why this algorithm: protocol versions are checked in CI, so every answer
// must be trustworthy (sound in both directions) and explainable. The
// context construction yields a concrete run for every failure, and the
// reorderings it used for every success, and it decides the common
// evolutions (anticipated sends, extra branches, unrolled loops, reordered
// receives from distinct peers) in time proportional to the explored
// configurations times the size of their contexts. Local types are turned
// into automata first, keeping the subtrees a projection shares (the
// continuation of a choice) as one state, so sequences of choices do not
// multiply the work.
//
// Messages are equal when their names are equal and their payload texts
// are equal in canonical form (projection.CanonicalPayload): the payload is
// the message's type, and the checker does not interpret it.
//
// Choices over several peers: an external choice of the old role mixing
// senders is explored for every sender the old peers may pick first. When a
// send of the new role meets an internal choice of the old role that mixes
// a matching send with sends to other peers, the match is taken (the old
// role could also have sent to the others first); a failure found beyond
// such a match is reported as Unknown, not Incompatible.
//
// Not decided by the search: an external choice of the new role over
// several senders, the failures beyond a mixed match above, and
// anticipation past a loop of the old role that contains one of its
// choices. When the search stops undecided, CheckAsync falls back on
// synchronous subtyping (Gay–Hole), which implies the asynchronous relation:
// a proof there is a proof here. Only when that fails too is the answer
// Unknown.
//
// # Counterexamples
//
// A Counterexample lists the new role's actions up to the disagreement
// (Trace), what the old role does there (Expected), what the new role
// accepts there for a missing branch (Accepted), the old actions the new
// role had postponed on that run (Pending) and a sentence (Text). Actions
// keep the global send they project (Action.Origin), so surfaces can point
// at the source. After a
// failure is found, the search is repeated with a bound on the trace
// length, bisecting for the shortest failing run, so the counterexample is
// minimal in the number of the new role's actions.
//
// # Testing
//
// testdata/literature.txt holds positive and negative pairs from the papers
// above, each with its source, among them pairs of the evaluation of
// Bravetti et al.'s checker; the tests require every positive pair proved
// and every negative one refuted, except the positive pairs marked
// unproved, each with the reason it is out of reach. Property tests run random types
// and mutations of them against an independent semantics: the new role with
// the dual of the old type over per-peer FIFO buffers, where a Compatible
// verdict must meet no error (and, on finite two-party types, an
// Incompatible verdict must meet one). Because one sequential dual cannot
// show failures that need independent peers, a second property test
// projects random three-role global protocols, replaces one role by a
// mutation of its projection, and requires that a Compatible verdict
// leaves the system of independent processes over per-pair FIFO channels
// free of unexpected messages, deadlocks and unconsumed messages.
package subtype
