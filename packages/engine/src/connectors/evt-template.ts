/**
 * Helpers of the `.evt` reader's line templates (evt-reader.ts): a line that names the same fields, in the same
 * order, as the previous named-field line of its event type is read against that line's shape, comparing the names
 * in place and parsing only the values. These helpers decide which names can be matched that way and parse the
 * commonest values (plain decimal numbers) in one pass. Anything they do not recognise is left to the general scan,
 * so every line still means exactly what semantics §3.1 says.
 */

import type { FloatValue } from '../runtime/values/value.js';
import { plainDecimal, plainDecimalEnd } from './plain-decimal.js';

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
  const value = plainDecimal(text, p, e, true);
  if (value === undefined) return undefined;
  p = plainDecimalEnd;
  while (p < e && isWs(text.charCodeAt(p))) p++;
  if (p < e && text.charCodeAt(p) !== 44) return undefined;
  plainNumberEnd = p;
  return value;
}
