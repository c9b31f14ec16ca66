/**
 * A small generator of valid VPL programs and of event streams for them: two event types (A and B, with a key
 * `k`, an int `v` and a float `x`), and streams made of filters, windows (count, sliding count, tumbling, sliding,
 * session), aggregates, `.having`, `.distinct`, `.limit`, `A -> B` sequences (with `within`, a Kleene step,
 * `.not`) and `partition_by`. Programs are described by plain data (shrinkable) and printed by {@link printProgram}.
 */
import fc from 'fast-check';

export type EventType = 'A' | 'B';

export interface Filter {
  readonly field: 'v' | 'x';
  readonly op: '>' | '<' | '>=' | '<=' | '==' | '!=';
  readonly value: number;
}

export type WindowSpec =
  | { readonly kind: 'count'; readonly size: number }
  | { readonly kind: 'countSliding'; readonly size: number; readonly slide: number }
  | { readonly kind: 'tumbling'; readonly ms: number }
  | { readonly kind: 'sliding'; readonly ms: number; readonly slideMs: number }
  | { readonly kind: 'session'; readonly gapMs: number };

export type Aggregate = 'count' | 'sumV' | 'avgX' | 'minV' | 'maxX' | 'distinctK' | 'firstV' | 'lastV';

export type StreamSpec =
  | {
      readonly kind: 'filter';
      readonly source: EventType;
      readonly filters: readonly Filter[];
      readonly distinct: boolean;
      readonly limit: number | null;
    }
  | {
      readonly kind: 'window';
      readonly source: EventType;
      readonly filters: readonly Filter[];
      readonly partition: boolean;
      readonly window: WindowSpec;
      readonly aggregates: readonly Aggregate[];
      readonly having: number | null;
    }
  | {
      readonly kind: 'sequence';
      readonly first: EventType;
      readonly second: EventType;
      readonly third: EventType | null;
      readonly sameKey: boolean;
      readonly kleene: boolean;
      readonly not: EventType | null;
      readonly withinMs: number;
      readonly partition: boolean;
      readonly firstFilter: Filter | null;
    };

export interface ProgramSpec {
  readonly streams: readonly StreamSpec[];
}

const eventType = fc.constantFrom<EventType>('A', 'B');
const filterArb: fc.Arbitrary<Filter> = fc.record({
  field: fc.constantFrom('v' as const, 'x' as const),
  op: fc.constantFrom('>' as const, '<' as const, '>=' as const, '<=' as const, '==' as const, '!=' as const),
  value: fc.integer({ min: -2, max: 12 }),
});
/** Durations the generator uses, in ms (each printable as a VPL duration literal). */
const durationMs = fc.constantFrom(250, 500, 1000, 2000, 3000, 5000, 10_000, 60_000);

const windowArb: fc.Arbitrary<WindowSpec> = fc.oneof(
  fc.record({ kind: fc.constant('count' as const), size: fc.integer({ min: 1, max: 6 }) }),
  fc
    .record({
      kind: fc.constant('countSliding' as const),
      size: fc.integer({ min: 1, max: 6 }),
      slide: fc.integer({ min: 1, max: 6 }),
    })
    .map((w) => ({ ...w, slide: Math.min(w.slide, w.size) })),
  fc.record({ kind: fc.constant('tumbling' as const), ms: durationMs }),
  fc
    .record({ kind: fc.constant('sliding' as const), ms: durationMs, slideMs: durationMs })
    .filter((w) => w.slideMs <= w.ms && w.ms % w.slideMs === 0),
  fc.record({ kind: fc.constant('session' as const), gapMs: durationMs }),
);

const aggregateArb = fc.uniqueArray(
  fc.constantFrom<Aggregate>('count', 'sumV', 'avgX', 'minV', 'maxX', 'distinctK', 'firstV', 'lastV'),
  { minLength: 1, maxLength: 4 },
);

export const streamSpecArb: fc.Arbitrary<StreamSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('filter' as const),
    source: eventType,
    filters: fc.array(filterArb, { maxLength: 2 }),
    distinct: fc.boolean(),
    limit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('window' as const),
    source: eventType,
    filters: fc.array(filterArb, { maxLength: 1 }),
    partition: fc.boolean(),
    window: windowArb,
    aggregates: aggregateArb,
    having: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('sequence' as const),
    first: eventType,
    second: eventType,
    third: fc.option(eventType, { nil: null }),
    sameKey: fc.boolean(),
    kleene: fc.boolean(),
    not: fc.option(eventType, { nil: null, freq: 4 }),
    withinMs: durationMs,
    partition: fc.boolean(),
    firstFilter: fc.option(filterArb, { nil: null }),
  }),
);

export const programSpecArb: fc.Arbitrary<ProgramSpec> = fc.record({
  streams: fc.array(streamSpecArb, { minLength: 1, maxLength: 4 }),
});

function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function filterText(f: Filter, prefix = ''): string {
  const value = f.field === 'x' ? `${f.value}.5` : String(f.value);
  return `${prefix}${f.field} ${f.op} ${value}`;
}

function windowText(w: WindowSpec): string {
  switch (w.kind) {
    case 'count':
      return `.window(${w.size})`;
    case 'countSliding':
      return `.window(${w.size}, sliding: ${w.slide})`;
    case 'tumbling':
      return `.window(${duration(w.ms)})`;
    case 'sliding':
      return `.window(${duration(w.ms)}, sliding: ${duration(w.slideMs)})`;
    case 'session':
      return `.window(session: ${duration(w.gapMs)})`;
  }
}

const AGGREGATE_TEXT: Record<Aggregate, string> = {
  count: 'n: count()',
  sumV: 'total: sum(v)',
  avgX: 'mean: avg(x)',
  minV: 'low: min(v)',
  maxX: 'high: max(x)',
  distinctK: 'keys: count_distinct(k)',
  firstV: 'opening: first(v)',
  lastV: 'closing: last(v)',
};
const AGGREGATE_NAME: Record<Aggregate, string> = {
  count: 'n',
  sumV: 'total',
  avgX: 'mean',
  minV: 'low',
  maxX: 'high',
  distinctK: 'keys',
  firstV: 'opening',
  lastV: 'closing',
};

const HEADER = `event A:
    k: str
    v: int
    x: float

event B:
    k: str
    v: int
    x: float
`;

function streamText(s: StreamSpec, i: number): string {
  const name = `S${i}`;
  const lines: string[] = [];
  switch (s.kind) {
    case 'filter': {
      lines.push(`stream ${name} = ${s.source}`);
      for (const f of s.filters) lines.push(`    .where(${filterText(f)})`);
      if (s.distinct) lines.push('    .distinct(k)');
      if (s.limit !== null) lines.push(`    .limit(${s.limit})`);
      lines.push('    .emit(k: k, v: v, x: x)');
      break;
    }
    case 'window': {
      lines.push(`stream ${name} = ${s.source}`);
      for (const f of s.filters) lines.push(`    .where(${filterText(f)})`);
      if (s.partition) lines.push('    .partition_by(k)');
      lines.push(`    ${windowText(s.window)}`);
      lines.push(`    .aggregate(${s.aggregates.map((a) => AGGREGATE_TEXT[a]).join(', ')})`);
      const first = AGGREGATE_NAME[s.aggregates[0]!];
      if (s.having !== null) lines.push(`    .having(${s.aggregates.includes('count') ? 'n' : first} != null)`);
      const fields = s.aggregates.map((a) => `${AGGREGATE_NAME[a]}: ${AGGREGATE_NAME[a]}`);
      if (s.partition) fields.unshift('k: k');
      lines.push(`    .emit(${fields.join(', ')})`);
      break;
    }
    case 'sequence': {
      const cond = s.sameKey ? ' where k == a.k' : '';
      lines.push(`stream ${name} = ${s.first} as a`);
      if (s.firstFilter) lines.push(`    .where(${filterText(s.firstFilter)})`);
      lines.push(`    -> ${s.kleene ? 'all ' : ''}${s.second}${cond} as b`);
      if (s.third) lines.push(`    -> ${s.third}${cond} as c`);
      lines.push(`    .within(${duration(s.withinMs)})`);
      if (s.not) lines.push(`    .not(${s.not} where v == -1)`);
      if (s.partition) lines.push('    .partition_by(k)');
      const fields = ['k: a.k', 'first: a.v', `second: b.v`];
      if (s.third) fields.push('third: c.v');
      lines.push(`    .emit(${fields.join(', ')})`);
      break;
    }
  }
  return lines.join('\n');
}

/** The VPL text of a program spec. */
export function printProgram(p: ProgramSpec): string {
  return `${HEADER}\n${p.streams.map((s, i) => streamText(s, i)).join('\n\n')}\n`;
}

/** An input event of the generated programs. */
export interface GenEvent {
  readonly type: EventType;
  readonly timestamp: number;
  readonly k: string;
  readonly v: number;
  readonly x: number;
}

/**
 * Event streams: mostly non-decreasing times (steps of 0 to 3 s), sometimes an event from the past (late), keys
 * from a small set so that partitions and sequences meet.
 */
export const eventsArb: fc.Arbitrary<GenEvent[]> = fc
  .array(
    fc.record({
      type: eventType,
      step: fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 3000 }) },
        { weight: 1, arbitrary: fc.integer({ min: -8000, max: -1 }) },
      ),
      k: fc.constantFrom('k1', 'k2', 'k3'),
      v: fc.integer({ min: -1, max: 12 }),
      x: fc.integer({ min: -4, max: 40 }).map((n) => n / 4 + 0.125),
    }),
    { maxLength: 60 },
  )
  .map((items) => {
    let t = 1_000_000;
    return items.map(({ step, ...e }) => {
      t = Math.max(0, t + step);
      const timestamp = t;
      if (step < 0) t -= step; // a late event does not move the clock back
      return { ...e, timestamp };
    });
  });
