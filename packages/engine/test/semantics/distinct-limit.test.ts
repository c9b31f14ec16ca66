import { describe, expect, test } from 'vitest';
import { at, float, runTimeline } from '../../src/testing/index.js';

describe('distinct (semantics §8.9)', () => {
  test('distinct(expr) keeps the first record of each key; 1 and 1.0 are one key', async () => {
    const run = await runTimeline(`stream S = R .distinct(k) .emit(k: k, i: i)`, [
      at(1, 'R', { k: 1, i: 1 }),
      at(2, 'R', { k: float(1), i: 2 }),
      at(3, 'R', { k: 2, i: 3 }),
    ]);
    expect(run.data()).toEqual([
      { k: 1, i: 1 },
      { k: 2, i: 3 },
    ]);
  });

  test('distinct() keys on the whole field map, field order irrelevant', async () => {
    const run = await runTimeline(`stream S = R .distinct() .emit()`, [
      at(1, 'R', { a: 1, b: 2 }),
      at(2, 'R', { b: 2, a: 1 }),
      at(3, 'R', { a: 1, b: 3 }),
    ]);
    expect(run.data()).toEqual([
      { a: 1, b: 2 },
      { a: 1, b: 3 },
    ]);
  });

  test('the LRU forgets the least recently seen key and reports VPL-R006 once', async () => {
    const run = await runTimeline(
      `stream S = R .distinct(k) .emit(k: k)`,
      [1, 2, 3, 1, 4, 2].map((k, i) => at(i, 'R', { k })),
      { limits: { maxDistinctKeys: 3 } },
    );
    // 1 2 3 kept; 1 seen again (refreshed); 4 evicts 2; 2 is new again
    expect(run.data().map((d) => d.k)).toEqual([1, 2, 3, 4, 2]);
    expect(run.diagnostics('VPL-R006')).toHaveLength(1);
  });
});

describe('limit / first (semantics §8.10)', () => {
  test('limit(n) lets the first n records through over the whole run', async () => {
    const run = await runTimeline(
      `stream S = R .limit(2) .emit(i: i)`,
      [1, 2, 3].map((i) => at(i, 'R', { i })),
    );
    expect(run.data()).toEqual([{ i: 1 }, { i: 2 }]);
  });

  test('first() is limit(1); limit(0) blocks everything', async () => {
    const run = await runTimeline(`stream A = R .first() .emit(i: i)\nstream B = R .limit(0) .emit(i: i)`, [
      at(1, 'R', { i: 1 }),
      at(2, 'R', { i: 2 }),
    ]);
    expect(run.emitted()).toEqual([{ stream: 'A', timestamp: 1, data: { i: 1 } }]);
  });
});
