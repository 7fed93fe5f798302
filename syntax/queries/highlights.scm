; Syntax highlighting for .choreo (nvim-treesitter capture names).

; Keywords

[
  "module"
  "exposing"
  "import"
  "as"
] @keyword.import

[
  "protocol"
  "choreography"
  "where"
] @keyword.type

[
  "topology"
  "proof_bundle"
  "version"
  "issuer"
  "constraint"
] @keyword.type

[
  "roles"
  "requires"
  "call"
  "handshake"
  "quorum_collect"
  "min"
  "heartbeat"
  "every"
  "on_missing"
  "body"
  "at"
  "by"
] @keyword

[
  "choice"
  "case"
  "choose"
  "of"
  "when"
  "timed_choice"
] @keyword.conditional

[
  "loop"
  "decide"
  "repeat"
  "while"
  "forever"
  "rec"
  "continue"
  "retry"
] @keyword.repeat

[
  "par"
  "parallel"
  "branch"
] @keyword.coroutine

[
  "acquire"
  "release"
  "using"
  "fork"
  "join"
  "abort"
  "transfer"
  "delegate"
  "to"
  "with"
  "bundle"
  "tag"
  "check"
  "for"
  "into"
] @keyword.operator

; Names

(module_header
  name: (module_name (identifier) @module))

(import
  name: (module_name (identifier) @module))

(import
  alias: (identifier) @module)

(protocol
  name: (identifier) @type.definition)

(call
  name: (identifier) @function.call)

(role_decl
  name: (identifier) @variable.parameter)

; A plain role name is a role_ref leaf; an indexed one has a name child.
(role_ref !name) @variable.parameter

(role_ref
  name: (identifier) @variable.parameter)

(family_size (identifier) @constant)

(index (identifier) @variable)

(range (identifier) @variable)

; A message without payload is a message leaf.
(message !name) @constructor

(message
  name: (identifier) @constructor)

(handshake
  label: (identifier) @constructor)

(branch
  label: (identifier) @label)

(rec
  label: (identifier) @label)

(continue
  label: (identifier) @label)

(runtime_op
  [
    name: (identifier)
    tag: (identifier)
    into: (identifier)
  ] @variable)

(runtime_op
  [
    layer: (identifier)
    bundle: (identifier)
  ] @variable.member)

(requires (identifier) @type)

(proof_bundle
  name: (identifier) @type.definition)

(topology
  name: (identifier) @type.definition)

(topology
  body: (raw_text) @string.special)

(proof_bundle
  capability: (identifier) @variable.member)

(type_path) @type

(paren_payload (raw_text) @type)

; A one-line payload without nested brackets is a single paren_payload token.
((paren_payload) @type
  (#match? @type "^[(][^()\"\n]*[)]$"))

(brace_payload (raw_text) @type)

(generic_payload (raw_text) @type)

(module_header exposing: (raw_text) @variable)

(import exposing: (raw_text) @variable)

; Annotations

(annotation_prefix
  "@" @attribute
  name: (identifier) @attribute)

(annotation_prefix
  arguments: (raw_text) @string.special)

(annotation
  "@"? @attribute
  key: (identifier) @property)

; A quoted key: `@"key with spaces" = v`.
(annotation
  key: (string) @property)

(attribute
  "#" @attribute
  key: (identifier) @property)

(property
  key: (identifier) @property)

(branch
  guard: (raw_text) @string.special)

; Literals

(string) @string

(integer) @number

(duration) @number

(boolean) @boolean

(wildcard) @character.special

(comment) @comment @spell

; Operators and punctuation

[
  "->"
  "->*"
  "<->"
  "=>"
  "="
  ".."
  "|"
] @operator

[
  ":"
  ","
  ";"
  "."
] @punctuation.delimiter

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
  "<"
  ">"
] @punctuation.bracket
