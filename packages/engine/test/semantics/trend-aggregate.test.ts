import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

const CLIMBS = `stream Climbs = Price as base
    -> all Price where value > base.value as up
    .within(1m)
    .partition_by(sym)
    .trend_aggregate(paths: count_trends(), ups: count_events(up), top: max_trends(up.value))
    .emit(sym: sym, paths: paths, ups: ups, top: top)`;

describe('trend aggregation (semantics §12)', () => {
  test('the Climbs example: 9 trends, 14 events, top 13, reported when the window closes', async () => {
    const run = await runTimeline(CLIMBS, [
      at('0s', 'Price', { sym: 'A', value: 10 }),
      at('1s', 'Price', { sym: 'A', value: 12 }),
      at('2s', 'Price', { sym: 'B', value: 5 }),
      at('3s', 'Price', { sym: 'A', value: 11 }),
      at('4s', 'Price', { sym: 'A', value: 13 }),
      at('61s', 'Price', { sym: 'A', value: 1 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"Climbs","timestamp":4000,"data":{"sym":"A","paths":9,"ups":14,"top":13}}',
    ]);
  });

  test('A -> all B without filters has 2^n − 1 trends for n Bs', async () => {
    const events = [at(0, 'A'), ...Array.from({ length: 10 }, (_, i) => at(i + 1, 'B', { v: i }))];
    const run = await runTimeline(
      `stream T = A as a -> all B as b .within(1h) .trend_aggregate(n: count_trends(), e: count_events(b), s: sum_trends(b.v), lo: min_trends(b.v)) .emit(n: n, e: e, s: s, lo: lo)`,
      events,
    );
    // each B is in 2^9 of the subsets; Σ v = 45
    expect(run.data()).toEqual([{ n: 1023, e: 10 * 512, s: 45 * 512, lo: 0 }]);
  });

  test('counts beyond 2^53 stay exact', async () => {
    const events = [at(0, 'A'), ...Array.from({ length: 60 }, (_, i) => at(i + 1, 'B'))];
    const run = await runTimeline(
      `stream T = A -> all B .within(1h) .trend_aggregate(n: count_trends()) .emit(n: n)`,
      events,
    );
    expect(run.jsonl()).toEqual([`{"stream":"T","timestamp":60,"data":{"n":${(2n ** 60n - 1n).toString()}}}`]);
  });

  test('a .where before .trend_aggregate filters the last step (S34); windows are per within', async () => {
    const run = await runTimeline(
      `stream T = A -> all B as b .where(ok) .within(10s) .trend_aggregate(n: count_trends()) .emit(n: n)`,
      [
        at('0s', 'A'),
        at('1s', 'B', { ok: true }),
        at('2s', 'B', { ok: false }),
        at('11s', 'A'),
        at('12s', 'B', { ok: true }),
      ],
    );
    expect(run.data()).toEqual([{ n: 1 }, { n: 1 }]);
  });
});
