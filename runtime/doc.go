// Package runtime is the bundled protocol VM ("run in VM", SEMANTICS §8):
// it compiles every participant's projected local type to bytecode, runs
// the programs against each other over FIFO buffers under a deterministic
// scheduler, enforces the guard chain at every send, checks the §7
// termination budget, optionally injects simulated faults, and records a
// trace that renders as text, JSON lines, Mermaid or SVG.
//
// # Entry points
//
// The language server and the CLI call Run (or Compile then Execute) on an
// analysis result; Analyze applies the run configuration's family sizes.
// Tests and tools that already hold a global protocol and its projections
// use NewImage. RenderText, RenderJSON, RenderMermaid and RenderSVG render a
// recorded Trace; ReadTrace and Replay re-check a recorded JSON trace.
//
// # Code images and the instruction set
//
// An Image holds the constant tables every program indexes — participants,
// messages (name and payload text), actions (one per projected global send,
// with its annotations and rendered metadata effect commands) — one Program
// per participant, the global protocol, the manifest and the §7 budget.
// An instruction is an opcode with three int32 operands:
//
//	send   A=peer B=message C=action   enqueue on the buffer self → peer
//	recv   A=peer B=message C=action   dequeue the head of peer → self; it must be B
//	select A=choice table              ask the host for a branch, then run its send
//	offer  A=choice table              wait until some alternative's message heads
//	                                   its buffer, then run that alternative's recv
//	jump   A=address B=rec             continue at A; B >= 0 marks a loop back into rec B
//	halt                               the role has reached end
//
// A choice table lists the recs enclosing the choice and its alternatives
// (peer, message, label, action, target address, and whether the
// alternative can reach end without a jump or leave the innermost rec). `rec X. T` compiles to T's code, whose first address is the rec's
// entry; `X` compiles to a jump back to it. Projected types are DAGs (a
// continuation after a choice is shared by its branches): a subtree already
// compiled in the same rec scope is emitted once and jumped to. Every
// address carries the §7 depth of the local type that remains from there,
// which is how the VM tracks W = 2 × Σ depth + buffered messages.
// Image.Disassemble prints all of this.
//
// # Steps and scheduling
//
// A step is one communication: a send (including the choice that selects
// it) or a receive (including the offer it resolves). Jumps and halts are
// taken immediately after the step that reaches them. The scheduler keeps a
// bit set of runnable roles — a role is runnable when its current send has
// room (buffers are unbounded unless Config.BufferBound is set) or its
// current receive has a deliverable message at the head of the buffer — and
// picks one per step:
//
//   - cooperative (default): keep running the current role until it blocks
//     or halts, then the next runnable role in participant order;
//   - round-robin: the next runnable role after the previous one, one step each;
//   - random: a uniformly random runnable role, from a PCG seeded by Config.Seed.
//
// Scheduling, branch decisions and fault injection draw from separate
// random streams derived from the seed, so enabling faults does not change
// which branches are taken. The same image, configuration and seed produce
// the same trace byte for byte.
//
// When no role is runnable the run ends: completed when every role halted
// and every buffer is empty; orphan when every role halted but messages
// remain (the outcome names the receiver of the first); deadlock otherwise
// (the outcome lists every waiting role and what it waits for).
//
// # Host interface and loops
//
// A Host provides payloads (ProvideMessage) and decides internal choices
// (SelectBranch). The built-in host synthesises payloads from the payload
// text (each field gets its type's zero value: "amount: u64" → "amount=0")
// and decides by Config.Branch: first, round-robin per role, seeded random,
// or a scripted list of labels. So that decided loops terminate under any
// policy, once a role has looped back Config.LoopBound times (default 1)
// into some rec enclosing a choice, the host is offered only the
// alternatives with a jump-free path to end; failing those, the ones that
// leave the innermost rec; failing those, all of them. (Looping back into an
// outer rec resets the counts of the recs nested in it.) Loops no role decides (`loop
// while`, symbolic `loop repeat`) are unrolled before projection to
// Config.Loops[predicate or count] iterations (default 2) — every
// participant evaluates the condition identically, so all take the same
// number of turns.
//
// # Guard chain
//
// An annotated send runs the §5 chain before its message enters the
// buffer. The chain first checks, without changing any state: CapGuard
// (guard_capability must be granted to the sender: Config.Capabilities per
// role or family; nil grants every capability the protocol uses), FlowGuard
// (flow_cost, or the default 100, must fit the remaining budget of the
// (sender, receiver) pair in Config.FlowBudgets; unlisted pairs are
// unlimited) and LeakageTracker (when the send has leakage_budget, the
// leakage recorded for each observer class External, Neighbor, InGroup must
// stay within its entry). A denial emits a denied event and faults the run
// at that step; nothing has been charged or recorded. Otherwise the host
// provides the payload and the chain commits, in order: the annotation
// effects (the StoreMetadata commands of analysis.EffectCommands), the
// capability acquisition, the flow charge (the ChargeBudget command), the
// journal fact (appended, or merged into an existing entry when
// journal_merge is true), the leakage (the RecordLeakage command), and the
// network send. Each effect happens exactly once per send.
//
// # Budget
//
// max_steps comes from the analysis budget of the compiled local types
// (analysis.ComputeBudget, SEMANTICS §7) unless Config.MaxSteps overrides
// it. It is checked after every step: when the budget is used up and some
// role could still move, the run ends with bound-exceeded at step
// max_steps, naming the role that would have moved. A budget-warning event
// is emitted once, at the step that reaches 80 % (ceil(0.8 × max_steps)).
//
// # Simulation
//
// Simulated time advances one tick per step. With Config.Faults every sent
// message may be dropped, duplicated or delayed by DelayTicks (drawn in that
// order, at most one per message); a delayed message blocks its FIFO buffer
// until it is due, and when every role waits only on delayed messages time
// jumps to the earliest delivery. A crash (Role@step) faults the run at
// that step. Injected events carry the predicate hint sim.inject.
//
// # Output conditions
//
// Every event carries a predicate hint: transport.send / transport.recv for
// messages, protocol.choice for selections, guard.acquire for effects,
// grants, charges and denials, guard.release for journal facts and
// leakage, protocol.step for halts, warnings and faults. Under the ci
// profile an event whose hint is outside this allow-list (an injected
// fault) faults the run.
//
// # Sessions over a transport
//
// ExecuteRole runs one participant as its own machine over a
// transport.Session (RunSession runs all of them, one goroutine each, and
// merges their reports). The program, guard chain and budget are the
// VM's; only delivery changes: a send to another role becomes a message
// frame (WireMessage: name, payload and the sender's step), and a frame
// received fills the role's FIFO buffer for that sender. Steps are a
// Lamport clock — a receive continues from one past the sender's step —
// so max_steps bounds the longest causal chain, and the merged trace,
// sorted by step, respects causality. Guard state (capabilities, flow,
// leakage, journal) is kept by the sending participant.
//
// Every participant broadcasts its status (WireStatus: running, waiting
// or halted, what it waits for, and how many frames it sent to and
// received from each role) when it changes and every Heartbeat. The
// session rule decides a blocked participant's outcome:
//
//   - start: a participant announces itself and starts once every role
//     has (within Timeout), so no frame is sent before its receiver listens;
//   - completed (or orphan): every role has halted and every frame sent to
//     this participant has arrived; what is left in its buffers is orphaned;
//   - deadlock: for Quiet nothing new was received, every role reports
//     waiting or halted, some role waits, and every count sent matches the
//     count received (nothing is in flight); the outcome lists every
//     waiting role as the VM does;
//   - fault: a peer's final status reports a fault or bound-exceeded (the
//     participant adopts it), or a peer that has not ended sends no status
//     for Lost (it crashed or was partitioned: a fault naming it; but a
//     participant whose transport.Session reports itself disconnected
//     blames itself);
//   - Timeout bounds the whole session: reaching it is a deadlock.
//
// Simulated faults act on the real transport: a dropped message is not
// sent, a duplicated one is sent twice, a delayed one is sent DelayTicks
// milliseconds late (the sender waits, so the pair's order holds), a
// crash faults the participant, and a partition leaves the session
// without a final status.
//
// # Performance
//
// The step loop allocates nothing: buffers are rings reused across the run,
// events are built in a scratch value and handed to the sink by pointer
// only when a sink is attached (or the ci profile needs the hint), and the
// built-in host caches payloads per payload text. Memory therefore depends
// on the largest backlog, not on the number of messages delivered, unless
// Options.Record keeps the trace. BenchmarkRing100 measures a ring of 100
// roles passing 1,000,000 messages.
package runtime
