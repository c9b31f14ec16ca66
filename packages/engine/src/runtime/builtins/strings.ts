/**
 * String builtins (semantics §7.7 "Strings"). Lengths and positions count Unicode code points.
 */

import { codePointLength, codePointSlice, hasSurrogates } from '../expressions/access.js';
import { display } from '../values/display.js';
import { equals } from '../values/equality.js';
import { EventRecord } from '../values/record.js';
import type { Value } from '../values/value.js';
import { badArg, type FixedImpl, type VariadicImpl } from './helpers.js';

function strFn(name: string, f: (s: string) => Value): FixedImpl {
  return (ctx, span, a) => (typeof a === 'string' ? f(a) : badArg(ctx, span, name, 1, 'a str', a));
}

function str2Fn(name: string, f: (s: string, t: string) => Value): FixedImpl {
  return (ctx, span, a, b) => {
    if (typeof a !== 'string') return badArg(ctx, span, name, 1, 'a str', a);
    if (typeof b !== 'string') return badArg(ctx, span, name, 2, 'a str', b);
    return f(a, b);
  };
}

const lower = strFn('lower', (s) => s.toLowerCase());
const upper = strFn('upper', (s) => s.toUpperCase());

export const stringFixed: Record<string, FixedImpl> = {
  len: (ctx, span, a) => {
    if (typeof a === 'string') return hasSurrogates(a) ? codePointLength(a) : a.length;
    if (Array.isArray(a)) return a.length;
    if (a instanceof Map) return a.size;
    if (a instanceof EventRecord) return a.fieldCount;
    return badArg(ctx, span, 'len', 1, 'a str, an array or a map', a);
  },
  trim: strFn('trim', (s) => s.trim()),
  lower,
  lowercase: lower,
  to_lower: lower,
  upper,
  uppercase: upper,
  to_upper: upper,
  starts_with: str2Fn('starts_with', (s, p) => s.startsWith(p)),
  ends_with: str2Fn('ends_with', (s, p) => s.endsWith(p)),
  replace: (ctx, span, s, from, to) => {
    if (typeof s !== 'string') return badArg(ctx, span, 'replace', 1, 'a str', s);
    if (typeof from !== 'string') return badArg(ctx, span, 'replace', 2, 'a str', from);
    if (typeof to !== 'string') return badArg(ctx, span, 'replace', 3, 'a str', to);
    return from === '' ? s : s.split(from).join(to);
  },
  split: str2Fn('split', (s, sep) => (sep === '' ? Array.from(s) : s.split(sep))),
  join: (ctx, span, items, sep) => {
    if (!Array.isArray(items)) return badArg(ctx, span, 'join', 1, 'an array', items);
    if (typeof sep !== 'string') return badArg(ctx, span, 'join', 2, 'a str', sep);
    let out = '';
    for (let i = 0; i < items.length; i++) out += (i > 0 ? sep : '') + display(items[i]!);
    return out;
  },
  substring: (ctx, span, s, start, end) => {
    if (typeof s !== 'string') return badArg(ctx, span, 'substring', 1, 'a str', s);
    if (!(typeof start === 'number' && Number.isInteger(start)) && typeof start !== 'bigint') {
      return badArg(ctx, span, 'substring', 2, 'an int', start);
    }
    if (end !== undefined && !(typeof end === 'number' && Number.isInteger(end)) && typeof end !== 'bigint') {
      return badArg(ctx, span, 'substring', 3, 'an int', end);
    }
    const len = hasSurrogates(s) ? codePointLength(s) : s.length;
    const clamp = (x: number | bigint) => (x < 0 ? 0 : x > len ? len : Number(x));
    const a = clamp(start);
    const b = end === undefined ? len : clamp(end as number | bigint);
    return a >= b ? '' : codePointSlice(s, a, b);
  },
  contains: (ctx, span, c, x) => {
    if (typeof c === 'string') {
      if (typeof x !== 'string') return badArg(ctx, span, 'contains', 2, 'a str', x);
      return c.includes(x);
    }
    if (Array.isArray(c)) {
      for (const e of c) if (equals(e, x)) return true;
      return false;
    }
    if (c instanceof Map || c instanceof EventRecord) {
      if (typeof x !== 'string') return badArg(ctx, span, 'contains', 2, 'a str key', x);
      return c.has(x);
    }
    return badArg(ctx, span, 'contains', 1, 'a str, an array or a map', c);
  },
};

export const stringVariadic: Record<string, VariadicImpl> = {
  concat: (ctx, span, args) => {
    let out = '';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (typeof a !== 'string') return badArg(ctx, span, 'concat', i + 1, 'a str', a);
      out += a;
    }
    return out;
  },
};
