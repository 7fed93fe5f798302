// Package fsm turns local types into communicating finite-state machines
// and a global protocol into a graph of its interactions, for pictures
// (`choreo project --format dot|mermaid|svg|json`, the editors' state
// machine view).
//
// A role's machine has one state per point of its local type, counted as
// the projection shares them: a continuation shared by several branches
// is one state (the type is a DAG, and Local memoizes by node), and rec X
// followed later by X is a cycle back to the rec's state. So the machine
// has as many states as the type has distinct nodes, where the written-out
// type can have exponentially many paths. Transitions are labelled as in
// the session notation, `!B.Msg(payload)` and `?A.Msg(payload)`; a
// state without transitions is final when it is end, and stuck otherwise
// (an unbound variable or a loop that does nothing, which only malformed
// types have).
//
// The global graph (Global) has one state per point between interactions
// of the global protocol: a send is a transition `A → B : Msg`, a choice
// is a state with one transition per branch labelled with the branch
// label, rec and continue are a cycle, a `loop while` or `loop repeat` is
// a state with a transition into the body and one out of the loop, and
// opaque statements (heartbeat, runtime operations) are transitions
// labelled with their kind. A par is drawn as its branches one after the
// other (one of its interleavings, the one projection uses for a role in
// several branches).
//
// States are numbered 0, 1, ... in breadth-first order from the initial
// state 0, so the numbering depends only on the type or protocol.
package fsm
