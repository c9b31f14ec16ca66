import { describe, expect, test } from 'vitest';
import { EventRecord, type Value } from '../../src/runtime/values/index.js';
import { evaluate, value } from './harness.js';

const order = EventRecord.of('Order', 10, { id: 'o1', amount: 50 });

describe('member access, indexing, slicing (semantics §7.3)', () => {
  test('map members; ?. behaves like .', () => {
    expect(value('{a: {b: 2}}.a.b')).toBe(2);
    expect(value('{a: 1}.zz')).toBe(null);
    expect(value('{a: 1}?.a')).toBe(1);
    expect(value('m?.a', { record: {} })).toBe(null);
  });

  test('a member of a non-map is a type error', () => {
    const r = evaluate('5.f');
    expect([r.value, r.codes]).toEqual([null, ['VPL-R001']]);
    expect(r.diagnostics[0]!.message).toBe("Cannot read member 'f' of a int; only maps have members.");
  });

  test('aliases: a.f reads the captured event; a Kleene alias reads its latest event', () => {
    const a = EventRecord.of('A', 1, { v: 1 });
    const b2 = EventRecord.of('B', 3, { v: 3 });
    const opts = { aliases: { o: order, bs: [a, b2], none: null } };
    expect(value('o.amount', opts)).toBe(50);
    expect(value('bs.v', opts)).toBe(3);
    expect(value('none.v', opts)).toBe(null);
    expect(value('len(bs)', opts)).toBe(2);
    expect(value('o', opts)).toBe(order);
    expect(value('bs.map(b => b.v)', opts)).toEqual([1, 3]);
  });

  test('arrays: negative indices count from the end; out of range is VPL-R003', () => {
    expect(value('[10, 20, 30][0]')).toBe(10);
    expect(value('[10, 20, 30][-1]')).toBe(30);
    const r = evaluate('[10, 20, 30][3]');
    expect([r.value, r.codes]).toEqual([null, ['VPL-R003']]);
    expect(evaluate('[10][-2]').codes).toEqual(['VPL-R003']);
    expect(evaluate('[10]["a"]').codes).toEqual(['VPL-R001']);
  });

  test('strings are indexed by code point', () => {
    expect(value('"héllo"[1]')).toBe('é');
    expect(value('s[1]', { record: { s: 'a😀b' } })).toBe('😀');
    expect(value('s[-1]', { record: { s: 'a😀b' } })).toBe('b');
    expect(evaluate('"abc"[5]').codes).toEqual(['VPL-R003']);
  });

  test('maps are indexed by key, silently null when absent', () => {
    expect(value('{a: 1}["a"]')).toBe(1);
    expect(evaluate('{a: 1}["b"]')).toMatchObject({ value: null, codes: [] });
    expect(value('o["amount"]', { aliases: { o: order } })).toBe(50);
  });

  test('slices clamp their bounds', () => {
    expect(value('[1, 2, 3, 4][1:3]')).toEqual([2, 3]);
    expect(value('[1, 2, 3, 4][:2]')).toEqual([1, 2]);
    expect(value('[1, 2, 3, 4][2:]')).toEqual([3, 4]);
    expect(value('[1, 2, 3, 4][:]')).toEqual([1, 2, 3, 4]);
    expect(value('[1, 2, 3, 4][-2:]')).toEqual([3, 4]);
    expect(value('[1, 2, 3, 4][1:100]')).toEqual([2, 3, 4]);
    expect(value('[1, 2, 3, 4][3:1]')).toEqual([]);
    expect(value('"hello"[1:3]')).toBe('el');
    expect(value('s[1:2]', { record: { s: 'a😀b' } })).toBe('😀');
    expect(value('"hello"[4:2]')).toBe('');
  });

  test('map literals keep insertion order; a repeated key keeps its first position', () => {
    const m = value('{b: 1, a: 2, b: 3}') as Map<string, Value>;
    expect([...m.entries()]).toEqual([
      ['b', 3],
      ['a', 2],
    ]);
  });

  test('ranges', () => {
    expect(value('0..3')).toEqual([0, 1, 2]);
    expect(value('1..=3')).toEqual([1, 2, 3]);
    expect(value('3..1')).toEqual([]);
    expect(evaluate('0..1.5').codes).toEqual(['VPL-R001']);
  });

  test('builtin variables come from the context, else from the record', () => {
    expect(value('match_duration_ms', { builtinVars: { match_duration_ms: 40 } })).toBe(40);
  });
});
