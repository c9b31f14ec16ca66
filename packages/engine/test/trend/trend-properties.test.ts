/**
 * Trend aggregation (semantics §12) against brute-force enumeration: random queries (Kleene and plain steps,
 * filters on the candidate, on earlier aliases and on the Kleene step's own previous record, `.partition_by`,
 * `within` windows, every trend function) over random inputs of at most 12 events, with fixed seeds.
 */

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hubsOf } from '../../src/runtime/patterns/trend-hub.js';
import { compileProgram, Timeline } from '../../src/testing/index.js';
import {
  type Conjunct,
  type Ev,
  type EventType,
  expectedResults,
  type ItemSpec,
  type QuerySpec,
  type StepSpec,
  type TrendFn,
  timelineOf,
  vplOf,
} from './brute-force.js';

const FNS: TrendFn[] = ['count_trends', 'count_events', 'sum_trends', 'avg_trends', 'min_trends', 'max_trends'];
const TYPES: EventType[] = ['A', 'B', 'C'];

function conjunct(j: number, kleene: boolean): fc.Arbitrary<Conjunct> {
  const options: fc.Arbitrary<Conjunct>[] = [fc.integer({ min: 0, max: 3 }).map((k) => ({ kind: 'gt' as const, k }))];
  if (j > 0) {
    options.push(
      fc.record({
        kind: fc.constant('ref' as const),
        step: fc.integer({ min: 0, max: j - 1 }),
        op: fc.constantFrom('>' as const, '<' as const, '!=' as const),
      }),
    );
  }
  if (kleene) {
    options.push(
      fc.record({ kind: fc.constant('own' as const), op: fc.constantFrom('>' as const, '>=' as const, '<' as const) }),
    );
  }
  return fc.oneof(...options);
}

function stepArb(j: number): fc.Arbitrary<StepSpec> {
  return fc.record({ type: fc.constantFrom(...TYPES), kleene: fc.boolean() }).chain(({ type, kleene }) =>
    fc
      .array(conjunct(j, kleene), { maxLength: 2 })
      .chain((c) => fc.constantFrom(c, c.slice(0, 1), []))
      .map((filter) => ({ type, kleene, filter })),
  );
}

function queryArb(
  name: string,
  partitioned: fc.Arbitrary<boolean>,
  withinS: fc.Arbitrary<number>,
): fc.Arbitrary<QuerySpec> {
  return fc.integer({ min: 2, max: 3 }).chain((n) =>
    fc.record({
      name: fc.constant(name),
      steps: fc.tuple(...Array.from({ length: n }, (_, j) => stepArb(j))),
      partitioned,
      withinS,
      items: fc.tuple(
        ...FNS.map((fn, i) =>
          fc.integer({ min: 0, max: n - 1 }).map((step): ItemSpec => ({ name: `i${i}`, fn, step })),
        ),
      ),
    }),
  );
}

const eventsArb = (maxLength: number, types: readonly EventType[] = TYPES): fc.Arbitrary<Ev[]> =>
  fc
    .array(
      fc.record({
        type: fc.constantFrom(...types),
        dt: fc.integer({ min: 0, max: 3 }),
        k: fc.integer({ min: 0, max: 1 }),
        v: fc.integer({ min: 0, max: 4 }),
      }),
      { minLength: 1, maxLength },
    )
    .map((xs) => {
      let t = 0;
      return xs.map((x) => {
        t += x.dt;
        return { type: x.type, t, k: x.k, v: x.v };
      });
    });

async function run(queries: readonly QuerySpec[], events: readonly Ev[]): Promise<Timeline> {
  const plan = await compileProgram(queries.map(vplOf).join('\n'));
  return new Timeline(plan).feed(...timelineOf(events)).end();
}

function outputs(t: Timeline, stream: string): { timestamp: number; data: Record<string, unknown> }[] {
  return t.emitted(stream).map((e) => ({ timestamp: e.timestamp, data: e.data }));
}

describe('trend aggregation = brute-force enumeration (fast-check, fixed seeds)', () => {
  test('one query: every function, filters, partitions, windows (≤ 12 events)', async () => {
    let nonEmpty = 0;
    let results = 0;
    await fc.assert(
      fc.asyncProperty(
        queryArb('T', fc.boolean(), fc.constantFrom(5, 10, 60)).chain((q) =>
          fc.tuple(fc.constant(q), eventsArb(12, [...new Set(q.steps.map((s) => s.type))])),
        ),
        async ([q, events]) => {
          const t = await run([q], events);
          const expected = expectedResults(q, events);
          expect(outputs(t, 'T'), vplOf(q)).toEqual(expected);
          if (expected.length > 0) nonEmpty++;
          results += expected.length;
        },
      ),
      { seed: 20240611, numRuns: 400 },
    );
    // the generator is not degenerate: most inputs have trends
    expect(nonEmpty).toBeGreaterThan(150);
    expect(results).toBeGreaterThan(180);
  });

  test('several queries in one program (shared hub) each match brute force', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .boolean()
          .chain((p) =>
            fc
              .integer({ min: 2, max: 4 })
              .chain((n) =>
                fc.tuple(...Array.from({ length: n }, (_, i) => queryArb(`Q${i}`, fc.constant(p), fc.constant(10)))),
              ),
          ),
        eventsArb(12),
        async (qs, events) => {
          const t = await run(qs, events);
          for (const q of qs) expect(outputs(t, q.name), vplOf(q)).toEqual(expectedResults(q, events));
        },
      ),
      { seed: 7, numRuns: 150 },
    );
  });

  test('A -> all B: 2^n − 1 trends, counted exactly far beyond 2^63', async () => {
    const n = 200;
    const events: Ev[] = [
      { type: 'A', t: 0, k: 0, v: 1 },
      ...Array.from({ length: n }, (_, i) => ({ type: 'B' as const, t: 1, k: 0, v: i % 5 })),
    ];
    const q: QuerySpec = {
      name: 'T',
      steps: [
        { type: 'A', kleene: false, filter: [] },
        { type: 'B', kleene: true, filter: [] },
      ],
      partitioned: false,
      withinS: 60,
      items: [
        { name: 'i0', fn: 'count_trends', step: 0 },
        { name: 'i1', fn: 'count_events', step: 1 },
      ],
    };
    const t = await run([q], events);
    const count = 2n ** BigInt(n) - 1n;
    // beyond the int range: the nearest float, and one VPL-R004 notice
    expect(t.jsonl()).toEqual([
      `{"stream":"T","timestamp":1000,"data":{"i0":${JSON.stringify(Number(count))},"i1":${JSON.stringify(Number(BigInt(n) * 2n ** BigInt(n - 1)))}}}`,
    ]);
    expect(t.diagnostics('VPL-R004')).toHaveLength(1);
  });
});

describe('sharing (Hamlet) never changes a result', () => {
  test('each query of a program gives what it gives alone (long bursty inputs)', async () => {
    // queries drawn from a small pool so that several share a Kleene sub-pattern
    const pool: StepSpec[][] = [
      [
        { type: 'A', kleene: false, filter: [] },
        { type: 'B', kleene: true, filter: [{ kind: 'gt', k: 1 }] },
      ],
      [
        { type: 'C', kleene: false, filter: [] },
        { type: 'B', kleene: true, filter: [{ kind: 'gt', k: 1 }] },
        { type: 'A', kleene: false, filter: [] },
      ],
      [
        { type: 'B', kleene: true, filter: [{ kind: 'gt', k: 1 }] },
        { type: 'C', kleene: false, filter: [{ kind: 'gt', k: 0 }] },
      ],
      [
        { type: 'A', kleene: false, filter: [] },
        { type: 'B', kleene: true, filter: [{ kind: 'gt', k: 1 }] },
        { type: 'C', kleene: true, filter: [] },
      ],
      [
        { type: 'A', kleene: false, filter: [] },
        { type: 'B', kleene: true, filter: [{ kind: 'own', op: '>=' }] },
      ],
    ];
    const bursty = fc
      .array(
        fc.record({
          type: fc.constantFrom<EventType>('A', 'C', 'B', 'B'),
          len: fc.integer({ min: 1, max: 40 }),
          k: fc.integer({ min: 0, max: 1 }),
        }),
        { minLength: 1, maxLength: 40, size: 'max' },
      )
      .map((runs) => {
        const out: Ev[] = [];
        let t = 0;
        for (const r of runs)
          for (let i = 0; i < (r.type === 'B' ? r.len : 1); i++) {
            t += 97;
            out.push({ type: r.type, t: t / 1000, k: r.k, v: (t * 7) % 5 });
          }
        return out.map((e) => ({ ...e, t: Math.floor(e.t) }));
      });
    let shared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: 2, maxLength: 6 }),
        fc.boolean(),
        bursty,
        async (picks, partitioned, events) => {
          const qs = picks.map(
            (p, i): QuerySpec => ({
              name: `Q${i}`,
              steps: pool[p]!,
              partitioned,
              withinS: 30,
              items: FNS.map((fn, j) => ({ name: `i${j}`, fn, step: j % pool[p]!.length })),
            }),
          );
          const together = await run(qs, events);
          for (const h of hubsOf(together.engine)) shared += h.stats.shared;
          for (const q of qs) {
            const alone = await run([q], events);
            expect(together.emitted(q.name)).toEqual(alone.emitted(q.name));
          }
        },
      ),
      { seed: 99, numRuns: 60 },
    );
    // bursts were shared (the per-burst decision chose sharing) in these runs
    expect(shared).toBeGreaterThan(100);
  });
});
