/**
 * Exact arithmetic for trend aggregation (semantics §12.3): counts and int sums are JavaScript numbers while
 * they are safe integers and become bigints beyond 2^53 (exact at any size); float sums are plain numbers.
 * {@link Agg} is the aggregate of a set of trend prefixes (a GRETA vertex, a group of vertices, or a window
 * result): their number, per sum slot the Σ over the prefixes of the slot's quantity, per extreme slot the
 * extreme value over the prefixes' records.
 *
 * See docs/architecture/trend-aggregation.md.
 */

import { decodeValue, encodeValue, type Json } from '../state-codec.js';
import { FloatValue, type Value } from '../values/value.js';

/** An exact integer (number while safe, bigint beyond) or, in float mode, a float. */
export type Num = number | bigint;

const MAXS = Number.MAX_SAFE_INTEGER;

/** Exact integer addition. */
export function addI(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAXS && r >= -MAXS) return r;
    return BigInt(a) + BigInt(b);
  }
  return BigInt(a) + BigInt(b);
}

/** Exact integer multiplication. */
export function mulI(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAXS && r >= -MAXS) return r + 0;
    return BigInt(a) * BigInt(b);
  }
  const r = BigInt(a) * BigInt(b);
  return r <= 9007199254740991n && r >= -9007199254740991n ? Number(r) : r;
}

/** 2^m as an exact integer. */
export function pow2(m: number): Num {
  return m < 53 ? 2 ** m : 1n << BigInt(m);
}

/** Whether an exact integer is zero. */
export function isZero(a: Num): boolean {
  return a === 0 || a === 0n;
}

/** The numeric value of a field for sums and extremes (int or float), or `null` (non-numeric, NaN). */
export function numKey(v: Value): Num | null {
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'bigint') return v;
  if (v instanceof FloatValue) return Number.isNaN(v.value) ? null : v.value;
  return null;
}

/** Whether a numeric value (see {@link numKey}) is a float. */
export function isFloatNum(v: Value): boolean {
  return v instanceof FloatValue || (typeof v === 'number' && !Number.isInteger(v));
}

/** The slot arrays of a layout without slots (shared, never written: every write is to an index below the length). */
const NO_SLOTS: never[] = [];

/** Describes the slots of an {@link Agg}. */
export interface AggLayout {
  readonly sums: number;
  /** per extreme slot: true for a minimum, false for a maximum */
  readonly extMin: readonly boolean[];
}

/**
 * An aggregate over trend prefixes. `s[t]` is exact (int mode) until `fl[t]` is set by a float value, after
 * which it is a float. `ev[t]`/`ex[t]` are the extreme value of slot t and its numeric key (`null`: none).
 */
export class Agg {
  n: Num = 0;
  readonly s: Num[];
  readonly fl: boolean[];
  readonly ex: (Num | null)[];
  readonly ev: Value[];

  constructor(readonly layout: AggLayout) {
    // (`count_trends` alone has no slots: every aggregate then shares the empty arrays, never written)
    const sums = layout.sums;
    const exts = layout.extMin.length;
    this.s = sums === 0 ? NO_SLOTS : new Array(sums).fill(0);
    this.fl = sums === 0 ? NO_SLOTS : new Array(sums).fill(false);
    this.ex = exts === 0 ? NO_SLOTS : new Array(exts).fill(null);
    this.ev = exts === 0 ? NO_SLOTS : new Array(exts).fill(null);
  }

  get empty(): boolean {
    return isZero(this.n);
  }

  clear(): void {
    this.n = 0;
    if (this.s.length > 0) {
      this.s.fill(0);
      this.fl.fill(false);
    }
    if (this.ex.length > 0) {
      this.ex.fill(null);
      this.ev.fill(null);
    }
  }

  /** Adds the empty prefix (a trend starting at the record being processed). */
  addUnit(): void {
    this.n = addI(this.n, 1);
  }

  /** this += o */
  add(o: Agg): void {
    this.n = addI(this.n, o.n);
    const s = this.s;
    for (let t = 0; t < s.length; t++) {
      if (o.fl[t] || this.fl[t]) {
        s[t] = Number(s[t]!) + Number(o.s[t]!);
        this.fl[t] = true;
      } else {
        s[t] = addI(s[t]!, o.s[t]!);
      }
    }
    const ex = this.ex;
    for (let t = 0; t < ex.length; t++) {
      const x = o.ex[t]!;
      if (x !== null) this.extreme(t, x, o.ev[t]!);
    }
  }

  /** Adds `q` (an int or a float) to sum slot t. */
  addSum(t: number, q: Num, float: boolean): void {
    if (float || this.fl[t]) {
      this.s[t] = Number(this.s[t]!) + Number(q);
      this.fl[t] = true;
    } else {
      this.s[t] = addI(this.s[t]!, q);
    }
  }

  /** Offers the value `v` (numeric key `x`) to extreme slot t. */
  extreme(t: number, x: Num, v: Value): void {
    const cur = this.ex[t]!;
    if (cur === null || (this.layout.extMin[t] ? x < cur : x > cur)) {
      this.ex[t] = x;
      this.ev[t] = v;
    }
  }

  copyFrom(o: Agg): void {
    this.clear();
    this.add(o);
  }

  checkpoint(): Json {
    return [encodeNum(this.n), this.s.map(encodeNum), this.fl, this.ev.map(encodeValue), this.ex.map(encodeNum)];
  }

  restore(j: Json): void {
    const [n, s, fl, ev, ex] = j as [Json, Json[], boolean[], Json[], Json[]];
    this.n = decodeNum(n) as Num;
    s.forEach((x, t) => {
      this.s[t] = decodeNum(x) as Num;
    });
    fl.forEach((x, t) => {
      this.fl[t] = x;
    });
    ev.forEach((x, t) => {
      this.ev[t] = decodeValue(x);
    });
    ex.forEach((x, t) => {
      this.ex[t] = decodeNum(x);
    });
  }
}

export function encodeNum(x: Num | null): Json {
  if (x === null) return null;
  if (typeof x === 'bigint') return { i: x.toString() };
  return Number.isFinite(x) && !Object.is(x, -0) ? x : { f: String(x) };
}

export function decodeNum(j: Json): Num | null {
  if (j === null) return null;
  if (typeof j === 'number') return j;
  const o = j as { i?: string; f?: string };
  if (o.i !== undefined) return BigInt(o.i);
  return Number(o.f);
}
