/**
 * Equality, ordering and truthiness of values (semantics §2.3, §2.4, D1, D2).
 */

import { EventRecord } from './record.js';
import { compareTime, Duration, Timestamp } from './time.js';
import { FloatValue, numericEquals, type Value, type ValueMap } from './value.js';

/** `a == b` (semantics §2.3): numeric across int/float, structural for arrays and maps, `null == null`. */
export function equals(a: Value, b: Value): boolean {
  if (a === b) return true; // same primitive (NaN excluded: NaN !== NaN) or same object
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'bigint') {
    if (tb === 'number' || tb === 'bigint') return numericEquals(a as number | bigint, b as number | bigint);
    if (b instanceof FloatValue) return numericEquals(a as number | bigint, b.value);
    return false;
  }
  if (a instanceof FloatValue) {
    if (tb === 'number' || tb === 'bigint') return numericEquals(a.value, b as number | bigint);
    if (b instanceof FloatValue) return a.value === b.value;
    return false;
  }
  if (a === null || b === null || ta !== 'object' || tb !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i]!, b[i]!)) return false;
    return true;
  }
  if (a instanceof Timestamp) return b instanceof Timestamp && a.ms === b.ms && a.ns === b.ns;
  if (a instanceof Duration) return b instanceof Duration && a.ms === b.ms && a.ns === b.ns;
  if (a instanceof Map || a instanceof EventRecord) {
    if (b instanceof Map || b instanceof EventRecord) return mapsEqual(a, b);
    return false;
  }
  return false; // lambdas: identity only (handled by a === b)
}

function mapsEqual(a: ValueMap | EventRecord, b: ValueMap | EventRecord): boolean {
  const sa = a instanceof Map ? a.size : a.fieldCount;
  const sb = b instanceof Map ? b.size : b.fieldCount;
  if (sa !== sb) return false;
  if (a instanceof Map) {
    for (const [k, v] of a) {
      if (!hasKey(b, k) || !equals(v, getKey(b, k))) return false;
    }
  } else {
    const names = a.shape.names;
    for (let i = 0; i < names.length; i++) {
      if (!hasKey(b, names[i]!) || !equals(a.values[i]!, getKey(b, names[i]!))) return false;
    }
  }
  return true;
}

function hasKey(m: ValueMap | EventRecord, k: string): boolean {
  return m instanceof Map ? m.has(k) : m.has(k);
}

function getKey(m: ValueMap | EventRecord, k: string): Value {
  return m instanceof Map ? (m.get(k) ?? null) : m.get(k);
}

/** The result of {@link orderValues}: a sign, `UNORDERED` (NaN involved) or `INCOMPARABLE` (type error). */
export const UNORDERED = 2;
export const INCOMPARABLE = 3;

/**
 * Orders two non-null values (semantics §2.3): numbers numerically, strings by code point, timestamps and
 * durations chronologically. Returns -1, 0 or 1; {@link UNORDERED} when a NaN is involved;
 * {@link INCOMPARABLE} for any other pair (a type error for the ordering operators).
 */
export function orderValues(a: Value, b: Value): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') {
    const x = a as number;
    const y = b as number;
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : UNORDERED;
  }
  if (ta === 'string') return tb === 'string' ? compareStrings(a as string, b as string) : INCOMPARABLE;
  const na = numericOrUndefined(a);
  if (na !== undefined) {
    const nb = numericOrUndefined(b);
    if (nb === undefined) return INCOMPARABLE;
    return na < nb ? -1 : na > nb ? 1 : numericEquals(na, nb) ? 0 : UNORDERED;
  }
  if (a instanceof Timestamp) return b instanceof Timestamp ? Math.sign(compareTime(a, b)) : INCOMPARABLE;
  if (a instanceof Duration) return b instanceof Duration ? Math.sign(compareTime(a, b)) : INCOMPARABLE;
  return INCOMPARABLE;
}

function numericOrUndefined(v: Value): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof FloatValue) return v.value;
  return undefined;
}

/**
 * Compares strings by Unicode code point (JavaScript's `<` compares UTF-16 code units, which orders
 * supplementary characters before U+E000–U+FFFF).
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Lift surrogates above the rest of the BMP so that code-unit order becomes code-point order.
      if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Truthiness of a condition (semantics §2.4): 1 true, 0 false (false or null), -1 type error (counts as false). */
export function truthiness(v: Value): 1 | 0 | -1 {
  if (v === true) return 1;
  if (v === false || v === null) return 0;
  return -1;
}
