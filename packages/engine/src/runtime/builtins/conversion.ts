/**
 * Conversion, type tests, null handling and time builtins (semantics §7.7 "Conversion and tests", "Time").
 */

import { display } from '../values/display.js';
import { parseNumberLiteral } from '../values/number-literal.js';
import { MAX_TIMESTAMP_MS, parseIsoTimestamp, Timestamp } from '../values/time.js';
import { FloatValue, isFloat, isInt, kindOf, makeFloat, toJsNumber } from '../values/value.js';
import { badArg, domainError, type FixedImpl, type VariadicImpl } from './helpers.js';
import { intFromFloat } from './math.js';

const toInt: FixedImpl = (ctx, span, v) => {
  if (isInt(v)) return v;
  if (typeof v === 'number') return intFromFloat(ctx, span, 'to_int', Math.trunc(v));
  if (v instanceof FloatValue) return intFromFloat(ctx, span, 'to_int', v.value);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parseNumberLiteral(v.trim());
    if (n === undefined) return domainError(ctx, span, `'to_int' cannot read a number from ${JSON.stringify(v)}.`);
    if (isInt(n)) return n;
    return intFromFloat(ctx, span, 'to_int', Math.trunc(toJsNumber(n as number | FloatValue)));
  }
  return badArg(ctx, span, 'to_int', 1, 'a number, a str or a bool', v);
};

const toFloat: FixedImpl = (ctx, span, v) => {
  if (isFloat(v)) return v;
  if (isInt(v)) return makeFloat(toJsNumber(v));
  if (typeof v === 'boolean') return new FloatValue(v ? 1 : 0);
  if (typeof v === 'string') {
    const n = parseNumberLiteral(v.trim());
    if (n === undefined) return domainError(ctx, span, `'to_float' cannot read a number from ${JSON.stringify(v)}.`);
    return isFloat(n) ? n : makeFloat(toJsNumber(n as number | bigint));
  }
  return badArg(ctx, span, 'to_float', 1, 'a number, a str or a bool', v);
};

const timestampFn: FixedImpl = (ctx, span, x) => {
  if (x instanceof Timestamp) return x;
  if (isInt(x)) {
    if (typeof x === 'bigint' || Math.abs(x) > MAX_TIMESTAMP_MS) {
      return domainError(ctx, span, `'timestamp' cannot represent ${x} ms since the epoch.`);
    }
    return Timestamp.fromMs(x);
  }
  if (typeof x === 'string') {
    const t = parseIsoTimestamp(x.trim());
    if (t === undefined) return domainError(ctx, span, `'timestamp' cannot read a date from ${JSON.stringify(x)}.`);
    return new Timestamp(t.ms, t.ns);
  }
  return badArg(ctx, span, 'timestamp', 1, 'an int (epoch milliseconds) or an ISO-8601 str', x);
};

export const conversionFixed: Record<string, FixedImpl> = {
  to_string: (_ctx, _span, v) => display(v),
  to_int: toInt,
  to_float: toFloat,
  type_of: (_ctx, _span, v) => kindOf(v),
  is_null: (_ctx, _span, v) => v === null,
  is_int: (_ctx, _span, v) => isInt(v),
  is_float: (_ctx, _span, v) => isFloat(v),
  is_string: (_ctx, _span, v) => typeof v === 'string',
  is_bool: (_ctx, _span, v) => typeof v === 'boolean',
  is_array: (_ctx, _span, v) => Array.isArray(v),
  is_map: (_ctx, _span, v) => kindOf(v) === 'map',
  if_null: (_ctx, _span, v, fallback) => (v === null ? fallback : v),
  now: (ctx) => (ctx.nowMs === null ? null : Timestamp.fromMs(ctx.nowMs)),
  timestamp: timestampFn,
};

export const conversionVariadic: Record<string, VariadicImpl> = {
  coalesce: (_ctx, _span, args) => {
    for (const a of args) if (a !== null) return a;
    return null;
  },
};
