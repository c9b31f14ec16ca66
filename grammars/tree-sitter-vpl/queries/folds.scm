; Folding ranges for VPL.

[
  (event_declaration)
  (function_declaration)
  (stream_declaration)
  (pattern_declaration)
  (config_declaration)
  (connector_declaration)
  (if_statement)
  (elif_clause)
  (else_clause)
  (for_statement)
  (while_statement)
  (block)
  (lambda_block)
  (argument_list)
  (parameter_list)
  (config_parameter_list)
  (config_block)
  (merge_source)
  (join_source)
  (sequence_source)
  (sase_sequence)
  (array)
  (map)
  (comment)
] @fold

; Dot operations whose arguments span lines.
(_stream_operation) @fold
