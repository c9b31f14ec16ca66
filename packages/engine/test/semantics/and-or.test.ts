import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('named patterns: single event, OR, AND (semantics §11.8)', () => {
  test('a single-event pattern matches each event, reported on that event (D8)', async () => {
    const run = await runTimeline(`pattern Big = Order where amount > 10 as o\nstream S = Big .emit(id: o.id)`, [
      at(1, 'Order', { id: 1, amount: 5 }),
      at(2, 'Order', { id: 2, amount: 50 }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":2,"data":{"id":2}}']);
  });

  test('P OR Q reports each side on its own event; the other side is unbound', async () => {
    const run = await runTimeline(
      `pattern AnyDesk = DeskBooked as b OR DeskCancelled as c\nstream S = AnyDesk .emit(b: b.id, c: c.id)`,
      [at(1, 'DeskBooked', { id: 1 }), at(2, 'DeskCancelled', { id: 2 })],
    );
    expect(run.data()).toEqual([
      { b: 1, c: null },
      { b: null, c: 2 },
    ]);
  });

  test('Card AND Door: Door1 Door2 Card3 Card4 Door5 gives 4 matches', async () => {
    const run = await runTimeline(`pattern Both = Card as c AND Door as d\nstream S = Both .emit(c: c.i, d: d.i)`, [
      at(1, 'Door', { i: 1 }),
      at(2, 'Door', { i: 2 }),
      at(3, 'Card', { i: 3 }),
      at(4, 'Card', { i: 4 }),
      at(5, 'Door', { i: 5 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":3,"data":{"c":3,"d":1}}',
      '{"stream":"S","timestamp":3,"data":{"c":3,"d":2}}',
      '{"stream":"S","timestamp":5,"data":{"c":3,"d":5}}',
      '{"stream":"S","timestamp":5,"data":{"c":4,"d":5}}',
    ]);
  });

  test('AND match records list the items in written order with the overall duration (R11)', async () => {
    const run = await runTimeline(`pattern Both = Card as c AND Door as d\nstream S = Both\nstream D = S .emit()`, [
      at(10, 'Door', { i: 1 }),
      at(30, 'Card', { i: 2 }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"D","timestamp":30,"data":{"match_duration_ms":20,"c_i":2,"d_i":1}}']);
  });

  test('AND partners must still be waiting (within)', async () => {
    const run = await runTimeline(`pattern Both = (Card as c AND Door as d) within 5s\nstream S = Both .emit(c: c.i)`, [
      at('0s', 'Door', { i: 1 }),
      at('10s', 'Card', { i: 2 }),
    ]);
    expect(run.data()).toEqual([]);
  });

  test('(A AND B) OR C composes', async () => {
    const run = await runTimeline(`pattern P = (A as a AND B as b) OR C as c\nstream S = P .emit(a: a.i, c: c.i)`, [
      at(1, 'A', { i: 1 }),
      at(2, 'C', { i: 2 }),
      at(3, 'B', { i: 3 }),
    ]);
    expect(run.data()).toEqual([
      { a: null, c: 2 },
      { a: 1, c: null },
    ]);
  });
});

describe('nested partitions (ruling R6)', () => {
  test('a pattern partition by user used with .partition_by(region) runs per (user, region)', async () => {
    const run = await runTimeline(
      `pattern Twice = SEQ(Login as a, Login as b) partition by user
stream S = Twice .partition_by(region) .emit(user: user, region: region)`,
      [
        at(1, 'Login', { user: 'u', region: 'eu' }),
        at(2, 'Login', { user: 'u', region: 'us' }),
        at(3, 'Login', { user: 'u', region: 'eu' }),
      ],
    );
    expect(run.data()).toEqual([{ user: 'u', region: 'eu' }]);
  });
});
