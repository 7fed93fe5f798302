; Folding for .choreo (nvim-treesitter): every multi-line construct folds.

[
  (module_header)
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
  (brace_payload)
  (comment)
] @fold
