; Scopes, definitions and references for .choreo (nvim-treesitter).
; A protocol is a scope that declares its roles; rec introduces a label;
; local protocols (`where` / nested brace protocols) are definitions that
; `call` refers to.

(source_file) @local.scope

(protocol) @local.scope

(rec) @local.scope

(protocol
  name: (identifier) @local.definition.type)

(role_decl
  name: (identifier) @local.definition.parameter)

(rec
  label: (identifier) @local.definition.label)

(proof_bundle
  name: (identifier) @local.definition.type)

(requires (identifier) @local.reference)

(runtime_op
  [
    name: (identifier)
    tag: (identifier)
    into: (identifier)
  ] @local.definition.var)

(role_ref !name) @local.reference

(role_ref
  name: (identifier) @local.reference)

(continue
  label: (identifier) @local.reference)

(call
  name: (identifier) @local.reference)
