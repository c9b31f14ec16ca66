import { describe, expect, test } from 'vitest';
import { at, float, runTimeline } from '../../src/testing/index.js';

/** Runs `.window(N).aggregate(r: <call>)` over the given values and returns the JSON of `r`. */
async function agg(call: string, values: unknown[]): Promise<string> {
  const events = values.map((v, i) => at(i, 'R', v === undefined ? {} : { v }));
  const run = await runTimeline(`stream S = R .window(${values.length}) .aggregate(r: ${call}) .emit(r: r)`, events);
  const lines = run.jsonl();
  expect(lines).toHaveLength(1);
  return lines[0]!.replace(/^.*"data":\{"r":(.*)\}\}$/, '$1');
}

describe('aggregate functions (semantics §10)', () => {
  test('count() counts records; count(e) counts non-null values', async () => {
    expect(await agg('count()', [1, undefined, 3])).toBe('3');
    expect(await agg('count(v)', [1, undefined, 3])).toBe('2');
  });

  test('sum keeps ints, turns float when any value is a float, 0 when there are none', async () => {
    expect(await agg('sum(v)', [1, 2, 3])).toBe('6');
    expect(await agg('sum(v)', [1, 2.5])).toBe('3.5');
    expect(await agg('sum(v)', [float(1), float(2)])).toBe('3.0');
    expect(await agg('sum(v)', [undefined, undefined])).toBe('0');
  });

  test('sum of ints that overflows 64 bits is null with VPL-R004', async () => {
    const run = await runTimeline(`stream S = R .window(2) .aggregate(r: sum(v)) .emit(r: r)`, [
      at(0, 'R', { v: 9_223_372_036_854_775_807n }),
      at(1, 'R', { v: 1 }),
    ]);
    expect(run.data()).toEqual([{ r: null }]);
    expect(run.diagnostics('VPL-R004')).toHaveLength(1);
  });

  test('big ints stay exact', async () => {
    expect(await agg('sum(v)', [9_007_199_254_740_993n, 1])).toBe('9007199254740994');
  });

  test('avg is a float mean, null with no values', async () => {
    expect(await agg('avg(v)', [1, 2])).toBe('1.5');
    expect(await agg('avg(v)', [2, 4])).toBe('3.0');
    expect(await agg('avg(v)', [undefined])).toBe('null');
  });

  test('min / max keep the kind of the winning value', async () => {
    expect(await agg('min(v)', [3, 1.5, 2])).toBe('1.5');
    expect(await agg('max(v)', [3, 1.5, 2])).toBe('3');
    expect(await agg('max(v)', [undefined])).toBe('null');
  });

  test('stddev is the sample standard deviation', async () => {
    expect(await agg('stddev(v)', [10, 20, 30])).toBe('10.0');
    expect(Number(await agg('stddev(v)', [10, 20]))).toBeCloseTo(7.0710678, 6);
    expect(await agg('stddev(v)', [10])).toBe('null');
  });

  test('first / last take the first / last record, of any kind, without searching', async () => {
    expect(await agg('first(v)', ['a', 'b', 'c'])).toBe('"a"');
    expect(await agg('last(v)', ['a', 'b', undefined])).toBe('null');
  });

  test('count_distinct and count(distinct(e)) treat 1 and 1.0 as one value', async () => {
    expect(await agg('count_distinct(v)', [1, float(1), 2, undefined, 'x'])).toBe('3');
    expect(await agg('count(distinct(v))', [1, float(1), 2])).toBe('2');
  });

  test('ema seeds with the first value: p = 3 over 100..140 is 130.625', async () => {
    expect(await agg('ema(v, 3)', [100, 110, 120, 130, 140])).toBe('130.625');
  });

  test('numeric aggregates skip strings with VPL-R001 and skip NaN', async () => {
    const run = await runTimeline(`stream S = R .window(3) .aggregate(r: sum(v)) .emit(r: r)`, [
      at(0, 'R', { v: 1 }),
      at(1, 'R', { v: 'x' }),
      at(2, 'R', { v: Number.NaN }),
    ]);
    expect(run.data()).toEqual([{ r: 1 }]);
    expect(run.diagnostics('VPL-R001')).toHaveLength(1);
  });

  test('argument and item expressions: sum(price * qty), max(v) - min(v), sum(v) / count()', async () => {
    const run = await runTimeline(
      `stream S = R .window(2) .aggregate(vwap: sum(p * q) / sum(q), spread: max(p) - min(p), mean: sum(q) / count()) .emit(vwap: vwap, spread: spread, mean: mean)`,
      [at(0, 'R', { p: 10.0 + 0.5, q: 2 }), at(1, 'R', { p: 11.5, q: 4 })],
    );
    expect(run.jsonl()[0]).toBe(
      '{"stream":"S","timestamp":1,"data":{"vwap":11.166666666666666,"spread":1.0,"mean":3}}',
    );
  });

  test('division by zero in an item is null with VPL-R002', async () => {
    const run = await runTimeline(`stream S = R .window(1) .aggregate(r: sum(v) / 0) .emit(r: r)`, [
      at(0, 'R', { v: 1 }),
    ]);
    expect(run.data()).toEqual([{ r: null }]);
    expect(run.diagnostics('VPL-R002')).toHaveLength(1);
  });
});

describe('running aggregate without a window (ruling R4)', () => {
  test('emits the updated record after each input record', async () => {
    const run = await runTimeline(`stream S = Blip .aggregate(n: count(), total: sum(x)) .emit(n: n, total: total)`, [
      at(1, 'Blip', { x: 4 }),
      at(2, 'Blip', { x: 6 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":1,"data":{"n":1,"total":4}}',
      '{"stream":"S","timestamp":2,"data":{"n":2,"total":10}}',
    ]);
  });

  test('per partition, carrying the key field (D5)', async () => {
    const run = await runTimeline(`stream S = R .partition_by(k) .aggregate(n: count()) .emit(k: k, n: n)`, [
      at(1, 'R', { k: 'a' }),
      at(2, 'R', { k: 'b' }),
      at(3, 'R', { k: 'a' }),
    ]);
    expect(run.data()).toEqual([
      { k: 'a', n: 1 },
      { k: 'b', n: 1 },
      { k: 'a', n: 2 },
    ]);
  });
});
