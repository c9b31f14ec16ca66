import { describe, expect, test } from 'vitest';
import { Duration, formatIsoMs, parseIsoTimestamp, Timestamp } from '../../src/runtime/values/index.js';

describe('ISO-8601 timestamps', () => {
  test.each<[string, number | undefined]>([
    ['2025-03-09T06:30:00Z', 1741501800000],
    ['2025-03-09T06:30:00.250+02:00', 1741501800250 - 7_200_000],
    ['2025-03-09T06:30:00', 1741501800000],
    ['2025-03-09', 1741478400000],
    ['2025-03-09 06:30:00Z', 1741501800000],
    ['2025-03-09T06:30:00.123456789Z', 1741501800123],
    ['2025-03-09T06:30:00+0530', 1741501800000 - 19_800_000],
    ['1969-12-31T23:59:59.999Z', -1],
    ['2024-02-29T00:00:00Z', 1709164800000],
    ['2025-02-29T00:00:00Z', undefined],
    ['2025-13-01', undefined],
    ['2025-03-09T24:00:00Z', undefined],
    ['2025-03-09T06:30:00X', undefined],
    ['not a date', undefined],
    ['2025-03-09T06:30:00.Z', undefined],
  ])('%s', (text, ms) => {
    expect(parseIsoTimestamp(text)?.ms).toBe(ms);
  });

  test('sub-millisecond digits are kept as nanoseconds', () => {
    expect(parseIsoTimestamp('2025-03-09T06:30:00.123456789Z')).toEqual({ ms: 1741501800123, ns: 456789 });
  });

  test('formatting round-trips and handles far years', () => {
    expect(formatIsoMs(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(formatIsoMs(253402300800000)).toBe('+010000-01-01T00:00:00.000Z');
    expect(formatIsoMs(-62167219200001)).toBe('-000001-12-31T23:59:59.999Z');
  });

  test('nanosecond conversions are exact', () => {
    const t = Timestamp.fromNanos(1741501800123456789n)!;
    expect([t.ms, t.ns]).toEqual([1741501800123, 456789]);
    expect(t.toNanos()).toBe(1741501800123456789n);
    const before = Timestamp.fromNanos(-1n)!;
    expect([before.ms, before.ns]).toEqual([-1, 999_999]);
    expect(Duration.fromNanos(-1n)).toBeUndefined();
    expect(Duration.fromNanos(2n ** 64n)).toBeUndefined();
    expect(Duration.fromNanos(2n ** 64n - 1n)?.toNanos()).toBe(2n ** 64n - 1n);
  });
});
