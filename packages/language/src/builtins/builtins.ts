/**
 * The registry of VPL's built-in names (language guide §12.1–§12.5): scalar functions, aggregate functions,
 * trend-aggregate functions, collection methods and built-in variables. Plain data, shared by the validator
 * (E050, E051, E070–E072, VPL-O162, VPL-B010), the LSP (completion, hover) and the engine.
 *
 * Arity: `minArgs`/`maxArgs` count arguments; `maxArgs` is `Infinity` for variadic functions. Types are written
 * as in the guide (`number` = int | float, `any` = every value, `T` = the element type).
 */

/** What a built-in name is. */
export type BuiltinKind = 'scalar' | 'aggregate' | 'trend' | 'method' | 'variable';

/**
 * Whether the engine implements the name. `docs-only` names appear in the reference documentation only: the
 * validator knows them, to say so, but reports every call as unknown (E050, or E070 for aggregates).
 */
export type BuiltinStatus = 'implemented' | 'docs-only';

/** One built-in function, method or variable. */
export interface Builtin {
  readonly name: string;
  readonly kind: BuiltinKind;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Parameter types, one per parameter (the last one repeats for variadic functions). */
  readonly params: readonly string[];
  readonly result: string;
  /** One sentence for hovers and completion. */
  readonly doc: string;
  readonly status: BuiltinStatus;
  /** For built-in variables: the operation after which the name is in scope. */
  readonly scope?: string;
  /** For deprecated names: the name to write instead. */
  readonly replacedBy?: string;
}

type Spec = Omit<Builtin, 'kind' | 'status'> & { status?: BuiltinStatus };

const fn = (kind: BuiltinKind, spec: Spec): Builtin => ({ kind, status: 'implemented', ...spec });
const scalar = (
  name: string,
  params: readonly string[],
  result: string,
  doc: string,
  min = params.length,
  max = params.length,
): Builtin => fn('scalar', { name, params, result, doc, minArgs: min, maxArgs: max });
const docsOnly = (name: string, kind: BuiltinKind, doc: string): Builtin =>
  fn(kind, {
    name,
    params: [],
    result: 'any',
    doc,
    minArgs: 0,
    maxArgs: Number.POSITIVE_INFINITY,
    status: 'docs-only',
  });

// ---- §12.1 Scalar functions ----

const SCALAR_FUNCTIONS: readonly Builtin[] = [
  scalar('abs', ['number'], 'number', 'The absolute value of a number (an int stays an int).'),
  scalar('sqrt', ['number'], 'float', 'The square root of a number.'),
  scalar('floor', ['number'], 'int', 'The largest integer not greater than the number.'),
  scalar('ceil', ['number'], 'int', 'The smallest integer not less than the number.'),
  scalar('round', ['number'], 'int', 'The number rounded to the nearest integer.'),
  scalar('pow', ['number', 'number'], 'number', 'The first number raised to the power of the second.'),
  scalar('log', ['number'], 'float', 'The natural logarithm of a number.'),
  scalar('log10', ['number'], 'float', 'The base-10 logarithm of a number.'),
  scalar('exp', ['number'], 'float', 'e raised to the power of the number.'),
  scalar('sin', ['number'], 'float', 'The sine of an angle in radians.'),
  scalar('cos', ['number'], 'float', 'The cosine of an angle in radians.'),
  scalar('tan', ['number'], 'float', 'The tangent of an angle in radians.'),
  scalar(
    'min',
    ['number'],
    'number',
    'The smallest of two or more numbers, or of the numbers in one array (inside .aggregate, min(f) is the aggregate).',
    1,
    Number.POSITIVE_INFINITY,
  ),
  scalar(
    'max',
    ['number'],
    'number',
    'The largest of two or more numbers, or of the numbers in one array (inside .aggregate, max(f) is the aggregate).',
    1,
    Number.POSITIVE_INFINITY,
  ),
  scalar('variance', ['[number]'], 'float', 'The sample variance of the numbers in an array.'),
  scalar('clamp', ['number', 'number', 'number'], 'number', 'The first number limited to the range [lo, hi].'),
  scalar('len', ['str | [T] | {K: V}'], 'int', 'The length of a string (in code points), an array or a map.'),
  scalar('trim', ['str'], 'str', 'The string without leading and trailing whitespace.'),
  scalar('lower', ['str'], 'str', 'The string in lower case.'),
  scalar('lowercase', ['str'], 'str', 'The string in lower case (same as lower).'),
  scalar('upper', ['str'], 'str', 'The string in upper case.'),
  scalar('uppercase', ['str'], 'str', 'The string in upper case (same as upper).'),
  scalar('to_lower', ['str'], 'str', 'The string in lower case (same as lower).'),
  scalar('to_upper', ['str'], 'str', 'The string in upper case (same as upper).'),
  scalar(
    'contains',
    ['[T] | str | {K: V}', 'any'],
    'bool',
    'Whether an array has the element, a string the substring, or a map the key.',
  ),
  scalar('starts_with', ['str', 'str'], 'bool', 'Whether the string starts with the prefix.'),
  scalar('ends_with', ['str', 'str'], 'bool', 'Whether the string ends with the suffix.'),
  scalar(
    'replace',
    ['str', 'str', 'str'],
    'str',
    'The string with every occurrence of the second argument replaced by the third.',
  ),
  scalar('split', ['str', 'str'], '[str]', 'The parts of the string between occurrences of the separator.'),
  scalar('join', ['[T]', 'str'], 'str', 'The elements of an array joined into one string with the separator.'),
  scalar(
    'substring',
    ['str', 'int', 'int'],
    'str',
    'The characters of the string from start up to (not including) end, or to its end.',
    2,
    3,
  ),
  scalar('concat', ['str'], 'str', 'The strings joined together.', 1, Number.POSITIVE_INFINITY),
  scalar('first', ['[T]'], 'T', 'The first element of an array (inside .aggregate, first(f) is the aggregate).'),
  scalar('last', ['[T]'], 'T', 'The last element of an array (inside .aggregate, last(f) is the aggregate).'),
  scalar('push', ['[T]', 'T'], '[T]', 'A new array with the value appended.'),
  scalar('pop', ['[T]'], '[T]', 'A new array without the last element.'),
  scalar('reverse', ['[T] | str'], '[T] | str', 'The array or string in reverse order.'),
  scalar('sort', ['[T]'], '[T]', 'The array sorted in ascending order.'),
  scalar('unique', ['[T]'], '[T]', 'The array without repeated elements, in first-seen order.'),
  scalar('flatten', ['[[T]]'], '[T]', 'The elements of the nested arrays in one array.'),
  scalar('zip', ['[T]', '[U]'], '[[T, U]]', 'The pairs of elements at the same position in two arrays.'),
  scalar(
    'range',
    ['int', 'int'],
    '[int]',
    'The integers from 0 (or from the first argument) up to the end, excluded.',
    1,
    2,
  ),
  scalar('keys', ['{K: V}'], '[K]', 'The keys of a map.'),
  scalar('values', ['{K: V}'], '[V]', 'The values of a map.'),
  scalar(
    'get',
    ['[T] | {K: V}', 'int | str'],
    'T',
    'The element of an array at an index, or the value of a map for a key.',
  ),
  scalar(
    'set',
    ['[T] | {K: V}', 'int | str', 'T'],
    '[T] | {K: V}',
    'A new array or map with the element at the index or key replaced.',
  ),
  scalar(
    'sum',
    ['[number]'],
    'number',
    'The sum of the numbers in an array (inside .aggregate, sum(f) is the aggregate).',
  ),
  scalar(
    'avg',
    ['[number]'],
    'float',
    'The mean of the numbers in an array (inside .aggregate, avg(f) is the aggregate).',
  ),
  scalar('to_string', ['any'], 'str', 'The value as a string.'),
  scalar('to_int', ['any'], 'int', 'The value as an integer, or null when it cannot be converted.'),
  scalar('to_float', ['any'], 'float', 'The value as a float, or null when it cannot be converted.'),
  scalar(
    'type_of',
    ['any'],
    'str',
    'The name of the value kind: "int", "float", "string", "bool", "array", "map", "null", "duration" or "timestamp".',
  ),
  scalar('is_null', ['any'], 'bool', 'Whether the value is null.'),
  scalar('is_int', ['any'], 'bool', 'Whether the value is an int.'),
  scalar('is_float', ['any'], 'bool', 'Whether the value is a float.'),
  scalar('is_string', ['any'], 'bool', 'Whether the value is a string.'),
  scalar('is_bool', ['any'], 'bool', 'Whether the value is a bool.'),
  scalar('is_array', ['any'], 'bool', 'Whether the value is an array.'),
  scalar('is_map', ['any'], 'bool', 'Whether the value is a map.'),
  scalar('now', [], 'timestamp', 'The event time of the input event being processed (never the wall clock).'),
  scalar('timestamp', ['int | str'], 'timestamp', 'A timestamp from epoch milliseconds or an ISO-8601 string.'),
  scalar('coalesce', ['any'], 'any', 'The first argument that is not null.', 1, Number.POSITIVE_INFINITY),
  scalar('if_null', ['any', 'any'], 'any', 'The first argument unless it is null, else the second.'),
  docsOnly('format', 'scalar', 'Named in the reference documentation only, without a signature; not implemented.'),
  docsOnly('parse', 'scalar', 'Named in the reference documentation only, without a signature; not implemented.'),
  docsOnly('print', 'scalar', 'Named in the reference documentation only; use the .print(...) operation.'),
  docsOnly('uuid', 'scalar', 'Named in the reference documentation only; not implemented.'),
  docsOnly(
    'random',
    'scalar',
    'Named in the reference documentation only; not implemented (results must be deterministic).',
  ),
  docsOnly('reduce', 'scalar', 'Named in the reference documentation only; not implemented.'),
  docsOnly('enumerate', 'scalar', 'Named in the reference documentation only; not implemented.'),
  docsOnly('parse_json', 'scalar', 'Named in the reference documentation only; not implemented.'),
  docsOnly('to_json', 'scalar', 'Named in the reference documentation only; not implemented.'),
  docsOnly('parse_timestamp', 'scalar', 'Named in the reference documentation only; use timestamp(x).'),
  docsOnly('format_timestamp', 'scalar', 'Named in the reference documentation only; use to_string(x).'),
];

// ---- §12.2 Aggregate functions (inside .aggregate(...)) ----

const aggregate = (
  name: string,
  params: readonly string[],
  result: string,
  doc: string,
  min = params.length,
  max = params.length,
): Builtin => fn('aggregate', { name, params, result, doc, minArgs: min, maxArgs: max });

const AGGREGATE_FUNCTIONS: readonly Builtin[] = [
  aggregate(
    'count',
    ['any'],
    'int',
    'count(): the number of events in the window; count(e): the number of events where e is not null.',
    0,
    1,
  ),
  aggregate('sum', ['number'], 'number', 'The sum of the values (an int when every value is an int).'),
  aggregate('min', ['number'], 'number', 'The smallest value.'),
  aggregate('max', ['number'], 'number', 'The largest value.'),
  aggregate('avg', ['number'], 'float', 'The mean of the values.'),
  aggregate('stddev', ['number'], 'float', 'The sample standard deviation of the values.'),
  aggregate('first', ['any'], 'any', 'The first value in window order.'),
  aggregate('last', ['any'], 'any', 'The last value in window order (the idiom for carrying a field).'),
  aggregate('count_distinct', ['any'], 'int', 'The number of distinct values (also written count(distinct(f))).'),
  aggregate(
    'ema',
    ['number', 'int'],
    'float',
    'The exponential moving average of the values over a constant positive period.',
  ),
  docsOnly('percentile', 'aggregate', 'Documented by the reference but not implemented.'),
  docsOnly('collect', 'aggregate', 'Documented by the reference but not implemented.'),
  docsOnly(
    'variance',
    'aggregate',
    'Documented by the reference as an aggregate but not implemented (variance(array) is a scalar function).',
  ),
  docsOnly('median', 'aggregate', 'Documented by the reference but not implemented.'),
];

// ---- §12.3 Trend-aggregate functions (inside .trend_aggregate(...)) ----

const trend = (name: string, params: readonly string[], doc: string): Builtin =>
  fn('trend', {
    name,
    params,
    result: name === 'count_trends' || name === 'count_events' ? 'int' : name === 'avg_trends' ? 'float' : 'number',
    doc,
    minArgs: params.length,
    maxArgs: params.length,
  });

const TREND_FUNCTIONS: readonly Builtin[] = [
  trend('count_trends', [], 'The number of trends in the window and partition.'),
  trend('count_events', ['alias'], 'The sum over trends of the number of events bound to the alias.'),
  trend('sum_trends', ['alias.field'], 'The sum over trends of the field summed over the alias’s events.'),
  trend('avg_trends', ['alias.field'], 'sum_trends divided by count_trends.'),
  trend(
    'min_trends',
    ['alias.field'],
    'The smallest value of the field over events bound to the alias in at least one trend.',
  ),
  trend(
    'max_trends',
    ['alias.field'],
    'The largest value of the field over events bound to the alias in at least one trend.',
  ),
];

// ---- §12.4 Collection methods (on every array value) ----

const method = (name: string, params: readonly string[], result: string, doc: string): Builtin =>
  fn('method', { name, params, result, doc, minArgs: params.length, maxArgs: params.length });

const COLLECTION_METHODS: readonly Builtin[] = [
  method('len', [], 'int', 'The number of elements.'),
  method('count', [], 'int', 'The number of elements (same as len()).'),
  method('first', [], 'T', 'The first element.'),
  method('last', [], 'T', 'The last element.'),
  method('sum', [], 'number', 'The sum of the numeric elements.'),
  method('avg', [], 'float', 'The mean of the numeric elements.'),
  method('min', [], 'number', 'The smallest numeric element.'),
  method('max', [], 'number', 'The largest numeric element.'),
  method('filter', ['T => bool'], '[T]', 'The elements for which the lambda is true.'),
  method('map', ['T => U'], '[U]', 'The lambda applied to every element.'),
  method('flatten', [], '[T]', 'The elements of the nested arrays in one array.'),
  method('sliding_pairs', [], '[[T, T]]', 'Every pair of consecutive elements.'),
];

// ---- §12.5 Built-in variables ----

const variable = (name: string, result: string, scope: string, doc: string, replacedBy?: string): Builtin =>
  fn('variable', {
    name,
    params: [],
    result,
    doc,
    minArgs: 0,
    maxArgs: 0,
    scope,
    ...(replacedBy ? { replacedBy } : {}),
  });

const BUILTIN_VARIABLES: readonly Builtin[] = [
  variable('forecast_probability', 'float', '.forecast()', 'The probability (0–1) that the partial match completes.'),
  variable('forecast_confidence', 'float', '.forecast()', 'The stability (0–1) of the prediction.'),
  variable(
    'forecast_time',
    'int',
    '.forecast()',
    'The expected milliseconds of event time to completion, or null when unknown.',
  ),
  variable('forecast_state', 'str', '.forecast()', 'The label of the automaton state of the partial match.'),
  variable('forecast_context_depth', 'int', '.forecast()', 'The context depth the model used.'),
  variable('forecast_lower', 'float', '.forecast()', 'The lower bound (0–1) of the prediction interval.'),
  variable('forecast_upper', 'float', '.forecast()', 'The upper bound (0–1) of the prediction interval.'),
  variable('active_runs', 'int', '.forecast()', 'The number of partial matches alive in the partition.'),
  variable(
    'match_duration_ms',
    'int',
    'a sequence',
    'The event time from the first to the completing event of the match (the within duration for a trailing NOT deadline).',
  ),
  variable('enrich_status', 'str', '.enrich()', 'The lookup outcome: "ok", "error", "cached" or "timeout".'),
  variable('enrich_latency_ms', 'int', '.enrich()', 'The lookup latency in milliseconds.'),
  variable('forecast_expected_time', 'int', '.forecast()', 'Deprecated alias of forecast_time.', 'forecast_time'),
];

/** Every entry of the registry. */
export const BUILTINS: readonly Builtin[] = [
  ...SCALAR_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  ...TREND_FUNCTIONS,
  ...COLLECTION_METHODS,
  ...BUILTIN_VARIABLES,
];

function byName(entries: readonly Builtin[]): ReadonlyMap<string, Builtin> {
  return new Map(entries.map((entry) => [entry.name, entry]));
}

/** Scalar functions by name (§12.1), docs-only names included. */
export const SCALAR_BUILTINS: ReadonlyMap<string, Builtin> = byName(SCALAR_FUNCTIONS);
/** Aggregate functions by name (§12.2), unimplemented ones included. */
export const AGGREGATE_BUILTINS: ReadonlyMap<string, Builtin> = byName(AGGREGATE_FUNCTIONS);
/** Trend-aggregate functions by name (§12.3). */
export const TREND_BUILTINS: ReadonlyMap<string, Builtin> = byName(TREND_FUNCTIONS);
/** Collection methods by name (§12.4). */
export const METHOD_BUILTINS: ReadonlyMap<string, Builtin> = byName(COLLECTION_METHODS);
/** Built-in variables by name (§12.5). */
export const VARIABLE_BUILTINS: ReadonlyMap<string, Builtin> = byName(BUILTIN_VARIABLES);

/** Whether a builtin may be called (docs-only names are unknown to the validator and the engine). */
export function isImplemented(builtin: Builtin | undefined): builtin is Builtin {
  return builtin !== undefined && builtin.status === 'implemented';
}

/** A readable arity such as "1 argument", "2 or 3 arguments", "at least 1 argument". */
export function describeArity(builtin: Pick<Builtin, 'minArgs' | 'maxArgs'>): string {
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (builtin.maxArgs === Number.POSITIVE_INFINITY) return `at least ${plural(builtin.minArgs)}`;
  if (builtin.minArgs === builtin.maxArgs) return builtin.minArgs === 0 ? 'no arguments' : plural(builtin.minArgs);
  if (builtin.maxArgs === builtin.minArgs + 1) return `${builtin.minArgs} or ${plural(builtin.maxArgs)}`;
  return `${builtin.minArgs} to ${plural(builtin.maxArgs)}`;
}
