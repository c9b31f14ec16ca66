; Indentation for VPL (nvim-treesitter capture names).
;
; Block bodies are indented after a header line that ends with `:` (vpl-language.md §4). Stream
; chains are free-form; by convention their operations sit one level deeper than the `stream` line.

((function_declaration) @indent.begin
  (#set! indent.immediate 1))

((event_declaration) @indent.begin
  (#set! indent.immediate 1))

((if_statement) @indent.begin
  (#set! indent.immediate 1))

((for_statement) @indent.begin
  (#set! indent.immediate 1))

((while_statement) @indent.begin
  (#set! indent.immediate 1))

((config_declaration) @indent.begin
  (#set! indent.immediate 1))

; Continuation lines of a stream chain and of a pattern declaration.
((stream_declaration) @indent.begin
  (#set! indent.immediate 1))

((pattern_declaration) @indent.begin
  (#set! indent.immediate 1))

; Bracketed lists.
[
  (argument_list)
  (parameter_list)
  (config_parameter_list)
  (config_block)
  (lambda_block)
  (array)
  (map)
  (parenthesized_expression)
  (merge_source)
  (join_source)
  (sequence_source)
  (timer_source)
  (sase_sequence)
] @indent.begin

[
  ")"
  "]"
  "}"
] @indent.end

; `elif`, `else` and closing brackets line up with the construct they belong to.
[
  ")"
  "]"
  "}"
  (elif_clause)
  (else_clause)
] @indent.branch

; After `return`, `break` or `continue` the block usually ends.
(return_statement
  [
    (_)
    "return"
  ] @indent.end .)

[
  (break_statement)
  (continue_statement)
] @indent.end

(string) @indent.auto
