import { describe, expect, test } from 'vitest';
import { test as cond, evaluate, value } from './harness.js';

describe('comparison (semantics §2.3, D1, D2)', () => {
  test.each<[string, boolean]>([
    ['1 == 1.0', true],
    ['2 <= 2.0', true],
    ['2.5 > 2', true],
    ['"Zebra" < "apple"', true],
    ['"abc" < "abd"', true],
    ['"ab" < "abc"', true],
    ['"1" == 1', false],
    ['"1" != 1', true],
    ['[1, 2] == [1.0, 2]', true],
    ['{a: 1, b: 2} == {b: 2, a: 1}', true],
    ['null == null', true],
    ['@2025-03-09 < @2025-03-10', true],
    ['5s > 4999ms', true],
    ['9223372036854775807 > 9223372036854775806', true],
    ['9007199254740993 == 9007199254740992.0', false],
  ])('%s is %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  test('a missing value compares false with ordering operators and tests with ==', () => {
    expect(value('x < 5')).toBe(false);
    expect(value('x >= 5')).toBe(false);
    expect(value('not (x < 5)')).toBe(true);
    expect(value('x == null')).toBe(true);
    expect(value('x == 5')).toBe(false);
    expect(value('x != 5')).toBe(true);
    expect(value('x != null', { record: { x: 0 } })).toBe(true);
  });

  test('NaN compares false with everything, itself included', () => {
    expect(value('x == x', { record: { x: Number.NaN } })).toBe(false);
    expect(value('x != x', { record: { x: Number.NaN } })).toBe(true);
    expect(value('x < 1', { record: { x: Number.NaN } })).toBe(false);
    expect(value('x >= 1', { record: { x: Number.NaN } })).toBe(false);
  });

  test('ordering other kinds is a type error and null', () => {
    for (const src of ['true < false', '"1" < 1', '[1] < [2]', '@2025-03-09 < 5s']) {
      const r = evaluate(src);
      expect(r.value, src).toBe(null);
      expect(r.codes, src).toEqual(['VPL-R001']);
    }
  });

  test('in and not in', () => {
    expect(value('1 in [1.0, 2]')).toBe(true);
    expect(value('3 not in [1, 2]')).toBe(true);
    expect(value('"a" in {a: 1}')).toBe(true);
    expect(value('"b" in {a: 1}')).toBe(false);
    expect(value('"ell" in "hello"')).toBe(true);
    expect(value('"x" not in "hello"')).toBe(true);
    expect(value('1 in missing')).toBe(false);
    expect(value('1 not in missing')).toBe(false);
    expect(value('null in [null]')).toBe(true);
    const r = evaluate('1 in 5');
    expect([r.value, r.codes]).toEqual([null, ['VPL-R001']]);
    const r2 = evaluate('1 not in 5');
    expect([r2.value, r2.codes]).toEqual([null, ['VPL-R001']]);
  });

  test('is and is not', () => {
    expect(value('x is null')).toBe(true);
    expect(value('x is not null', { record: { x: 1 } })).toBe(true);
    expect(value('1 is int')).toBe(true);
    expect(value('1.0 is int')).toBe(false);
    expect(value('1.0 is float')).toBe(true);
    expect(value('"s" is str')).toBe(true);
    expect(value('true is bool')).toBe(true);
    expect(value('5s is duration')).toBe(true);
    expect(value('@2025-03-09 is timestamp')).toBe(true);
    expect(value('5s is not timestamp')).toBe(true);
  });

  test('a comparison in a condition', () => {
    expect(cond('price > 100', { record: { price: 150.5 } })).toEqual({ value: true, codes: [] });
    expect(cond('price > 100', { record: {} })).toEqual({ value: false, codes: [] });
  });
});
