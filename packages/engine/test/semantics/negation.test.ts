import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('negation (semantics §11.4, D7)', () => {
  test('.not(X where F) discards runs of the partition, before X could advance them', async () => {
    const run = await runTimeline(
      `stream CartsLeft = CartOpened as cart
    -> CheckoutStarted where session_id == cart.session_id as checkout
    .not(CartCleared where session_id == cart.session_id)
    .within(30m)
    .emit(session: cart.session_id)`,
      [
        at('0m', 'CartOpened', { session_id: 1 }),
        at('1m', 'CartOpened', { session_id: 2 }),
        at('2m', 'CartCleared', { session_id: 1 }),
        at('3m', 'CheckoutStarted', { session_id: 1 }),
        at('4m', 'CheckoutStarted', { session_id: 2 }),
      ],
    );
    expect(run.data()).toEqual([{ session: 2 }]);
  });

  test('a negated type that is also a step type replaces the waiting run (S35)', async () => {
    const run = await runTimeline(`stream S = A as a -> B where u == a.u as b .not(A where u == a.u) .emit(a: a.i)`, [
      at(1, 'A', { u: 1, i: 1 }),
      at(2, 'A', { u: 1, i: 2 }),
      at(3, 'B', { u: 1 }),
    ]);
    expect(run.data()).toEqual([{ a: 2 }]);
  });

  test('NOT between SEQ items, partitioned (the Fulfilled example)', async () => {
    const run = await runTimeline(
      `pattern Fulfilled = SEQ(
    Order as o,
    NOT Cancel where order_id == o.id,
    Ship where order_id == o.id as s
) within 1h partition by region

stream Shipments = Fulfilled
    .emit(order: o.id, carrier: s.carrier)`,
      [
        at(1, 'Order', { region: 'eu', id: 1 }),
        at(2, 'Order', { region: 'eu', id: 2 }),
        at(3, 'Cancel', { region: 'us', order_id: 2 }),
        at(4, 'Cancel', { region: 'eu', order_id: 1 }),
        at(5, 'Ship', { region: 'eu', order_id: 1, carrier: 'ups' }),
        at(6, 'Ship', { region: 'eu', order_id: 2, carrier: 'dhl' }),
      ],
    );
    expect(run.data()).toEqual([{ order: 2, carrier: 'dhl' }]);
  });

  test('a NOT item only counts after the step before it', async () => {
    const run = await runTimeline(`pattern P = SEQ(A as a, B as b, NOT X, C as c)\nstream S = P .emit(a: a.i)`, [
      at(1, 'A', { i: 1 }),
      at(2, 'X'),
      at(3, 'B'),
      at(4, 'C'),
      at(5, 'A', { i: 2 }),
      at(6, 'B'),
      at(7, 'X'),
      at(8, 'C'),
    ]);
    expect(run.data()).toEqual([{ a: 1 }]);
  });

  test('trailing NOT completes when the watermark passes the deadline, stamped with it', async () => {
    const run = await runTimeline(
      `pattern Quiet = SEQ(Alarm as a, NOT Ack where id == a.id) within 10s
stream S = Quiet .emit(id: a.id, waited: match_duration_ms)`,
      [
        at('0s', 'Alarm', { id: 1 }),
        at('1s', 'Alarm', { id: 2 }),
        at('5s', 'Ack', { id: 2 }),
        at('10s', 'Tick'),
        at('11s', 'Tick'),
      ],
      { end: false },
    );
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":10000,"data":{"id":1,"waited":10000}}']);
  });

  test('an X arriving exactly at the deadline still discards the run', async () => {
    const run = await runTimeline(
      `pattern Quiet = SEQ(Alarm as a, NOT Ack) within 10s
stream S = Quiet .emit(id: a.id)`,
      [at('0s', 'Alarm', { id: 1 }), at('10s', 'Ack')],
    );
    expect(run.data()).toEqual([]);
  });
});
