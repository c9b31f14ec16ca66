import { describe, expect, test } from 'vitest';
import { evaluate, value } from './harness.js';

describe('null propagation (semantics §7.1)', () => {
  test.each([
    'missing + 1',
    '1 - missing',
    '-missing',
    '~missing',
    'missing * 2.5',
    'missing ** 2',
    'missing & 1',
    'missing.f',
    'missing?.f',
    'missing[0]',
    'missing[1:2]',
    '[1, 2][missing]',
    '[1, 2][missing:]',
    'abs(missing)',
    'upper(missing)',
    'substring("abc", missing)',
    'min(1, missing)',
    'missing.len()',
    'missing.filter(x => x)',
    'missing..3',
    '"a" + missing',
  ])('%s is null without an error', (src) => {
    const r = evaluate(src);
    expect(r.value).toBe(null);
    expect(r.codes).toEqual([]);
  });

  test('builtins that treat null as a value', () => {
    expect(value('coalesce(missing, null, 3)')).toBe(3);
    expect(value('if_null(missing, "dflt")')).toBe('dflt');
    expect(value('is_null(missing)')).toBe(true);
    expect(value('type_of(missing)')).toBe('null');
    expect(value('to_string(missing)')).toBe('null');
    expect(value('push([1], missing)')).toEqual([1, null]);
  });

  test('a null element stays in an array literal', () => {
    expect(value('[1, missing, 3]')).toEqual([1, null, 3]);
  });

  test('a runtime error inside an argument passes null in its position (D14)', () => {
    const r = evaluate('coalesce(1 / 0, 7)');
    expect(r.value).toBe(7);
    expect(r.codes).toEqual(['VPL-R002']);
    const r2 = evaluate('[1 / 0, 2]');
    expect(r2.value).toEqual([null, 2]);
  });
});
