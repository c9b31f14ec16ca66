/**
 * Signatures of VPL's builtin scalar functions and array methods (semantics §7.7, language §12.1, §12.4):
 * names, arities, parameter and result types, and a one-line description.
 *
 * Plain data with no imports, so the static validator (language package) can share it with the engine.
 * The engine's registry (`registry.ts`) pairs every entry with its implementation and checks at load that
 * both lists agree.
 *
 * Types are written in VPL type syntax, with `number` meaning int or float, `any` any value, `A|B` a choice,
 * `[T]` an array and `fn` a lambda. `maxArgs: null` means variadic.
 */

export interface BuiltinParam {
  readonly name: string;
  readonly type: string;
  /** true when the parameter may be left out */
  readonly optional?: boolean;
}

export interface BuiltinSignature {
  readonly name: string;
  readonly minArgs: number;
  /** `null` for a variadic function (the last parameter repeats) */
  readonly maxArgs: number | null;
  readonly params: readonly BuiltinParam[];
  readonly returns: string;
  /** one line, for hovers and completion */
  readonly doc: string;
  /**
   * true when the function looks at `null` arguments itself; otherwise any `null` argument makes the call
   * `null` without evaluating the function (semantics §7.7)
   */
  readonly acceptsNull?: boolean;
  /** the canonical name when this is a synonym (`lowercase` → `lower`) */
  readonly aliasOf?: string;
}

const p = (name: string, type: string, optional = false): BuiltinParam =>
  optional ? { name, type, optional } : { name, type };

/** The builtin scalar functions, by name. */
export const BUILTIN_FUNCTIONS: readonly BuiltinSignature[] = [
  // ---- Math ----
  {
    name: 'abs',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'number',
    doc: 'Absolute value; keeps int or float.',
  },
  {
    name: 'sqrt',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'float',
    doc: 'Square root; a negative argument is an error.',
  },
  { name: 'exp', minArgs: 1, maxArgs: 1, params: [p('x', 'number')], returns: 'float', doc: 'e raised to x.' },
  {
    name: 'log',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'float',
    doc: 'Natural logarithm; x must be positive.',
  },
  {
    name: 'log10',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'float',
    doc: 'Base-10 logarithm; x must be positive.',
  },
  { name: 'sin', minArgs: 1, maxArgs: 1, params: [p('x', 'number')], returns: 'float', doc: 'Sine of x radians.' },
  { name: 'cos', minArgs: 1, maxArgs: 1, params: [p('x', 'number')], returns: 'float', doc: 'Cosine of x radians.' },
  { name: 'tan', minArgs: 1, maxArgs: 1, params: [p('x', 'number')], returns: 'float', doc: 'Tangent of x radians.' },
  {
    name: 'floor',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'int',
    doc: 'Largest int not above x.',
  },
  {
    name: 'ceil',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'int',
    doc: 'Smallest int not below x.',
  },
  {
    name: 'round',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'number')],
    returns: 'int',
    doc: 'Nearest int; halves round away from zero.',
  },
  {
    name: 'pow',
    minArgs: 2,
    maxArgs: 2,
    params: [p('base', 'number'), p('exponent', 'number')],
    returns: 'number',
    doc: 'base ** exponent: an int for ints and a non-negative exponent, else a float.',
  },
  {
    name: 'min',
    minArgs: 1,
    maxArgs: null,
    params: [p('values', 'number|[number]')],
    returns: 'number',
    doc: 'Smallest of two or more numbers, or of the numbers of one array.',
  },
  {
    name: 'max',
    minArgs: 1,
    maxArgs: null,
    params: [p('values', 'number|[number]')],
    returns: 'number',
    doc: 'Largest of two or more numbers, or of the numbers of one array.',
  },
  {
    name: 'clamp',
    minArgs: 3,
    maxArgs: 3,
    params: [p('x', 'number'), p('lo', 'number'), p('hi', 'number')],
    returns: 'number',
    doc: 'min(max(x, lo), hi).',
  },
  {
    name: 'variance',
    minArgs: 1,
    maxArgs: 1,
    params: [p('values', '[number]')],
    returns: 'float',
    doc: 'Sample variance (n − 1) of the numbers of an array; null for fewer than two.',
  },
  // ---- Strings ----
  {
    name: 'len',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'str|array|map')],
    returns: 'int',
    doc: 'Code points of a str, elements of an array, entries of a map.',
  },
  {
    name: 'trim',
    minArgs: 1,
    maxArgs: 1,
    params: [p('s', 'str')],
    returns: 'str',
    doc: 'The str without surrounding whitespace.',
  },
  { name: 'lower', minArgs: 1, maxArgs: 1, params: [p('s', 'str')], returns: 'str', doc: 'The str in lower case.' },
  {
    name: 'lowercase',
    minArgs: 1,
    maxArgs: 1,
    params: [p('s', 'str')],
    returns: 'str',
    doc: 'The str in lower case.',
    aliasOf: 'lower',
  },
  {
    name: 'to_lower',
    minArgs: 1,
    maxArgs: 1,
    params: [p('s', 'str')],
    returns: 'str',
    doc: 'The str in lower case.',
    aliasOf: 'lower',
  },
  { name: 'upper', minArgs: 1, maxArgs: 1, params: [p('s', 'str')], returns: 'str', doc: 'The str in upper case.' },
  {
    name: 'uppercase',
    minArgs: 1,
    maxArgs: 1,
    params: [p('s', 'str')],
    returns: 'str',
    doc: 'The str in upper case.',
    aliasOf: 'upper',
  },
  {
    name: 'to_upper',
    minArgs: 1,
    maxArgs: 1,
    params: [p('s', 'str')],
    returns: 'str',
    doc: 'The str in upper case.',
    aliasOf: 'upper',
  },
  {
    name: 'starts_with',
    minArgs: 2,
    maxArgs: 2,
    params: [p('s', 'str'), p('prefix', 'str')],
    returns: 'bool',
    doc: 'Whether s starts with prefix.',
  },
  {
    name: 'ends_with',
    minArgs: 2,
    maxArgs: 2,
    params: [p('s', 'str'), p('suffix', 'str')],
    returns: 'bool',
    doc: 'Whether s ends with suffix.',
  },
  {
    name: 'replace',
    minArgs: 3,
    maxArgs: 3,
    params: [p('s', 'str'), p('from', 'str'), p('to', 'str')],
    returns: 'str',
    doc: 's with every occurrence of from replaced by to.',
  },
  {
    name: 'split',
    minArgs: 2,
    maxArgs: 2,
    params: [p('s', 'str'), p('sep', 'str')],
    returns: '[str]',
    doc: 'The pieces of s between separators (an empty separator splits into characters).',
  },
  {
    name: 'join',
    minArgs: 2,
    maxArgs: 2,
    params: [p('items', 'array'), p('sep', 'str')],
    returns: 'str',
    doc: 'The display forms of the elements, separated by sep.',
  },
  {
    name: 'substring',
    minArgs: 2,
    maxArgs: 3,
    params: [p('s', 'str'), p('start', 'int'), p('end', 'int', true)],
    returns: 'str',
    doc: 'Code points start (inclusive) to end (exclusive), clamped to the str.',
  },
  {
    name: 'concat',
    minArgs: 1,
    maxArgs: null,
    params: [p('parts', 'str')],
    returns: 'str',
    doc: 'The strs joined together.',
  },
  {
    name: 'contains',
    minArgs: 2,
    maxArgs: 2,
    params: [p('container', 'str|array|map'), p('x', 'any')],
    returns: 'bool',
    doc: 'Substring, element (==) or key presence.',
  },
  // ---- Collections ----
  {
    name: 'first',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'any',
    doc: 'The first element; null when empty.',
  },
  {
    name: 'last',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'any',
    doc: 'The last element; null when empty.',
  },
  {
    name: 'push',
    minArgs: 2,
    maxArgs: 2,
    params: [p('a', 'array'), p('v', 'any')],
    returns: 'array',
    doc: 'A new array with v appended (v may be null).',
    acceptsNull: true,
  },
  {
    name: 'pop',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'array',
    doc: 'A new array without the last element.',
  },
  {
    name: 'reverse',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'array|str')],
    returns: 'array|str',
    doc: 'Elements or code points in reverse order.',
  },
  {
    name: 'sort',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'array',
    doc: 'Numbers ascending, or strs by code point; mixed kinds are an error.',
  },
  {
    name: 'unique',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'array',
    doc: 'First occurrences of equal (==) elements.',
  },
  {
    name: 'flatten',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'array',
    doc: 'Elements of nested arrays spliced in, one level.',
  },
  {
    name: 'zip',
    minArgs: 2,
    maxArgs: 2,
    params: [p('a', 'array'), p('b', 'array')],
    returns: '[array]',
    doc: 'Pairs [a[i], b[i]] up to the shorter length.',
  },
  {
    name: 'keys',
    minArgs: 1,
    maxArgs: 1,
    params: [p('m', 'map')],
    returns: '[str]',
    doc: 'The keys of a map, in order.',
  },
  {
    name: 'values',
    minArgs: 1,
    maxArgs: 1,
    params: [p('m', 'map')],
    returns: 'array',
    doc: 'The values of a map, in order.',
  },
  {
    name: 'get',
    minArgs: 2,
    maxArgs: 2,
    params: [p('c', 'array|map'), p('key', 'int|str')],
    returns: 'any',
    doc: 'c[key] without an error: null when absent.',
  },
  {
    name: 'set',
    minArgs: 3,
    maxArgs: 3,
    params: [p('c', 'array|map'), p('key', 'int|str'), p('v', 'any')],
    returns: 'array|map',
    doc: 'A new container with c[key] = v (v may be null).',
    acceptsNull: true,
  },
  {
    name: 'range',
    minArgs: 1,
    maxArgs: 2,
    params: [p('start_or_n', 'int'), p('end', 'int', true)],
    returns: '[int]',
    doc: 'range(n) is 0..n; range(a, b) is a..b (end excluded).',
  },
  {
    name: 'sum',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'number',
    doc: 'Sum of the numbers (an int when all are ints); 0 when none.',
  },
  {
    name: 'avg',
    minArgs: 1,
    maxArgs: 1,
    params: [p('a', 'array')],
    returns: 'float',
    doc: 'Mean of the numbers; null when none.',
  },
  // ---- Conversion and tests ----
  {
    name: 'to_string',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'str',
    doc: 'The display form ("null" for null).',
    acceptsNull: true,
  },
  {
    name: 'to_int',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'number|str|bool')],
    returns: 'int',
    doc: 'Truncates a float, parses a numeric str, bool → 0/1.',
  },
  {
    name: 'to_float',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'number|str|bool')],
    returns: 'float',
    doc: 'Converts an int, parses a numeric str, bool → 0.0/1.0.',
  },
  {
    name: 'type_of',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'str',
    doc: 'The kind name: int float string bool array map null duration timestamp.',
    acceptsNull: true,
  },
  {
    name: 'is_null',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is null.',
    acceptsNull: true,
  },
  {
    name: 'is_int',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is an int.',
    acceptsNull: true,
  },
  {
    name: 'is_float',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is a float.',
    acceptsNull: true,
  },
  {
    name: 'is_string',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is a str.',
    acceptsNull: true,
  },
  {
    name: 'is_bool',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is a bool.',
    acceptsNull: true,
  },
  {
    name: 'is_array',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is an array.',
    acceptsNull: true,
  },
  {
    name: 'is_map',
    minArgs: 1,
    maxArgs: 1,
    params: [p('v', 'any')],
    returns: 'bool',
    doc: 'Whether v is a map.',
    acceptsNull: true,
  },
  {
    name: 'coalesce',
    minArgs: 1,
    maxArgs: null,
    params: [p('values', 'any')],
    returns: 'any',
    doc: 'The first argument that is not null.',
    acceptsNull: true,
  },
  {
    name: 'if_null',
    minArgs: 2,
    maxArgs: 2,
    params: [p('v', 'any'), p('fallback', 'any')],
    returns: 'any',
    doc: 'v, or fallback when v is null.',
    acceptsNull: true,
  },
  // ---- Time ----
  {
    name: 'now',
    minArgs: 0,
    maxArgs: 0,
    params: [],
    returns: 'timestamp',
    doc: 'The event time of the input event being processed (not the wall clock).',
  },
  {
    name: 'timestamp',
    minArgs: 1,
    maxArgs: 1,
    params: [p('x', 'int|str')],
    returns: 'timestamp',
    doc: 'A timestamp from epoch milliseconds or an ISO-8601 str.',
  },
];

/** The methods every array value has (semantics §7.7 "Array methods"). */
export const ARRAY_METHODS: readonly BuiltinSignature[] = [
  { name: 'len', minArgs: 0, maxArgs: 0, params: [], returns: 'int', doc: 'Number of elements.' },
  { name: 'count', minArgs: 0, maxArgs: 0, params: [], returns: 'int', doc: 'Number of elements.' },
  { name: 'first', minArgs: 0, maxArgs: 0, params: [], returns: 'any', doc: 'The first element; null when empty.' },
  { name: 'last', minArgs: 0, maxArgs: 0, params: [], returns: 'any', doc: 'The last element; null when empty.' },
  {
    name: 'sum',
    minArgs: 0,
    maxArgs: 0,
    params: [],
    returns: 'number',
    doc: 'Sum of the numbers (an int when all are ints).',
  },
  { name: 'avg', minArgs: 0, maxArgs: 0, params: [], returns: 'float', doc: 'Mean of the numbers; null when none.' },
  { name: 'min', minArgs: 0, maxArgs: 0, params: [], returns: 'number', doc: 'Smallest number; null when none.' },
  { name: 'max', minArgs: 0, maxArgs: 0, params: [], returns: 'number', doc: 'Largest number; null when none.' },
  {
    name: 'filter',
    minArgs: 1,
    maxArgs: 1,
    params: [p('f', 'fn')],
    returns: 'array',
    doc: 'The elements for which f is true.',
  },
  { name: 'map', minArgs: 1, maxArgs: 1, params: [p('f', 'fn')], returns: 'array', doc: 'f applied to each element.' },
  {
    name: 'flatten',
    minArgs: 0,
    maxArgs: 0,
    params: [],
    returns: 'array',
    doc: 'Elements of nested arrays spliced in, one level.',
  },
  {
    name: 'sliding_pairs',
    minArgs: 0,
    maxArgs: 0,
    params: [],
    returns: '[array]',
    doc: 'The pairs [a[i], a[i+1]] in order.',
  },
];

/**
 * Names that appear in reference documentation but are not builtins (semantics §7.7): calling one is
 * error E050. Kept here so the validator can give a specific message.
 */
export const NOT_BUILTINS: readonly string[] = [
  'format',
  'parse',
  'print',
  'uuid',
  'random',
  'reduce',
  'enumerate',
  'parse_json',
  'to_json',
  'parse_timestamp',
  'format_timestamp',
];
