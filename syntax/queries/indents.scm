; Indentation for .choreo (nvim-treesitter). In the layout form the body
; of every block opener is indented one level; in the brace form the
; lines between braces are, and a closing brace returns to the opener's
; column.

[
  (protocol)
  (where_clause)
  (choice)
  (branch)
  (loop)
  (rec)
  (par)
  (branch_block)
  (retry)
  (heartbeat)
  (annotation_list)
  (receiver_annotations)
  (topology)
  (parameters)
  (tuple)
  (list)
] @indent.begin

(block "}" @indent.end)

; `choice at R {`, `par {`, `where {` (brace blocks, also in the layout form)
; and topology blocks close at their opener's column.
(choice "}" @indent.end)

(par "}" @indent.end)

(where_clause "}" @indent.end)

(topology "}" @indent.end)

[
  "}"
  "]"
  ")"
] @indent.branch

(comment) @indent.auto

(ERROR) @indent.auto
