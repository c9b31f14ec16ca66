import { describe, expect, test } from 'vitest';
import { Duration, display, kindOf, Timestamp, toJson } from '../../src/runtime/values/index.js';
import { evaluate, value } from './harness.js';

/** The JSON text of an expression's value: shows int vs float exactly. */
const json = (src: string) => toJson(value(src));

describe('arithmetic keeps int and float apart (semantics §7.5)', () => {
  test.each([
    ['1 + 2', '3'],
    ['1 + 2.0', '3.0'],
    ['2.5 + 0.5', '3.0'],
    ['0.1 + 0.2', '0.30000000000000004'],
    ['7 - 10', '-3'],
    ['3 * 4', '12'],
    ['1.5 * 2', '3.0'],
    ['7 / 2', '3'],
    ['-7 / 2', '-3'],
    ['7 / -2', '-3'],
    ['7.0 / 2', '3.5'],
    ['6.0 / 2', '3.0'],
    ['7 % 3', '1'],
    ['-7 % 3', '-1'],
    ['7 % -3', '1'],
    ['7.5 % 2', '1.5'],
    ['2 ** 10', '1024'],
    ['2 ** -1', '0.5'],
    ['2.0 ** 2', '4.0'],
    ['-2 ** 2', '4'],
    ['(-3) ** 3', '-27'],
    ['0 ** 0', '1'],
    ['(-1) ** 1000000001', '-1'],
    ['2 ** 62', '4611686018427387904'],
    ['-5', '-5'],
    ['- 2.5', '-2.5'],
    ['-(0 * -1)', '0'],
    ['0 * -1', '0'],
  ])('%s = %s', (src, expected) => {
    expect(json(src)).toBe(expected);
  });

  test('ints beyond 2^53 stay exact', () => {
    expect(json('9007199254740993 + 1')).toBe('9007199254740994');
    expect(json('9007199254740991 + 2')).toBe('9007199254740993');
    expect(json('3037000499 * 3037000499')).toBe('9223372030926249001');
    expect(json('9223372036854775807 - 1')).toBe('9223372036854775806');
    expect(json('9223372036854775807 / 2')).toBe('4611686018427387903');
    expect(kindOf(value('9223372036854775807 - 9223372036854775806'))).toBe('int');
    expect(json('9223372036854775807 - 9223372036854775806')).toBe('1');
  });

  test('integer overflow is VPL-R004 and null', () => {
    for (const src of [
      '9223372036854775807 + 1',
      '2 ** 63',
      '4611686018427387904 * 2',
      '-(-9223372036854775807 - 1)',
    ]) {
      const r = evaluate(src);
      expect(r.value, src).toBe(null);
      expect(r.codes, src).toEqual(['VPL-R004']);
    }
  });

  test('division and modulo by zero are VPL-R002 and null, for ints and floats', () => {
    for (const src of ['1 / 0', '1 % 0', '1.0 / 0.0', '1.5 % 0', '1 / 0.0']) {
      const r = evaluate(src);
      expect(r.value, src).toBe(null);
      expect(r.codes, src).toEqual(['VPL-R002']);
    }
  });

  test('strings concatenate with +, and only with +', () => {
    expect(value('"ab" + "cd"')).toBe('abcd');
    const r = evaluate('"a" * 2');
    expect(r.value).toBe(null);
    expect(r.codes).toEqual(['VPL-R001']);
    expect(r.diagnostics[0]!.message).toBe("Operator '*' cannot be applied to str and int.");
    expect(evaluate('"1" + 1').codes).toEqual(['VPL-R001']);
  });

  test('the error is reported at the span of the failing operator', () => {
    const r = evaluate('1 + "a" * 2');
    expect(r.diagnostics[0]!.span).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 12 });
  });
});

describe('durations and timestamps (semantics §7.5)', () => {
  test('timestamp ± duration and timestamp − timestamp', () => {
    expect(display(value('@2025-03-09T06:30:00Z + 90s'))).toBe('2025-03-09T06:31:30.000Z');
    expect(display(value('@2025-03-09T06:30:00Z - 1d'))).toBe('2025-03-08T06:30:00.000Z');
    expect(display(value('5m + @2025-03-09T06:30:00Z'))).toBe('2025-03-09T06:35:00.000Z');
    expect(display(value('@2025-03-09T06:30:00Z - @2025-03-09'))).toBe('390m');
    expect(value('@2025-03-09T06:30:00+05:30')).toEqual(Timestamp.fromMs(1741501800000 - 19_800_000));
  });

  test('duration arithmetic', () => {
    expect(display(value('1m + 30s'))).toBe('90s');
    expect(display(value('1m - 30s'))).toBe('30s');
    expect(display(value('2 * 1500ms'))).toBe('3s');
    expect(display(value('1500ms * 2'))).toBe('3s');
    expect(display(value('1s / 3'))).toBe('333333333ns');
    expect(value('10s / 4')).toEqual(Duration.fromMs(2500));
  });

  test('a negative duration is an error', () => {
    expect(evaluate('1s - 2s').codes).toEqual(['VPL-R003']);
    expect(evaluate('@2025-03-08 - @2025-03-09').codes).toEqual(['VPL-R003']);
    expect(evaluate('1s * -1').codes).toEqual(['VPL-R003']);
  });

  test('other mixes are type errors', () => {
    expect(evaluate('1s + 1').codes).toEqual(['VPL-R001']);
    expect(evaluate('@2025-03-09 + @2025-03-09').codes).toEqual(['VPL-R001']);
    expect(evaluate('1s * 1.5').codes).toEqual(['VPL-R001']);
    expect(evaluate('1s / 0').codes).toEqual(['VPL-R002']);
  });
});

describe('bitwise operators on ints (semantics §7.5, S8)', () => {
  test.each([
    ['6 & 3', '2'],
    ['6 | 3', '7'],
    ['6 ^ 3', '5'],
    ['~5', '-6'],
    ['1 << 4', '16'],
    ['-16 >> 2', '-4'],
    ['-1 >> 63', '-1'],
    ['1 << 62', '4611686018427387904'],
    ['1 << 63', '-9223372036854775808'],
    ['3 << 63', '-9223372036854775808'],
    ['9223372036854775807 & 4294967296', '4294967296'],
    ['4611686018427387904 >> 61', '2'],
  ])('%s = %s', (src, expected) => {
    expect(json(src)).toBe(expected);
  });

  test('shift counts must be 0..63; floats are type errors', () => {
    expect(evaluate('1 << 64').codes).toEqual(['VPL-R003']);
    expect(evaluate('1 >> -1').codes).toEqual(['VPL-R003']);
    expect(evaluate('1.0 & 1').codes).toEqual(['VPL-R001']);
    expect(evaluate('~1.5').codes).toEqual(['VPL-R001']);
  });
});
