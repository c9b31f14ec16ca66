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
  checkpoint(): Json;
  restore(state: Json): void;
}

type Num = { int: true; n: number | bigint } | { int: false; x: number };

/** The numeric view of a value, or `undefined` (skipped; reported when it is neither null nor a number). */
function numeric(v: Value, ctx: EvalContext, span: SourceSpan, fn: string): Num | undefined {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return { int: true, n: v };
    if (Number.isNaN(v)) return undefined;
    return { int: false, x: v };
  }
  if (typeof v === 'bigint') return { int: true, n: v };
  if (v instanceof FloatValue) return { int: false, x: v.value };
  if (v !== null) {
    ctx.fail(RuntimeCodes.typeError, `${fn}() skipped a ${typeName(v)} value; it aggregates numbers only.`, span);
  }
  return undefined;
}

class CountAll implements Accumulator {
  n = 0;
  add(): void {
    this.n++;
  }
  result(): Value {
    return this.n;
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
  result(): Value {
    return this.n;
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
    const n = numeric(v, ctx, this.span, 'sum');
    if (n === undefined) return;
    if (n.int) {
      const x = n.n;
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
    } else {
      this.allInt = false;
      this.float += n.x;
    }
  }

  result(ctx: EvalContext): Value {
    if (!this.allInt) return makeFloat(this.float);
    if (!this.useBig) return this.small;
    if (this.exact < INT64_MIN || this.exact > INT64_MAX) {
      return ctx.fail(RuntimeCodes.overflow, 'sum() overflowed the 64-bit int range; the result is null.', this.span);
    }
    return makeIntFromBigInt(this.exact)!;
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
    const n = numeric(v, ctx, this.span, 'avg');
    if (n === undefined) return;
    this.n++;
    this.sum += n.int ? Number(n.n) : n.x;
  }
  result(): Value {
    return this.n === 0 ? null : makeFloat(this.sum / this.n);
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

/** -1, 0, 1: exact numeric comparison of two numeric views. */
function compareNum(a: Num, b: Num): number {
  if (a.int && b.int) {
    const x = a.n;
    const y = b.n;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
    const bx = BigInt(x);
    const by = BigInt(y);
    return bx < by ? -1 : bx > by ? 1 : 0;
  }
  const x = a.int ? Number(a.n) : a.x;
  const y = b.int ? Number(b.n) : b.x;
  return x < y ? -1 : x > y ? 1 : 0;
}

class Extreme implements Accumulator {
  private best: Num | undefined;
  private bestValue: Value = null;
  constructor(
    private readonly span: SourceSpan,
    private readonly max: boolean,
  ) {}
  add(v: Value, ctx: EvalContext): void {
    const n = numeric(v, ctx, this.span, this.max ? 'max' : 'min');
    if (n === undefined) return;
    if (this.best === undefined) {
      this.best = n;
      this.bestValue = v;
      return;
    }
    const c = compareNum(n, this.best);
    if (this.max ? c > 0 : c < 0) {
      this.best = n;
      this.bestValue = v;
    }
  }
  result(): Value {
    return this.bestValue;
  }
  checkpoint(): Json {
    return this.best === undefined ? null : [encodeValue(this.bestValue)];
  }
  restore(s: Json): void {
    if (s === null) {
      this.best = undefined;
      this.bestValue = null;
      return;
    }
    const v = decodeValue((s as Json[])[0]!);
    this.bestValue = v;
    this.best =
      typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))
        ? { int: true, n: v }
        : { int: false, x: v instanceof FloatValue ? v.value : (v as number) };
  }
}

/** Sample standard deviation by Welford's method. */
class Stddev implements Accumulator {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  constructor(private readonly span: SourceSpan) {}
  add(v: Value, ctx: EvalContext): void {
    const num = numeric(v, ctx, this.span, 'stddev');
    if (num === undefined) return;
    const x = num.int ? Number(num.n) : num.x;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  result(): Value {
    return this.n < 2 ? null : makeFloat(Math.sqrt(this.m2 / (this.n - 1)));
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

function num(v: Value): number {
  return v instanceof FloatValue ? v.value : (v as number);
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
    const n = numeric(v, ctx, this.span, 'ema');
    if (n === undefined) return;
    const x = n.int ? Number(n.n) : n.x;
    if (!this.has) {
      this.has = true;
      this.ema = x;
    } else {
      this.ema = x * this.k + this.ema * (1 - this.k);
    }
  }
  result(): Value {
    return this.has ? makeFloat(this.ema) : null;
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
