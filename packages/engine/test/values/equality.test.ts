import { describe, expect, test } from 'vitest';
import {
  compareStrings,
  Duration,
  EventRecord,
  equals,
  FloatValue,
  INCOMPARABLE,
  orderValues,
  Timestamp,
  UNORDERED,
  type Value,
} from '../../src/runtime/values/index.js';

const f = (x: number) => new FloatValue(x);

describe('equality (semantics §2.3, D1)', () => {
  test.each<[Value, Value, boolean]>([
    [1, f(1), true],
    [1, 1.5, false],
    [0, f(-0), true],
    [Number.NaN, Number.NaN, false],
    [2n ** 60n, f(2 ** 60), true],
    [2n ** 60n + 1n, f(2 ** 60), false],
    ['a', 'a', true],
    ['1', 1, false],
    [true, true, true],
    [true, 1, false],
    [null, null, true],
    [null, 0, false],
    [null, '', false],
    [[1, 'a'], [f(1), 'a'], true],
    [[1, 2], [1, 2, 3], false],
    [
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      new Map([
        ['b', f(2)],
        ['a', 1],
      ]),
      true,
    ],
    [
      new Map([['a', 1]]),
      new Map([
        ['a', 1],
        ['b', null],
      ]),
      false,
    ],
    [new Timestamp(5, 1), new Timestamp(5, 1), true],
    [new Timestamp(5, 1), new Timestamp(5, 2), false],
    [Duration.fromMs(1000), Duration.fromMs(1000), true],
    [Duration.fromMs(1000), Timestamp.fromMs(1000), false],
  ])('%o == %o is %s', (a, b, expected) => {
    expect(equals(a, b)).toBe(expected);
    expect(equals(b, a)).toBe(expected);
  });

  test('a record equals a map with the same fields, in any order', () => {
    const r = EventRecord.of('T', 0, { a: 1, b: 'x' });
    expect(
      equals(
        r,
        new Map<string, Value>([
          ['b', 'x'],
          ['a', f(1)],
        ]),
      ),
    ).toBe(true);
    expect(equals(r, new Map<string, Value>([['a', 1]]))).toBe(false);
  });
});

describe('ordering (semantics §2.3)', () => {
  test('numbers compare by value across int and float', () => {
    expect(orderValues(2, f(2))).toBe(0);
    expect(orderValues(1, 1.5)).toBe(-1);
    expect(orderValues(2n ** 62n, 1.5)).toBe(1);
    expect(orderValues(f(3), 2n ** 62n)).toBe(-1);
  });

  test('NaN is unordered', () => {
    expect(orderValues(Number.NaN, 1)).toBe(UNORDERED);
    expect(orderValues(f(1), Number.NaN)).toBe(UNORDERED);
  });

  test('strings compare by code point', () => {
    expect(orderValues('Zebra', 'apple')).toBe(-1);
    expect(orderValues('abc', 'abd')).toBe(-1);
    expect(orderValues('ab', 'abc')).toBe(-1);
    // U+1F600 (a surrogate pair in UTF-16) is above U+FF5E in code-point order.
    expect(compareStrings('\u{1F600}', '\uFF5E')).toBe(1);
    expect('\u{1F600}' < '\uFF5E').toBe(true); // JavaScript's code-unit order disagrees
  });

  test('timestamps and durations are ordered chronologically', () => {
    expect(orderValues(new Timestamp(5, 10), new Timestamp(5, 9))).toBe(1);
    expect(orderValues(Duration.fromMs(1), new Duration(0, 999_999))).toBe(1);
  });

  test('other pairs are incomparable', () => {
    expect(orderValues(true, false)).toBe(INCOMPARABLE);
    expect(orderValues('1', 1)).toBe(INCOMPARABLE);
    expect(orderValues([1], [2])).toBe(INCOMPARABLE);
    expect(orderValues(Timestamp.fromMs(1), Duration.fromMs(1))).toBe(INCOMPARABLE);
  });
});
