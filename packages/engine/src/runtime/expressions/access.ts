/**
 * Member access, indexing and slicing (semantics §7.3), and the code-point helpers strings need
 * (VPL strings are indexed by Unicode code point, JavaScript strings by UTF-16 unit).
 */

import type { SourceSpan } from '../../plan/source-span.js';
import { EventRecord } from '../values/record.js';
import type { Value } from '../values/value.js';
import type { EvalContext } from './context.js';
import { RuntimeCodes } from './diagnostics.js';
import { typeName } from './operators.js';

/** Whether a string contains a surrogate (then code points ≠ UTF-16 units). */
export function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Number of Unicode code points of a string. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The substring of code points `[start, end)` (already clamped to `0 ≤ start ≤ end ≤ length`). */
export function codePointSlice(s: string, start: number, end: number): string {
  if (!hasSurrogates(s)) return s.slice(start, end);
  const cps = Array.from(s);
  return cps.slice(start, end).join('');
}

/** `x.f` on a value: a map entry or record field (`null` when absent), `null` on `null`, else R001. */
export function memberOf(ctx: EvalContext, span: SourceSpan, obj: Value, name: string): Value {
  if (obj instanceof EventRecord) return obj.get(name);
  if (obj instanceof Map) return obj.get(name) ?? null;
  if (obj === null) return null;
  return ctx.fail(
    RuntimeCodes.typeError,
    `Cannot read member '${name}' of a ${typeName(obj)}; only maps have members.`,
    span,
  );
}

function indexNumber(ctx: EvalContext, span: SourceSpan, idx: Value, what: string): number | null {
  if (typeof idx === 'number' && Number.isInteger(idx)) return idx;
  if (typeof idx === 'bigint') return idx > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  return ctx.fail(RuntimeCodes.typeError, `An index into ${what} must be an int, not ${typeName(idx)}.`, span);
}

/**
 * `e[i]`: arrays (negative from the end) and strings (by code point) report R003 when out of range; maps
 * and records are indexed by string key and give `null` silently for a missing key. With `silent`
 * (the `get` builtin) nothing is reported and a wrong key kind gives `null` as well.
 */
export function indexOf(ctx: EvalContext, span: SourceSpan, obj: Value, idx: Value, silent = false): Value {
  if (obj === null || idx === null) return null;
  if (Array.isArray(obj)) {
    if (silent && !(typeof idx === 'number' && Number.isInteger(idx))) return null;
    const i = indexNumber(ctx, span, idx, 'an array');
    if (i === null) return null;
    const j = i < 0 ? obj.length + i : i;
    if (j >= 0 && j < obj.length) return obj[j]!;
    if (silent) return null;
    return ctx.fail(RuntimeCodes.domain, `Index ${i} is out of range for an array of length ${obj.length}.`, span);
  }
  if (typeof obj === 'string') {
    if (silent && !(typeof idx === 'number' && Number.isInteger(idx))) return null;
    const i = indexNumber(ctx, span, idx, 'a str');
    if (i === null) return null;
    if (!hasSurrogates(obj)) {
      const j = i < 0 ? obj.length + i : i;
      if (j >= 0 && j < obj.length) return obj[j]!;
    } else {
      const cps = Array.from(obj);
      const j = i < 0 ? cps.length + i : i;
      if (j >= 0 && j < cps.length) return cps[j]!;
    }
    if (silent) return null;
    return ctx.fail(
      RuntimeCodes.domain,
      `Index ${i} is out of range for a str of length ${codePointLength(obj)}.`,
      span,
    );
  }
  if (obj instanceof Map || obj instanceof EventRecord) {
    if (typeof idx !== 'string') {
      if (silent) return null;
      return ctx.fail(RuntimeCodes.typeError, `A map is indexed by str keys, not by ${typeName(idx)}.`, span);
    }
    return obj instanceof Map ? (obj.get(idx) ?? null) : obj.get(idx);
  }
  return ctx.fail(RuntimeCodes.typeError, `Cannot index a ${typeName(obj)}.`, span);
}

function clampBound(b: number, len: number): number {
  const j = b < 0 ? len + b : b;
  return Math.min(Math.max(j, 0), len);
}

/**
 * `e[a:b]` on arrays and strings: missing (`undefined`) bounds mean the ends, a `null` bound gives `null`, negative bounds count from the end, bounds
 * are clamped, and a start after the end gives an empty result.
 */
export function sliceOf(
  ctx: EvalContext,
  span: SourceSpan,
  obj: Value,
  start: Value | undefined,
  end: Value | undefined,
): Value {
  if (obj === null || start === null || end === null) return null;
  const isStr = typeof obj === 'string';
  if (!isStr && !Array.isArray(obj)) return ctx.fail(RuntimeCodes.typeError, `Cannot slice a ${typeName(obj)}.`, span);
  let s = 0;
  let e = Number.MAX_SAFE_INTEGER;
  if (start !== undefined) {
    const n = indexNumber(ctx, span, start, 'a slice');
    if (n === null) return null;
    s = n;
  }
  if (end !== undefined) {
    const n = indexNumber(ctx, span, end, 'a slice');
    if (n === null) return null;
    e = n;
  }
  if (isStr) {
    const len = hasSurrogates(obj) ? codePointLength(obj) : obj.length;
    const a = clampBound(s, len);
    const b = clampBound(e, len);
    return a >= b ? '' : codePointSlice(obj, a, b);
  }
  const arr = obj as Value[];
  const a = clampBound(s, arr.length);
  const b = clampBound(e, arr.length);
  return a >= b ? [] : arr.slice(a, b);
}
