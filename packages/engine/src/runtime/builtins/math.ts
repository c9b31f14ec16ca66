/**
 * Math builtins (semantics §7.7 "Math") and the numeric reductions shared with array methods.
 */

import type { SourceSpan } from '../../plan/source-span.js';
import type { EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { power } from '../expressions/operators.js';
import {
  FloatValue,
  isInt,
  isNumber,
  makeFloat,
  makeIntFromBigInt,
  makeIntFromNumber,
  toBigInt,
  toJsNumber,
  type Value,
} from '../values/value.js';
import { badArg, domainError, type FixedImpl, numberOf, type VariadicImpl } from './helpers.js';

function floatFn(name: string, f: (x: number) => number, domain?: (x: number) => boolean, rule?: string): FixedImpl {
  return (ctx, span, a) => {
    const x = numberOf(a);
    if (x === undefined) return badArg(ctx, span, name, 1, 'a number', a);
    if (domain !== undefined && !domain(x)) {
      return domainError(ctx, span, `'${name}' is not defined for ${x}: ${rule}.`);
    }
    return makeFloat(f(x));
  };
}

function toIntFn(name: string, f: (x: number) => number): FixedImpl {
  return (ctx, span, a) => {
    if (isInt(a)) return a;
    const x = numberOf(a);
    if (x === undefined) return badArg(ctx, span, name, 1, 'a number', a);
    return intFromFloat(ctx, span, name, f(x));
  };
}

/** The int of an integral float result; R003 for NaN/inf, R004 beyond 64 bits. */
export function intFromFloat(ctx: EvalContext, span: SourceSpan, name: string, x: number): Value {
  if (!Number.isFinite(x)) return domainError(ctx, span, `'${name}' cannot turn ${x} into an int.`);
  const r = makeIntFromNumber(x);
  if (r === undefined) {
    return ctx.fail(RuntimeCodes.overflow, `The result of '${name}' does not fit in a 64-bit int.`, span);
  }
  return r;
}

const abs: FixedImpl = (ctx, span, a) => {
  if (typeof a === 'number') return Math.abs(a);
  if (a instanceof FloatValue) return new FloatValue(Math.abs(a.value));
  if (typeof a === 'bigint') {
    const r = makeIntFromBigInt(a < 0n ? -a : a);
    return r === undefined
      ? ctx.fail(RuntimeCodes.overflow, "The result of 'abs' does not fit in a 64-bit int.", span)
      : r;
  }
  return badArg(ctx, span, 'abs', 1, 'a number', a);
};

/** Rounds half away from zero. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Smallest (or largest) of numeric values keeping the kind rule "int if all ints, else float". */
function extreme(values: readonly Value[], wantMax: boolean, keepKind: boolean): Value {
  let best: Value = null;
  let bestNum = 0;
  let allInt = true;
  for (const v of values) {
    if (!isNumber(v)) continue;
    if (!isInt(v)) allInt = false;
    if (best === null) {
      best = v;
      bestNum = toJsNumber(v);
      continue;
    }
    if (Number.isNaN(bestNum)) continue; // NaN sticks
    const x = toJsNumber(v);
    if (Number.isNaN(x)) {
      best = v;
      bestNum = x;
      continue;
    }
    // Exact comparison when both are ints (bigints may round in toJsNumber).
    const better =
      isInt(v) && isInt(best)
        ? wantMax
          ? toBigInt(v) > toBigInt(best)
          : toBigInt(v) < toBigInt(best)
        : wantMax
          ? x > bestNum
          : x < bestNum;
    if (better) {
      best = v;
      bestNum = x;
    }
  }
  if (best === null || keepKind || allInt) return best;
  return isInt(best) ? makeFloat(toJsNumber(best)) : best;
}

/** `min(arr)` / `max(arr)` / `a.min()`: the extreme number keeping its kind; non-numbers skipped; empty → null. */
export function arrayExtreme(values: readonly Value[], wantMax: boolean): Value {
  return extreme(values, wantMax, true);
}

function minMax(name: 'min' | 'max'): VariadicImpl {
  const wantMax = name === 'max';
  return (ctx, span, args) => {
    if (args.length === 1) {
      const a = args[0]!;
      if (!Array.isArray(a)) return badArg(ctx, span, name, 1, 'an array (or two or more numbers)', a);
      return extreme(a, wantMax, true);
    }
    for (let i = 0; i < args.length; i++) {
      if (!isNumber(args[i]!)) return badArg(ctx, span, name, i + 1, 'a number', args[i]!);
    }
    return extreme(args, wantMax, false);
  };
}

const clamp: FixedImpl = (ctx, span, x, lo, hi) => {
  const args = [x, lo, hi];
  for (let i = 0; i < 3; i++) if (!isNumber(args[i]!)) return badArg(ctx, span, 'clamp', i + 1, 'a number', args[i]!);
  const inner = extreme([x, lo], true, false);
  return extreme([inner, hi], false, false);
};

/** Sum of the numbers of an array: an int when all are ints (R004 on overflow), else a float; empty → 0. */
export function sumOf(ctx: EvalContext, span: SourceSpan, values: readonly Value[]): Value {
  let intSum = 0;
  let bigSum: bigint | null = null;
  let floatSum = 0;
  let anyFloat = false;
  for (const v of values) {
    if (typeof v === 'number') {
      if (Number.isInteger(v)) {
        if (bigSum === null) {
          const s = intSum + v;
          if (Number.isSafeInteger(s)) intSum = s;
          else bigSum = BigInt(intSum) + BigInt(v);
        } else {
          bigSum += BigInt(v);
        }
      } else {
        anyFloat = true;
        floatSum += v;
      }
    } else if (typeof v === 'bigint') {
      bigSum = (bigSum ?? BigInt(intSum)) + v;
    } else if (v instanceof FloatValue) {
      anyFloat = true;
      floatSum += v.value;
    }
  }
  if (anyFloat) return makeFloat(floatSum + (bigSum !== null ? Number(bigSum) : intSum));
  if (bigSum === null) return intSum;
  const r = makeIntFromBigInt(bigSum);
  return r === undefined ? ctx.fail(RuntimeCodes.overflow, 'The sum does not fit in a 64-bit int.', span) : r;
}

/** Mean of the numbers of an array as a float; `null` when there are none. */
export function avgOf(values: readonly Value[]): Value {
  let n = 0;
  let s = 0;
  for (const v of values) {
    const x = numberOf(v);
    if (x === undefined) continue;
    s += x;
    n++;
  }
  return n === 0 ? null : makeFloat(s / n);
}

/** Sample variance (denominator n − 1) of the numbers of an array; `null` for fewer than two. */
export function varianceOf(values: readonly Value[]): Value {
  const xs: number[] = [];
  for (const v of values) {
    const x = numberOf(v);
    if (x !== undefined) xs.push(x);
  }
  if (xs.length < 2) return null;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return makeFloat(ss / (xs.length - 1));
}

export const mathFixed: Record<string, FixedImpl> = {
  abs,
  sqrt: floatFn('sqrt', Math.sqrt, (x) => !(x < 0), 'the argument must not be negative'),
  exp: floatFn('exp', Math.exp),
  log: floatFn('log', Math.log, (x) => !(x <= 0), 'the argument must be positive'),
  log10: floatFn('log10', Math.log10, (x) => !(x <= 0), 'the argument must be positive'),
  sin: floatFn('sin', Math.sin),
  cos: floatFn('cos', Math.cos),
  tan: floatFn('tan', Math.tan),
  floor: toIntFn('floor', Math.floor),
  ceil: toIntFn('ceil', Math.ceil),
  round: toIntFn('round', roundHalfAway),
  pow: (ctx, span, a, b) => power(ctx, span, a, b),
  clamp,
  variance: (ctx, span, a) => (Array.isArray(a) ? varianceOf(a) : badArg(ctx, span, 'variance', 1, 'an array', a)),
};

export const mathVariadic: Record<string, VariadicImpl> = {
  min: minMax('min'),
  max: minMax('max'),
};
