/**
 * The numeric literals of event files (semantics §3.1), shared by the `.evt` reader and `to_int`/`to_float`:
 * an optionally signed decimal integer that fits in 64 bits is an int; a decimal number with a fraction
 * and/or an exponent (`2.5`, `-1e3`), `inf`, `-inf` or `NaN` is a float.
 */

import { FloatValue, makeFloat, makeIntFromBigInt, type Value } from './value.js';

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/**
 * Parses `text[start, end)` as a numeric literal; `undefined` when it is not one (including an integer that
 * does not fit in 64 bits). Does not allocate for ints of up to 15 digits or plain decimals of up to 15
 * significant digits.
 */
export function parseNumberLiteral(text: string, start = 0, end = text.length): Value | undefined {
  let i = start;
  if (i >= end) return undefined;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
    if (i >= end) return undefined;
    c = text.charCodeAt(i);
  }
  if (c < 48 || c > 57) {
    // inf, -inf, NaN
    const n = end - i;
    if (n === 3 && text.startsWith('inf', i) && (start === i || negative)) return negative ? -Infinity : Infinity;
    if (n === 3 && text.startsWith('NaN', i) && start === i) return Number.NaN;
    return undefined;
  }
  let mantissa = 0;
  let digits = 0;
  const intStart = i;
  while (i < end) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i === end) {
    if (digits <= 15) return negative ? 0 - mantissa : mantissa;
    try {
      return makeIntFromBigInt(BigInt(text.slice(start, end)));
    } catch {
      return undefined;
    }
  }
  let fractionDigits = 0;
  let hasExponent = false;
  if (c === 46) {
    i++;
    const fracStart = i;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      i++;
    }
    fractionDigits = i - fracStart;
    if (fractionDigits === 0) return undefined;
  }
  if (i < end && (c === 101 || c === 69)) {
    hasExponent = true;
    i++;
    if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const expStart = i;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === expStart) return undefined;
  }
  if (i !== end || intStart === i) return undefined;
  let x: number;
  if (!hasExponent && digits <= 15 && fractionDigits <= 22) {
    // Both operands are exact doubles, so the quotient is the correctly rounded value of the literal.
    x = mantissa / POW10[fractionDigits]!;
    if (negative) x = -x;
  } else {
    x = Number(text.slice(start, end));
  }
  return Number.isInteger(x) ? new FloatValue(x) : makeFloat(x);
}
