/**
 * Conversions between VPL values and plain JavaScript data, for the engine API and tools: events given as
 * plain objects, and results handed back as plain objects.
 */

import { EventRecord } from './record.js';
import { Duration, formatIsoMs, Timestamp } from './time.js';
import { FloatValue, LambdaValue, makeIntFromBigInt, type Value } from './value.js';

/**
 * A VPL value from plain JavaScript data: integral numbers become ints (a non-safe integral number becomes
 * a float, as it may already have been rounded), other numbers floats, bigints ints (R004-range bigints
 * become floats), arrays arrays, `Map`s and plain objects maps (key order kept), `Date`s timestamps;
 * `undefined` is `null`. Values that already are VPL values pass through.
 */
export function valueFromJs(x: unknown): Value {
  switch (typeof x) {
    case 'number':
      if (!Number.isInteger(x)) return x;
      return Number.isSafeInteger(x) ? x + 0 : new FloatValue(x); // + 0 turns -0 into 0
    case 'bigint':
      return makeIntFromBigInt(x) ?? Number(x);
    case 'string':
    case 'boolean':
      return x;
    case 'undefined':
      return null;
  }
  if (x === null) return null;
  if (Array.isArray(x)) return x.map(valueFromJs);
  if (
    x instanceof FloatValue ||
    x instanceof Timestamp ||
    x instanceof Duration ||
    x instanceof EventRecord ||
    x instanceof LambdaValue
  ) {
    return x;
  }
  if (x instanceof Date) return Timestamp.fromMs(x.getTime());
  const m = new Map<string, Value>();
  const entries = x instanceof Map ? x.entries() : Object.entries(x as object);
  for (const [k, v] of entries) m.set(String(k), valueFromJs(v));
  return m;
}

/** A record from a plain object of fields (see {@link valueFromJs} for the values). */
export function recordFromJs(type: string, timeMs: number, fields: Readonly<Record<string, unknown>>): EventRecord {
  const r = EventRecord.of(type, timeMs);
  for (const [k, v] of Object.entries(fields)) r.set(k, valueFromJs(v));
  return r;
}

/**
 * Plain JavaScript data for a value: floats and ints become numbers (ints beyond 2^53 stay bigints), maps
 * and records plain objects, timestamps ISO strings, durations milliseconds, lambdas `null`. The int/float
 * distinction is lost; use `toJson` when it matters.
 */
export function valueToJs(v: Value): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof FloatValue) return v.value;
  if (Array.isArray(v)) return v.map(valueToJs);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, e] of v) o[k] = valueToJs(e);
    return o;
  }
  if (v instanceof EventRecord) {
    const o: Record<string, unknown> = {};
    for (const [k, e] of v.entries()) o[k] = valueToJs(e);
    return o;
  }
  if (v instanceof Timestamp) return formatIsoMs(v.ms);
  if (v instanceof Duration) return v.toMsNumber();
  return null;
}
