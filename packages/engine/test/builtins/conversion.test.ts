import { describe, expect, test } from 'vitest';
import { display, toJson } from '../../src/runtime/values/index.js';
import { evaluate, value } from '../expressions/harness.js';

const json = (src: string) => toJson(value(src));

describe('conversion and tests (semantics §7.7)', () => {
  test.each([
    ['to_string(1)', '"1"'],
    ['to_string(1.0)', '"1.0"'],
    ['to_string("a")', '"a"'],
    ['to_string(["a", 1])', '"[\\"a\\", 1]"'],
    ['to_string(null)', '"null"'],
    ['to_string(90s)', '"90s"'],
    ['to_int(3.9)', '3'],
    ['to_int(-3.9)', '-3'],
    ['to_int(" 42 ")', '42'],
    ['to_int("2.9")', '2'],
    ['to_int("-1e3")', '-1000'],
    ['to_int(true)', '1'],
    ['to_int(7)', '7'],
    ['to_float(2)', '2.0'],
    ['to_float("2.5")', '2.5'],
    ['to_float("3")', '3.0'],
    ['to_float(false)', '0.0'],
    ['to_float("inf")', 'null'],
    ['type_of(1)', '"int"'],
    ['type_of(1.0)', '"float"'],
    ['type_of("s")', '"string"'],
    ['type_of(true)', '"bool"'],
    ['type_of([1])', '"array"'],
    ['type_of({a: 1})', '"map"'],
    ['type_of(null)', '"null"'],
    ['type_of(5s)', '"duration"'],
    ['type_of(@2025-03-09)', '"timestamp"'],
    ['type_of(x => x)', '"function"'],
    ['is_int(1)', 'true'],
    ['is_int(1.0)', 'false'],
    ['is_float(1.0)', 'true'],
    ['is_string("")', 'true'],
    ['is_bool(null)', 'false'],
    ['is_array([])', 'true'],
    ['is_map({})', 'true'],
    ['is_null(null)', 'true'],
    ['coalesce(null, null)', 'null'],
    ['coalesce(null, 0, 1)', '0'],
    ['if_null(null, 2)', '2'],
    ['if_null(1, 2)', '1'],
  ])('%s = %s', (src, expected) => {
    expect(json(src)).toBe(expected);
  });

  test('to_float of an infinite literal is infinite (JSON null, display inf)', () => {
    expect(display(value('to_float("-inf")'))).toBe('-inf');
  });

  test('unreadable strings are VPL-R003; other kinds VPL-R001', () => {
    expect(evaluate('to_int("abc")').codes).toEqual(['VPL-R003']);
    expect(evaluate('to_int("inf")').codes).toEqual(['VPL-R003']);
    expect(evaluate('to_float("1,5")').codes).toEqual(['VPL-R003']);
    expect(evaluate('to_int([1])').codes).toEqual(['VPL-R001']);
    expect(evaluate('to_int("99999999999999999999")').codes).toEqual(['VPL-R003']);
    expect(evaluate('to_int("1e30")').codes).toEqual(['VPL-R004']);
  });
});

describe('time builtins (semantics §7.7, S18, S32)', () => {
  test('now() is the event time of the input event being processed', () => {
    expect(display(value('now()', { nowMs: 1741501800000 }))).toBe('2025-03-09T06:30:00.000Z');
    expect(value('now()', { nowMs: null })).toBe(null);
    expect(display(value('now() - 5s', { nowMs: 10_000 }))).toBe('1970-01-01T00:00:05.000Z');
  });

  test('timestamp() from epoch milliseconds or ISO-8601 text', () => {
    expect(display(value('timestamp(1500)'))).toBe('1970-01-01T00:00:01.500Z');
    expect(display(value('timestamp("2025-03-09T06:30:00+01:00")'))).toBe('2025-03-09T05:30:00.000Z');
    expect(evaluate('timestamp("yesterday")').codes).toEqual(['VPL-R003']);
    expect(evaluate('timestamp(1.5)').codes).toEqual(['VPL-R001']);
  });
});
