import { describe, expect, test } from 'vitest';
import { evaluate, value } from '../expressions/harness.js';

describe('string builtins (semantics §7.7)', () => {
  test('len counts code points', () => {
    expect(value('len("héllo")')).toBe(5);
    expect(value('len(s)', { record: { s: '😀😀' } })).toBe(2);
    expect(value('len([1, 2])')).toBe(2);
    expect(value('len({a: 1})')).toBe(1);
    expect(evaluate('len(5)').codes).toEqual(['VPL-R001']);
  });

  test.each([
    ['trim("  a b  ")', 'a b'],
    ['lower("AbC")', 'abc'],
    ['lowercase("AbC")', 'abc'],
    ['to_lower("AbC")', 'abc'],
    ['upper("AbC")', 'ABC'],
    ['uppercase("AbC")', 'ABC'],
    ['to_upper("AbC")', 'ABC'],
    ['replace("a-b-c", "-", "+")', 'a+b+c'],
    ['replace("aaa", "", "x")', 'aaa'],
    ['substring("hello", 1, 3)', 'el'],
    ['substring("hello", 2)', 'llo'],
    ['substring("hello", -5, 2)', 'he'],
    ['substring("hello", 3, 100)', 'lo'],
    ['substring("hello", 4, 2)', ''],
    ['concat("a", "b", "c")', 'abc'],
    ['join(["a", 1, 2.0, null], ", ")', 'a, 1, 2.0, null'],
    ['join([["x"], {k: "v"}], "|")', '["x"]|{k: "v"}'],
    ['reverse("abc")', 'cba'],
  ])('%s = %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  test('substring counts code points', () => {
    expect(value('substring(s, 1, 2)', { record: { s: 'a😀b' } })).toBe('😀');
    expect(value('reverse(s)', { record: { s: 'a😀b' } })).toBe('b😀a');
  });

  test('tests and split', () => {
    expect(value('starts_with("hello", "he")')).toBe(true);
    expect(value('ends_with("hello", "lo")')).toBe(true);
    expect(value('contains("hello", "ell")')).toBe(true);
    expect(value('split("a,b,,c", ",")')).toEqual(['a', 'b', '', 'c']);
    expect(value('split("ab", "")')).toEqual(['a', 'b']);
  });

  test('wrong kinds are VPL-R001', () => {
    for (const src of ['upper(1)', 'starts_with("a", 1)', 'concat("a", 1)', 'substring("a", 1.5)', 'join("a", ",")']) {
      expect(evaluate(src).codes, src).toEqual(['VPL-R001']);
    }
  });
});
