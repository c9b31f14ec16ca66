import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('sequences: runs and selection strategy (semantics §11.2, D10)', () => {
  test('A -> B on A1 A2 B1 B2 gives (A1, B1) and (A2, B1)', async () => {
    const run = await runTimeline(`stream S = A as a -> B as b .emit(a: a.n, b: b.n)`, [
      at(1, 'A', { n: 1 }),
      at(2, 'A', { n: 2 }),
      at(3, 'B', { n: 1 }),
      at(4, 'B', { n: 2 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":3,"data":{"a":1,"b":1}}',
      '{"stream":"S","timestamp":3,"data":{"a":2,"b":1}}',
    ]);
  });

  test('each run takes the first later record that satisfies its step (skip-till-next-match)', async () => {
    const run = await runTimeline(`stream S = A as a -> B where v > a.v as b .emit(a: a.v, b: b.v)`, [
      at(1, 'A', { v: 5 }),
      at(2, 'B', { v: 3 }),
      at(3, 'B', { v: 7 }),
      at(4, 'B', { v: 9 }),
    ]);
    expect(run.data()).toEqual([{ a: 5, b: 7 }]);
  });

  test('the record that starts a run does not advance it; it can advance older runs', async () => {
    const run = await runTimeline(`stream S = T as x -> T as y .emit(x: x.i, y: y.i)`, [
      at(1, 'T', { i: 1 }),
      at(2, 'T', { i: 2 }),
      at(3, 'T', { i: 3 }),
    ]);
    expect(run.data()).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ]);
  });

  test('a .where between the source and the first step filters that step (S4)', async () => {
    const run = await runTimeline(
      `stream S = Order as o .where(amount > 100) -> Payment where order_id == o.id as p .emit(id: o.id)`,
      [
        at(1, 'Order', { id: 1, amount: 50 }),
        at(2, 'Order', { id: 2, amount: 500 }),
        at(3, 'Payment', { order_id: 1 }),
        at(4, 'Payment', { order_id: 2 }),
      ],
    );
    expect(run.data()).toEqual([{ id: 2 }]);
  });

  test('a .where after the last step filters match records', async () => {
    const run = await runTimeline(`stream S = A as a -> B as b .where(b.v > 1) .emit(v: b.v)`, [
      at(1, 'A'),
      at(2, 'B', { v: 1 }),
      at(3, 'A'),
      at(4, 'B', { v: 2 }),
    ]);
    expect(run.data()).toEqual([{ v: 2 }]);
  });

  test('the match record: match_duration_ms, then <alias>_<field> in step order (§11.7)', async () => {
    const run = await runTimeline(`stream S = Order as o -> Payment as p\nstream D = S .emit()`, [
      at('1s', 'Order', { id: 1 }),
      at('3s', 'Payment', { order_id: 1, amount: 9.5 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"D","timestamp":3000,"data":{"match_duration_ms":2000,"o_id":1,"p_order_id":1,"p_amount":9.5}}',
    ]);
  });

  test('match_duration_ms is a builtin variable after the matcher', async () => {
    const run = await runTimeline(`stream S = A -> B .emit(d: match_duration_ms)`, [at(10, 'A'), at(25, 'B')]);
    expect(run.data()).toEqual([{ d: 15 }]);
  });

  test("a step naming a stream matches that stream's output records", async () => {
    const run = await runTimeline(
      `stream Big = Order .where(amount > 10)\nstream S = Big as b -> Ship where id == b.id as s .emit(id: b.id)`,
      [
        at(1, 'Order', { id: 1, amount: 5 }),
        at(2, 'Order', { id: 2, amount: 50 }),
        at(3, 'Ship', { id: 1 }),
        at(4, 'Ship', { id: 2 }),
      ],
    );
    expect(run.data()).toEqual([{ id: 2 }]);
  });

  test('sequence(...) source with a per-step within', async () => {
    const run = await runTimeline(
      `stream Boarding = sequence(gate: GateOpened, pax: PassengerScanned where gate_id == gate.gate_id .within(30s))
    .emit(gate: gate.gate_id, passenger: pax.passenger_id)`,
      [
        at('0s', 'GateOpened', { gate_id: 'A' }),
        at('40s', 'PassengerScanned', { gate_id: 'A', passenger_id: 1 }),
        at('50s', 'GateOpened', { gate_id: 'B' }),
        at('60s', 'PassengerScanned', { gate_id: 'B', passenger_id: 2 }),
      ],
    );
    expect(run.data()).toEqual([{ gate: 'B', passenger: 2 }]);
  });

  test('without a deadline the matcher takes late events, but a run never goes back in time', async () => {
    const run = await runTimeline(`stream S = A as a -> B as b .emit(a: a.i, b: b.i)`, [
      at('10s', 'A', { i: 1 }),
      at('5s', 'B', { i: 1 }),
      at('4s', 'A', { i: 2 }),
      at('12s', 'B', { i: 2 }),
    ]);
    expect(run.data()).toEqual([
      { a: 1, b: 2 },
      { a: 2, b: 2 },
    ]);
    expect(run.engine.getCounters().lateEvents).toBe(0);
  });

  test('operations after the matcher keep the aliases bound (S30) until an aggregate', async () => {
    const run = await runTimeline(`stream S = A as a -> B as b .select(x: a.v) .where(b.v > 0) .emit(x: x, y: a.v)`, [
      at(1, 'A', { v: 1 }),
      at(2, 'B', { v: 2 }),
    ]);
    expect(run.data()).toEqual([{ x: 1, y: 1 }]);
  });
});

describe('partitions (semantics §11.6)', () => {
  test('.partition_by keeps runs per key and puts the key first in match records', async () => {
    const run = await runTimeline(`stream S = Login as l -> Purchase as p .partition_by(user)\nstream D = S .emit()`, [
      at(1, 'Login', { user: 'u1' }),
      at(2, 'Login', { user: 'u2' }),
      at(3, 'Purchase', { user: 'u2', amount: 5 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"D","timestamp":3,"data":{"user":"u2","match_duration_ms":1,"l_user":"u2","p_user":"u2","p_amount":5}}',
    ]);
  });

  test('DoubleBooking (language §9.2)', async () => {
    const run = await runTimeline(
      `stream DoubleBooking = RoomReserved as first
    -> RoomReserved where room_id == first.room_id and guest_id != first.guest_id as second
    .within(1h)
    .partition_by(room_id)
    .emit(room: first.room_id, guests: [first.guest_id, second.guest_id])`,
      [
        at('0m', 'RoomReserved', { room_id: 1, guest_id: 'a' }),
        at('1m', 'RoomReserved', { room_id: 2, guest_id: 'b' }),
        at('2m', 'RoomReserved', { room_id: 1, guest_id: 'a' }),
        at('3m', 'RoomReserved', { room_id: 1, guest_id: 'c' }),
      ],
    );
    expect(run.data()).toEqual([
      { room: 1, guests: ['a', 'c'] },
      { room: 1, guests: ['a', 'c'] },
    ]);
  });
});
