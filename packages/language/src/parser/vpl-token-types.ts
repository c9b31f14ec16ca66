/**
 * Word classes of VPL (§3.5 of the language guide) and the names of the extra token types the VPL lexer
 * uses. One list, shared by the token builder, the lexer post-pass and the completion provider.
 */

/**
 * Keywords that are also names (§3.5): contextual keywords and operation names that are not reserved words.
 * The declaration words are not here: the lexer re-types them to ID where they are names.
 */
export const NAME_KEYWORDS: ReadonlySet<string> = new Set([
  'extends',
  'from',
  'all',
  'within',
  'partition',
  'by',
  'merge',
  'join',
  'sequence',
  'timer',
  'on',
  'session',
  'sliding',
  'policy',
  'asc',
  'desc',
  'cores',
  'key',
  'fields',
  'cache_ttl',
  'timeout',
  'fallback',
  'int',
  'float',
  'bool',
  'str',
  'timestamp',
  'duration',
  'Stream',
  'SEQ',
  'AND',
  'OR',
  'NOT',
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
  'to',
  'concurrent',
  'process',
  'on_error',
  'collect',
  'fork',
  'any',
  'first',
  'watermark',
  'allowed_lateness',
  'trend_aggregate',
  'score',
  'forecast',
  'enrich',
]);

/** Words that start a declaration. Outside a declaration position the lexer re-types them to `ID`. */
export const DECLARATION_WORDS: ReadonlySet<string> = new Set([
  'stream',
  'event',
  'type',
  'connector',
  'context',
  'config',
  'pattern',
  'emit',
]);

/** The words that may follow `.` in a stream operation chain (§8.4). */
export const OPERATION_NAMES: ReadonlySet<string> = new Set([
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
]);

/** Reserved words: never a name (but allowed in key positions). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
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
]);

/** Words reserved by the reference documentation for future use: names, but hinted (VPL-N005). */
export const FUTURE_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'match',
  'try',
  'catch',
  'finally',
  'raise',
  'export',
  'async',
  'await',
  'class',
  'trait',
  'impl',
  'pub',
  'priv',
  'mod',
  'use',
  'yield',
  'defer',
  'go',
  'spawn',
]);

/** Lines starting with these words and ending in `:` open an indented block (§4.3). */
export const BLOCK_HEADER_WORDS: ReadonlySet<string> = new Set(['fn', 'if', 'elif', 'for', 'while', 'event']);

/** Block headers whose brackets may span several lines (L45). */
export const MULTILINE_HEADER_WORDS: ReadonlySet<string> = new Set(['fn', 'if', 'elif', 'for', 'while']);

/** The deepest bracket nesting accepted (§2, phase 3). */
export const MAX_NESTING_DEPTH = 24;

export const ExtraTokenNames = {
  BadComment: 'BAD_COMMENT',
  UnterminatedComment: 'UNTERMINATED_COMMENT',
  BadNumber: 'BAD_NUMBER',
  BadString: 'BAD_STRING',
  UnterminatedString: 'UNTERMINATED_STRING',
  UnsupportedOperator: 'UNSUPPORTED_OPERATOR',
} as const;
