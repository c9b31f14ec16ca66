/**
 * Key normalisation (semantics §2.5): partitions, joins, distinct sets and engine-built maps use a value as a
 * key. Two values give the same key exactly when they are `==`, except that NaN is the same key as NaN and
 * `-0.0` the same key as `0` (so every value has exactly one key).
 *
 * {@link keyOf} returns a JavaScript primitive suitable for a `Map`/`Set` (whose SameValueZero comparison
 * already identifies NaN with NaN and -0 with 0):
 * - null, bools, strings: themselves (a string that starts with U+0001 gets one more U+0001 prepended, so
 *   it cannot collide with an encoded key);
 * - numbers: the number (`1` and `1.0` both give `1`); an int beyond 2^53 gives its bigint unless a double
 *   represents it exactly (then the number, so it matches the equal float);
 * - timestamps, durations, arrays, maps: a string starting with U+0001 that encodes the value canonically
 *   (map keys sorted, since key order does not matter for `==`).
 */

import { EventRecord } from './record.js';
import { Duration, Timestamp } from './time.js';
import { FloatValue, type Value } from './value.js';

export type Key = null | boolean | number | bigint | string;

const TAG = '\u0001';

/** The normalised key of a value. */
export function keyOf(v: Value): Key {
  switch (typeof v) {
    case 'number':
      return v;
    case 'string':
      return v.length > 0 && v.charCodeAt(0) === 1 ? TAG + v : v;
    case 'boolean':
      return v;
    case 'bigint': {
      const n = Number(v);
      return BigInt(n) === v ? n : v;
    }
  }
  if (v === null) return null;
  if (v instanceof FloatValue) return v.value;
  return TAG + encode(v);
}

/** One key for several values (composite partition keys, multi-field joins). */
export function tupleKey(values: readonly Value[]): Key {
  if (values.length === 1) return keyOf(values[0]!);
  let s = `${TAG}(`;
  for (const v of values) s += `${encode(v)},`;
  return s;
}

function encodeNumber(n: number): string {
  // -0 and 0 share a key; NaN shares one.
  return n === 0 ? 'n0' : `n${n}`;
}

function encode(v: Value): string {
  switch (typeof v) {
    case 'number':
      return encodeNumber(v);
    case 'bigint': {
      const n = Number(v);
      return BigInt(n) === v ? encodeNumber(n) : `n${v}`;
    }
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v === null) return 'N';
  if (v instanceof FloatValue) return encodeNumber(v.value);
  if (v instanceof Timestamp) return `t${v.ms}.${v.ns}`;
  if (v instanceof Duration) return `d${v.ms}.${v.ns}`;
  if (Array.isArray(v)) {
    let s = '[';
    for (const e of v) s += `${encode(e)},`;
    return `${s}]`;
  }
  if (v instanceof Map || v instanceof EventRecord) {
    const entries = v instanceof Map ? [...v.entries()] : [...v.entries()];
    entries.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    let s = '{';
    for (const [k, e] of entries) s += `${JSON.stringify(k)}:${encode(e)},`;
    return `${s}}`;
  }
  return 'L'; // lambdas are not meaningful keys; they all share one
}
