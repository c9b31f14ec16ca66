import { describe, expect, test } from 'vitest';
import { at, float, runTimeline } from '../../src/testing/index.js';

describe('where / filter (semantics §8.1)', () => {
  test('keeps records whose condition is true; null and missing fields reject', async () => {
    const run = await runTimeline(`stream Hot = R .where(t > 30) .emit(t: t)`, [
      at('1s', 'R', { t: 31 }),
      at('2s', 'R', { t: 30 }),
      at('3s', 'R', {}),
      at('4s', 'R', { t: 40.5 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"Hot","timestamp":1000,"data":{"t":31}}',
      '{"stream":"Hot","timestamp":4000,"data":{"t":40.5}}',
    ]);
  });

  test('.filter is .where; `x != 5` is true for a missing x (D2)', async () => {
    const run = await runTimeline(`stream S = R .filter(x != 5) .emit(x: x)`, [at(1, 'R', { x: 5 }), at(2, 'R', {})]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":2,"data":{"x":null}}']);
  });

  test('a non-bool condition is a type error (R001) and rejects', async () => {
    const run = await runTimeline(`stream S = R .where(x) .emit(x: x)`, [at(1, 'R', { x: 1 })]);
    expect(run.jsonl()).toEqual([]);
    expect(run.diagnostics('VPL-R001')).toHaveLength(1);
    expect(run.diagnostics('VPL-R001')[0]!.stream).toBe('S');
    expect(run.diagnostics('VPL-R001')[0]!.eventNumber).toBe(1);
  });

  test('globals are readable in conditions (D13)', async () => {
    const run = await runTimeline(`const LIMIT = 10\nstream S = R .where(v > LIMIT) .emit(v: v)`, [
      at(1, 'R', { v: 5 }),
      at(2, 'R', { v: 11 }),
    ]);
    expect(run.data()).toEqual([{ v: 11 }]);
  });
});

describe('select (semantics §8.2)', () => {
  test('replaces the record by exactly the listed fields, in order', async () => {
    const run = await runTimeline(`stream Slim = R .select(b, a2: a * 2) .emit()`, [
      at('1s', 'R', { a: 1, b: 'x', c: true }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"Slim","timestamp":1000,"data":{"b":"x","a2":2}}']);
  });

  test('a missing field is present with null', async () => {
    const run = await runTimeline(`stream S = R .select(nope) .emit()`, [at(0, 'R', { a: 1 })]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":0,"data":{"nope":null}}']);
  });

  test('a derived stream sees the selected fields', async () => {
    const run = await runTimeline(`stream A = R .select(k: v + 1)\nstream B = A .emit(k: k)`, [at(5, 'R', { v: 1 })]);
    expect(run.jsonl()).toEqual(['{"stream":"B","timestamp":5,"data":{"k":2}}']);
  });
});

describe('emit (semantics §8.3, §6.4)', () => {
  test('fields in written order, named after the stream, time of the record', async () => {
    const run = await runTimeline(`stream Out = R .emit(z: 1, a: v, s: "v")`, [at('2s', 'R', { v: 2.5 })]);
    expect(run.jsonl()).toEqual(['{"stream":"Out","timestamp":2000,"data":{"z":1,"a":2.5,"s":"v"}}']);
  });

  test('.emit() emits the record unchanged (S5)', async () => {
    const run = await runTimeline(`stream Out = R .emit()`, [at(1, 'R', { a: 1, b: float(2) })]);
    expect(run.jsonl()).toEqual(['{"stream":"Out","timestamp":1,"data":{"a":1,"b":2.0}}']);
  });

  test('an unknown name is null, never its own text (D3)', async () => {
    const run = await runTimeline(`stream Shipped = Parcel .emit(parcel: parcel_id, weight: wieght)`, [
      at(1, 'Parcel', { parcel_id: 'P1', weight: 3 }),
    ]);
    expect(run.jsonl()).toEqual(['{"stream":"Shipped","timestamp":1,"data":{"parcel":"P1","weight":null}}']);
  });

  test('.emit as T(...) still names the event after the stream', async () => {
    const run = await runTimeline(`event Notice:\n    v: int\nstream S = R .emit as Notice(v: v)`, [
      at(1, 'R', { v: 1 }),
    ]);
    expect(run.emitted()).toEqual([{ stream: 'S', timestamp: 1, data: { v: 1 } }]);
  });

  test('a runtime error makes only that field null (D14)', async () => {
    const run = await runTimeline(`stream S = R .emit(a: v / 0, b: v)`, [at(1, 'R', { v: 4 })]);
    expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":1,"data":{"a":null,"b":4}}']);
    expect(run.diagnostics('VPL-R002')).toHaveLength(1);
  });

  test('T as a binds the alias without a sequence (D4)', async () => {
    const run = await runTimeline(`stream S = Order as o .emit(id: o.id, same: id)`, [at(1, 'Order', { id: 7 })]);
    expect(run.data()).toEqual([{ id: 7, same: 7 }]);
  });

  test('a stream without operations forwards records renamed, emits nothing', async () => {
    const run = await runTimeline(`stream Ticks = Tick\nstream Out = Ticks .emit(n: n)`, [at(1, 'Tick', { n: 1 })]);
    expect(run.jsonl()).toEqual(['{"stream":"Out","timestamp":1,"data":{"n":1}}']);
  });
});

describe('print / log (semantics §8.4)', () => {
  test('print writes display forms and passes the batch', async () => {
    const run = await runTimeline(`stream S = R .print("v is", v, [1, "a"]) .emit(v: v)`, [
      at(1, 'R', { v: float(2) }),
    ]);
    expect(run.logs().map((l) => l.text)).toEqual(['[PRINT] v is 2.0 [1, "a"]']);
    expect(run.data()).toEqual([{ v: 2 }]);
  });

  test('log writes the message and data at the level', async () => {
    const run = await runTimeline(`stream S = R .log(level: "warn", message: "seen", data: v)`, [at(1, 'R', { v: 3 })]);
    expect(run.logs()).toMatchObject([{ kind: 'log', level: 'warn', text: 'seen 3', stream: 'S' }]);
  });
});
