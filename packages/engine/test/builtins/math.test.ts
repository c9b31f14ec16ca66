import { describe, expect, test } from 'vitest';
import { toJson } from '../../src/runtime/values/index.js';
import { evaluate, value } from '../expressions/harness.js';

const json = (src: string) => toJson(value(src));

describe('math builtins (semantics §7.7)', () => {
  test.each([
    ['abs(-3)', '3'],
    ['abs(-3.5)', '3.5'],
    ['abs(-3.0)', '3.0'],
    ['sqrt(16)', '4.0'],
    ['sqrt(2.25)', '1.5'],
    ['exp(0)', '1.0'],
    ['log(1)', '0.0'],
    ['log10(1000)', '3.0'],
    ['sin(0)', '0.0'],
    ['cos(0)', '1.0'],
    ['floor(2.7)', '2'],
    ['floor(-2.5)', '-3'],
    ['ceil(2.1)', '3'],
    ['ceil(5)', '5'],
    ['round(2.5)', '3'],
    ['round(-2.5)', '-3'],
    ['round(2.4999)', '2'],
    ['round(1.0e18)', '1000000000000000000'],
    ['pow(2, 10)', '1024'],
    ['pow(2, 0.5)', '1.4142135623730951'],
    ['pow(4, -1)', '0.25'],
    ['min(3, 1, 2)', '1'],
    ['min(3, 1.5)', '1.5'],
    ['min(1, 2.5)', '1.0'],
    ['max(1, 2.5)', '2.5'],
    ['max(3, 2.5)', '3.0'],
    ['min([4, 2.0, 3])', '2.0'],
    ['max([4, 2.0, "x", 3])', '4'],
    ['clamp(15, 0, 10)', '10'],
    ['clamp(-1, 0.0, 10)', '0.0'],
    ['clamp(5, 0, 10)', '5'],
    ['variance([1, 2, 3, 4])', '1.6666666666666667'],
    ['variance([2, 2])', '0.0'],
  ])('%s = %s', (src, expected) => {
    expect(json(src)).toBe(expected);
  });

  test('empty and degenerate inputs', () => {
    expect(value('min([])')).toBe(null);
    expect(value('max(["a"])')).toBe(null);
    expect(value('variance([1])')).toBe(null);
  });

  test('domain errors are VPL-R003', () => {
    for (const src of ['sqrt(-1)', 'log(0)', 'log(-2.5)', 'log10(0)']) {
      const r = evaluate(src);
      expect([r.value, r.codes], src).toEqual([null, ['VPL-R003']]);
    }
    expect(evaluate('sqrt(-1)').diagnostics[0]!.message).toBe(
      "'sqrt' is not defined for -1: the argument must not be negative.",
    );
  });

  test('kind errors are VPL-R001', () => {
    for (const src of ['sqrt("x")', 'abs(true)', 'min(1, "a")', 'min(5)', 'floor([1])', 'variance(3)']) {
      const r = evaluate(src);
      expect([r.value, r.codes], src).toEqual([null, ['VPL-R001']]);
    }
    expect(evaluate('sqrt("x")').diagnostics[0]!.message).toBe("Argument 1 of 'sqrt' must be a number, not str.");
  });

  test('converting a huge float to an int overflows; NaN cannot convert', () => {
    expect(evaluate('floor(1.0e300)').codes).toEqual(['VPL-R004']);
    expect(evaluate('round(x)', { record: { x: Number.NaN } }).codes).toEqual(['VPL-R003']);
  });

  test('wrong arity is reported at run time too (the validator reports it first)', () => {
    expect(evaluate('sqrt(1, 2)').codes).toEqual(['VPL-R001']);
    expect(evaluate('nosuchfn(1)').codes).toEqual(['VPL-R001']);
  });
});
