// biome-ignore-all lint/suspicious/noTemplateCurlyInString: LSP snippets are written `${1:placeholder}`.
/**
 * User-facing docs of VPL's keywords, sources, types and connector kinds (hover and completion). Every keyword of the
 * grammar has an entry here; a test checks that against the grammar.
 */

export interface KeywordDoc {
  readonly doc: string;
  /** A snippet for statement-level keywords (completion at the start of a line). */
  readonly snippet?: string;
  /** Where completion offers it: at the start of a top-level statement, of a statement in a block, or in expressions. */
  readonly where?: readonly ('top' | 'block' | 'expression')[];
}

export const KEYWORD_DOCS: Readonly<Record<string, KeywordDoc>> = {
  // ---- Declarations ----
  stream: {
    doc: 'Declares a named stream: a source (an event type, another stream, a pattern, `merge`, `join`, `sequence`, `timer`) followed by a chain of operations. Its output events carry the stream name as their type.',
    snippet: 'stream ${1:Name} = ${2:Source}\n    .${3:where}(${4:condition})',
    where: ['top'],
  },
  event: {
    doc: 'Declares an event type and its fields, one per indented line (`name: type`). Streams reading a declared type get their field names checked.',
    snippet: 'event ${1:Name}:\n    ${2:field}: ${3:str}',
    where: ['top'],
  },
  extends: { doc: 'Makes an event type start with all the fields of another one.' },
  type: { doc: 'Declares a type alias: `type Id = str`.', snippet: 'type ${1:Name} = ${2:str}', where: ['top'] },
  connector: {
    doc: 'Declares an external system (mqtt, kafka, nats, http, database, redis, console, websocket, amqp, file, grpc) with its parameters; streams read from it with `.from(...)` and write to it with `.to(...)`.',
    snippet: 'connector ${1:Name} = ${2:mqtt}(${3:host}: "${4:localhost}")',
    where: ['top'],
  },
  context: {
    doc: 'Declares a named execution thread, optionally pinned to CPU cores (`cores: [1, 2]`); streams join it with `.context(name)`.',
    snippet: 'context ${1:name}',
    where: ['top'],
  },
  config: { doc: 'A deprecated settings block (warning VPL-C010): declare a `connector` instead.' },
  pattern: {
    doc: 'Declares a SASE+ pattern: `SEQ(A as a, B+ where …)`, `A AND B`, `A OR B`, `NOT X` inside SEQ, with `within <duration>` and `partition by field`. A stream whose source is the pattern runs it.',
    snippet: 'pattern ${1:Name} = SEQ(${2:A} as ${3:a}, ${4:B} where ${5:condition}) within ${6:5m}',
    where: ['top'],
  },
  import: {
    doc: 'Includes the declarations of another VPL file (a path relative to this file). Imported names are not qualified.',
    snippet: 'import "${1:lib/common.vpl}"',
    where: ['top'],
  },
  fn: {
    doc: 'Declares a function: typed parameters, an optional return type and an indented body. Its result is the first `return` value, or the value of the last expression statement.',
    snippet: 'fn ${1:name}(${2:x}: ${3:float}) -> ${4:float}:\n    ${5:x}',
    where: ['top'],
  },
  let: {
    doc: 'Declares an immutable variable; at top level it is evaluated once, at load, and readable from every stream.',
    snippet: 'let ${1:name} = ${2:value}',
    where: ['top', 'block'],
  },
  var: {
    doc: 'Declares a mutable variable, which `:=` may assign.',
    snippet: 'var ${1:name} = ${2:value}',
    where: ['top', 'block'],
  },
  const: {
    doc: 'Declares a constant (the same as `let`); constants may size windows and bound `.within(...)`.',
    snippet: 'const ${1:NAME} = ${2:value}',
    where: ['top', 'block'],
  },
  emit: {
    doc: 'In a function called by `.process(...)`: creates an output event of the stream with the given fields (`emit Type(field: value)`).',
    snippet: 'emit ${1:Type}(${2:field}: ${3:value})',
    where: ['block'],
  },
  // ---- Control flow ----
  if: {
    doc: 'A conditional: `if cond:` with an indented block (and `elif`/`else`), or the expression `if cond then a else b`.',
    snippet: 'if ${1:condition}:\n    ${2}',
    where: ['block', 'expression'],
  },
  elif: { doc: 'Another condition of an `if` statement, tried when the previous ones were false.' },
  else: { doc: 'The branch of an `if` taken when no condition was true; in expressions, `if c then a else b`.' },
  // biome-ignore lint/suspicious/noThenProperty: `then` is a VPL keyword, and this object is never awaited.
  then: { doc: 'Separates the condition from the value in `if cond then a else b`.' },
  for: {
    doc: 'Loops over a range (`0..n`, `a..=b`), an array, a map (`[key, value]` pairs) or an integer. At top level over a literal range it is a declaration loop, unrolled with `{name}` substituted in names.',
    snippet: 'for ${1:item} in ${2:items}:\n    ${3}',
    where: ['top', 'block'],
  },
  while: {
    doc: 'Repeats an indented block while the condition is true.',
    snippet: 'while ${1:condition}:\n    ${2}',
    where: ['block'],
  },
  return: { doc: 'Ends a function with a value.', snippet: 'return ${1:value}', where: ['block'] },
  break: { doc: 'Leaves the innermost loop.', where: ['block'] },
  continue: { doc: 'Goes on with the next iteration of the innermost loop.', where: ['block'] },
  in: {
    doc: '`x in c`: membership in an array, a key of a map, a substring of a string; also `for x in …`.',
    where: ['expression'],
  },
  is: { doc: '`x is null`, `x is not null`, `x is int`: tests for null or for a value kind.', where: ['expression'] },
  // ---- Operators and literals ----
  and: { doc: 'Logical and (short-circuit; null counts as false).', where: ['expression'] },
  or: { doc: 'Logical or (short-circuit; null counts as false).', where: ['expression'] },
  not: {
    doc: 'Logical negation; `not in` tests non-membership. As an operation, `.not(T where c)` cancels partial sequence matches.',
    where: ['expression'],
  },
  xor: { doc: 'Exclusive or, only inside the `.pattern(...)` sequence form.' },
  true: { doc: 'The boolean true.', where: ['expression'] },
  false: { doc: 'The boolean false.', where: ['expression'] },
  null: {
    doc: 'The absent value: a missing field reads as null; comparisons with null are false.',
    where: ['expression'],
  },
  // ---- Stream syntax ----
  as: {
    doc: 'Names the event matched by a source or step (`Order as o`), so later conditions and operations can read `o.field`; in `.emit as Type(...)` it names the output type.',
  },
  where: {
    doc: 'The condition of a followed-by step (`-> T where cond as t`) or of a pattern item; as an operation, `.where(cond)` filters events.',
  },
  from: { doc: '`EventType.from(Connector, topic: "…")`: reads the event type from a connector.' },
  all: { doc: '`-> all T`: a Kleene step that matches one or more events of the type (trends).' },
  within: { doc: 'The time bound of a sequence (`.within(5m)`) or of a pattern declaration (`within 5m`).' },
  partition: { doc: '`partition by field` in a pattern declaration: matches independently per key.' },
  by: { doc: '`partition by field` in a pattern declaration.' },
  merge: { doc: '`merge(A, B, …)`: the union of several streams or event types.' },
  join: {
    doc: '`join(A, B).on(A.k == B.k)`: pairs each event with the most recent matching event of the other inputs within the window (default 1 minute).',
  },
  sequence: {
    doc: '`sequence(a: A, b: B where …)`: a sequence of named steps, each with an optional condition and `.within(...)`.',
  },
  timer: {
    doc: '`timer(1h, initial_delay: 5m)`: a source that ticks every interval (use `.process(...)` to generate events).',
  },
  on: { doc: 'The join condition, `.on(A.k == B.k)`.' },
  session: { doc: '`.window(session: gap)`: a window that closes after a gap without events.' },
  sliding: { doc: '`.window(size, sliding: step)`: windows that start every step.' },
  policy: { doc: '`.window(…, policy: …)`: accepted for compatibility, without defined semantics (warning VPL-O031).' },
  asc: { doc: 'Ascending order in `.order_by(...)`.' },
  desc: { doc: 'Descending order in `.order_by(...)`.' },
  cores: { doc: '`context name (cores: [1, 2])`: the CPU cores a context is pinned to.' },
  key: { doc: '`.enrich(C, key: expression, …)`: the lookup key.' },
  fields: { doc: '`.enrich(C, …, fields: [a, b])`: the response fields merged into the event.' },
  cache_ttl: { doc: '`.enrich(…, cache_ttl: 15m)`: how long lookups are cached.' },
  timeout: { doc: '`.enrich(…, timeout: 1s)`: how long a lookup may take (default 5s).' },
  fallback: {
    doc: '`.enrich(…, fallback: "unknown")`: the value of every field when the lookup fails (otherwise the event is dropped).',
  },
  // ---- Pattern declarations ----
  SEQ: { doc: '`SEQ(A, B, …)`: the items in order; items may carry Kleene markers (`+`, `*`, `?`) and `NOT`.' },
  AND: { doc: '`A AND B`: both, in any order.' },
  OR: { doc: '`A OR B`: either one.' },
  NOT: {
    doc: '`NOT X` inside `SEQ(...)`: no X between the neighbouring items (last item: until the within deadline).',
  },
  // ---- Types ----
  int: { doc: 'Signed 64-bit integers.' },
  float: { doc: 'IEEE-754 double-precision numbers.' },
  bool: { doc: '`true` or `false`.' },
  str: { doc: 'UTF-8 strings, written in double quotes.' },
  timestamp: { doc: 'Instants, written `@2025-03-09T06:30:00Z`; event times are whole milliseconds.' },
  duration: { doc: 'Non-negative time spans, written `5s`, `10m`, `48h` (units ns, us, ms, s, m, h, d).' },
  Stream: { doc: '`Stream<T>`: a stream of T, in `stream S: Stream<E> = …` annotations.' },
};

/** The primitive types, for completion after `:` in declarations. */
export const PRIMITIVE_TYPES: readonly string[] = ['int', 'float', 'bool', 'str', 'timestamp', 'duration'];

/** Duration units, for completion after a number. */
export const DURATION_UNITS: readonly { unit: string; doc: string; nanos: bigint }[] = [
  { unit: 'ms', doc: 'milliseconds', nanos: 1_000_000n },
  { unit: 's', doc: 'seconds', nanos: 1_000_000_000n },
  { unit: 'm', doc: 'minutes', nanos: 60_000_000_000n },
  { unit: 'h', doc: 'hours', nanos: 3_600_000_000_000n },
  { unit: 'd', doc: 'days', nanos: 86_400_000_000_000n },
  { unit: 'us', doc: 'microseconds', nanos: 1_000n },
  { unit: 'ns', doc: 'nanoseconds', nanos: 1n },
];

export interface ConnectorKindDoc {
  readonly kind: string;
  readonly doc: string;
  /** Declaration parameters with their value kinds. */
  readonly params: readonly { name: string; type: string }[];
  readonly snippet: string;
}

export const CONNECTOR_KINDS: readonly ConnectorKindDoc[] = [
  {
    kind: 'mqtt',
    doc: 'An MQTT broker.',
    params: [
      { name: 'host', type: 'str' },
      { name: 'port', type: 'int' },
      { name: 'client_id', type: 'str' },
    ],
    snippet: 'mqtt(host: "${1:localhost}", port: ${2:1883}, client_id: "${3:varpulis}")',
  },
  {
    kind: 'kafka',
    doc: 'Kafka brokers.',
    params: [
      { name: 'brokers', type: '[str]' },
      { name: 'group_id', type: 'str' },
      { name: 'batch_size', type: 'int' },
      { name: 'linger_ms', type: 'int' },
      { name: 'compression_type', type: 'str' },
      { name: 'message_timeout_ms', type: 'int' },
      { name: 'exactly_once', type: 'bool' },
      { name: 'transactional_id', type: 'str' },
    ],
    snippet: 'kafka(brokers: ["${1:localhost:9092}"], group_id: "${2:varpulis}")',
  },
  {
    kind: 'nats',
    doc: 'A NATS server.',
    params: [
      { name: 'servers', type: 'str' },
      { name: 'queue_group', type: 'str' },
    ],
    snippet: 'nats(servers: "${1:nats://localhost:4222}")',
  },
  {
    kind: 'http',
    doc: 'An HTTP endpoint (also for `.enrich`).',
    params: [
      { name: 'url', type: 'str' },
      { name: 'base_url', type: 'str' },
      { name: 'method', type: 'str' },
    ],
    snippet: 'http(url: "${1:http://localhost:8080}")',
  },
  {
    kind: 'database',
    doc: 'A SQL database for `.enrich` lookups (`query` with a `$1` placeholder).',
    params: [
      { name: 'url', type: 'str' },
      { name: 'query', type: 'str' },
    ],
    snippet: 'database(url: "${1:postgres://host/db}", query: "${2:SELECT a FROM t WHERE id = \\$1}")',
  },
  {
    kind: 'redis',
    doc: 'A Redis server for `.enrich` lookups.',
    params: [{ name: 'url', type: 'str' }],
    snippet: 'redis(url: "${1:redis://localhost:6379}")',
  },
  { kind: 'console', doc: 'Standard output.', params: [], snippet: 'console()' },
  {
    kind: 'websocket',
    doc: 'A WebSocket endpoint.',
    params: [{ name: 'url', type: 'str' }],
    snippet: 'websocket(url: "${1:ws://localhost:8080}")',
  },
  {
    kind: 'amqp',
    doc: 'An AMQP broker.',
    params: [{ name: 'url', type: 'str' }],
    snippet: 'amqp(url: "${1:amqp://localhost}")',
  },
  { kind: 'file', doc: 'A file.', params: [{ name: 'path', type: 'str' }], snippet: 'file(path: "${1:events.jsonl}")' },
  {
    kind: 'grpc',
    doc: 'A gRPC endpoint.',
    params: [{ name: 'url', type: 'str' }],
    snippet: 'grpc(url: "${1:localhost:50051}")',
  },
];

/** The stream sources other than a plain name, with snippets (completion after `stream X =`). */
export const SOURCE_SNIPPETS: readonly { label: string; snippet: string; doc: string }[] = [
  { label: 'merge', snippet: 'merge(${1:A}, ${2:B})', doc: KEYWORD_DOCS.merge!.doc },
  {
    label: 'join',
    snippet: 'join(${1:A}, ${2:B})\n    .on(${1:A}.${3:key} == ${2:B}.${3:key})',
    doc: KEYWORD_DOCS.join!.doc,
  },
  {
    label: 'sequence',
    snippet: 'sequence(${1:a}: ${2:A}, ${3:b}: ${4:B} where ${5:condition})',
    doc: KEYWORD_DOCS.sequence!.doc,
  },
  { label: 'timer', snippet: 'timer(${1:1m})', doc: KEYWORD_DOCS.timer!.doc },
  {
    label: 'all',
    snippet: 'all ${1:EventType} as ${2:alias}',
    doc: 'A Kleene source: one or more events of the type.',
  },
];
