; Language injections for VPL.

; TODO/FIXME/NOTE markers in comments.
((comment) @injection.content
  (#set! injection.language "comment"))

; The `query` parameter of a `database` connector is SQL (vpl-language.md §12.7).
((config_parameter
  name: (property_identifier) @_name
  value: (string
    (string_content) @injection.content))
  (#eq? @_name "query")
  (#set! injection.language "sql"))
