; Text objects for nvim-treesitter-textobjects (and Helix, which reads the same captures).

(function_declaration
  body: (block) @function.inner) @function.outer

(lambda
  body: (_) @function.inner) @function.outer

; Declarations of event shapes and streams are VPL's "classes".
(event_declaration
  body: (field_declaration_list) @class.inner) @class.outer

(stream_declaration) @class.outer

(pattern_declaration) @class.outer

(block) @block.inner @block.outer

(lambda_block) @block.outer

(config_block) @block.outer

(if_statement
  consequence: (block) @conditional.inner) @conditional.outer

(elif_clause
  consequence: (block) @conditional.inner)

(else_clause
  body: (block) @conditional.inner)

(if_expression) @conditional.outer

[
  (for_statement
    body: (block) @loop.inner)
  (while_statement
    body: (block) @loop.inner)
] @loop.outer

(call_expression
  arguments: (argument_list) @call.inner) @call.outer

(_stream_operation) @call.outer

[
  (parameter)
  (argument_list
    (_))
] @parameter.inner

[
  (named_argument)
  (config_parameter)
  (select_item)
  (aggregate_item)
  (field_declaration)
] @parameter.outer

(variable_declaration
  name: (_) @assignment.lhs
  value: (_) @assignment.rhs @assignment.inner) @assignment.outer

(constant_declaration
  name: (_) @assignment.lhs
  value: (_) @assignment.rhs @assignment.inner) @assignment.outer

(assignment
  left: (_) @assignment.lhs
  right: (_) @assignment.rhs @assignment.inner) @assignment.outer

(return_statement
  value: (_)? @return.inner) @return.outer

(comment) @comment.outer

[
  (integer)
  (float)
  (duration)
] @number.inner

(_statement) @statement.outer

; ---- Neovim only: parameters with their separating comma (#make-range!) ----

(parameter_list
  "," @_start
  .
  (parameter) @parameter.inner
  (#make-range! "parameter.outer" @_start @parameter.inner))

(parameter_list
  .
  (parameter) @parameter.inner
  .
  ","? @_end
  (#make-range! "parameter.outer" @parameter.inner @_end))

(argument_list
  "," @_start
  .
  (_) @parameter.inner
  (#make-range! "parameter.outer" @_start @parameter.inner))

(argument_list
  .
  (_) @parameter.inner
  .
  ","? @_end
  (#make-range! "parameter.outer" @parameter.inner @_end))
