/**
 * The VPL value model (semantics §2.1), chosen so that the common values need no allocation.
 *
 * | VPL kind    | JavaScript representation                                                          |
 * |-------------|------------------------------------------------------------------------------------|
 * | `null`      | `null`                                                                             |
 * | `bool`      | `boolean`                                                                          |
 * | `int`       | an integral `number` within ±(2^53 − 1), or a `bigint` outside that range (≤ 64 bits) |
 * | `float`     | a non-integral `number` (incl. `NaN`, `±Infinity`), or a {@link FloatValue} box for an integral float (`3.0`, `-0.0`, `1e21`) |
 * | `str`       | `string`                                                                           |
 * | `timestamp` | {@link Timestamp}                                                                  |
 * | `duration`  | {@link Duration}                                                                   |
 * | `array`     | a JavaScript array of values                                                       |
 * | `map`       | a `Map<string, Value>` (insertion-ordered), or an {@link EventRecord} seen as a map   |
 *
 * Invariants every producer keeps (use {@link makeFloat} and {@link makeInt}): an integral plain number is
 * always a safe integer and means `int`; a `bigint` is always outside the safe range; a `FloatValue` always
 * holds an integral number. So every value has exactly one representation. Values are immutable: arrays and
 * maps are never changed after they have been handed out.
 *
 * See docs/decisions/0002-value-representation.md.
 */

import { EventRecord } from './record.js';
import { Duration, Timestamp } from './time.js';

/** A float whose value happens to be integral (`3.0`): boxed so that it stays distinct from the int `3`. */
export class FloatValue {
  constructor(readonly value: number) {}
}

/**
 * A callable value created by a lambda expression. The expression runtime creates these; the value layer
 * only needs to recognise them (they display as `<lambda>` and are equal only to themselves).
 */
export abstract class LambdaValue {
  /** number of declared parameters */
  abstract readonly arity: number;
}

export type ValueArray = Value[];
export type ValueMap = Map<string, Value>;

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | FloatValue
  | Timestamp
  | Duration
  | ValueArray
  | ValueMap
  | EventRecord
  | LambdaValue;

/** The kind names used by `type_of` (semantics §7.7) plus `function` for lambdas. */
export type ValueKind =
  | 'null'
  | 'bool'
  | 'int'
  | 'float'
  | 'string'
  | 'timestamp'
  | 'duration'
  | 'array'
  | 'map'
  | 'function';

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** The kind of a value. */
export function kindOf(v: Value): ValueKind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
  }
  if (v instanceof FloatValue) return 'float';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map || v instanceof EventRecord) return 'map';
  if (v instanceof Timestamp) return 'timestamp';
  if (v instanceof Duration) return 'duration';
  return 'function';
}

/** True for an int (plain integral number or bigint). */
export function isInt(v: Value): v is number | bigint {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
}

/** True for a float (non-integral number or FloatValue). */
export function isFloat(v: Value): v is number | FloatValue {
  return (typeof v === 'number' && !Number.isInteger(v)) || v instanceof FloatValue;
}

/** True for an int or a float. */
export function isNumber(v: Value): v is number | bigint | FloatValue {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof FloatValue;
}

/** True for a map or a record (which behaves as a map of its fields). */
export function isMapLike(v: Value): v is ValueMap | EventRecord {
  return v instanceof Map || v instanceof EventRecord;
}

/** The float value for a JavaScript number: boxes integral numbers so they stay floats. */
export function makeFloat(x: number): number | FloatValue {
  return Number.isInteger(x) ? new FloatValue(x) : x;
}

/**
 * The int value for an exact integer given as a bigint, or `undefined` when it does not fit in 64 bits.
 * Safe integers come back as plain numbers.
 */
export function makeIntFromBigInt(b: bigint): number | bigint | undefined {
  if (b >= -9007199254740991n && b <= 9007199254740991n) return Number(b);
  if (b < INT64_MIN || b > INT64_MAX) return undefined;
  return b;
}

/**
 * The int value for an integral JavaScript number that is exact (e.g. a truncated float), or `undefined`
 * when it is outside the 64-bit range. Normalises `-0` to `0`.
 */
export function makeIntFromNumber(x: number): number | bigint | undefined {
  if (Number.isSafeInteger(x)) return x + 0;
  if (!Number.isFinite(x)) return undefined;
  return makeIntFromBigInt(BigInt(x));
}

/** Exact numeric equality across `number` and `bigint` (loose equality compares their mathematical values). */
export function numericEquals(a: number | bigint, b: number | bigint): boolean {
  // biome-ignore lint/suspicious/noDoubleEquals: number == bigint is exact, which === cannot express
  return a == b;
}

/** The numeric value of an int or float as a JavaScript number (bigints may round). */
export function toJsNumber(v: number | bigint | FloatValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return v.value;
}

/** The exact integer of an int as a bigint. */
export function toBigInt(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** Parses an exact decimal integer text (optionally signed) into an int; `undefined` when out of 64 bits. */
export function parseIntText(text: string): number | bigint | undefined {
  // Up to 15 digits always fits a double exactly.
  const digits = text.length - (text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43 ? 1 : 0);
  if (digits <= 15) return Number(text) + 0;
  try {
    return makeIntFromBigInt(BigInt(text));
  } catch {
    return undefined;
  }
}
