; Syntax highlighting for VPL, with nvim-treesitter's capture names.
;
; Later patterns take precedence over earlier ones (Neovim, Helix, Zed and the tree-sitter CLI 0.22
; agree on this), so the general patterns come first.
;
; Every double-quoted word in this file is a VPL keyword (vpl-language.md §3.5: reserved words,
; contextual keywords and operation names), and every keyword appears in it: the keyword parity test
; reads the words from here. Built-in names are matched with `#match?` regular expressions, which
; are not words.

; ---- Names -------------------------------------------------------------------------------------

(identifier) @variable

(template_identifier) @variable

(property_identifier) @property

((identifier) @constant
  (#match? @constant "^[A-Z][A-Z0-9_]*[A-Z0-9]$"))

; Built-in variables (§12.5), including the deprecated `forecast_expected_time`.
((identifier) @variable.builtin
  (#match? @variable.builtin "^(forecast_(probability|confidence|time|expected_time|state|context_depth|lower|upper)|active_runs|match_duration_ms|enrich_(status|latency_ms))$"))

; ---- Types -------------------------------------------------------------------------------------

(type_identifier) @type

(primitive_type) @type.builtin

[
  "int"
  "float"
  "bool"
  "str"
  "timestamp"
  "duration"
  "Stream"
] @type.builtin

(event_declaration
  name: (_) @type.definition)

(event_declaration
  base: (_) @type)

(type_alias_declaration
  name: (_) @type.definition)

; A stream or pattern declares the event type of its output.
(stream_declaration
  name: (_) @type.definition)

(pattern_declaration
  name: (_) @type.definition)

(inline_stream
  name: (_) @type.definition)

; Event types, streams and patterns used as sources or steps.
(stream_declaration
  source: (identifier) @type)

(stream_declaration
  source: (template_identifier) @type)

(aliased_source
  event: (_) @type)

(all_source
  event: (_) @type)

(connector_source
  event: (_) @type)

(merge_source
  input: (identifier) @type)

(join_source
  input: (identifier) @type)

(inline_stream
  source: (_) @type)

(sequence_step
  event: (_) @type)

(followed_by
  event: (_) @type)

(not_operation
  event: (_) @type)

(emit_operation
  type: (_) @type)

(emit_statement
  event: (_) @type)

(sase_item
  event: (_) @type)

(pattern_chain
  event: (_) @type)

; ---- Fields, parameters, keys ------------------------------------------------------------------

(field_declaration
  name: (_) @variable.member)

(member_expression
  property: (property_identifier) @variable.member)

(enrich_parameter
  value: (array
    (property_identifier) @variable.member))

(score_parameter
  value: (array
    (property_identifier) @variable.member))

(parameter
  name: (_) @variable.parameter)

(lambda
  parameters: (identifier) @variable.parameter)

(lambda_parameters
  (identifier) @variable.parameter)

(named_argument
  name: (_) @variable.parameter)

; `.emit(context: name, ...)` forwards to a context (§8.4.9). The predicate tests the argument's
; text, so that the key itself is captured by one pattern only.
((named_argument
  value: (identifier) @label) @_argument
  (#match? @_argument "^context[ \t\r\n]*:"))

; Output fields.
(emit_operation
  argument: (named_argument
    name: (_) @property))

(emit_statement
  argument: (named_argument
    name: (_) @property))

; ---- Functions ---------------------------------------------------------------------------------

(function_declaration
  name: (_) @function)

(call_expression
  function: (identifier) @function.call)

(call_expression
  function: (member_expression
    property: (property_identifier) @function.method.call))

(trend_item
  function: (identifier) @function.call)

; Built-in functions (§12.1–§12.4).
((call_expression
  function: (identifier) @function.builtin)
  (#match? @function.builtin "^(abs|sqrt|floor|ceil|round|pow|log|log10|exp|sin|cos|tan|min|max|variance|clamp|len|trim|lower|lowercase|upper|uppercase|to_lower|to_upper|contains|starts_with|ends_with|replace|split|join|substring|concat|first|last|push|pop|reverse|sort|unique|flatten|zip|range|keys|values|get|set|sum|avg|to_string|to_int|to_float|type_of|is_null|is_int|is_float|is_string|is_bool|is_array|is_map|now|timestamp|format|parse|coalesce|if_null|print|count|stddev|count_distinct|ema|distinct|percentile|collect|median)$"))

((trend_item
  function: (identifier) @function.builtin)
  (#match? @function.builtin "^(count_trends|count_events|sum_trends|avg_trends|min_trends|max_trends)$"))

; ---- Connectors, contexts, configuration -------------------------------------------------------

(connector_declaration
  name: (_) @module)

(connector_declaration
  kind: (_) @constructor)

(connector_source
  connector: (_) @module)

(to_operation
  connector: (_) @module)

(enrich_operation
  connector: (_) @module)

(config_declaration
  name: (_) @module)

[
  (config_parameter
    name: (_) @property)
  (config_item
    name: (_) @property)
]

(context_declaration
  name: (_) @label)

(context_operation
  context: (_) @label)

(fork_path
  name: (_) @label)

(pattern_operation
  label: (_) @label)

(import_statement
  alias: (_) @module)

; ---- Literals ----------------------------------------------------------------------------------

(string) @string

(escape_sequence) @string.escape

(integer) @number

(float) @number.float

(duration) @number

(timestamp) @string.special

[
  "true"
  "false"
] @boolean

"null" @constant.builtin

(comment) @spell

(comment) @comment

; ---- Keywords ----------------------------------------------------------------------------------

"fn" @keyword.function

[
  "event"
  "type"
  "stream"
  "pattern"
  "connector"
  "context"
  "config"
] @keyword.type

[
  "let"
  "var"
  "const"
  "emit"
  "extends"
  "as"
  "where"
  "all"
  "within"
  "partition"
  "by"
  "SEQ"
  "asc"
  "desc"
] @keyword

[
  "if"
  "elif"
  "else"
  "then"
] @keyword.conditional

[
  "for"
  "while"
  "break"
  "continue"
] @keyword.repeat

"return" @keyword.return

"import" @keyword.import

[
  "and"
  "or"
  "not"
  "xor"
  "in"
  "is"
  "AND"
  "OR"
  "NOT"
] @keyword.operator

; Stream sources written like calls (§8.2).
[
  "merge"
  "join"
  "sequence"
  "timer"
] @function.builtin

; Keyword parameters of operations and declarations.
[
  "session"
  "sliding"
  "policy"
  "cores"
  "key"
  "fields"
  "cache_ttl"
  "timeout"
  "fallback"
] @variable.parameter.builtin

; Dot operations (§8.4) and the connector binding `.from(...)` (§8.2.4).
(_
  name: [
    "where"
    "select"
    "window"
    "aggregate"
    "having"
    "partition_by"
    "order_by"
    "limit"
    "distinct"
    "map"
    "filter"
    "tap"
    "print"
    "log"
    "emit"
    "to"
    "pattern"
    "concurrent"
    "process"
    "on_error"
    "collect"
    "on"
    "within"
    "not"
    "fork"
    "any"
    "all"
    "first"
    "watermark"
    "allowed_lateness"
    "trend_aggregate"
    "score"
    "forecast"
    "enrich"
    "context"
  ] @function.method.call)

(connector_source
  "from" @function.method.call)

; ---- Operators and punctuation -----------------------------------------------------------------

[
  "="
  ":="
  "+"
  "-"
  "*"
  "/"
  "%"
  "**"
  "=="
  "!="
  "<"
  "<="
  ">"
  ">="
  "&"
  "|"
  "^"
  "~"
  "<<"
  ">>"
  ".."
  "..="
  "=>"
  "->"
] @operator

(sase_item
  kleene: _ @operator)

(optional_type
  "?" @operator)

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket

(stream_type
  [
    "<"
    ">"
  ] @punctuation.bracket)

[
  ","
  "."
  ":"
  "?."
] @punctuation.delimiter

; Template substitutions of declaration loops (§6.12).
(template_substitution
  [
    "{"
    "}"
  ] @punctuation.special)
