import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

const SPREAD = `stream Spread = join(Bid, Ask)
    .on(Bid.sym == Ask.sym)
    .window(10s)
    .emit(sym: Bid.sym, spread: Ask.px - Bid.px)`;

describe('join (semantics §8.11b, D17)', () => {
  test('the Spread example: each arrival pairs with the latest partner within the window', async () => {
    const run = await runTimeline(SPREAD, [
      at('0s', 'Bid', { sym: 'X', px: 100 }),
      at('2s', 'Ask', { sym: 'X', px: 105 }),
      at('3s', 'Ask', { sym: 'X', px: 104 }),
      at('5s', 'Bid', { sym: 'X', px: 101 }),
      at('20s', 'Ask', { sym: 'X', px: 110 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"Spread","timestamp":2000,"data":{"sym":"X","spread":5}}',
      '{"stream":"Spread","timestamp":3000,"data":{"sym":"X","spread":4}}',
      '{"stream":"Spread","timestamp":5000,"data":{"sym":"X","spread":3}}',
    ]);
  });

  test('the latest *qualifying* partner: the condition selects among buffered records', async () => {
    const run = await runTimeline(SPREAD, [
      at('0s', 'Bid', { sym: 'X', px: 100 }),
      at('1s', 'Bid', { sym: 'Y', px: 50 }),
      at('2s', 'Ask', { sym: 'X', px: 105 }),
    ]);
    expect(run.data()).toEqual([{ sym: 'X', spread: 5 }]);
  });

  test('nothing is de-duplicated: A1 B1 A2 gives A1·B1 and A2·B1', async () => {
    const run = await runTimeline(`stream J = join(A, B) .on(A.k == B.k) .emit(a: A.i, b: B.i)`, [
      at(1, 'A', { k: 1, i: 1 }),
      at(2, 'B', { k: 1, i: 1 }),
      at(3, 'A', { k: 1, i: 2 }),
    ]);
    expect(run.data()).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 1 },
    ]);
  });

  test('joined records carry <Input>_<field> then the plain names, to downstream streams', async () => {
    const run = await runTimeline(`stream J = join(A, B) .on(A.k == B.k)\nstream D = J .emit()`, [
      at(1, 'A', { k: 1, x: 'a' }),
      at(2, 'B', { k: 1, y: 'b' }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"D","timestamp":2,"data":{"A_k":1,"A_x":"a","B_k":1,"B_y":"b","k":1,"x":"a","y":"b"}}',
    ]);
  });

  test('the default window is 1 minute (|Δt| ≤ D)', async () => {
    const run = await runTimeline(`stream J = join(A, B) .on(A.k == B.k) .emit(a: A.i)`, [
      at('0s', 'A', { k: 1, i: 1 }),
      at('60s', 'B', { k: 1 }),
      at('121s', 'B', { k: 1 }),
    ]);
    expect(run.data()).toEqual([{ a: 1 }]);
  });

  test('an inline input with its own .on(...) names the input', async () => {
    const run = await runTimeline(
      `stream J = join(stream Q = Quote .on(Q.px > 0), Trade) .on(Q.sym == Trade.sym) .emit(px: Q.px)`,
      [at(1, 'Quote', { sym: 'X', px: 0 }), at(2, 'Quote', { sym: 'X', px: 3 }), at(3, 'Trade', { sym: 'X' })],
    );
    expect(run.data()).toEqual([{ px: 3 }]);
  });

  test('a join refuses late events', async () => {
    const run = await runTimeline(`stream J = join(A, B) .on(A.k == B.k) .emit(a: A.i)`, [
      at('10s', 'A', { k: 1, i: 1 }),
      at('5s', 'B', { k: 1 }),
    ]);
    expect(run.data()).toEqual([]);
    expect(run.engine.getCounters().lateEvents).toBe(1);
  });
});
