/**
 * Helpers of the `.evt` reader's line templates (evt-reader.ts): a line that names the same fields, in the same
 * order, as the previous named-field line of its event type is read against that line's shape, comparing the names
 * in place and parsing only the values. These helpers decide which names can be matched that way and parse the
 * commonest values (plain decimal numbers) in one pass. Anything they do not recognise is left to the general scan,
 * so every line still means exactly what semantics §3.1 says.
 */

import { FloatValue } from '../runtime/values/value.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** White space inside `.evt` lines: space, tab, CR, VT, FF. */
export function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12;
}

/** Whether `c` opens or closes a quoted or nested section of a field (`" ' [ ] { } ( )`). */
export function isNesting(c: number): boolean {
  return c === 34 || c === 39 || c === 91 || c === 93 || c === 123 || c === 125 || c === 40 || c === 41;
}

/**
 * Whether a field name can be matched in place: not empty, no white space and no character that the general
 * field scan treats specially (quotes, brackets, `,`, `:`), so that the name, white space and `:` at the start
 * of a field mean what the general scan would find there.
 */
export function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isWs(c) || c === 44 || c === 58 || isNesting(c)) return false;
  }
  return true;
}

/** Where the last successful {@link plainNumber} call stopped: at the `,` after the value, or at the end. */
export let plainNumberEnd = 0;

/**
 * The value of a plain decimal number at `text[p]` that is a whole field value — `-`? digits (`.` digits)?, at
 * most 15 significant digits, followed by white space and then `,` or the end `e` — or `undefined` for anything
 * else (exponents, `+`, `inf`, long numbers, `5.`, `1x`…), which the caller reads the general way. The result is
 * the one `parseNumberLiteral` gives for the same text: an int, or a float (integral floats as FloatValue).
 */
export function plainNumber(text: string, p: number, e: number): number | FloatValue | undefined {
  let negative = false;
  if (text.charCodeAt(p) === 45) {
    negative = true;
    p++;
  }
  const ds = p;
  let mantissa = 0;
  let c = -1;
  while (p < e) {
    c = text.charCodeAt(p);
    if (c < 48 || c > 57) break;
    mantissa = mantissa * 10 + (c - 48);
    p++;
  }
  let digits = p - ds;
  if (digits === 0) return undefined;
  let fraction = -1;
  if (p < e && c === 46) {
    p++;
    const fs = p;
    while (p < e) {
      c = text.charCodeAt(p);
      if (c < 48 || c > 57) break;
      mantissa = mantissa * 10 + (c - 48);
      p++;
    }
    fraction = p - fs;
    if (fraction === 0) return undefined;
    digits += fraction;
  }
  if (digits > 15) return undefined;
  while (p < e && isWs(text.charCodeAt(p))) p++;
  if (p < e && text.charCodeAt(p) !== 44) return undefined;
  plainNumberEnd = p;
  if (fraction < 0) return negative ? 0 - mantissa : mantissa;
  // Both operands are exact doubles, so the quotient is the correctly rounded value of the literal.
  const x = negative ? -(mantissa / POW10[fraction]!) : mantissa / POW10[fraction]!;
  return Number.isInteger(x) ? new FloatValue(x) : x;
}
