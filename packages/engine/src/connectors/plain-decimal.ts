/**
 * The fast number path shared by the `.evt` and JSON-lines line templates: a plain decimal (`-`? digits
 * (`.` digits)?, at most 15 significant digits) parsed straight from the line. Anything else is `undefined` and is
 * read by the general parsers, which give the same values and report malformed numbers.
 */
import { FloatValue } from '../runtime/values/value.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Where the last successful {@link plainDecimal} call stopped: just after the number. */
export let plainDecimalEnd = 0;

/**
 * The plain decimal at `text[p]` (before `end`): an int, or a float (integral floats as FloatValue), exactly as the
 * general parsers read it. `leadingZeros: false` refuses `01` (JSON). What follows the number is the caller's to check.
 */
export function plainDecimal(
  text: string,
  p: number,
  end: number,
  leadingZeros: boolean,
): number | FloatValue | undefined {
  let negative = false;
  if (text.charCodeAt(p) === 45) {
    negative = true;
    p++;
  }
  const ds = p;
  let mantissa = 0;
  let c = -1;
  while (p < end) {
    c = text.charCodeAt(p);
    if (c < 48 || c > 57) break;
    mantissa = mantissa * 10 + (c - 48);
    p++;
  }
  let digits = p - ds;
  if (digits === 0 || (!leadingZeros && digits > 1 && text.charCodeAt(ds) === 48)) return undefined;
  let fraction = -1;
  if (p < end && c === 46) {
    p++;
    const fs = p;
    while (p < end) {
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
  plainDecimalEnd = p;
  if (fraction < 0) return negative ? 0 - mantissa : mantissa;
  // Both operands are exact doubles, so the quotient is the correctly rounded value of the literal.
  const x = negative ? -(mantissa / POW10[fraction]!) : mantissa / POW10[fraction]!;
  return Number.isInteger(x) ? new FloatValue(x) : x;
}
