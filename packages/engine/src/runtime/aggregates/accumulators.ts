/**
 * Incremental accumulators for the aggregate functions of semantics §10. Each takes values one at a time
 * (in batch order) and can produce its result at any point, so the same code serves windowed aggregates
 * and running aggregates (ruling R4).
 *
 * Numeric aggregates use int and float values; `null` is skipped silently, NaN is skipped, and values of
 * other kinds are skipped with a VPL-R001 report.
 */

import type { AggregateCallPlan } from '../../plan/plan.js';
import type { SourceSpan } from '../../plan/source-span.js';
import type { EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { typeName } from '../expressions/operators.js';
import { decodeKey, encodeKey } from '../partitions.js';
import { decodeValue, encodeValue, type Json } from '../state-codec.js';
import { type Key, keyOf } from '../values/keys.js';
import { FloatValue, INT64_MAX, INT64_MIN, makeFloat, makeIntFromBigInt, type Value } from '../values/value.js';

export interface Accumulator {
  /** Adds the argument value of one record (`count()` ignores it). */
  add(v: Value, ctx: EvalContext): void;
  /** The current result. */
  result(ctx: EvalContext): Value;
  /** Back to the state of a fresh accumulator (windows reuse accumulators from one release to the next). */
  reset(): void;
  /**
   * Only on accumulators whose state depends on nothing but the number a value stands for (avg, stddev, ema):
   * the same as `add` of a number, an integral float or an int equal to `x` (never NaN), without the checks.
   */
  addNumber?(x: number): void;
  /** With `addNumber`: `addNumber` of `xs[from]`, `xs[from + stride]`, … (`count` numbers), in that order. */
  addNumbers?(xs: Float64Array, from: number, count: number, stride: number): void;
  /**
   * Only on accumulators that never report: `add` of `vs[from]`, `vs[from + stride]`, … (`count` values), in
   * that order.
   */
  addValues?(vs: readonly Value[], from: number, count: number, stride: number): void;
  checkpoint(): Json;
  restore(state: Json): void;
}

/** Reports a value that a numeric aggregate skips (null is skipped silently). */
function skipped(v: Value, ctx: EvalContext, span: SourceSpan, fn: string): void {
  if (v !== null) {
    ctx.fail(RuntimeCodes.typeError, `${fn}() skipped a ${typeName(v)} value; it aggregates numbers only.`, span);
  }
}

/**
 * The value as a JavaScript number (ints converted, bigints rounded), or NaN when the aggregate skips it: a
 * NaN, null, or a value of another kind (reported). No allocation: this runs once per value aggregated.
 */
function numberOrNaN(v: Value, ctx: EvalContext, span: SourceSpan, fn: string): number {
  if (typeof v === 'number') return v;
  if (v instanceof FloatValue) return v.value;
  if (typeof v === 'bigint') return Number(v);
  skipped(v, ctx, span, fn);
  return Number.NaN;
}

/** Whether a numeric value is an int. */
function isIntValue(v: Value): boolean {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

class CountAll implements Accumulator {
  n = 0;
  add(): void {
    this.n++;
  }
  addValues(_vs: readonly Value[], _from: number, count: number): void {
    this.n += count;
  }
  result(): Value {
    return this.n;
  }
  reset(): void {
    this.n = 0;
  }
  checkpoint(): Json {
    return this.n;
  }
  restore(s: Json): void {
    this.n = s as number;
  }
}

class CountNonNull implements Accumulator {
  n = 0;
  add(v: Value): void {
    if (v !== null) this.n++;
  }
  addValues(vs: readonly Value[], from: number, count: number, stride: number): void {
    let n = this.n;
    for (let i = 0, at = from; i < count; i++, at += stride) if (vs[at] !== null) n++;
    this.n = n;
  }
  result(): Value {
    return this.n;
  }
  reset(): void {
    this.n = 0;
  }
  checkpoint(): Json {
    return this.n;
  }
  restore(s: Json): void {
    this.n = s as number;
  }
}

class Sum implements Accumulator {
  /** exact int sum while every value is an int */
  private exact: bigint = 0n;
  private small = 0;
  private useBig = false;
  private allInt = true;
  private float = 0;
  constructor(private readonly span: SourceSpan) {}

  add(v: Value, ctx: EvalContext): void {
    if (typeof v === 'number') {
      if (Number.isInteger(v)) this.addInt(v);
      else if (!Number.isNaN(v)) {
        this.allInt = false;
        this.float += v;
      }
      return;
    }
    if (v instanceof FloatValue) {
      this.allInt = false;
      this.float += v.value;
      return;
    }
    if (typeof v === 'bigint') {
      this.addInt(v);
      return;
    }
    skipped(v, ctx, this.span, 'sum');
  }

  private addInt(x: number | bigint): void {
    this.float += Number(x);
    if (!this.allInt) return;
    if (!this.useBig && typeof x === 'number') {
      const s = this.small + x;
      if (Number.isSafeInteger(s)) {
        this.small = s;
        return;
      }
    }
    if (!this.useBig) {
      this.useBig = true;
      this.exact = BigInt(this.small);
    }
    this.exact += BigInt(x);
  }

  result(ctx: EvalContext): Value {
    if (!this.allInt) return makeFloat(this.float);
    if (!this.useBig) return this.small;
    if (this.exact < INT64_MIN || this.exact > INT64_MAX) {
      return ctx.fail(RuntimeCodes.overflow, 'sum() overflowed the 64-bit int range; the result is null.', this.span);
    }
    return makeIntFromBigInt(this.exact)!;
  }

  reset(): void {
    this.exact = 0n;
    this.small = 0;
    this.useBig = false;
    this.allInt = true;
    this.float = 0;
  }

  checkpoint(): Json {
    return [this.useBig ? this.exact.toString() : this.small, this.allInt, encodeValue(this.float)];
  }

  restore(s: Json): void {
    const [sum, allInt, float] = s as [number | string, boolean, Json];
    this.useBig = typeof sum === 'string';
    this.exact = this.useBig ? BigInt(sum) : 0n;
    this.small = this.useBig ? 0 : (sum as number);
    this.allInt = allInt;
    const f = decodeValue(float);
    this.float = f instanceof FloatValue ? f.value : (f as number);
  }
}

class Avg implements Accumulator {
  private n = 0;
  private sum = 0;
  constructor(private readonly span: SourceSpan) {}
  add(v: Value, ctx: EvalContext): void {
    const x = numberOrNaN(v, ctx, this.span, 'avg');
    if (!Number.isNaN(x)) this.addNumber(x);
  }
  addNumber(x: number): void {
    this.n++;
    this.sum += x;
  }
  addNumbers(xs: Float64Array, from: number, count: number, stride: number): void {
    let sum = this.sum;
    for (let i = 0, at = from; i < count; i++, at += stride) sum += xs[at]!;
    this.sum = sum;
    this.n += count;
  }
  result(): Value {
    return this.n === 0 ? null : makeFloat(this.sum / this.n);
  }
  reset(): void {
    this.n = 0;
    this.sum = 0;
  }
  checkpoint(): Json {
    return [this.n, encodeValue(this.sum)];
  }
  restore(s: Json): void {
    const [n, sum] = s as [number, Json];
    this.n = n;
    const f = decodeValue(sum);
    this.sum = f instanceof FloatValue ? f.value : (f as number);
  }
}

/** -1, 0, 1: exact numeric comparison of two numeric values (neither NaN): exact between ints, else as doubles. */
function compareNumeric(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (isIntValue(a) && isIntValue(b)) {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = num(a);
  const y = num(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

class Extreme implements Accumulator {
  private has = false;
  private bestValue: Value = null;
  constructor(
    private readonly span: SourceSpan,
    private readonly max: boolean,
  ) {}
  add(v: Value, ctx: EvalContext): void {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return;
    } else if (!(v instanceof FloatValue) && typeof v !== 'bigint') {
      skipped(v, ctx, this.span, this.max ? 'max' : 'min');
      return;
    }
    if (!this.has) {
      this.has = true;
      this.bestValue = v;
      return;
    }
    const c = compareNumeric(v, this.bestValue);
    if (this.max ? c > 0 : c < 0) this.bestValue = v;
  }
  result(): Value {
    return this.bestValue;
  }
  reset(): void {
    this.has = false;
    this.bestValue = null;
  }
  checkpoint(): Json {
    return this.has ? [encodeValue(this.bestValue)] : null;
  }
  restore(s: Json): void {
    if (s === null) {
      this.reset();
      return;
    }
    this.has = true;
    this.bestValue = decodeValue((s as Json[])[0]!);
  }
}

/** Sample standard deviation by Welford's method. */
class Stddev implements Accumulator {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  constructor(private readonly span: SourceSpan) {}
  add(v: Value, ctx: EvalContext): void {
    const x = numberOrNaN(v, ctx, this.span, 'stddev');
    if (!Number.isNaN(x)) this.addNumber(x);
  }
  addNumber(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  addNumbers(xs: Float64Array, from: number, count: number, stride: number): void {
    let n = this.n;
    let mean = this.mean;
    let m2 = this.m2;
    for (let i = 0, at = from; i < count; i++, at += stride) {
      const x = xs[at]!;
      n++;
      const d = x - mean;
      mean += d / n;
      m2 += d * (x - mean);
    }
    this.n = n;
    this.mean = mean;
    this.m2 = m2;
  }
  result(): Value {
    return this.n < 2 ? null : makeFloat(Math.sqrt(this.m2 / (this.n - 1)));
  }
  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.m2 = 0;
  }
  checkpoint(): Json {
    return [this.n, encodeValue(this.mean), encodeValue(this.m2)];
  }
  restore(s: Json): void {
    const [n, mean, m2] = s as [number, Json, Json];
    this.n = n;
    this.mean = num(decodeValue(mean));
    this.m2 = num(decodeValue(m2));
  }
}

/** A numeric value as a JavaScript number (bigints rounded). */
function num(v: Value): number {
  return v instanceof FloatValue ? v.value : typeof v === 'bigint' ? Number(v) : (v as number);
}

class First implements Accumulator {
  private has = false;
  private value: Value = null;
  add(v: Value): void {
    if (!this.has) {
      this.has = true;
      this.value = v;
    }
  }
  result(): Value {
    return this.value;
  }
  reset(): void {
    this.has = false;
    this.value = null;
  }
  checkpoint(): Json {
    return [this.has, encodeValue(this.value)];
  }
  restore(s: Json): void {
    const [has, v] = s as [boolean, Json];
    this.has = has;
    this.value = decodeValue(v);
  }
}

class Last implements Accumulator {
  private value: Value = null;
  add(v: Value): void {
    this.value = v;
  }
  result(): Value {
    return this.value;
  }
  reset(): void {
    this.value = null;
  }
  checkpoint(): Json {
    return encodeValue(this.value);
  }
  restore(s: Json): void {
    this.value = decodeValue(s);
  }
}

class CountDistinct implements Accumulator {
  private readonly seen = new Set<Key>();
  add(v: Value): void {
    if (v !== null) this.seen.add(keyOf(v));
  }
  result(): Value {
    return this.seen.size;
  }
  reset(): void {
    this.seen.clear();
  }
  checkpoint(): Json {
    return [...this.seen].map(encodeKey);
  }
  restore(s: Json): void {
    this.seen.clear();
    for (const k of s as Json[]) this.seen.add(decodeKey(k));
  }
}

class Ema implements Accumulator {
  private has = false;
  private ema = 0;
  private readonly k: number;
  constructor(
    private readonly span: SourceSpan,
    period: number,
  ) {
    this.k = 2 / (period + 1);
  }
  add(v: Value, ctx: EvalContext): void {
    const x = numberOrNaN(v, ctx, this.span, 'ema');
    if (!Number.isNaN(x)) this.addNumber(x);
  }
  addNumber(x: number): void {
    if (!this.has) {
      this.has = true;
      this.ema = x;
    } else {
      this.ema = x * this.k + this.ema * (1 - this.k);
    }
  }
  addNumbers(xs: Float64Array, from: number, count: number, stride: number): void {
    if (count === 0) return;
    const k = this.k;
    let at = from;
    let i = 0;
    let ema = this.ema;
    if (!this.has) {
      this.has = true;
      ema = xs[at]!;
      at += stride;
      i = 1;
    }
    for (; i < count; i++, at += stride) ema = xs[at]! * k + ema * (1 - k);
    this.ema = ema;
  }
  result(): Value {
    return this.has ? makeFloat(this.ema) : null;
  }
  reset(): void {
    this.has = false;
    this.ema = 0;
  }
  checkpoint(): Json {
    return [this.has, encodeValue(this.ema)];
  }
  restore(s: Json): void {
    const [has, e] = s as [boolean, Json];
    this.has = has;
    this.ema = num(decodeValue(e));
  }
}

/** A fresh accumulator for one aggregate call. */
export function createAccumulator(call: AggregateCallPlan): Accumulator {
  switch (call.fn) {
    case 'count':
      return call.arg === null ? new CountAll() : new CountNonNull();
    case 'sum':
      return new Sum(call.span);
    case 'avg':
      return new Avg(call.span);
    case 'min':
      return new Extreme(call.span, false);
    case 'max':
      return new Extreme(call.span, true);
    case 'stddev':
      return new Stddev(call.span);
    case 'first':
      return new First();
    case 'last':
      return new Last();
    case 'count_distinct':
      return new CountDistinct();
    case 'ema':
      return new Ema(call.span, call.period ?? 1);
  }
}
