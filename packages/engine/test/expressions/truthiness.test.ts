import { describe, expect, test } from 'vitest';
import { test as cond, evaluate, value } from './harness.js';

describe('truthiness and logic (semantics §2.4, D2)', () => {
  test('only true passes a condition; null and false fail silently', () => {
    expect(cond('true')).toEqual({ value: true, codes: [] });
    expect(cond('false')).toEqual({ value: false, codes: [] });
    expect(cond('missing')).toEqual({ value: false, codes: [] });
  });

  test('any other value is a type error and counts as false', () => {
    expect(cond('1')).toEqual({ value: false, codes: ['VPL-R001'] });
    expect(cond('"yes"')).toEqual({ value: false, codes: ['VPL-R001'] });
    expect(cond('[true]')).toEqual({ value: false, codes: ['VPL-R001'] });
  });

  test('and / or short-circuit and always give a bool', () => {
    expect(evaluate('false and 1 / 0 == 0')).toMatchObject({ value: false, codes: [] });
    expect(evaluate('missing and 1 / 0 == 0')).toMatchObject({ value: false, codes: [] });
    expect(evaluate('true or 1 / 0 == 0')).toMatchObject({ value: true, codes: [] });
    expect(value('missing or true')).toBe(true);
    expect(value('true and missing')).toBe(false);
    expect(value('x == null or x > 5')).toBe(true);
    expect(value('x == null or x > 5', { record: { x: 7 } })).toBe(true);
    expect(value('x == null or x > 5', { record: { x: 3 } })).toBe(false);
  });

  test('a non-bool operand of and/or/not is reported and counts as false', () => {
    expect(evaluate('1 and true')).toMatchObject({ value: false, codes: ['VPL-R001'] });
    expect(evaluate('1 or true')).toMatchObject({ value: true, codes: ['VPL-R001'] });
    expect(evaluate('not "x"')).toMatchObject({ value: true, codes: ['VPL-R001'] });
  });

  test('not of null is true', () => {
    expect(value('not missing')).toBe(true);
    expect(value('not not true')).toBe(true);
  });

  test('if-then-else uses the same rule', () => {
    expect(value('if missing then 1 else 2')).toBe(2);
    expect(value('if 1 < 2 then "a" else "b"')).toBe('a');
    expect(evaluate('if 1 then 1 else 2')).toMatchObject({ value: 2, codes: ['VPL-R001'] });
    expect(value('if false then 1 else 2 + 3')).toBe(5);
  });
});
