/**
 * JSON encoding of run-time values and records for checkpoints (semantics §15). Every value kind keeps its
 * kind exactly (ints vs integral floats, 64-bit ints, nanosecond times) and records keep their field order.
 */

import type { Captures } from './core.js';
import { EventRecord, Shape } from './values/record.js';
import { Duration, Timestamp } from './values/time.js';
import { FloatValue, type Value } from './values/value.js';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Encodes a value. Plain JSON is used where it is unambiguous (null, bools, strings, safe ints, non-integral
 * finite floats); everything else is a one-key object: `{f}` integral or non-finite float, `{i}` big int,
 * `{t}` timestamp, `{d}` duration, `{a}` array, `{m}` map, `{r}` record. Lambdas become null.
 */
export function encodeValue(v: Value): Json {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : { f: String(v) };
    case 'bigint':
      return { i: v.toString() };
  }
  if (v === null) return null;
  if (v instanceof FloatValue) return { f: Object.is(v.value, -0) ? '-0' : v.value };
  if (v instanceof Timestamp) return { t: [v.ms, v.ns] };
  if (v instanceof Duration) return { d: [v.ms, v.ns] };
  if (Array.isArray(v)) return { a: v.map(encodeValue) };
  if (v instanceof Map) return { m: [...v.entries()].map(([k, e]) => [k, encodeValue(e)]) };
  if (v instanceof EventRecord) return { r: encodeRecord(v) };
  return null;
}

export function decodeValue(j: Json): Value {
  if (j === null || typeof j === 'string' || typeof j === 'boolean' || typeof j === 'number') return j;
  if (Array.isArray(j)) throw new Error('unexpected array in encoded value');
  if ('f' in j) {
    const f = j.f;
    const x = typeof f === 'number' ? f : f === '-0' ? -0 : Number(f);
    return Number.isInteger(x) ? new FloatValue(x) : x;
  }
  if ('i' in j) return BigInt(j.i as string);
  if ('t' in j) {
    const [ms, ns] = j.t as number[];
    return new Timestamp(ms!, ns!);
  }
  if ('d' in j) {
    const [ms, ns] = j.d as number[];
    return new Duration(ms!, ns!);
  }
  if ('a' in j) return (j.a as Json[]).map(decodeValue);
  if ('m' in j) return new Map((j.m as [string, Json][]).map(([k, e]) => [k, decodeValue(e)]));
  if ('r' in j) return decodeRecord(j.r);
  throw new Error('unknown encoded value');
}

/** `[type, time, names, values]` */
export function encodeRecord(r: EventRecord): Json {
  return [r.type, r.timeMs, r.shape.names as string[], r.values.map(encodeValue)];
}

export function decodeRecord(j: Json): EventRecord {
  const [type, time, names, values] = j as [string, number, string[], Json[]];
  return new EventRecord(type, time, Shape.of(names), values.map(decodeValue));
}

export function encodeCaptures(c: Captures): Json {
  if (c === null) return null;
  return c.map((b) => (b === null ? null : Array.isArray(b) ? { k: b.map(encodeRecord) } : encodeRecord(b)));
}

export function decodeCaptures(j: Json): Captures {
  if (j === null) return null;
  return (j as Json[]).map((b) => {
    if (b === null) return null;
    if (!Array.isArray(b) && typeof b === 'object' && 'k' in b) return (b.k as Json[]).map(decodeRecord);
    return decodeRecord(b);
  });
}

/** Encodes a millisecond time that may be ±Infinity. */
export function encodeTime(t: number): Json {
  return Number.isFinite(t) ? t : t > 0 ? 'inf' : '-inf';
}

export function decodeTime(j: Json): number {
  return j === 'inf' ? Number.POSITIVE_INFINITY : j === '-inf' ? Number.NEGATIVE_INFINITY : (j as number);
}
