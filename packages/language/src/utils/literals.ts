/** Nanoseconds per duration unit (§3.7). */
export const DURATION_UNITS_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

const MAX_U64 = (1n << 64n) - 1n;
const MAX_I64 = (1n << 63n) - 1n;

/** The nanoseconds of a duration literal such as `5m`, or undefined when it overflows 64 bits. */
export function durationLiteralToNanos(text: string): bigint | undefined {
  const match = /^([0-9]+)(ns|us|ms|s|m|h|d)$/.exec(text);
  if (!match) return undefined;
  const nanos = BigInt(match[1]!) * DURATION_UNITS_NS[match[2]!]!;
  return nanos > MAX_U64 ? undefined : nanos;
}

/** The value of an integer literal, or undefined when it does not fit a signed 64-bit integer. */
export function intLiteralValue(text: string): bigint | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > MAX_I64 ? undefined : value;
}

/**
 * Nanoseconds since the epoch of a timestamp literal such as `@2025-03-09T06:30:00+05:30` (§3.8), or a reason
 * why it is invalid (fields out of range).
 */
export function timestampLiteralToNanos(text: string): bigint | { error: string } {
  const match =
    /^@([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(Z|([+-])([0-9]{2}):([0-9]{2}))?)?$/.exec(
      text,
    );
  if (!match)
    return { error: 'a timestamp is written @YYYY-MM-DD or @YYYY-MM-DDThh:mm:ss with an optional Z or ±hh:mm' };
  const [, y, mo, d, h = '0', mi = '0', s = '0', , sign, oh = '0', om = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12) return { error: `month ${mo} is out of range (01-12)` };
  if (day < 1 || day > daysInMonth) return { error: `day ${d} is out of range for that month (01-${daysInMonth})` };
  if (hour > 23) return { error: `hour ${h} is out of range (00-23)` };
  if (minute > 59) return { error: `minute ${mi} is out of range (00-59)` };
  if (second > 59) return { error: `second ${s} is out of range (00-59)` };
  if (Number(oh) > 23 || Number(om) > 59) return { error: `UTC offset ${oh}:${om} is out of range` };
  const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  const millis = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return BigInt(millis) * 1_000_000n;
}
