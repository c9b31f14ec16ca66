; Scopes, definitions and references for VPL. The captures are the plain `@local.scope`,
; `@local.definition` and `@local.reference`, without nvim-treesitter's optional kind suffixes
; (`@local.definition.var`), which `tree-sitter tags` rejects.
;
; Blocks do not open scopes (vpl-language.md §10.1): a function has one flat set of local names. A
; stream's aliases are visible in its own operations only. Lambdas bind their parameters. Only
; variables are definitions here: declarations of events, streams, functions and connectors are
; program-wide names, highlighted by highlights.scm where they are used.

; ---- Scopes ----

(source_file) @local.scope

(function_declaration) @local.scope

(lambda) @local.scope

(stream_declaration) @local.scope

(pattern_declaration) @local.scope

; ---- Definitions ----

(parameter
  name: (identifier) @local.definition)

(lambda
  parameters: (identifier) @local.definition)

(lambda_parameters
  (identifier) @local.definition)

(variable_declaration
  name: (identifier) @local.definition)

(constant_declaration
  name: (identifier) @local.definition)

(for_statement
  left: (identifier) @local.definition)

(aliased_source
  alias: (identifier) @local.definition)

(all_source
  alias: (identifier) @local.definition)

(followed_by
  alias: (identifier) @local.definition)

(sequence_step
  alias: (identifier) @local.definition)

(sase_item
  alias: (identifier) @local.definition)

; ---- References ----

; Names only: keys, fields and member names are `property_identifier` nodes.
(identifier) @local.reference
