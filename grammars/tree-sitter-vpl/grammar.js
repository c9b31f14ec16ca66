/**
 * @file Tree-sitter grammar for VPL, the Varpulis Processing Language.
 * @license MIT OR Apache-2.0
 *
 * The syntax contract is `vpl-language.md` (the VPL language reference); section numbers below (§…)
 * and decision numbers (L…) refer to it. Layout (INDENT/DEDENT after block headers, §4.3), the
 * operation dot that ends a restricted filter (§8.6, §14.8, L41) and numeric literals with their
 * token-boundary rule (§3.12) come from the external scanner in `src/scanner.c`.
 */

/// <reference path="./types/dsl.d.ts" />
// @ts-check

/**
 * Operator precedence, loosest first, as in the table of §11.2 (levels 1–15). Levels that the
 * reference grammar makes non-associative (ranges, comparisons) or restricts (`not`, `**`, lambdas)
 * are also encoded structurally by the hidden rules `_logical_expression`, `_arithmetic_expression`
 * and `_unary_level`, so that `a < b < c` and `a..b..c` are syntax errors as in the reference.
 */
const PREC = {
  lambda: 1, // `=>` and `if … then … else …`, whose last part extends to the right
  range: 2, // `..` `..=`
  or: 3,
  and: 4,
  not: 5, // prefix `not`: looser than comparison, `not a == b` is `not (a == b)`
  compare: 6, // == != < <= > >= in, not in, is, is not
  bit_or: 7,
  bit_xor: 8,
  bit_and: 9,
  shift: 10,
  additive: 11,
  multiplicative: 12,
  power: 13, // right-associative, unary operands: `-2 ** 2` is `(-2) ** 2`
  unary: 14, // prefix `-` `~`
  postfix: 15, // `.x` `?.x` `[i]` `[a:b]` `(args)`
};

/**
 * The binary operators of SASE+ pattern declarations with their precedence (§9.3): NOT > AND > OR.
 *
 * @type {Array<[string, number]>}
 */
const SASE_OPERATORS = [
  ['OR', 1],
  ['AND', 2],
];

/**
 * The binary operators of `.pattern(...)` bodies with their precedence (§9.5): not > xor > and > or.
 *
 * @type {Array<[string, number]>}
 */
const PATTERN_OPERATORS = [
  ['or', 1],
  ['and', 2],
  ['xor', 3],
];

/**
 * The binary operators of levels 7–12 of §11.2 (`**` is a rule of its own).
 *
 * @type {Array<[string, number]>}
 */
const ARITHMETIC_OPERATORS = [
  ['|', PREC.bit_or],
  ['^', PREC.bit_xor],
  ['&', PREC.bit_and],
  ['<<', PREC.shift],
  ['>>', PREC.shift],
  ['+', PREC.additive],
  ['-', PREC.additive],
  ['*', PREC.multiplicative],
  ['/', PREC.multiplicative],
  ['%', PREC.multiplicative],
];

/**
 * The arithmetic of restricted filter expressions (§8.6): no bitwise operators, no `**`.
 *
 * @type {Array<[string, number]>}
 */
const FILTER_ARITHMETIC_OPERATORS = ARITHMETIC_OPERATORS.filter(([operator]) =>
  ['+', '-', '*', '/', '%'].includes(operator),
);

/** Reserved words (§3.5): never a Name, but allowed in key positions (AnyName). */
const RESERVED_WORDS = [
  'and',
  'as',
  'break',
  'const',
  'continue',
  'elif',
  'else',
  'false',
  'fn',
  'for',
  'if',
  'import',
  'in',
  'is',
  'let',
  'not',
  'null',
  'or',
  'return',
  'then',
  'true',
  'var',
  'where',
  'while',
  'xor',
];

/**
 * Operation names: the words that may follow `.` in a stream operation chain (§3.5, §8.4). The
 * scanner's list (src/scanner.c) must be the same: it decides where the operation dot goes.
 */
const OPERATION_NAMES = [
  'where',
  'select',
  'window',
  'aggregate',
  'having',
  'partition_by',
  'order_by',
  'limit',
  'distinct',
  'map',
  'filter',
  'tap',
  'print',
  'log',
  'emit',
  'to',
  'pattern',
  'concurrent',
  'process',
  'on_error',
  'collect',
  'on',
  'within',
  'not',
  'fork',
  'any',
  'all',
  'first',
  'watermark',
  'allowed_lateness',
  'trend_aggregate',
  'score',
  'forecast',
  'enrich',
  'context',
];

/**
 * Keywords that must be accepted as names explicitly. Tree-sitter lexes a word as a keyword only in
 * the parse states where that keyword is valid, and as an `identifier` everywhere else, so a
 * contextual keyword or operation name needs an alias to `identifier` only where its keyword reading
 * is valid too: at the start of a stream source, after `->` (`all`) and as the first window argument
 * (`session`). Everywhere else (`max(score)`, `count(distinct(ip))`, `e.from`, `first(x)`) the word
 * is lexed as an identifier directly. Where both readings fit, the keyword wins (§14.2). The
 * declaration words (`stream`, `event`, `type`, …) are decided by the scanner instead (externals).
 */
const NAME_KEYWORDS = ['merge', 'join', 'sequence', 'timer', 'all', 'session'];

/**
 * Key positions (AnyName) take any word. Only the words that may be keywords in the same parse
 * states need an alias: reserved words (an argument key and an expression start share a state, as
 * do a map key and a statement start inside a lambda block) and the keywords above.
 */
const KEY_KEYWORDS = [...new Set([...RESERVED_WORDS, ...NAME_KEYWORDS])];

const COMPARISON_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'is'];

module.exports = grammar({
  name: 'vpl',

  externals: ($) => [
    $._indent,
    $._dedent,
    $._op_dot,
    $.integer,
    $.float,
    $.duration,
    $.timestamp,
    // Never valid in any rule: the scanner returns it for a malformed numeric or timestamp literal
    // (`5min`, `1e5`, `1.5s`), which makes the literal one syntax error (§3.12). It is also the
    // scanner's signal that the parser is recovering from an error (every external is valid then).
    $.invalid_literal,
    // A declaration that starts in column 0 (`stream S =`, `fn f(`, `event E:` …) can only be a
    // top-level statement. Where the parser is not between top-level statements, e.g. after `f(1,`,
    // the scanner returns this zero-width token before such a line: a syntax error right there, from
    // which the parser resumes at the declaration, where the token is valid (`source_file`), instead
    // of reading the rest of the file as the unclosed construct. While recovering from an error, the
    // scanner produces it too, then covering the line breaks before the declaration.
    $._recovery_boundary,
    // Declaration keywords (§3.5). A declaration word is a keyword only when the words after it have
    // the shape of that declaration (`stream N =`, `event N:`, `type N =`, `connector N =`,
    // `context N`, `config N {` or `config:`, `pattern N =`, `emit N(`), as the Langium lexer decides;
    // otherwise it is an ordinary name (`type == "x"`, `emit(x)`, `context := 2`). The scanner
    // looks ahead and produces them; they appear in trees as the keywords themselves.
    $._stream_keyword,
    $._event_keyword,
    $._type_keyword,
    $._connector_keyword,
    $._context_keyword,
    $._config_keyword,
    $._pattern_keyword,
    $._emit_keyword,
    // Never produced: a reserved word where only a Name fits must be a syntax error (§3.5), but
    // tree-sitter lexes any word whose keyword is not valid as an `identifier`. `_reserved_word`
    // makes the keyword valid there, and this token, which never comes, makes it an error.
    $._never,
  ],

  extras: ($) => [/[ \t\r\n\uFEFF]/, $.comment],

  word: ($) => $.identifier,

  supertypes: ($) => [
    $._statement,
    $._expression,
    $._type,
    $._literal,
    $._stream_source,
    $._stream_operation,
    $._sase_expression,
    $._pattern_expression,
  ],

  inline: ($) => [$._logical_operand, $._power_operand, $._filter_not_operand],

  conflicts: ($) => [
    // `(a)` and `(a, b)` before `=>` are lambda parameters, otherwise a parenthesised expression
    // (§14.8: a cover grammar in LL parsers; GLR here).
    [$.lambda_parameters, $._primary_expression],
    // `.pattern(p: (x) => …)` against `.pattern(p: (A -> B) or C)`.
    [$.lambda_parameters, $.pattern_chain],
  ],

  rules: {
    source_file: ($) => repeat(choice($._statement, $._recovery_boundary)),

    // ---- Statements (§5, §10) ----

    _statement: ($) =>
      choice(
        $.event_declaration,
        $.type_alias_declaration,
        $.variable_declaration,
        $.constant_declaration,
        $.assignment,
        $.function_declaration,
        $.connector_declaration,
        $.context_declaration,
        $.config_declaration,
        $.import_statement,
        $.pattern_declaration,
        $.stream_declaration,
        $.if_statement,
        $.for_statement,
        $.while_statement,
        $.return_statement,
        $.break_statement,
        $.continue_statement,
        $.emit_statement,
        $.expression_statement,
      ),

    /** An indented block after a header line (§4, §10.1); never empty, never on the header line. */
    block: ($) => seq($._indent, repeat1($._statement), $._dedent),

    event_declaration: ($) =>
      seq(
        alias($._event_keyword, 'event'),
        field('name', $._name),
        optional(seq('extends', field('base', $._name))),
        ':',
        field('body', $.field_declaration_list),
      ),

    field_declaration_list: ($) => seq($._indent, repeat1($.field_declaration), $._dedent),

    field_declaration: ($) => seq(field('name', $._any_name), ':', field('type', $._type)),

    type_alias_declaration: ($) =>
      seq(alias($._type_keyword, 'type'), field('name', $._name), '=', field('type', $._type)),

    variable_declaration: ($) =>
      seq(
        field('kind', choice('let', 'var')),
        field('name', $._name),
        optional(seq(':', field('type', $._type))),
        '=',
        field('value', $._expression),
      ),

    constant_declaration: ($) =>
      seq(
        'const',
        field('name', $._name),
        optional(seq(':', field('type', $._type))),
        '=',
        field('value', $._expression),
      ),

    assignment: ($) => seq(field('left', $._name), ':=', field('right', $._expression)),

    function_declaration: ($) =>
      seq(
        'fn',
        field('name', $._name),
        field('parameters', $.parameter_list),
        optional(seq('->', field('return_type', $._type))),
        ':',
        field('body', $.block),
      ),

    parameter_list: ($) => seq('(', commaSep($.parameter), ')'),

    parameter: ($) => seq(field('name', $._name), ':', field('type', $._type)),

    connector_declaration: ($) =>
      seq(
        alias($._connector_keyword, 'connector'),
        field('name', $._name),
        '=',
        field('kind', $._name),
        field('parameters', $.config_parameter_list),
      ),

    config_parameter_list: ($) => seq('(', commaSep($.config_parameter), ')'),

    config_parameter: ($) => seq(field('name', $._any_name), ':', field('value', $._config_value)),

    /** Configuration values are not expressions: no arithmetic, no sign, no maps (§6.6, L33). */
    _config_value: ($) =>
      choice(alias($._config_array, $.array), $.float, $.duration, $.integer, $.string, $.true, $.false, $._name),

    _config_array: ($) => seq('[', commaSep($._config_value), ']'),

    // Statements have no separator, so wherever a statement could end, its continuation (here the
    // parameter list) and the start of a next statement compete; `prec.right` lets it continue.
    context_declaration: ($) =>
      prec.right(
        seq(
          alias($._context_keyword, 'context'),
          field('name', $._name),
          optional(seq('(', commaSep1(field('parameter', $.context_parameter)), ')')),
        ),
      ),

    context_parameter: ($) => seq(field('name', 'cores'), ':', field('value', alias($._integer_array, $.array))),

    _integer_array: ($) => seq('[', commaSep1($.integer), ']'),

    config_declaration: ($) =>
      seq(
        alias($._config_keyword, 'config'),
        choice(
          seq(field('name', $._name), field('body', $.config_block)),
          seq(':', field('body', alias($._config_layout_block, $.config_block))),
        ),
      ),

    config_block: ($) => seq('{', repeat($.config_item), '}'),

    _config_layout_block: ($) => seq($._indent, repeat1($.config_item), $._dedent),

    config_item: ($) => seq(field('name', $._any_name), ':', field('value', $._config_value), optional(',')),

    // `as` continues the import (a reserved word cannot start a next statement, §3.5).
    import_statement: ($) =>
      prec.right(seq('import', field('path', $.string), optional(seq('as', field('alias', $._name))))),

    // `elif`/`else` continue the statement.
    if_statement: ($) =>
      prec.right(
        seq(
          'if',
          field('condition', $._expression),
          ':',
          field('consequence', $.block),
          repeat(field('alternative', $.elif_clause)),
          optional(field('alternative', $.else_clause)),
        ),
      ),

    elif_clause: ($) => seq('elif', field('condition', $._expression), ':', field('consequence', $.block)),

    else_clause: ($) => seq('else', ':', field('body', $.block)),

    for_statement: ($) =>
      seq('for', field('left', $._name), 'in', field('right', $._expression), ':', field('body', $.block)),

    while_statement: ($) => seq('while', field('condition', $._expression), ':', field('body', $.block)),

    /** The value is greedy, even on the next line (§10.5, L23). */
    return_statement: ($) => prec.right(seq('return', optional(field('value', $._expression)))),

    break_statement: (_) => 'break',

    continue_statement: (_) => 'continue',

    emit_statement: ($) =>
      seq(
        alias($._emit_keyword, 'emit'),
        field('event', $._name),
        '(',
        commaSep(field('argument', $.named_argument)),
        ')',
      ),

    expression_statement: ($) => $._expression,

    // ---- SASE+ pattern declarations (§9.3) ----

    // `within` and `partition` continue the declaration.
    pattern_declaration: ($) =>
      prec.right(
        seq(
          alias($._pattern_keyword, 'pattern'),
          field('name', $._name),
          '=',
          field('pattern', $._sase_expression),
          optional(seq('within', field('within', $.duration))),
          optional(seq('partition', 'by', field('partition_by', $._name))),
        ),
      ),

    _sase_expression: ($) => choice($.sase_binary_expression, $.sase_not_expression, $._sase_primary),

    _sase_primary: ($) => choice($.sase_sequence, $.sase_parenthesized_expression, $.sase_item),

    sase_binary_expression: ($) =>
      choice(
        ...SASE_OPERATORS.map(([operator, precedence]) =>
          prec.left(
            precedence,
            seq(field('left', $._sase_expression), field('operator', operator), field('right', $._sase_expression)),
          ),
        ),
      ),

    sase_not_expression: ($) => seq('NOT', field('argument', $._sase_primary)),

    sase_sequence: ($) =>
      seq(
        'SEQ',
        '(',
        commaSep1(field('item', choice($.sase_item, alias($._sase_negated_item, $.sase_not_expression)))),
        ')',
      ),

    _sase_negated_item: ($) => seq('NOT', field('argument', $.sase_item)),

    sase_parenthesized_expression: ($) => seq('(', $._sase_expression, ')'),

    /** Clause order is fixed: Kleene marker, then `where`, then `as`; the condition is a full expression. */
    sase_item: ($) =>
      prec.right(
        seq(
          field('event', $._name),
          optional(field('kleene', choice('+', '*', '?'))),
          optional(seq('where', field('condition', $._expression))),
          optional(seq('as', field('alias', $._name))),
        ),
      ),

    // ---- Streams (§8) ----

    stream_declaration: ($) =>
      seq(
        alias($._stream_keyword, 'stream'),
        field('name', $._name),
        optional(seq(':', field('type', $._type))),
        '=',
        field('source', $._stream_source),
        repeat(field('operation', $._stream_operation)),
      ),

    _stream_source: ($) =>
      choice(
        $._name,
        $.aliased_source,
        $.all_source,
        $.connector_source,
        $.merge_source,
        $.join_source,
        $.sequence_source,
        $.timer_source,
      ),

    // `as` continues the source rather than ending the declaration.
    aliased_source: ($) => prec(1, seq(field('event', $._name), 'as', field('alias', $._name))),

    all_source: ($) => prec.right(seq('all', field('event', $._name), optional(seq('as', field('alias', $._name))))),

    /** `.from(...)` comes right after the event type; it is not a general operation (§8.2.4). */
    connector_source: ($) =>
      seq(
        field('event', $._name),
        '.',
        'from',
        '(',
        field('connector', $._name),
        repeat(seq(',', field('parameter', $.config_parameter))),
        ')',
      ),

    merge_source: ($) =>
      seq(
        'merge',
        '(',
        commaSep1(field('input', choice($._name, alias($._merge_inline_stream, $.inline_stream)))),
        ')',
      ),

    _merge_inline_stream: ($) =>
      seq(
        alias($._stream_keyword, 'stream'),
        field('name', $._name),
        '=',
        field('source', $._name),
        optional(field('operation', $.where_operation)),
      ),

    join_source: ($) =>
      seq('join', '(', commaSep1(field('input', choice($._name, alias($._join_inline_stream, $.inline_stream)))), ')'),

    _join_inline_stream: ($) =>
      seq(
        alias($._stream_keyword, 'stream'),
        field('name', $._name),
        '=',
        field('source', $._name),
        optional(field('operation', $.on_operation)),
      ),

    sequence_source: ($) => seq('sequence', '(', commaSep1(field('step', $.sequence_step)), ')'),

    sequence_step: ($) =>
      seq(
        field('alias', $._name),
        ':',
        field('event', $._name),
        optional(seq('where', field('condition', $._filter_expression))),
        optional(field('within', $.within_operation)),
      ),

    timer_source: ($) =>
      seq('timer', '(', field('interval', $._expression), optional(seq(',', field('argument', $.named_argument))), ')'),

    _stream_operation: ($) =>
      choice(
        $.followed_by,
        $.where_operation,
        $.select_operation,
        $.window_operation,
        $.aggregate_operation,
        $.having_operation,
        $.partition_by_operation,
        $.within_operation,
        $.not_operation,
        $.emit_operation,
        $.to_operation,
        $.print_operation,
        $.log_operation,
        $.tap_operation,
        $.process_operation,
        $.pattern_operation,
        $.trend_aggregate_operation,
        $.forecast_operation,
        $.enrich_operation,
        $.score_operation,
        $.watermark_operation,
        $.allowed_lateness_operation,
        $.on_operation,
        $.context_operation,
        $.order_by_operation,
        $.limit_operation,
        $.distinct_operation,
        $.map_operation,
        $.filter_operation,
        $.concurrent_operation,
        $.on_error_operation,
        $.collect_operation,
        $.fork_operation,
        $.any_operation,
        $.all_operation,
        $.first_operation,
      ),

    /** A followed-by step (§8.5); its condition is a restricted filter expression (§8.6). */
    // `where` and `as` continue the step.
    followed_by: ($) =>
      prec.right(
        seq(
          '->',
          optional(field('kleene', 'all')),
          field('event', $._name),
          optional(seq('where', field('condition', $._filter_expression))),
          optional(seq('as', field('alias', $._name))),
        ),
      ),

    // Dot operations (§8.4). Each starts with the operation dot of the external scanner, which it
    // produces only before an operation name and `(` (or `emit as`).

    where_operation: ($) => operation($, 'where', '(', field('condition', $._expression), ')'),

    select_operation: ($) => operation($, 'select', '(', commaSep1(field('item', $.select_item)), ')'),

    select_item: ($) => seq(field('name', $._any_name), optional(seq(':', field('value', $._expression)))),

    /** `session:` is recognised only as the keyword and a colon, `.window(session_len)` is a size (L6). */
    window_operation: ($) =>
      operation(
        $,
        'window',
        '(',
        choice(
          seq('session', ':', field('gap', $._expression)),
          seq(field('size', $._expression), repeat(seq(',', field('option', $.window_option)))),
        ),
        ')',
      ),

    window_option: ($) => seq(field('name', choice('sliding', 'policy')), ':', field('value', $._expression)),

    aggregate_operation: ($) => operation($, 'aggregate', '(', commaSep1(field('item', $.aggregate_item)), ')'),

    aggregate_item: ($) => seq(field('name', $._any_name), ':', field('value', $._expression)),

    having_operation: ($) => operation($, 'having', '(', field('condition', $._expression), ')'),

    partition_by_operation: ($) => operation($, 'partition_by', '(', field('key', $._expression), ')'),

    within_operation: ($) => operation($, 'within', '(', field('duration', $._expression), ')'),

    not_operation: ($) =>
      operation($, 'not', '(', field('event', $._name), optional(seq('where', field('condition', $._expression))), ')'),

    emit_operation: ($) =>
      operation(
        $,
        'emit',
        optional(seq('as', field('type', $._name))),
        '(',
        commaSep(field('argument', $.named_argument)),
        ')',
      ),

    to_operation: ($) =>
      operation(
        $,
        'to',
        '(',
        field('connector', $._name),
        repeat(seq(',', field('parameter', $.config_parameter))),
        ')',
      ),

    print_operation: ($) => operation($, 'print', '(', commaSep(field('argument', $._expression)), ')'),

    log_operation: ($) => operation($, 'log', '(', commaSep(field('argument', $.named_argument)), ')'),

    tap_operation: ($) => operation($, 'tap', '(', commaSep1(field('argument', $.named_argument)), ')'),

    process_operation: ($) => operation($, 'process', '(', field('expression', $._expression), ')'),

    pattern_operation: ($) =>
      operation(
        $,
        'pattern',
        '(',
        field('label', $._any_name),
        ':',
        field('body', choice($.lambda, $._pattern_expression)),
        ')',
      ),

    trend_aggregate_operation: ($) => operation($, 'trend_aggregate', '(', commaSep1(field('item', $.trend_item)), ')'),

    trend_item: ($) =>
      seq(
        field('name', $._any_name),
        ':',
        field('function', $._name),
        '(',
        optional(field('argument', $._expression)),
        ')',
      ),

    forecast_operation: ($) => operation($, 'forecast', '(', commaSep(field('argument', $.named_argument)), ')'),

    enrich_operation: ($) =>
      operation(
        $,
        'enrich',
        '(',
        field('connector', $._name),
        repeat1(seq(',', field('parameter', $.enrich_parameter))),
        ')',
      ),

    enrich_parameter: ($) =>
      choice(
        seq(field('name', 'key'), ':', field('value', $._expression)),
        seq(field('name', 'fields'), ':', field('value', alias($._name_array, $.array))),
        seq(field('name', 'cache_ttl'), ':', field('value', $._expression)),
        seq(field('name', 'timeout'), ':', field('value', $._expression)),
        seq(field('name', 'fallback'), ':', field('value', $._literal)),
      ),

    _name_array: ($) => seq('[', commaSep1($._any_name), ']'),

    score_operation: ($) => operation($, 'score', '(', commaSep1(field('parameter', $.score_parameter)), ')'),

    score_parameter: ($) =>
      seq(field('name', $._any_name), ':', field('value', choice(alias($._name_array, $.array), $.string))),

    watermark_operation: ($) => operation($, 'watermark', '(', commaSep1(field('argument', $.named_argument)), ')'),

    allowed_lateness_operation: ($) => operation($, 'allowed_lateness', '(', field('duration', $._expression), ')'),

    on_operation: ($) => operation($, 'on', '(', field('condition', $._expression), ')'),

    context_operation: ($) => operation($, 'context', '(', field('context', $._name), ')'),

    order_by_operation: ($) => operation($, 'order_by', '(', commaSep1(field('item', $.order_item)), ')'),

    order_item: ($) => seq(field('value', $._expression), optional(field('direction', choice('asc', 'desc')))),

    limit_operation: ($) => operation($, 'limit', '(', field('count', $._expression), ')'),

    distinct_operation: ($) => operation($, 'distinct', '(', optional(field('key', $._expression)), ')'),

    map_operation: ($) => operation($, 'map', '(', field('expression', $._expression), ')'),

    filter_operation: ($) => operation($, 'filter', '(', field('condition', $._expression), ')'),

    concurrent_operation: ($) => operation($, 'concurrent', '(', commaSep1(field('argument', $.named_argument)), ')'),

    on_error_operation: ($) => operation($, 'on_error', '(', field('handler', $._expression), ')'),

    collect_operation: ($) => operation($, 'collect', '(', ')'),

    fork_operation: ($) => operation($, 'fork', '(', commaSep1(field('path', $.fork_path)), ')'),

    fork_path: ($) => seq(field('name', $._any_name), ':', repeat1(field('operation', $._stream_operation))),

    any_operation: ($) => operation($, 'any', '(', optional(field('count', $.integer)), ')'),

    all_operation: ($) => operation($, 'all', '(', ')'),

    first_operation: ($) => operation($, 'first', '(', ')'),

    // ---- `.pattern(...)` bodies (§9.5) ----

    _pattern_expression: ($) => choice($.pattern_binary_expression, $.pattern_not_expression, $._pattern_primary),

    _pattern_primary: ($) => choice($.pattern_parenthesized_expression, $.pattern_chain),

    pattern_binary_expression: ($) =>
      choice(
        ...PATTERN_OPERATORS.map(([operator, precedence]) =>
          prec.left(
            precedence,
            seq(
              field('left', $._pattern_expression),
              field('operator', operator),
              field('right', $._pattern_expression),
            ),
          ),
        ),
      ),

    pattern_not_expression: ($) => seq('not', field('argument', $._pattern_primary)),

    pattern_parenthesized_expression: ($) => seq('(', $._pattern_expression, ')'),

    pattern_chain: ($) => seq(field('event', $._name), repeat(seq('->', field('event', $._name)))),

    // ---- Types (§7) ----

    _type: ($) =>
      choice(
        $.primitive_type,
        $.array_type,
        $.map_type,
        $.tuple_type,
        $.stream_type,
        alias($.identifier, $.type_identifier),
        $.template_identifier,
        $.optional_type,
      ),

    primitive_type: (_) => choice('int', 'float', 'bool', 'str', 'timestamp', 'duration'),

    array_type: ($) => seq('[', field('element', $._type), ']'),

    map_type: ($) => seq('{', field('key', $._type), ':', field('value', $._type), '}'),

    tuple_type: ($) => seq('(', $._type, repeat1(seq(',', $._type)), ')'),

    /** `Stream<Stream<T>>` needs a space between the closing brackets (L32). */
    stream_type: ($) =>
      seq(
        'Stream',
        '<',
        field('element', $._type),
        // `>>` is one token (a shift), so `Stream<Stream<int>>` is a syntax error, as in the
        // reference; `_never` never comes.
        choice('>', seq('>>', $._never)),
      ),

    /** `?` may follow any type, once (§7, L12). */
    optional_type: ($) =>
      seq(
        field(
          'type',
          choice(
            $.primitive_type,
            $.array_type,
            $.map_type,
            $.tuple_type,
            $.stream_type,
            alias($.identifier, $.type_identifier),
            $.template_identifier,
          ),
        ),
        '?',
      ),

    // ---- Expressions (§11) ----

    _expression: ($) => choice($.lambda, $.range_expression, $._logical_expression),

    lambda: ($) =>
      prec.right(
        PREC.lambda,
        seq(
          field('parameters', choice($._name, $.lambda_parameters)),
          '=>',
          field('body', choice($.lambda_block, $._expression)),
        ),
      ),

    lambda_parameters: ($) => seq('(', commaSep($._name), ')'),

    /** After `=>`, `{` starts a block unless a key and `:` follow (then it is a map, §10.9). */
    lambda_block: ($) => prec(1, seq('{', repeat($._lambda_statement), '}')),

    /**
     * Layout is suppressed inside braces (§4.3, §10.9), so statements with indented bodies cannot
     * appear in a lambda block, and neither can declarations, whose words are names inside brackets.
     */
    _lambda_statement: ($) =>
      choice(
        $.variable_declaration,
        $.constant_declaration,
        $.assignment,
        $.import_statement,
        $.return_statement,
        $.break_statement,
        $.continue_statement,
        $.emit_statement,
        $.expression_statement,
      ),

    /** At most one range operator: `a..b..c` is a syntax error. */
    range_expression: ($) =>
      prec(
        PREC.range,
        seq(
          field('start', $._logical_expression),
          field('operator', choice('..', '..=')),
          field('end', $._logical_expression),
        ),
      ),

    _logical_expression: ($) =>
      choice(
        alias($._boolean_expression, $.binary_expression),
        alias($._not_expression, $.unary_expression),
        $.comparison_expression,
        $._arithmetic_expression,
      ),

    _boolean_expression: ($) =>
      choice(
        prec.left(
          PREC.or,
          seq(field('left', $._logical_expression), field('operator', 'or'), field('right', $._logical_expression)),
        ),
        prec.left(
          PREC.and,
          seq(field('left', $._logical_expression), field('operator', 'and'), field('right', $._logical_expression)),
        ),
      ),

    _not_expression: ($) => prec(PREC.not, seq(field('operator', 'not'), field('argument', $._logical_operand))),

    /** The operand of prefix `not`: another `not`, a comparison or anything tighter. */
    _logical_operand: ($) =>
      choice(alias($._not_expression, $.unary_expression), $.comparison_expression, $._arithmetic_expression),

    /** Comparisons do not chain: `a < b < c` is a syntax error (§11.2). */
    comparison_expression: ($) =>
      prec(
        PREC.compare,
        seq(
          field('left', $._arithmetic_expression),
          field('operator', comparisonOperator()),
          field('right', $._arithmetic_expression),
        ),
      ),

    _arithmetic_expression: ($) =>
      choice(
        alias($._arithmetic_binary_expression, $.binary_expression),
        alias($._power_expression, $.binary_expression),
        $._unary_level,
      ),

    _arithmetic_binary_expression: ($) =>
      choice(
        ...ARITHMETIC_OPERATORS.map(([operator, precedence]) =>
          prec.left(
            precedence,
            seq(
              field('left', $._arithmetic_expression),
              field('operator', operator),
              field('right', $._arithmetic_expression),
            ),
          ),
        ),
      ),

    _power_expression: ($) =>
      prec.right(
        PREC.power,
        seq(field('left', $._unary_level), field('operator', '**'), field('right', $._power_operand)),
      ),

    _power_operand: ($) => choice(alias($._power_expression, $.binary_expression), $._unary_level),

    _unary_level: ($) => choice(alias($._negation_expression, $.unary_expression), $._postfix_expression),

    _negation_expression: ($) =>
      prec(PREC.unary, seq(field('operator', choice('-', '~')), field('argument', $._unary_level))),

    _postfix_expression: ($) =>
      choice($.call_expression, $.member_expression, $.index_expression, $.slice_expression, $._primary_expression),

    call_expression: ($) =>
      prec(PREC.postfix, seq(field('function', $._postfix_expression), field('arguments', $.argument_list))),

    argument_list: ($) => seq('(', commaSep(choice($._expression, $.named_argument)), ')'),

    named_argument: ($) => seq(field('name', $._any_name), ':', field('value', $._expression)),

    /** In full expressions the operation dot is an ordinary member access (`evts.filter(...)`). */
    member_expression: ($) =>
      prec(
        PREC.postfix,
        seq(
          field('object', $._postfix_expression),
          choice('.', '?.', alias($._op_dot, '.')),
          field('property', $._any_name),
        ),
      ),

    index_expression: ($) =>
      prec(PREC.postfix, seq(field('object', $._postfix_expression), '[', field('index', $._expression), ']')),

    slice_expression: ($) =>
      prec(
        PREC.postfix,
        seq(
          field('object', $._postfix_expression),
          '[',
          optional(field('start', $._expression)),
          ':',
          optional(field('end', $._expression)),
          ']',
        ),
      ),

    _primary_expression: ($) =>
      choice($._literal, $._name, $.array, $.map, $.parenthesized_expression, $.if_expression, $.template_substitution),

    parenthesized_expression: ($) => seq('(', $._expression, ')'),

    /** A primary whose `else` branch extends to the right (§11.2). */
    if_expression: ($) =>
      prec.right(
        PREC.lambda,
        seq(
          'if',
          field('condition', $._expression),
          'then',
          field('consequence', $._expression),
          'else',
          field('alternative', $._expression),
        ),
      ),

    array: ($) => seq('[', commaSep($._expression), ']'),

    map: ($) => seq('{', commaSep($.pair), '}'),

    pair: ($) => seq(field('key', choice($.string, $._any_name)), ':', field('value', $._expression)),

    /** `{v}` inside a declaration loop (§6.12). After `=>`, `{v}` is a block (prec -1, §10.9). */
    template_substitution: ($) => prec(-1, seq('{', field('name', $.identifier), '}')),

    // ---- Restricted filter expressions (§8.6) ----
    // Followed-by and `sequence(...)` step conditions are not parenthesised. They use a reduced
    // grammar whose member access takes only the plain `.`, so the operation dot (`.within(`,
    // `.emit(`, `.emit as`) always ends the condition, while `a.score` stays a member (L41).

    _filter_expression: ($) =>
      choice(
        alias($._filter_boolean_expression, $.binary_expression),
        alias($._filter_not_expression, $.unary_expression),
        alias($._filter_comparison_expression, $.comparison_expression),
        $._filter_arithmetic_expression,
      ),

    _filter_boolean_expression: ($) =>
      choice(
        prec.left(
          PREC.or,
          seq(field('left', $._filter_expression), field('operator', 'or'), field('right', $._filter_expression)),
        ),
        prec.left(
          PREC.and,
          seq(field('left', $._filter_expression), field('operator', 'and'), field('right', $._filter_expression)),
        ),
      ),

    _filter_not_expression: ($) =>
      prec(PREC.not, seq(field('operator', 'not'), field('argument', $._filter_not_operand))),

    _filter_not_operand: ($) =>
      choice(
        alias($._filter_not_expression, $.unary_expression),
        alias($._filter_comparison_expression, $.comparison_expression),
        $._filter_arithmetic_expression,
      ),

    _filter_comparison_expression: ($) =>
      prec(
        PREC.compare,
        seq(
          field('left', $._filter_arithmetic_expression),
          field('operator', comparisonOperator()),
          field('right', $._filter_arithmetic_expression),
        ),
      ),

    _filter_arithmetic_expression: ($) =>
      choice(alias($._filter_binary_expression, $.binary_expression), $._filter_unary_level),

    _filter_binary_expression: ($) =>
      choice(
        ...FILTER_ARITHMETIC_OPERATORS.map(([operator, precedence]) =>
          prec.left(
            precedence,
            seq(
              field('left', $._filter_arithmetic_expression),
              field('operator', operator),
              field('right', $._filter_arithmetic_expression),
            ),
          ),
        ),
      ),

    _filter_unary_level: ($) =>
      choice(alias($._filter_negation_expression, $.unary_expression), $._filter_postfix_expression),

    _filter_negation_expression: ($) =>
      prec(PREC.unary, seq(field('operator', choice('-', '~')), field('argument', $._filter_unary_level))),

    _filter_postfix_expression: ($) =>
      choice(
        alias($._filter_call_expression, $.call_expression),
        alias($._filter_member_expression, $.member_expression),
        alias($._filter_index_expression, $.index_expression),
        $._filter_primary_expression,
      ),

    _filter_call_expression: ($) =>
      prec(PREC.postfix, seq(field('function', $._filter_postfix_expression), field('arguments', $.argument_list))),

    _filter_member_expression: ($) =>
      prec(
        PREC.postfix,
        seq(field('object', $._filter_postfix_expression), choice('.', '?.'), field('property', $._any_name)),
      ),

    _filter_index_expression: ($) =>
      prec(PREC.postfix, seq(field('object', $._filter_postfix_expression), '[', field('index', $._expression), ']')),

    _filter_primary_expression: ($) =>
      choice($._literal, $._name, alias($._filter_parenthesized_expression, $.parenthesized_expression), $.array),

    /** Parentheses do not switch back to the full grammar (§8.6). */
    _filter_parenthesized_expression: ($) => seq('(', $._filter_expression, ')'),

    // ---- Literals (§3.6–§3.10) ----

    _literal: ($) => choice($.integer, $.float, $.duration, $.timestamp, $.string, $.true, $.false, $.null),

    /** Double quotes only; no raw line break; `#` inside a string is text (§3.9). */
    string: ($) => seq('"', repeat(choice($.string_content, $.escape_sequence)), token.immediate('"')),

    string_content: (_) => token.immediate(prec(1, /[^"\\\n]+/)),

    escape_sequence: (_) => token.immediate(seq('\\', /[^\n]/)),

    true: (_) => 'true',

    false: (_) => 'false',

    null: (_) => 'null',

    // ---- Names (§3.4, §14.2) ----

    /**
     * A Name: an identifier, a template identifier (declaration loops, §6.12), or one of the
     * keywords of NAME_KEYWORDS; when the keyword reading also fits, it wins (prec -1).
     */
    _name: ($) =>
      choice(
        $.identifier,
        $.template_identifier,
        prec(-1, alias(choice(...NAME_KEYWORDS), $.identifier)),
        // A reserved word is never a Name (§3.5): this alternative always ends in a syntax error.
        alias($._reserved_word, $.identifier),
      ),

    _reserved_word: ($) => seq(choice(...RESERVED_WORDS), $._never),

    /**
     * A key position (AnyName): any word, reserved or not (§3.5): field and argument names, member
     * names, map keys, aliases in `.select`/`.aggregate`, configuration parameter names. They are
     * `property_identifier` nodes, so that `identifier` always is a Name.
     */
    _any_name: ($) =>
      choice(
        alias($.identifier, $.property_identifier),
        $.template_identifier,
        alias(choice(...KEY_KEYWORDS), $.property_identifier),
      ),

    identifier: (_) => /[A-Za-z_][A-Za-z0-9_]*/,

    template_identifier: (_) => /[A-Za-z_][A-Za-z0-9_]*(\{[A-Za-z_][A-Za-z0-9_]*\}[A-Za-z0-9_]*)+/,

    /** `#` to the end of the line, or a non-nesting block comment (§3.3). */
    comment: (_) => token(choice(seq('#', /[^\n]*/), seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'))),
  },
});

/**
 * A dot operation: the operation dot, the operation name and its arguments.
 *
 * @param {GrammarSymbols<string>} $
 * @param {string} name
 * @param {...RuleOrLiteral} rest
 * @returns {SeqRule}
 */
function operation($, name, ...rest) {
  if (!OPERATION_NAMES.includes(name)) throw new Error(`not an operation name (§3.5): ${name}`);
  return seq(alias($._op_dot, '.'), field('name', name), ...rest);
}

/**
 * The comparison operators of §11.1, including the two-word forms `not in` and `is not`.
 *
 * @returns {ChoiceRule}
 */
function comparisonOperator() {
  return choice(...COMPARISON_OPERATORS, seq('not', 'in'), seq('is', 'not'));
}

/**
 * One or more `rule`, separated by commas, without a trailing comma.
 *
 * @param {RuleOrLiteral} rule
 * @returns {SeqRule}
 */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

/**
 * Zero or more `rule`, separated by commas, without a trailing comma.
 *
 * @param {RuleOrLiteral} rule
 * @returns {ChoiceRule}
 */
function commaSep(rule) {
  return optional(commaSep1(rule));
}
