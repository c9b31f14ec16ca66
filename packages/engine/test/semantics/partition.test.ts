import { describe, expect, test } from 'vitest';
import { at, float, runTimeline } from '../../src/testing/index.js';

describe('partition_by (semantics §8.6, §2.5)', () => {
  test('the §8.7 example: PerCustomer carries the key under its own name', async () => {
    const run = await runTimeline(
      `stream PerCustomer = Purchase
    .partition_by(customer)
    .window(3)
    .aggregate(total: sum(amount), orders: count())
    .emit(customer: customer, total: total, orders: orders)`,
      [
        at(1, 'Purchase', { customer: 'c1', amount: 10 }),
        at(2, 'Purchase', { customer: 'c2', amount: 5 }),
        at(3, 'Purchase', { customer: 'c1', amount: 20 }),
        at(4, 'Purchase', { customer: 'c1', amount: 30 }),
      ],
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"PerCustomer","timestamp":4,"data":{"customer":"c1","total":60,"orders":3}}',
    ]);
  });

  test('1 and 1.0 are the same partition; the key value is the first one seen', async () => {
    const run = await runTimeline(`stream S = R .partition_by(k) .window(2) .aggregate(n: count()) .emit(k: k, n: n)`, [
      at(1, 'R', { k: 1 }),
      at(2, 'R', { k: float(1) }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":2,"data":{"k":1,"n":2}}']);
  });

  test('a record without the key field belongs to the null partition', async () => {
    const run = await runTimeline(`stream S = R .partition_by(k) .window(2) .aggregate(n: count()) .emit(k: k, n: n)`, [
      at(1, 'R', {}),
      at(2, 'R', { k: null }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":2,"data":{"k":null,"n":2}}']);
  });

  test('an alias named like the key replaces it in place', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(1) .aggregate(n: count(), k: last(v)) .emit()`,
      [at(1, 'R', { k: 'a', v: 9 })],
    );
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":1,"data":{"k":9,"n":1}}']);
  });

  test('a window written before partition_by is not partitioned (W002); the aggregate after it is', async () => {
    const run = await runTimeline(`stream S = R .window(3) .partition_by(k) .aggregate(n: count()) .emit(k: k, n: n)`, [
      at(1, 'R', { k: 'a' }),
      at(2, 'R', { k: 'b' }),
      at(3, 'R', { k: 'a' }),
    ]);
    expect(run.data()).toEqual([
      { k: 'a', n: 2 },
      { k: 'b', n: 1 },
    ]);
  });
});

describe('having (semantics §8.8)', () => {
  test('filters aggregate results', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2) .aggregate(n: count(), s: sum(v)) .having(s > 5) .emit(k: k, s: s)`,
      [
        at(1, 'R', { k: 'a', v: 1 }),
        at(2, 'R', { k: 'a', v: 2 }),
        at(3, 'R', { k: 'b', v: 3 }),
        at(4, 'R', { k: 'b', v: 4 }),
      ],
    );
    expect(run.data()).toEqual([{ k: 'b', s: 7 }]);
  });
});
