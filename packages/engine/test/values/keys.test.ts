import { describe, expect, test } from 'vitest';
import {
  Duration,
  EventRecord,
  FloatValue,
  keyOf,
  Timestamp,
  tupleKey,
  type Value,
} from '../../src/runtime/values/index.js';

const same = (a: Value, b: Value) => new Map([[keyOf(a), 1]]).has(keyOf(b));

describe('key normalisation (semantics §2.5)', () => {
  test('1 and 1.0 are the same key', () => expect(same(1, new FloatValue(1))).toBe(true));
  test('NaN is the same key as NaN', () => expect(same(Number.NaN, Number.NaN)).toBe(true));
  test('-0.0 is the same key as 0', () => expect(same(new FloatValue(-0), 0)).toBe(true));
  test('a big int matches the equal float', () => expect(same(2n ** 60n, new FloatValue(2 ** 60))).toBe(true));
  test('a big int that no double represents keeps its own key', () => {
    expect(same(2n ** 60n + 1n, new FloatValue(2 ** 60))).toBe(false);
    expect(same(2n ** 60n + 1n, 2n ** 60n + 1n)).toBe(true);
  });
  test('the string "1" and the int 1 differ', () => expect(same('1', 1)).toBe(false));
  test('null is a key of its own', () => {
    expect(same(null, null)).toBe(true);
    expect(same(null, 'null')).toBe(false);
  });
  test('strings cannot collide with encoded composite keys', () => {
    const composite = keyOf([1]);
    expect(typeof composite).toBe('string');
    expect(same(composite as string, [1])).toBe(false);
  });
  test('arrays and maps are keyed by value; map key order is irrelevant', () => {
    expect(same([1, 'a'], [new FloatValue(1), 'a'])).toBe(true);
    expect(
      same(
        new Map<string, Value>([
          ['a', 1],
          ['b', 2],
        ]),
        new Map<string, Value>([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    ).toBe(true);
    expect(same(EventRecord.of('T', 0, { a: 1 }), new Map<string, Value>([['a', 1]]))).toBe(true);
    expect(same([1], [2])).toBe(false);
  });
  test('timestamps and durations are keyed by value and kind', () => {
    expect(same(new Timestamp(5, 1), new Timestamp(5, 1))).toBe(true);
    expect(same(Timestamp.fromMs(5), Duration.fromMs(5))).toBe(false);
  });
  test('tuple keys compose', () => {
    expect(tupleKey(['u1', 'eu'])).toBe(tupleKey(['u1', 'eu']));
    expect(tupleKey(['u1', 'eu'])).not.toBe(tupleKey(['u1', 'us']));
    expect(tupleKey([1, 2])).toBe(tupleKey([new FloatValue(1), 2]));
    expect(tupleKey(['a'])).toBe(keyOf('a'));
  });
});
