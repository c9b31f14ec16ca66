import { describe, expect, test } from 'vitest';
import { EventRecord, Shape } from '../../src/runtime/values/index.js';

describe('records (semantics §2.2)', () => {
  test('fields keep insertion order; setting an existing field replaces it in place', () => {
    const r = EventRecord.of('T', 5, { b: 1, a: 2 });
    r.set('b', 3);
    r.set('c', 4);
    expect([...r.entries()]).toEqual([
      ['b', 3],
      ['a', 2],
      ['c', 4],
    ]);
  });

  test('numeric-looking field names keep their position (unlike object keys)', () => {
    const r = EventRecord.of('T', 0, [
      ['z', 1],
      ['1', 2],
    ]);
    expect(r.fieldNames).toEqual(['z', '1']);
  });

  test('records with the same fields in the same order share a shape', () => {
    const a = EventRecord.of('T', 0, { x: 1, y: 2 });
    const b = EventRecord.of('U', 0, { x: 3, y: 4 });
    expect(a.shape).toBe(b.shape);
    expect(a.shape).toBe(Shape.of(['x', 'y']));
    expect(EventRecord.of('T', 0, { y: 1, x: 2 }).shape).not.toBe(a.shape);
  });

  test('a missing field reads as null', () => {
    const r = EventRecord.of('T', 0, { x: 1 });
    expect(r.get('nope')).toBe(null);
    expect(r.has('nope')).toBe(false);
  });

  test('renamed copies do not share values', () => {
    const r = EventRecord.of('T', 7, { x: 1 });
    const s = r.renamed('S');
    s.set('x', 2);
    expect(r.get('x')).toBe(1);
    expect(s.type).toBe('S');
    expect(s.timeMs).toBe(7);
  });

  test('shapes with many fields look names up through an index', () => {
    const names = Array.from({ length: 20 }, (_, i) => `f${i}`);
    const s = Shape.of(names);
    expect(s.indexOf('f17')).toBe(17);
    expect(s.indexOf('g')).toBe(-1);
  });
});

describe('plain JavaScript data', () => {
  test('valueFromJs keeps the value model invariants', async () => {
    const { valueFromJs, valueToJs, recordFromJs, toJson, FloatValue } = await import(
      '../../src/runtime/values/index.js'
    );
    expect(toJson(valueFromJs({ a: 1, b: 2.5, c: [true, null, undefined], d: 2 ** 60, e: 2n ** 60n, f: -0 }))).toBe(
      '{"a":1,"b":2.5,"c":[true,null,null],"d":1152921504606847000.0,"e":1152921504606846976,"f":0}',
    );
    expect(valueFromJs(new Date(1500))).toEqual(expect.objectContaining({ ms: 1500, ns: 0 }));
    expect(valueToJs(valueFromJs({ x: [1, { y: 'z' }] }))).toEqual({ x: [1, { y: 'z' }] });
    expect(valueToJs(new FloatValue(3))).toBe(3);
    const r = recordFromJs('T', 5, { '2': 'b', a: 1 });
    expect(r.fieldNames).toEqual(['2', 'a']);
  });
});
