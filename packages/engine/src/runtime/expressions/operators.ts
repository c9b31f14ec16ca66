/**
 * The operators of semantics §7.5 on values. Each takes the context and the span of the operator node so it
 * can report a runtime error (and return `null`) itself. The first lines of each function are the
 * allocation-free fast path for two plain numbers.
 */

import type { SourceSpan } from '../../plan/source-span.js';
import { equals, INCOMPARABLE, orderValues, UNORDERED } from '../values/equality.js';
import { EventRecord } from '../values/record.js';
import {
  addDurations,
  addTimestampDuration,
  Duration,
  divideDuration,
  multiplyDuration,
  subtractDurations,
  subtractTimestampDuration,
  subtractTimestamps,
  Timestamp,
} from '../values/time.js';
import {
  FloatValue,
  isInt,
  kindOf,
  makeFloat,
  makeIntFromBigInt,
  numericEquals,
  toBigInt,
  toJsNumber,
  type Value,
} from '../values/value.js';
import type { EvalContext } from './context.js';
import { RuntimeCodes } from './diagnostics.js';

/** The VPL name of a value's kind, for messages (`str`, not `string`). */
export function typeName(v: Value): string {
  const k = kindOf(v);
  return k === 'string' ? 'str' : k;
}

function typeError(ctx: EvalContext, span: SourceSpan, op: string, a: Value, b: Value): null {
  return ctx.fail(
    RuntimeCodes.typeError,
    `Operator '${op}' cannot be applied to ${typeName(a)} and ${typeName(b)}.`,
    span,
  );
}

function overflow(ctx: EvalContext, span: SourceSpan, op: string): null {
  return ctx.fail(RuntimeCodes.overflow, `Integer overflow in '${op}': the result does not fit in 64 bits.`, span);
}

function divisionByZero(ctx: EvalContext, span: SourceSpan, op: string): null {
  return ctx.fail(RuntimeCodes.divisionByZero, op === '/' ? 'Division by zero.' : 'Modulo by zero.', span);
}

/** Whether a non-null value is an int or float. */
function numeric(v: Value): v is number | bigint | FloatValue {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof FloatValue;
}

function intResult(ctx: EvalContext, span: SourceSpan, op: string, b: bigint): Value {
  const r = makeIntFromBigInt(b);
  return r === undefined ? overflow(ctx, span, op) : r;
}

// ---- Arithmetic ----

export function add(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (!Number.isInteger(r)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      return Number.isSafeInteger(r) ? r : intResult(ctx, span, '+', BigInt(a) + BigInt(b));
    }
    return new FloatValue(r);
  }
  if (a instanceof FloatValue) {
    if (typeof b === 'number') return makeFloat(a.value + b);
    if (b instanceof FloatValue) return makeFloat(a.value + b.value);
  } else if (b instanceof FloatValue && typeof a === 'number') {
    return makeFloat(a + b.value);
  }
  if (a === null || b === null) return null;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (numeric(a) && numeric(b)) {
    if (isInt(a) && isInt(b)) return intResult(ctx, span, '+', toBigInt(a) + toBigInt(b));
    return makeFloat(toJsNumber(a) + toJsNumber(b));
  }
  if (a instanceof Timestamp && b instanceof Duration) return timeResult(ctx, span, '+', addTimestampDuration(a, b));
  if (a instanceof Duration && b instanceof Timestamp) return timeResult(ctx, span, '+', addTimestampDuration(b, a));
  if (a instanceof Duration && b instanceof Duration) return timeResult(ctx, span, '+', addDurations(a, b));
  return typeError(ctx, span, '+', a, b);
}

function timeResult(ctx: EvalContext, span: SourceSpan, op: string, r: Value | undefined): Value {
  if (r !== undefined) return r;
  return ctx.fail(RuntimeCodes.overflow, `The result of '${op}' is outside the range of its kind.`, span);
}

function negativeDuration(ctx: EvalContext, span: SourceSpan): null {
  return ctx.fail(RuntimeCodes.domain, 'The result would be a negative duration.', span);
}

export function subtract(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (!Number.isInteger(r)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      return Number.isSafeInteger(r) ? r : intResult(ctx, span, '-', BigInt(a) - BigInt(b));
    }
    return new FloatValue(r);
  }
  if (a instanceof FloatValue) {
    if (typeof b === 'number') return makeFloat(a.value - b);
    if (b instanceof FloatValue) return makeFloat(a.value - b.value);
  } else if (b instanceof FloatValue && typeof a === 'number') {
    return makeFloat(a - b.value);
  }
  if (a === null || b === null) return null;
  if (numeric(a) && numeric(b)) {
    if (isInt(a) && isInt(b)) return intResult(ctx, span, '-', toBigInt(a) - toBigInt(b));
    return makeFloat(toJsNumber(a) - toJsNumber(b));
  }
  if (a instanceof Timestamp) {
    if (b instanceof Duration) return timeResult(ctx, span, '-', subtractTimestampDuration(a, b));
    if (b instanceof Timestamp) return subtractTimestamps(a, b) ?? negativeDuration(ctx, span);
  }
  if (a instanceof Duration && b instanceof Duration) return subtractDurations(a, b) ?? negativeDuration(ctx, span);
  return typeError(ctx, span, '-', a, b);
}

export function multiply(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (!Number.isInteger(r)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) {
      return Number.isSafeInteger(r) ? r + 0 : intResult(ctx, span, '*', BigInt(a) * BigInt(b));
    }
    return new FloatValue(r);
  }
  if (a instanceof FloatValue) {
    if (typeof b === 'number') return makeFloat(a.value * b);
    if (b instanceof FloatValue) return makeFloat(a.value * b.value);
  } else if (b instanceof FloatValue && typeof a === 'number') {
    return makeFloat(a * b.value);
  }
  if (a === null || b === null) return null;
  if (numeric(a) && numeric(b)) {
    if (isInt(a) && isInt(b)) return intResult(ctx, span, '*', toBigInt(a) * toBigInt(b));
    return makeFloat(toJsNumber(a) * toJsNumber(b));
  }
  if (a instanceof Duration && isInt(b)) return scaleDuration(ctx, span, a, b);
  if (isInt(a) && b instanceof Duration) return scaleDuration(ctx, span, b, a);
  return typeError(ctx, span, '*', a, b);
}

function scaleDuration(ctx: EvalContext, span: SourceSpan, d: Duration, k: number | bigint): Value {
  if (k < 0) return negativeDuration(ctx, span);
  return timeResult(ctx, span, '*', multiplyDuration(d, k));
}

export function divide(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return divisionByZero(ctx, span, '/');
    if (Number.isInteger(a) && Number.isInteger(b)) return (a - (a % b)) / b + 0; // exact truncating division
    return makeFloat(a / b);
  }
  if (a === null || b === null) return null;
  if (numeric(a) && numeric(b)) {
    if (isInt(a) && isInt(b)) {
      const y = toBigInt(b);
      if (y === 0n) return divisionByZero(ctx, span, '/');
      return intResult(ctx, span, '/', toBigInt(a) / y);
    }
    const y = toJsNumber(b);
    if (y === 0) return divisionByZero(ctx, span, '/');
    return makeFloat(toJsNumber(a) / y);
  }
  if (a instanceof Duration && isInt(b)) {
    if (numericEquals(b, 0)) return divisionByZero(ctx, span, '/');
    if (b < 0) return negativeDuration(ctx, span);
    return timeResult(ctx, span, '/', divideDuration(a, b));
  }
  return typeError(ctx, span, '/', a, b);
}

export function modulo(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) return divisionByZero(ctx, span, '%');
    const r = a % b;
    if (Number.isInteger(a) && Number.isInteger(b)) return r + 0;
    return makeFloat(r);
  }
  if (a === null || b === null) return null;
  if (numeric(a) && numeric(b)) {
    if (isInt(a) && isInt(b)) {
      const y = toBigInt(b);
      if (y === 0n) return divisionByZero(ctx, span, '%');
      return intResult(ctx, span, '%', toBigInt(a) % y);
    }
    const y = toJsNumber(b);
    if (y === 0) return divisionByZero(ctx, span, '%');
    return makeFloat(toJsNumber(a) % y);
  }
  return typeError(ctx, span, '%', a, b);
}

/** `a ** b` (also `pow`): an exact int for int operands and a non-negative exponent, else a float. */
export function power(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (!numeric(a) || !numeric(b)) return typeError(ctx, span, '**', a, b);
  if (isInt(a) && isInt(b)) {
    if (b < 0) return makeFloat(toJsNumber(a) ** toJsNumber(b));
    return intPower(ctx, span, a, b);
  }
  return makeFloat(toJsNumber(a) ** toJsNumber(b));
}

function intPower(ctx: EvalContext, span: SourceSpan, base: number | bigint, exp: number | bigint): Value {
  if (numericEquals(base, 0)) return numericEquals(exp, 0) ? 1 : 0;
  if (numericEquals(base, 1)) return 1;
  if (numericEquals(base, -1)) return toBigInt(exp) % 2n === 0n ? 1 : -1;
  if (exp > 64) return overflow(ctx, span, '**'); // |base| ≥ 2
  if (typeof base === 'number') {
    // Square-and-multiply in doubles while every product stays a safe integer (then each one is exact).
    let result = 1;
    let x = base;
    let e = Number(exp);
    let exact = true;
    while (e > 0) {
      if (e & 1) {
        result *= x;
        if (!Number.isSafeInteger(result)) {
          exact = false;
          break;
        }
      }
      e >>= 1;
      if (e > 0) {
        x *= x;
        if (!Number.isSafeInteger(x)) {
          exact = false;
          break;
        }
      }
    }
    if (exact) return result;
  }
  return intResult(ctx, span, '**', toBigInt(base) ** toBigInt(exp));
}

/** Unary `-`. */
export function negate(ctx: EvalContext, span: SourceSpan, a: Value): Value {
  if (typeof a === 'number') return Number.isInteger(a) ? 0 - a : -a;
  if (a === null) return null;
  if (a instanceof FloatValue) return new FloatValue(-a.value);
  if (typeof a === 'bigint') return intResult(ctx, span, '-', -a);
  return ctx.fail(RuntimeCodes.typeError, `Operator '-' cannot be applied to ${typeName(a)}.`, span);
}

// ---- Bitwise ----

function bitwise(ctx: EvalContext, span: SourceSpan, op: '&' | '|' | '^', a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (!isInt(a) || !isInt(b)) return typeError(ctx, span, op, a, b);
  if (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b) {
    return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  return makeIntFromBigInt(BigInt.asIntN(64, op === '&' ? x & y : op === '|' ? x | y : x ^ y))!;
}

export function bitAnd(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  return bitwise(ctx, span, '&', a, b);
}

export function bitOr(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  return bitwise(ctx, span, '|', a, b);
}

export function bitXor(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  return bitwise(ctx, span, '^', a, b);
}

/** `~a`: the bitwise complement of an int (`-a - 1`). */
export function bitNot(ctx: EvalContext, span: SourceSpan, a: Value): Value {
  if (a === null) return null;
  if (typeof a === 'number' && Number.isInteger(a)) {
    const r = -a - 1;
    return Number.isSafeInteger(r) ? r : makeIntFromBigInt(-BigInt(a) - 1n)!;
  }
  if (typeof a === 'bigint') return makeIntFromBigInt(-a - 1n)!;
  return ctx.fail(RuntimeCodes.typeError, `Operator '~' cannot be applied to ${typeName(a)}.`, span);
}

function shiftCount(ctx: EvalContext, span: SourceSpan, op: string, n: number | bigint): number | null {
  if (n < 0 || n > 63) {
    return ctx.fail(RuntimeCodes.domain, `Shift count ${n} of '${op}' is outside 0..63.`, span);
  }
  return Number(n);
}

/** `a << n`: left shift in 64-bit two's complement (bits shifted out are lost). */
export function shiftLeft(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (!isInt(a) || !isInt(b)) return typeError(ctx, span, '<<', a, b);
  const n = shiftCount(ctx, span, '<<', b);
  if (n === null) return null;
  if (typeof a === 'number') {
    const r = a * 2 ** n;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return makeIntFromBigInt(BigInt.asIntN(64, toBigInt(a) << BigInt(n)))!;
}

/** `a >> n`: arithmetic right shift. */
export function shiftRight(ctx: EvalContext, span: SourceSpan, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (!isInt(a) || !isInt(b)) return typeError(ctx, span, '>>', a, b);
  const n = shiftCount(ctx, span, '>>', b);
  if (n === null) return null;
  if (typeof a === 'number') return Math.floor(a / 2 ** n) + 0;
  return makeIntFromBigInt(a >> BigInt(n))!;
}

// ---- Comparison ----

/** `<`, `<=`, `>`, `>=`: false when either side is null or a NaN is involved; type error otherwise. */
export function ordering(
  ctx: EvalContext,
  span: SourceSpan,
  op: '<' | '<=' | '>' | '>=',
  a: Value,
  b: Value,
): boolean | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  if (a === null || b === null) return false;
  // an integral float (`50.0`) is boxed: compare its number directly (NaN: false, as orderValues)
  const x = a instanceof FloatValue ? a.value : a;
  const y = b instanceof FloatValue ? b.value : b;
  if (typeof x === 'number' && typeof y === 'number') {
    return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  }
  const c = orderValues(a, b);
  if (c === UNORDERED) return false;
  if (c === INCOMPARABLE) {
    return ctx.fail(RuntimeCodes.typeError, `Cannot order ${typeName(a)} and ${typeName(b)} with '${op}'.`, span);
  }
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

/** `x in c` (semantics §2.3): `false` for a null container; `null` after a type error for other kinds. */
export function membership(ctx: EvalContext, span: SourceSpan, op: string, x: Value, c: Value): boolean | null {
  if (c === null) return false;
  if (Array.isArray(c)) {
    for (let i = 0; i < c.length; i++) if (equals(x, c[i]!)) return true;
    return false;
  }
  if (typeof c === 'string') {
    if (typeof x === 'string') return c.includes(x);
    if (x === null) return false;
    return ctx.fail(RuntimeCodes.typeError, `'${op}' on a string needs a str on its left, not ${typeName(x)}.`, span);
  }
  if (c instanceof Map) return typeof x === 'string' && c.has(x);
  if (c instanceof EventRecord) return typeof x === 'string' && c.has(x);
  return ctx.fail(
    RuntimeCodes.typeError,
    `'${op}' needs an array, a map or a str on its right, not ${typeName(c)}.`,
    span,
  );
}
