import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('Kleene closure (semantics §11.3)', () => {
  test('middle Kleene: A B B C gives one match with two Bs', async () => {
    const run = await runTimeline(
      `stream S = A as a -> all B as bs -> C as c .emit(n: len(bs), last: bs.i, first: bs[0].i)`,
      [at(1, 'A'), at(2, 'B', { i: 1 }), at(3, 'B', { i: 2 }), at(4, 'C')],
    );
    expect(run.data()).toEqual([{ n: 2, last: 2, first: 1 }]);
  });

  test('middle Kleene: A1 A2 B C gives two matches; A C gives none', async () => {
    const run = await runTimeline(`stream S = A as a -> all B as bs -> C .emit(a: a.i, n: len(bs))`, [
      at(1, 'A', { i: 1 }),
      at(2, 'A', { i: 2 }),
      at(3, 'B'),
      at(4, 'C'),
      at(5, 'A', { i: 3 }),
      at(6, 'C'),
    ]);
    expect(run.data()).toEqual([
      { a: 1, n: 1 },
      { a: 2, n: 1 },
    ]);
  });

  test('trailing Kleene: A B B B gives three matches with the growing set (D9)', async () => {
    const run = await runTimeline(`stream S = A as a -> all B as bs .emit(n: len(bs))`, [
      at(1, 'A'),
      at(2, 'B'),
      at(3, 'B'),
      at(4, 'X'),
      at(5, 'B'),
    ]);
    expect(run.data()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  test("a Kleene step's own alias is the previously accepted event (strictly rising prices)", async () => {
    const run = await runTimeline(
      `stream S = T as base -> all T where price > t.price as t .emit(n: len(t), top: t.price)`,
      [at(1, 'T', { price: 10 }), at(2, 'T', { price: 12 }), at(3, 'T', { price: 11 }), at(4, 'T', { price: 13 })],
    );
    // base 10: 12 (first, own-alias conjunct skipped), 13 > 12; base 12: 11 (first event), 13 > 11; base 11: 13
    expect(run.data()).toEqual([
      { n: 1, top: 12 },
      { n: 1, top: 11 },
      { n: 2, top: 13 },
      { n: 2, top: 13 },
      { n: 1, top: 13 },
    ]);
  });

  test('the rising-quotes pattern gives N − 2 matches per instrument', async () => {
    const events = [];
    for (let i = 0; i < 20; i++) {
      events.push(at(i * 2, 'Quote', { sym: 'A', bid: 100 + i }));
      events.push(at(i * 2 + 1, 'Quote', { sym: 'B', bid: 50 + i }));
    }
    const run = await runTimeline(
      `pattern Rise = SEQ(Quote as base, Quote+ where bid > base.bid as climb, Quote where bid > climb.bid as top) partition by sym
stream S = Rise .emit(sym: sym, base: base.bid, top: top.bid)`,
      events,
    );
    expect(run.data()).toHaveLength(36);
    expect(run.data()[0]).toEqual({ sym: 'A', base: 100, top: 102 });
  });

  test('SEQ(A, B*) on A B B gives 3 matches (S36)', async () => {
    const run = await runTimeline(`pattern P = SEQ(A as a, B* as bs)\nstream S = P .emit(n: len(bs))`, [
      at(1, 'A'),
      at(2, 'B'),
      at(3, 'B'),
    ]);
    expect(run.data()).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  test('SEQ(A?, B) on A B gives 2 matches: (A, B) and (B) alone (S36)', async () => {
    const run = await runTimeline(`pattern P = SEQ(A? as a, B as b)\nstream S = P .emit(a: a.i, b: b.i)`, [
      at(1, 'A', { i: 1 }),
      at(2, 'B', { i: 2 }),
    ]);
    expect(run.data()).toEqual([
      { a: 1, b: 2 },
      { a: null, b: 2 },
    ]);
  });

  test('SEQ(A, B?, C): the optional step may be skipped', async () => {
    const run = await runTimeline(`pattern P = SEQ(A as a, B? as b, C as c)\nstream S = P .emit(b: b.i)`, [
      at(1, 'A'),
      at(2, 'C'),
      at(3, 'A'),
      at(4, 'B', { i: 7 }),
      at(5, 'C'),
    ]);
    expect(run.data()).toEqual([{ b: null }, { b: 7 }]);
  });

  test('a Kleene alias keeps at most its most recent events (VPL-R006 once)', async () => {
    const events = [at(0, 'A'), ...Array.from({ length: 6 }, (_, i) => at(i + 1, 'B', { i }))];
    const run = await runTimeline(`stream S = A -> all B as bs .emit(n: len(bs), first: bs[0].i)`, events, {
      limits: { maxKleeneEvents: 4 },
    });
    expect(run.data().at(-1)).toEqual({ n: 4, first: 2 });
    expect(run.diagnostics('VPL-R006')).toHaveLength(1);
  });
});
