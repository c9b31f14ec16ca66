/**
 * Collection builtins (semantics §7.7 "Collections"). Every function returns a new container; arguments
 * are never modified.
 */

import { indexOf } from '../expressions/access.js';
import { tick } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { typeName } from '../expressions/operators.js';
import { compareStrings, orderValues } from '../values/equality.js';
import { keyOf } from '../values/keys.js';
import { EventRecord } from '../values/record.js';
import { Duration, Timestamp } from '../values/time.js';
import { isInt, isNumber, makeIntFromBigInt, toBigInt, type Value } from '../values/value.js';
import { badArg, domainError, type FixedImpl } from './helpers.js';
import { avgOf, sumOf } from './math.js';

function arrFn(name: string, f: (a: Value[]) => Value): FixedImpl {
  return (ctx, span, a) => (Array.isArray(a) ? f(a) : badArg(ctx, span, name, 1, 'an array', a));
}

/** One level of flattening: elements that are arrays are spliced in. */
export function flattenOnce(a: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const e of a) {
    if (Array.isArray(e)) for (const x of e) out.push(x);
    else out.push(e);
  }
  return out;
}

function isNaNValue(v: Value): boolean {
  return typeof v === 'number' && Number.isNaN(v);
}

const sort: FixedImpl = (ctx, span, a) => {
  if (!Array.isArray(a)) return badArg(ctx, span, 'sort', 1, 'an array', a);
  if (a.length === 0) return [];
  const first = a[0]!;
  const family = isNumber(first)
    ? 'number'
    : typeof first === 'string'
      ? 'str'
      : first instanceof Timestamp
        ? 'timestamp'
        : first instanceof Duration
          ? 'duration'
          : null;
  for (const e of a) {
    const ok =
      family === 'number'
        ? isNumber(e)
        : family === 'str'
          ? typeof e === 'string'
          : family === 'timestamp'
            ? e instanceof Timestamp
            : family === 'duration' && e instanceof Duration;
    if (!ok) {
      return ctx.fail(
        RuntimeCodes.typeError,
        `'sort' needs elements of one kind (numbers, strs, timestamps or durations); found ${typeName(first)} and ${typeName(e)}.`,
        span,
      );
    }
  }
  tick(ctx, a.length, span);
  const out = a.slice();
  if (family === 'str') {
    out.sort((x, y) => compareStrings(x as string, y as string));
  } else {
    // NaN sorts last; the sort is stable.
    out.sort((x, y) => {
      const nx = isNaNValue(x);
      const ny = isNaNValue(y);
      if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1;
      return orderValues(x, y);
    });
  }
  return out;
};

const unique: FixedImpl = (ctx, span, a) => {
  if (!Array.isArray(a)) return badArg(ctx, span, 'unique', 1, 'an array', a);
  const seen = new Set<unknown>();
  const out: Value[] = [];
  for (const e of a) {
    if (isNaNValue(e)) {
      out.push(e); // NaN equals nothing, so every NaN is a first occurrence
      continue;
    }
    const k = keyOf(e);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  }
  return out;
};

function rangeOf(ctx: Parameters<FixedImpl>[0], span: Parameters<FixedImpl>[1], start: Value, end: Value): Value {
  if (!isInt(start)) return badArg(ctx, span, 'range', 1, 'an int', start);
  if (!isInt(end)) return badArg(ctx, span, 'range', 2, 'an int', end);
  return intRange(ctx, span, start, end, false);
}

/**
 * The ints from `start` up to `end` (excluded, or included when `inclusive`); empty when `end` comes first.
 * Each element counts against the evaluation budget.
 */
export function intRange(
  ctx: Parameters<FixedImpl>[0],
  span: Parameters<FixedImpl>[1],
  start: number | bigint,
  end: number | bigint,
  inclusive: boolean,
): Value[] {
  if (typeof start === 'number' && typeof end === 'number') {
    const stop = inclusive ? end + 1 : end;
    const n = stop - start;
    if (n <= 0) return [];
    tick(ctx, n, span);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = start + i;
    return out;
  }
  const s = toBigInt(start);
  const stop = toBigInt(end) + (inclusive ? 1n : 0n);
  const n = stop - s;
  if (n <= 0n) return [];
  tick(ctx, n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n), span);
  const out: Value[] = [];
  for (let x = s; x < stop; x++) out.push(makeIntFromBigInt(x)!);
  return out;
}

const setFn: FixedImpl = (ctx, span, c, k, v) => {
  if (c === null || k === null) return null;
  if (Array.isArray(c)) {
    if (!(typeof k === 'number' && Number.isInteger(k))) return badArg(ctx, span, 'set', 2, 'an int', k);
    const j = k < 0 ? c.length + k : k;
    if (j < 0 || j >= c.length) {
      return domainError(ctx, span, `Index ${k} is out of range for an array of length ${c.length}.`);
    }
    const out = c.slice();
    out[j] = v;
    return out;
  }
  if (c instanceof Map || c instanceof EventRecord) {
    if (typeof k !== 'string') return badArg(ctx, span, 'set', 2, 'a str key', k);
    const out = c instanceof Map ? new Map(c) : c.toMap();
    out.set(k, v);
    return out;
  }
  return badArg(ctx, span, 'set', 1, 'an array or a map', c);
};

export const collectionFixed: Record<string, FixedImpl> = {
  first: arrFn('first', (a) => (a.length > 0 ? a[0]! : null)),
  last: arrFn('last', (a) => (a.length > 0 ? a[a.length - 1]! : null)),
  push: (ctx, span, a, v) => {
    if (a === null) return null;
    if (!Array.isArray(a)) return badArg(ctx, span, 'push', 1, 'an array', a);
    const out = a.slice();
    out.push(v);
    return out;
  },
  pop: arrFn('pop', (a) => a.slice(0, Math.max(0, a.length - 1))),
  reverse: (ctx, span, a) => {
    if (Array.isArray(a)) return a.slice().reverse();
    if (typeof a === 'string') return Array.from(a).reverse().join('');
    return badArg(ctx, span, 'reverse', 1, 'an array or a str', a);
  },
  sort,
  unique,
  flatten: arrFn('flatten', flattenOnce),
  zip: (ctx, span, a, b) => {
    if (!Array.isArray(a)) return badArg(ctx, span, 'zip', 1, 'an array', a);
    if (!Array.isArray(b)) return badArg(ctx, span, 'zip', 2, 'an array', b);
    const n = Math.min(a.length, b.length);
    const out: Value[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = [a[i]!, b[i]!];
    return out;
  },
  keys: (ctx, span, m) => {
    if (m instanceof Map) return [...m.keys()];
    if (m instanceof EventRecord) return m.fieldNames.slice();
    return badArg(ctx, span, 'keys', 1, 'a map', m);
  },
  values: (ctx, span, m) => {
    if (m instanceof Map) return [...m.values()];
    if (m instanceof EventRecord) return m.values.slice();
    return badArg(ctx, span, 'values', 1, 'a map', m);
  },
  get: (ctx, span, c, k) => {
    if (!Array.isArray(c) && typeof c !== 'string' && !(c instanceof Map) && !(c instanceof EventRecord)) {
      return badArg(ctx, span, 'get', 1, 'an array or a map', c);
    }
    return indexOf(ctx, span, c, k, true);
  },
  set: setFn,
  range: (ctx, span, a, b) => {
    if (b !== undefined) return rangeOf(ctx, span, a, b);
    if (!isInt(a)) return badArg(ctx, span, 'range', 1, 'an int', a);
    return intRange(ctx, span, 0, a, false);
  },
  sum: (ctx, span, a) => (Array.isArray(a) ? sumOf(ctx, span, a) : badArg(ctx, span, 'sum', 1, 'an array', a)),
  avg: arrFn('avg', avgOf),
};
