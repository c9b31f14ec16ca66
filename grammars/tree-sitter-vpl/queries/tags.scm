; Tags (definitions and references) for code navigation.

(function_declaration
  name: (_) @name) @definition.function

(event_declaration
  name: (_) @name) @definition.class

(stream_declaration
  name: (_) @name) @definition.class

(pattern_declaration
  name: (_) @name) @definition.class

(type_alias_declaration
  name: (_) @name) @definition.type

(connector_declaration
  name: (_) @name) @definition.module

(config_declaration
  name: (_) @name) @definition.module

(context_declaration
  name: (_) @name) @definition.constant

(constant_declaration
  name: (_) @name) @definition.constant

(source_file
  (variable_declaration
    name: (_) @name) @definition.constant)

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (member_expression
    property: (property_identifier) @name)) @reference.call

(emit_statement
  event: (_) @name) @reference.class

[
  (stream_declaration
    source: (identifier) @name)
  (aliased_source
    event: (_) @name)
  (all_source
    event: (_) @name)
  (connector_source
    event: (_) @name)
  (merge_source
    input: (identifier) @name)
  (join_source
    input: (identifier) @name)
  (followed_by
    event: (_) @name)
  (sequence_step
    event: (_) @name)
  (not_operation
    event: (_) @name)
  (sase_item
    event: (_) @name)
] @reference.class

(type_identifier) @name @reference.type
