import { describe, expect, test } from 'vitest';
import { toJson, type Value } from '../../src/runtime/values/index.js';
import { evaluate, value } from '../expressions/harness.js';

const json = (src: string, record?: Record<string, Value>) => toJson(value(src, { record }));

describe('collection builtins (semantics §7.7)', () => {
  test.each([
    ['first([1, 2])', '1'],
    ['first([])', 'null'],
    ['last([1, 2])', '2'],
    ['push([1], 2)', '[1,2]'],
    ['pop([1, 2])', '[1]'],
    ['pop([])', '[]'],
    ['reverse([1, 2, 3])', '[3,2,1]'],
    ['sort([3, 1.5, 2])', '[1.5,2,3]'],
    ['sort(["b", "a", "C"])', '["C","a","b"]'],
    ['sort([])', '[]'],
    ['unique([1, 1.0, 2, 1, "1"])', '[1,2,"1"]'],
    ['flatten([[1, 2], 3, [[4]]])', '[1,2,3,[4]]'],
    ['zip([1, 2, 3], ["a", "b"])', '[[1,"a"],[2,"b"]]'],
    ['contains([1, 2], 2.0)', 'true'],
    ['contains({a: 1}, "a")', 'true'],
    ['keys({b: 1, a: 2})', '["b","a"]'],
    ['values({b: 1, a: 2})', '[1,2]'],
    ['get([1, 2], -1)', '2'],
    ['get([1, 2], 5)', 'null'],
    ['get({a: 1}, "b")', 'null'],
    ['set([1, 2], 0, 9)', '[9,2]'],
    ['set({a: 1}, "b", null)', '{"a":1,"b":null}'],
    ['range(3)', '[0,1,2]'],
    ['range(2, 5)', '[2,3,4]'],
    ['range(5, 2)', '[]'],
    ['sum([1, 2, 3])', '6'],
    ['sum([1, 2.5])', '3.5'],
    ['sum([1.5, 1.5])', '3.0'],
    ['sum([1, "x", null, 2])', '3'],
    ['sum([])', '0'],
    ['sum([9223372036854775806, 1])', '9223372036854775807'],
    ['avg([1, 2])', '1.5'],
    ['avg([2, 2])', '2.0'],
    ['avg([])', 'null'],
  ])('%s = %s', (src, expected) => {
    expect(json(src)).toBe(expected);
  });

  test('get does not report; set out of range is VPL-R003', () => {
    expect(evaluate('get([1], 3)').codes).toEqual([]);
    expect(evaluate('set([1], 3, 0)').codes).toEqual(['VPL-R003']);
  });

  test('sort of mixed kinds is VPL-R001', () => {
    const r = evaluate('sort([1, "a"])');
    expect([r.value, r.codes]).toEqual([null, ['VPL-R001']]);
  });

  test('sum overflow is VPL-R004', () => {
    expect(evaluate('sum([9223372036854775807, 1])').codes).toEqual(['VPL-R004']);
  });

  test('arguments are never modified', () => {
    expect(json('[a, push(a, 3), set(a, 0, 0), sort(a), reverse(a)]', { a: [2, 1] })).toBe(
      '[[2,1],[2,1,3],[0,1],[1,2],[1,2]]',
    );
  });
});

describe('array methods (semantics §7.7, S31)', () => {
  test.each([
    ['[1, 2, 3].len()', '3'],
    ['[1, 2, 3].count()', '3'],
    ['[1, 2, 3].first()', '1'],
    ['[1, 2, 3].last()', '3'],
    ['[1, 2, 3].sum()', '6'],
    ['[1, 2].avg()', '1.5'],
    ['[3, 1.5, 2].min()', '1.5'],
    ['[3, 1.5, 2].max()', '3'],
    ['[].max()', 'null'],
    ['[[1], [2, 3]].flatten()', '[1,2,3]'],
    ['[1, 2, 3].sliding_pairs()', '[[1,2],[2,3]]'],
    ['[1].sliding_pairs()', '[]'],
    ['[1, 2, 3, 4].filter(x => x > 2).map(x => x * 1.5)', '[4.5,6.0]'],
    ['readings.filter(r => r.ok).len()', '1'],
  ])('%s = %s', (src, expected) => {
    expect(
      json(src, { readings: [new Map<string, Value>([['ok', true]]), new Map<string, Value>([['ok', false]])] }),
    ).toBe(expected);
  });

  test('a rising sequence check with sliding_pairs', () => {
    expect(
      value('prices.sliding_pairs().filter(p => p[1] > p[0]).len() == len(prices) - 1', {
        record: { prices: [1, 2, 3.5] },
      }),
    ).toBe(true);
  });

  test('a method on null is null; on another kind or with wrong arguments it is VPL-R001', () => {
    expect(evaluate('missing.sum()')).toMatchObject({ value: null, codes: [] });
    expect(evaluate('"abc".len()').codes).toEqual(['VPL-R001']);
    expect(evaluate('[1].len(2)').codes).toEqual(['VPL-R001']);
    expect(evaluate('[1].filter()').codes).toEqual(['VPL-R001']);
    expect(evaluate('[1].filter(3)').codes).toEqual(['VPL-R001']);
    expect(evaluate('[1].nosuch()').codes).toEqual(['VPL-R001']);
  });
});
