// biome-ignore-all lint/suspicious/noTemplateCurlyInString: LSP snippets are written `${1:placeholder}`.
/**
 * The stream operations of VPL (`.name(...)` in a stream chain, language guide §8.4): signature, snippet and the
 * user-facing text shown by completion, hover and signature help.
 */

/** When an operation may be written, given what the chain already has (used to rank and filter completions). */
export type OperationRequirement =
  /** After a `->` step, a `.not(...)`, or with a `sequence(...)`/pattern source. */
  | 'sequence'
  /** After an `.aggregate(...)`. */
  | 'aggregate'
  /** In a `join(...)` stream. */
  | 'join'
  /** After `.within(...)` in a sequence. */
  | 'within';

export interface OperationDoc {
  readonly name: string;
  /** The signature as written in code, e.g. `.window(size, sliding: step)`. */
  readonly signature: string;
  /** Parameter labels for signature help, in order. */
  readonly params: readonly { label: string; doc: string }[];
  /** LSP snippet inserted after the dot. */
  readonly snippet: string;
  readonly doc: string;
  /** At most once per stream (a second one is an error). */
  readonly once?: boolean;
  readonly requires?: OperationRequirement;
  /** Reserved or not implemented (E090): offered last, marked in the docs. */
  readonly status?: 'not-implemented' | 'no-effect';
}

const op = (
  name: string,
  signature: string,
  snippet: string,
  doc: string,
  params: OperationDoc['params'] = [],
  extra: Partial<OperationDoc> = {},
): OperationDoc => ({ name, signature, snippet, doc, params, ...extra });

export const OPERATIONS: readonly OperationDoc[] = [
  op(
    'where',
    '.where(condition)',
    'where(${1:condition})',
    'Keeps the events for which the condition is true. Between followed-by steps it adds to the condition of the step before it.',
    [{ label: 'condition', doc: 'A boolean expression over the fields of the event, aliases and globals.' }],
  ),
  op(
    'select',
    '.select(field, name: expression, …)',
    'select(${1:field})',
    'Replaces each event by one with exactly the listed fields: a bare name keeps that field, `name: expression` computes a new one.',
    [{ label: 'field, name: expression, …', doc: 'The fields of the new events.' }],
  ),
  op(
    'window',
    '.window(size, sliding: step) | .window(session: gap)',
    'window(${1:5m})',
    'Groups events into windows for `.aggregate(...)`: a duration gives a tumbling time window (aligned to the epoch, in event time), an integer a count window; `sliding:` makes it hop, `session:` closes it after a gap of inactivity.',
    [
      {
        label: 'size',
        doc: 'A duration (time window, at least 1ms) or a positive integer (count window); a constant.',
      },
      { label: 'sliding: step', doc: 'The hop between window starts, of the same kind as the size.' },
    ],
    { once: true },
  ),
  op(
    'aggregate',
    '.aggregate(name: function(field), …)',
    'aggregate(${1:total}: ${2:count()})',
    'Computes one result per window (and per partition key) with aggregate functions: `count()`, `sum(f)`, `avg(f)`, `min(f)`, `max(f)`, `stddev(f)`, `first(f)`, `last(f)`, `count_distinct(f)`, `ema(f, n)`. Every field must be inside an aggregate call. Without a `.window(...)` it is a running aggregate.',
    [
      {
        label: 'name: aggregate expression, …',
        doc: 'Named results; every field reference inside an aggregate function.',
      },
    ],
    { once: true },
  ),
  op(
    'having',
    '.having(condition)',
    'having(${1:condition})',
    'Keeps the aggregate results for which the condition is true; names refer to the aggregate results.',
    [{ label: 'condition', doc: 'A boolean expression over the names of the aggregate results.' }],
    { requires: 'aggregate' },
  ),
  op(
    'partition_by',
    '.partition_by(field)',
    'partition_by(${1:field})',
    'Processes each distinct value of the field separately: windows, aggregates, sequence matching and trend aggregation run per key, and results carry the key field.',
    [{ label: 'field', doc: 'A field name of the events.' }],
    { once: true },
  ),
  op(
    'order_by',
    '.order_by(expression asc|desc, …)',
    'order_by(${1:field})',
    'Reserved: parsed but not implemented (E090).',
    [{ label: 'expression asc|desc', doc: 'Sort keys.' }],
    {
      status: 'not-implemented',
    },
  ),
  op('limit', '.limit(n)', 'limit(${1:10})', 'Passes only the first n events of the stream.', [
    { label: 'n', doc: 'A constant non-negative integer.' },
  ]),
  op(
    'distinct',
    '.distinct(key?)',
    'distinct(${1})',
    'Drops events whose key (or whole record, without an argument) was already seen.',
    [{ label: 'key', doc: 'An optional expression; without it the whole record is compared.' }],
  ),
  op(
    'map',
    '.map(lambda)',
    'map(${1:e => e})',
    'Reserved: parsed but not implemented (E090).',
    [{ label: 'lambda', doc: 'A function of the event.' }],
    { status: 'not-implemented' },
  ),
  op('filter', '.filter(condition)', 'filter(${1:condition})', 'The same as `.where(condition)`.', [
    { label: 'condition', doc: 'A boolean expression.' },
  ]),
  op(
    'tap',
    '.tap(counter: "name", labels: [field, …])',
    'tap(counter: "${1:name}")',
    'A metrics hook kept for compatibility; it has no effect (warning VPL-O091).',
    [{ label: 'counter: "name", labels: […]', doc: 'Metric name and label fields.' }],
    { status: 'no-effect' },
  ),
  op(
    'print',
    '.print(value, …)',
    'print(${1})',
    'Writes the values (or the whole event, without arguments) to standard output; events pass through unchanged.',
    [{ label: 'value, …', doc: 'Expressions to print, separated by spaces.' }],
  ),
  op(
    'log',
    '.log(level: "info", message: "…", data: field)',
    'log(level: "${1:info}", message: "${2:message}")',
    'Writes a structured log line per event; events pass through. `level` is error, warn, info, debug or trace.',
    [
      { label: 'level', doc: '"error", "warn", "info" (default), "debug" or "trace".' },
      { label: 'message', doc: 'The log message.' },
      { label: 'data', doc: 'A field to attach.' },
    ],
  ),
  op(
    'emit',
    '.emit(name: expression, …) | .emit as Type(…)',
    'emit(${1:name}: ${2:value})',
    'Shapes the output events of the stream: each named argument becomes a field. Without arguments the events are forwarded unchanged. `as Type` checks the fields against an event declaration; `context: name` forwards the output to another context.',
    [{ label: 'name: expression, …', doc: 'The fields of the output events.' }],
  ),
  op(
    'to',
    '.to(Connector, topic: "…")',
    'to(${1:Connector}, topic: "${2:topic}")',
    'Sends the stream output to a declared connector, with binding parameters such as `topic`.',
    [
      { label: 'Connector', doc: 'A declared connector.' },
      { label: 'topic: …', doc: 'Binding parameters (configuration values).' },
    ],
  ),
  op(
    'pattern',
    '.pattern(name: events => condition)',
    'pattern(${1:name}: ${2:evts} => ${3:evts.len() > 10})',
    'Matches a condition over the events of the current window, written as a lambda over the array of events.',
    [
      {
        label: 'name: body',
        doc: 'A lambda over the window events (the lowercase sequence form has no defined semantics).',
      },
    ],
  ),
  op('concurrent', '.concurrent(…)', 'concurrent(${1})', 'Reserved: parsed but not implemented (E090).', [], {
    status: 'not-implemented',
  }),
  op(
    'process',
    '.process(call)',
    'process(${1:function}(${2}))',
    'Calls a function once per event; every `emit` statement it executes becomes an output event of the stream.',
    [{ label: 'call', doc: 'Normally a call to a user function.' }],
  ),
  op('on_error', '.on_error(handler)', 'on_error(${1})', 'Reserved: parsed but not implemented (E090).', [], {
    status: 'not-implemented',
  }),
  op('collect', '.collect()', 'collect()', 'Reserved: parsed but not implemented (E090).', [], {
    status: 'not-implemented',
  }),
  op(
    'on',
    '.on(condition)',
    'on(${1:A.key == B.key})',
    'The join condition of a `join(...)` stream: a boolean expression over the inputs (`Input.field`). Required in every join.',
    [{ label: 'condition', doc: 'A boolean expression over the join inputs.' }],
    { requires: 'join' },
  ),
  op(
    'within',
    '.within(duration)',
    'within(${1:5m})',
    'The longest event time between the first and the last event of a sequence match; partial matches older than that expire.',
    [{ label: 'duration', doc: 'A constant duration of at least 1ms.' }],
    { requires: 'sequence' },
  ),
  op(
    'not',
    '.not(EventType where condition)',
    'not(${1:EventType})',
    'Abandons a partial sequence match when a matching event of the type arrives before the match completes.',
    [{ label: 'EventType where condition', doc: 'The event type that cancels, with an optional condition.' }],
    { requires: 'sequence' },
  ),
  op(
    'fork',
    '.fork(name: .op(…), …)',
    'fork(${1:name}: .${2:where}(${3}))',
    'Reserved: parsed but not implemented (E090).',
    [],
    { status: 'not-implemented' },
  ),
  op('any', '.any(n)', 'any(${1})', 'Reserved: parsed but not implemented (E090).', [], { status: 'not-implemented' }),
  op('all', '.all()', 'all()', 'Reserved: parsed but not implemented (E090).', [], { status: 'not-implemented' }),
  op('first', '.first()', 'first()', 'Passes only the first event of the stream (the same as `.limit(1)`).'),
  op(
    'watermark',
    '.watermark(out_of_order: duration)',
    'watermark(out_of_order: ${1:10s})',
    'Tolerates events arriving out of order by up to the duration before event-time operators treat them as late.',
    [{ label: 'out_of_order', doc: 'The tolerated disorder.' }],
  ),
  op(
    'allowed_lateness',
    '.allowed_lateness(duration)',
    'allowed_lateness(${1:1m})',
    'Accepts events up to the duration behind the newest event; older ones are late and refused by windows and sequences.',
    [{ label: 'duration', doc: 'A constant duration of at least 1ms.' }],
  ),
  op(
    'trend_aggregate',
    '.trend_aggregate(name: count_trends(), …)',
    'trend_aggregate(${1:trends}: count_trends())',
    'Aggregates over all trends matched by a Kleene sequence without enumerating them, one result per `within` window and partition: `count_trends()`, `count_events(alias)`, `sum_trends`, `avg_trends`, `min_trends`, `max_trends` (of `alias.field`).',
    [{ label: 'name: trend function, …', doc: 'Named trend results.' }],
    { requires: 'within' },
  ),
  op(
    'score',
    '.score(model: "file.onnx", inputs: [f, …], outputs: [r, …])',
    'score(model: "${1:model.onnx}", inputs: [${2}], outputs: [${3}])',
    'Runs an ONNX model per event: the input fields are fed to the model and its outputs are added as fields.',
    [
      { label: 'model', doc: 'The model file.' },
      { label: 'inputs', doc: 'Fields fed to the model.' },
      { label: 'outputs', doc: 'Fields the model adds.' },
    ],
  ),
  op(
    'forecast',
    '.forecast(mode: "balanced", confidence: 0.5, horizon: d, …)',
    'forecast(mode: "${1|balanced,fast,accurate|}")',
    'Predicts whether partial sequence matches will complete; the stream then outputs forecasts (`forecast_probability`, `forecast_time`, …) instead of matches.',
    [
      { label: 'mode', doc: '"fast", "balanced" (default) or "accurate".' },
      { label: 'confidence', doc: 'Minimum probability to emit (0–1, default 0.5).' },
      { label: 'horizon', doc: 'How far ahead to predict (default: the within duration, else 5 min).' },
    ],
    { requires: 'sequence' },
  ),
  op(
    'enrich',
    '.enrich(Connector, key: expression, fields: [f, …], cache_ttl: d, timeout: d, fallback: literal)',
    'enrich(${1:Connector}, key: ${2:id}, fields: [${3:field}])',
    'Looks up external data per event (http, database or redis connector) and merges the listed response fields into the event; adds `enrich_status` and `enrich_latency_ms`.',
    [
      { label: 'Connector', doc: 'A declared http, database or redis connector.' },
      { label: 'key', doc: 'The lookup key (required).' },
      { label: 'fields', doc: 'Response fields to merge into the event.' },
    ],
  ),
  op(
    'context',
    '.context(name)',
    'context(${1:name})',
    'Runs the stream on a declared context (an execution thread).',
    [{ label: 'name', doc: 'A declared context.' }],
  ),
];

export const OPERATION_DOCS: ReadonlyMap<string, OperationDoc> = new Map(OPERATIONS.map((doc) => [doc.name, doc]));

/** The connector-bound source `Event.from(Connector, …)`, offered right after a source name. */
export const FROM_DOC: OperationDoc = op(
  'from',
  'EventType.from(Connector, topic: "…")',
  'from(${1:Connector}, topic: "${2:topic}")',
  'Binds an event type to an inbound connector; must come right after the event type name.',
  [
    { label: 'Connector', doc: 'A declared connector.' },
    { label: 'topic: …', doc: 'Binding parameters (configuration values).' },
  ],
);
