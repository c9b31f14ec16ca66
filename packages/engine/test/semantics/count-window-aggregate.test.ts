import { describe, expect, test } from 'vitest';
import { at, compileProgram, float, runTimeline, Timeline } from '../../src/testing/index.js';

// A count window followed by its aggregate runs as one operator that evaluates the arguments when a record
// arrives. These tests pin down that it behaves exactly like the window releasing a batch to the aggregate.

const values = (vs: unknown[]) => vs.map((v, i) => at(i + 1, 'R', { v }));

describe('count window + aggregate: diagnostics are those of the released batch', () => {
  test('a skipped value is reported at the release, and not at all in a window discarded at the end', async () => {
    const run = await runTimeline(
      `stream S = R .window(3) .aggregate(s: sum(v)) .emit(s: s)`,
      values([1, 'x', 3, 4, 'y']),
    );
    expect(run.data()).toEqual([{ s: 4 }]);
    expect(run.diagnostics().map((d) => [d.code, d.eventNumber])).toEqual([['VPL-R001', 3]]);
  });

  test('a sliding window reports the value again at every release that contains it', async () => {
    const run = await runTimeline(
      `stream S = R .window(2, sliding: 1) .aggregate(s: sum(v)) .emit(s: s)`,
      values([1, 'x', 3, 4]),
    );
    expect(run.data()).toEqual([{ s: 1 }, { s: 3 }, { s: 7 }]);
    expect(run.diagnostics().map((d) => [d.code, d.eventNumber])).toEqual([
      ['VPL-R001', 2],
      ['VPL-R001', 3],
    ]);
  });

  test('argument and accumulator diagnostics keep their order: record by record, call by call', async () => {
    for (const window of ['.window(2)', '.window(2, sliding: 2)']) {
      const run = await runTimeline(`stream S = R ${window} .aggregate(a: sum(v), b: sum(w + 1)) .emit(a: a, b: b)`, [
        at(1, 'R', { v: 'x', w: 'y' }),
        at(2, 'R', { v: true, w: 1 }),
      ]);
      expect(run.data(), window).toEqual([{ a: 0, b: 2 }]);
      expect(
        run.diagnostics().map((d) => d.message.slice(0, 24)),
        window,
      ).toEqual(['sum() skipped a str valu', "Operator '+' cannot be a", 'sum() skipped a bool val']);
    }
  });
});

describe('count window + aggregate: values', () => {
  test("the partition value is that of the partition's first record, in every window (1 and 1.0 share a key)", async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2, sliding: 1) .aggregate(n: count()) .emit(k: k, n: n)`,
      [at(1, 'R', { k: 1 }), at(2, 'R', { k: float(1) }), at(3, 'R', { k: 1 })],
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":2,"data":{"k":1,"n":2}}',
      '{"stream":"S","timestamp":3,"data":{"k":1,"n":2}}',
    ]);
  });

  test('accumulators start afresh for each window of a partition', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2) .aggregate(lo: min(v), hi: max(v), n: count_distinct(v), f: first(v)) .emit(k: k, lo: lo, hi: hi, n: n, f: f)`,
      [
        at(1, 'R', { k: 'a', v: 5 }),
        at(2, 'R', { k: 'b', v: 1 }),
        at(3, 'R', { k: 'a', v: 7 }),
        at(4, 'R', { k: 'a', v: 2 }),
        at(5, 'R', { k: 'b', v: 1 }),
        at(6, 'R', { k: 'a', v: 3 }),
      ],
    );
    expect(run.data()).toEqual([
      { k: 'a', lo: 5, hi: 7, n: 2, f: 5 },
      { k: 'b', lo: 1, hi: 1, n: 1, f: 1 },
      { k: 'a', lo: 2, hi: 3, n: 2, f: 2 },
    ]);
  });

  test('a sliding window recomputes every numeric aggregate over exactly its records, oldest first', async () => {
    const vs = [1, 2.5, float(3), 4, -0.75, 7];
    const run = await runTimeline(
      `stream S = R .window(4, sliding: 1) .aggregate(a: avg(v), sd: stddev(v), e: ema(v, 3), s: sum(v), lo: min(v), n: count()) .emit(a: a, sd: sd, e: e, s: s, lo: lo, n: n)`,
      values(vs),
    );
    const xs = [1, 2.5, 3, 4, -0.75, 7];
    const expected = [0, 1, 2].map((from) => {
      const w = xs.slice(from, from + 4);
      let mean = 0;
      let m2 = 0;
      let ema = 0;
      w.forEach((x, i) => {
        const d = x - mean;
        mean += d / (i + 1);
        m2 += d * (x - mean);
        ema = i === 0 ? x : x * 0.5 + ema * (1 - 0.5);
      });
      const sum = w.reduce((t, x) => t + x, 0);
      return { a: sum / 4, sd: Math.sqrt(m2 / 3), e: ema, s: sum, lo: Math.min(...w), n: 4 };
    });
    expect(run.data()).toEqual(expected);
    expect(run.diagnostics()).toEqual([]);
  });

  test('a value that is not a number in a sliding window is skipped by the numeric aggregates', async () => {
    const run = await runTimeline(
      `stream S = R .window(3, sliding: 1) .aggregate(a: avg(v), e: ema(v, 1), n: count(v)) .emit(a: a, e: e, n: n)`,
      [at(1, 'R', { v: 2 }), at(2, 'R'), at(3, 'R', { v: 4 }), at(4, 'R', { v: 6 })],
    );
    expect(run.data()).toEqual([
      { a: 3, e: 4, n: 2 },
      { a: 5, e: 6, n: 2 },
    ]);
  });

  test('engines loaded from one plan share compiled code but not state', async () => {
    const plan = await compileProgram(
      `stream S = R .partition_by(k) .window(2) .aggregate(s: sum(v)) .emit(k: k, s: s)`,
    );
    const a = new Timeline(plan);
    const b = new Timeline(plan);
    a.feed(at(1, 'R', { k: 'x', v: 1 }));
    b.feed(at(1, 'R', { v: 10, k: 'x' }), at(2, 'R', { k: 'x', v: 20 }));
    a.feed(at(2, 'R', { k: 'x', v: 2 }));
    expect(a.data()).toEqual([{ k: 'x', s: 3 }]);
    expect(b.data()).toEqual([{ k: 'x', s: 30 }]);
  });

  test('an argument that reads the evaluation time is evaluated at the release', async () => {
    const run = await runTimeline(`stream S = R .window(2) .aggregate(t: first(now())) .emit(t: t)`, [
      at(1000, 'R'),
      at(2000, 'R'),
    ]);
    expect(run.data()).toEqual([{ t: '1970-01-01T00:00:02.000Z' }]);
  });

  test('a checkpoint keeps the records of the current windows, as without the fusion', async () => {
    const plan = await compileProgram(`stream S = R .window(2, sliding: 1) .aggregate(s: sum(v)) .emit(s: s)`);
    const first = new Timeline(plan).feed(...values([1, 'x']));
    const state = first.engine.checkpoint().streams[0]!.state as unknown[];
    expect(state).toHaveLength(4);
    expect(state[1]).toEqual({
      parts: [
        {
          records: [
            ['R', 1, ['v'], [1]],
            ['R', 2, ['v'], ['x']],
          ],
          captures: [null, null],
          since: 0,
        },
      ],
      order: [],
      keyValues: [],
    });
    expect(state[2]).toEqual([]);
    const second = new Timeline(plan);
    second.engine.restore(JSON.parse(JSON.stringify(first.engine.checkpoint())));
    second.feed(at(3, 'R', { v: 3 })).end();
    expect(second.data()).toEqual([{ s: 3 }]);
    expect(second.diagnostics().map((d) => [d.code, d.eventNumber])).toEqual([['VPL-R001', 3]]);
  });
});

describe('watermark steps with no operator due', () => {
  test('a time window still drops a derived record whose windows ended before a skipped step', async () => {
    // R@50 is late; the count window takes it (ruling R1) and its result, at 50, reaches the time window,
    // whose window [50, 60) ended before the watermark 105 (a step in which no window was due).
    const run = await runTimeline(
      `stream C = R .window(1) .aggregate(n: count())
stream S = C .window(10ms) .aggregate(m: count()) .emit(m: m)`,
      [at(100, 'R'), at(105, 'R'), at(50, 'R')],
    );
    expect(run.diagnostics('VPL-R011')).toHaveLength(1);
    expect(run.emitted().map((e) => [e.timestamp, e.data])).toEqual([[105, { m: 2 }]]);
  });

  test('emittedByStream lists the streams in the order of their first emission, across a checkpoint', async () => {
    const plan = await compileProgram(`stream A = R .where(v > 1) .emit(v: v)
stream B = R .emit(v: v)`);
    const first = new Timeline(plan).feed(...values([1, 2]));
    expect(Object.entries(first.engine.getCounters().emittedByStream)).toEqual([
      ['B', 2],
      ['A', 1],
    ]);
    const second = new Timeline(plan);
    second.engine.restore(JSON.parse(JSON.stringify(first.engine.checkpoint())));
    second.feed(...values([3]));
    expect(Object.entries(second.engine.getCounters().emittedByStream)).toEqual([
      ['B', 3],
      ['A', 2],
    ]);
  });
});
