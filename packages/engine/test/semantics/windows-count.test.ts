import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

const vs = (n: number, type = 'R') => Array.from({ length: n }, (_, i) => at(i + 1, type, { v: i + 1 }));

describe('count windows (semantics §9.2)', () => {
  test('.window(3).emit(...) emits 3 events every 3rd input', async () => {
    const run = await runTimeline(`stream S = R .window(3) .emit(v: v)`, vs(7));
    expect(run.data()).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }, { v: 4 }, { v: 5 }, { v: 6 }]);
    expect(run.emitted().map((e) => e.timestamp)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('a partial buffer is discarded at the end of input', async () => {
    const run = await runTimeline(`stream S = R .window(5) .aggregate(n: count()) .emit(n: n)`, vs(4));
    expect(run.data()).toEqual([]);
  });

  test('partitioned count windows keep one buffer per key', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2) .aggregate(n: count(), s: sum(v)) .emit(k: k, n: n, s: s)`,
      [
        at(1, 'R', { k: 'a', v: 1 }),
        at(2, 'R', { k: 'b', v: 2 }),
        at(3, 'R', { k: 'b', v: 3 }),
        at(4, 'R', { k: 'a', v: 4 }),
      ],
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":3,"data":{"k":"b","n":2,"s":5}}',
      '{"stream":"S","timestamp":4,"data":{"k":"a","n":2,"s":5}}',
    ]);
  });

  test('count windows take late events (ruling R1)', async () => {
    const run = await runTimeline(`stream S = R .window(2) .aggregate(s: sum(v)) .emit(s: s)`, [
      at('10s', 'R', { v: 1 }),
      at('5s', 'R', { v: 2 }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":5000,"data":{"s":3}}']);
    expect(run.engine.getCounters().lateEvents).toBe(0);
  });
});

describe('sliding count windows (semantics §9.3)', () => {
  test('.window(3, sliding: 1) on v1..v5', async () => {
    const run = await runTimeline(
      `stream S = R .window(3, sliding: 1) .aggregate(first: first(v), last: last(v)) .emit(first: first, last: last)`,
      vs(5),
    );
    expect(run.data()).toEqual([
      { first: 1, last: 3 },
      { first: 2, last: 4 },
      { first: 3, last: 5 },
    ]);
  });

  test('.window(5, sliding: 2): first release at the 5th record, then at the 7th, 9th', async () => {
    const run = await runTimeline(
      `stream S = R .window(5, sliding: 2) .aggregate(last: last(v)) .emit(last: last)`,
      vs(10),
    );
    expect(run.data()).toEqual([{ last: 5 }, { last: 7 }, { last: 9 }]);
  });
});
