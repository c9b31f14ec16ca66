import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('merge (semantics §8.11)', () => {
  test('accepts a record if some item of its type accepts it; records continue unchanged', async () => {
    const run = await runTimeline(
      `stream AnyAlarm = merge(
    stream Hot = TurbineSample.where(blade_temp > 90.0),
    stream Fast = TurbineSample.where(rpm > 2200.0),
    GridTrip
)
.emit(turbine: turbine_id)`,
      [
        at(1, 'TurbineSample', { turbine_id: 1, blade_temp: 50.0, rpm: 100.0 }),
        at(2, 'TurbineSample', { turbine_id: 2, blade_temp: 95.0, rpm: 100.0 }),
        at(3, 'TurbineSample', { turbine_id: 3, blade_temp: 50.0, rpm: 3000.0 }),
        at(4, 'GridTrip', { turbine_id: 4 }),
      ],
    );
    expect(run.data()).toEqual([{ turbine: 2 }, { turbine: 3 }, { turbine: 4 }]);
  });
});

describe('derived streams and routing order (semantics §6.2)', () => {
  test('outputs of first-level streams precede outputs of streams derived from them', async () => {
    const run = await runTimeline(
      `stream B = A .emit(v: v)
stream C = B .emit(v: v)
stream D = A .emit(v: v)`,
      [at(1, 'A', { v: 1 })],
    );
    expect(run.emitted().map((e) => e.stream)).toEqual(['B', 'D', 'C']);
  });

  test('streams may be declared in any order', async () => {
    const run = await runTimeline(`stream C = B .emit(v: v)\nstream B = A .select(v: v * 10)`, [at(1, 'A', { v: 1 })]);
    expect(run.data()).toEqual([{ v: 10 }]);
  });

  test('the late mark follows records into derived streams: a window behind a stateless stream still refuses', async () => {
    const run = await runTimeline(
      `stream Clean = Reading .where(kw >= 0)
stream Minute = Clean .window(1m) .aggregate(n: count()) .emit(n: n)
stream LateLog = Late_Reading .emit(kw: kw)`,
      [at('0s', 'Reading', { kw: 1 }), at('61s', 'Reading', { kw: 2 }), at('30s', 'Reading', { kw: 3 })],
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"Minute","timestamp":0,"data":{"n":1}}',
      '{"stream":"LateLog","timestamp":30000,"data":{"kw":3}}',
      '{"stream":"Minute","timestamp":61000,"data":{"n":1}}',
    ]);
  });

  test('watermark step: upstream window results reach a downstream window closing in the same step (S28)', async () => {
    const run = await runTimeline(
      `stream Totals = PerSecond .window(10s) .aggregate(n: count(), s: sum(n)) .emit(n: n, s: s)
stream PerSecond = Reading .window(1s) .aggregate(n: count())`,
      [at('0s', 'Reading'), at('0.5s', 'Reading'), at('9.5s', 'Reading'), at('10s', 'Reading')],
      { end: false },
    );
    expect(run.jsonl()).toEqual(['{"stream":"Totals","timestamp":9500,"data":{"n":2,"s":3}}']);
  });

  test('results of an upstream window reach a downstream window that closes in the same watermark step', async () => {
    const run = await runTimeline(
      `stream Win = Agg .window(10s) .aggregate(n: count()) .emit(n: n)
stream Agg = R .window(1m) .aggregate(n: count())`,
      [at('1s', 'R'), at('61s', 'R')],
      { end: false },
    );
    // Agg fires [0, 60s) at W = 61 s with time 1 s; Win is visited after it and still takes it into
    // [0, 10s), which then fires in the same step
    expect(run.jsonl()).toEqual(['{"stream":"Win","timestamp":1000,"data":{"n":1}}']);
  });

  test('a record built by another stream too late for a fired window is dropped (VPL-R011)', async () => {
    const run = await runTimeline(
      `stream M = A -> B
stream Win = M .window(10s) .aggregate(n: count()) .emit(n: n)`,
      [at('1s', 'A'), at('30s', 'X'), at('5s', 'B')],
    );
    // the matcher has no deadline, so it takes the late B; the match (time 5 s) is not late itself, but
    // its window [0, 10s) has fired already
    expect(run.jsonl()).toEqual([]);
    expect(run.diagnostics('VPL-R011')).toHaveLength(1);
    expect(run.engine.getCounters().lateEvents).toBe(0);
  });
});
