// Package format prints .choreo files in their canonical layout. It is
// shared by `choreo fmt` and the language server's textDocument/formatting.
//
// Source is the entry point: it parses the text, refuses a file with
// syntax errors (a *SyntaxError), prints the tree and checks its own
// output before returning it (see "Safety" below). File prints an already
// parsed tree without those checks.
//
// # Canonical style
//
// The formatter keeps the file's surface form (layout or brace) and
// rewrites only white space and spellings that have one meaning:
//
//   - Indentation is 2 spaces per level in the layout form and 4 in the
//     brace form. Lines carry no trailing white space; the file ends with
//     exactly one newline.
//   - Blank lines between statements, header lines and comments are kept,
//     runs of them collapse to one, and none is kept at the start of a
//     block or between a prefix annotation (@parallel) and its statement.
//   - Layout form: `module m exposing (X)`, `import M as N`, then
//     `protocol P =` with its body indented one level; the `roles A, B,
//     F[N]` line is the first line of the body; local protocols follow
//     `where` at the protocol's column, each indented one level.
//   - Brace form: `#[key = value]` attributes, `protocol P {` (or
//     `choreography P {`), `roles: A, B;`, local protocols and statements in
//     source order, one `;`-terminated statement per line, `}` on its own
//     line.
//   - Sends are `A -> B : M` (layout) and `A -> B: M;` (brace); broadcasts
//     `A ->* : M`. Message payloads are printed verbatim: `M(…)`, `M {…}`,
//     `M<…>`, `M of a.b.C` (the text between the delimiters is kept as
//     written, without its surrounding spaces; a braced payload is printed
//     `M { … }`).
//   - Sender annotations keep their spelling (bracket `A[k = v]` or record
//     `A { k = v }`; converting between them is a separate code action) and
//     each entry keeps its separator (`k = v` or `k: v`). A list stays on
//     one line when the whole send fits in Options.Width columns (default
//     100). Otherwise a record that fits on the sender's line stays there
//     and `-> B : M` moves to the next line, indented one level; any other
//     list with more than one entry is printed one entry per line in the
//     leading-comma style of real files, the commas aligned under the
//     opening bracket, a bracket list keeping the arrow on its last line
//     and a record list putting it on the next line (see the examples
//     below). A list with a line comment inside always takes the
//     one-entry-per-line form.
//     Entry values are printed as written, except that lists and tuples get
//     canonical spacing (`[1, 0, 0]`).
//   - Choices: the spellings `choice at R`, `case choose R of`, `choice R
//     at` and `choice R` mean the same; the layout form prints `choice at R`,
//     branches are `| label ->` (the `=>` spelling becomes `->`) one level
//     deeper, their bodies two levels below the `|`. `timed_choice at R(d)`
//     keeps its keyword. The brace form prints `choice R {` with `label: {`
//     … `}` branches.
//   - Loops: `loop decide by R`, `loop repeat n`, `loop while "p"`, `loop
//     forever` (layout); `loop (decides: R)`, `loop (count: n)`, `loop
//     (custom: "p")`, `loop` (brace). A loop with brace-form options (fuel,
//     yield_after, yield_when) uses the parenthesised header in both forms.
//   - Parallel composition is printed `par` (layout) or `parallel {`
//     (brace) with every arm starting `| `, its first statement on that
//     line and the others aligned under it. The older layout spelling of
//     consecutive `branch` blocks is printed in this form.
//   - `rec L`, `retry n`, `heartbeat A -> B every d on_missing(n)` … `body`
//     …, `call X`, `continue L`, `handshake A <-> B : L`, `quorum_collect F
//     -> B min k : M` and runtime operations are printed with single spaces
//     between their tokens.
//   - A choice branch written on its header line (`| x -> A -> B : M`)
//     is printed as an indented block; a par arm keeps its first statement
//     on the `| ` line. Comments between two arms of a brace-form
//     `parallel` are printed before the `|` of the next arm.
//   - An empty block is printed `{}`. A brace block inside the layout form
//     (`choice at R {` … `}`) is printed as the indented block it means.
//   - `proof_bundle` declarations are printed on one line each, clauses in
//     the order version, issuer, constraint, requires; protocol-level
//     annotations one a line before the protocol (after a brace file's
//     attributes); receiver annotations on the receiver (`-> B[@k = v]`);
//     bare entries as `@flag`; quoted keys quoted; `topology` blocks
//     verbatim.
//   - Line endings are `\n` (a CRLF file comes out with LF).
//
// The three layouts of an annotation list that does not fit:
//
//	Coordinator { guard_capability = "consensus:request", flow_cost = 40 }
//	  -> Witness[*] : SignRequest of crate.consensus.SignRequest
//
//	Witness[*][ guard_capability = "consensus:sign"
//	          , flow_cost = 50 ] -> Coordinator : SignShare
//
//	Coordinator { guard_capability = "consensus:publish"
//	            , flow_cost = 60 }
//	  -> Witness[*] : Signature of crate.consensus.Signature
//
// # Comments
//
// Every comment is kept, with its text unchanged (line comments lose
// trailing white space), in source order:
//
//   - a comment on its own line stays on its own line, indented like the
//     statement, branch or block end that follows it; a comment at the end
//     of a block stays in that block when (layout form) it is indented at
//     least as deep as the block's statements;
//   - a comment after code on the same line stays at the end of that line;
//   - inside a statement, a block comment stays inline and a line comment
//     moves to the end of the line, except between the entries of a
//     multi-line annotation list, where it keeps its place.
//
// Comments inside raw text (payloads, guards, exposing lists, arguments of
// prefix annotations) are part of that text and printed verbatim.
//
// # Safety
//
// Source never returns text that means something else: it re-parses its
// output and returns an error (wrapping ErrUnsafe) instead of text when
//
//   - the output does not parse;
//   - a comment is lost or reordered, either among those the parser
//     reports or among those a plain scan of the raw text finds (so a
//     parser that fails to report a comment cannot make it disappear);
//   - the syntax tree differs, compared ignoring positions and the
//     spellings listed above;
//   - the global protocol model (analysis.AnalyzeTree with the default
//     configuration) differs, compared ignoring positions and up to a
//     consistent renaming of recursion labels (analysis names the
//     recursions it generates after their source lines);
//   - formatting the output again would change it.
//
// Formatting is therefore idempotent and meaning-preserving by
// construction; the tests and the fuzz target check that the checks never
// fire on valid input. The checks cost a second parse and two analyses:
// Source takes a few times as long as File.
package format
