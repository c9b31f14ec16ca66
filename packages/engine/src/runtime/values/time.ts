/**
 * Timestamps and durations (semantics §2.1), nanosecond precision.
 *
 * Both are stored as a pair of plain numbers: `ms`, an integer count of milliseconds, and `ns`, the
 * nanoseconds below the millisecond (0 ≤ ns < 1 000 000). Event times are whole milliseconds, so the common
 * case is `ns === 0`, needs no `bigint`, and converts to an event time for free. Arithmetic carries between
 * the two parts exactly; only rare paths (duration × huge int, duration / int) go through `bigint`.
 *
 * Ranges: a timestamp lies within ±8.64e15 ms of the epoch (the ECMAScript date range, ±275 760 years);
 * a duration is non-negative and at most 2^64 − 1 ns (semantics §3.7 of the language). Operations that would
 * leave these ranges report an overflow.
 */

const NS_PER_MS = 1_000_000;
/** Largest |ms| of a timestamp: the ECMAScript date range. */
export const MAX_TIMESTAMP_MS = 8.64e15;
const MAX_DURATION_NS = 2n ** 64n - 1n;

/** An instant: milliseconds since the Unix epoch plus a sub-millisecond nanosecond part. */
export class Timestamp {
  constructor(
    /** whole milliseconds since 1970-01-01T00:00:00Z (floor), a safe integer */
    readonly ms: number,
    /** nanoseconds after `ms`, 0 ≤ ns < 1 000 000 */
    readonly ns = 0,
  ) {}

  /** A timestamp from integer epoch milliseconds (an event time). */
  static fromMs(ms: number): Timestamp {
    return new Timestamp(ms, 0);
  }

  /** A timestamp from exact epoch nanoseconds; `undefined` outside the supported range. */
  static fromNanos(ns: bigint): Timestamp | undefined {
    const big = BigInt(NS_PER_MS);
    let ms = ns / big;
    let rem = ns % big;
    if (rem < 0n) {
      rem += big;
      ms -= 1n;
    }
    const m = Number(ms);
    if (Math.abs(m) > MAX_TIMESTAMP_MS) return undefined;
    return new Timestamp(m, Number(rem));
  }

  /** Exact epoch nanoseconds. */
  toNanos(): bigint {
    return BigInt(this.ms) * BigInt(NS_PER_MS) + BigInt(this.ns);
  }
}

/** A non-negative span of time: milliseconds plus a sub-millisecond nanosecond part. */
export class Duration {
  constructor(
    /** whole milliseconds, a non-negative safe integer */
    readonly ms: number,
    /** nanoseconds after `ms`, 0 ≤ ns < 1 000 000 */
    readonly ns = 0,
  ) {}

  static fromMs(ms: number): Duration {
    return new Duration(ms, 0);
  }

  /** A duration from exact nanoseconds; `undefined` when negative or beyond 2^64 − 1 ns. */
  static fromNanos(ns: bigint): Duration | undefined {
    if (ns < 0n || ns > MAX_DURATION_NS) return undefined;
    const big = BigInt(NS_PER_MS);
    return new Duration(Number(ns / big), Number(ns % big));
  }

  /** Exact nanoseconds. */
  toNanos(): bigint {
    return BigInt(this.ms) * BigInt(NS_PER_MS) + BigInt(this.ns);
  }

  /** The length in milliseconds as a JavaScript number (fractional when there are nanoseconds). */
  toMsNumber(): number {
    return this.ns === 0 ? this.ms : this.ms + this.ns / NS_PER_MS;
  }
}

function durationChecked(ms: number, ns: number): Duration | undefined {
  if (ms < 0) return undefined;
  if (ms >= 18446744073709) return Duration.fromNanos(BigInt(ms) * BigInt(NS_PER_MS) + BigInt(ns));
  return new Duration(ms, ns);
}

function timestampChecked(ms: number, ns: number): Timestamp | undefined {
  if (!(Math.abs(ms) <= MAX_TIMESTAMP_MS)) return undefined;
  return new Timestamp(ms, ns);
}

/** `t + d`; `undefined` on overflow. */
export function addTimestampDuration(t: Timestamp, d: Duration): Timestamp | undefined {
  let ms = t.ms + d.ms;
  let ns = t.ns + d.ns;
  if (ns >= NS_PER_MS) {
    ns -= NS_PER_MS;
    ms += 1;
  }
  return timestampChecked(ms, ns);
}

/** `t - d`; `undefined` on overflow. */
export function subtractTimestampDuration(t: Timestamp, d: Duration): Timestamp | undefined {
  let ms = t.ms - d.ms;
  let ns = t.ns - d.ns;
  if (ns < 0) {
    ns += NS_PER_MS;
    ms -= 1;
  }
  return timestampChecked(ms, ns);
}

/** `a - b` for timestamps; `undefined` when negative (b later than a). */
export function subtractTimestamps(a: Timestamp, b: Timestamp): Duration | undefined {
  let ms = a.ms - b.ms;
  let ns = a.ns - b.ns;
  if (ns < 0) {
    ns += NS_PER_MS;
    ms -= 1;
  }
  return durationChecked(ms, ns);
}

/** `a + b` for durations; `undefined` on overflow. */
export function addDurations(a: Duration, b: Duration): Duration | undefined {
  let ms = a.ms + b.ms;
  let ns = a.ns + b.ns;
  if (ns >= NS_PER_MS) {
    ns -= NS_PER_MS;
    ms += 1;
  }
  return durationChecked(ms, ns);
}

/** `a - b` for durations; `undefined` when negative. */
export function subtractDurations(a: Duration, b: Duration): Duration | undefined {
  let ms = a.ms - b.ms;
  let ns = a.ns - b.ns;
  if (ns < 0) {
    ns += NS_PER_MS;
    ms -= 1;
  }
  return durationChecked(ms, ns);
}

/** `d * k` for an int `k`; `undefined` when negative or out of range. */
export function multiplyDuration(d: Duration, k: number | bigint): Duration | undefined {
  if (typeof k === 'number' && d.ns === 0) {
    const ms = d.ms * k;
    if (Number.isSafeInteger(ms)) return durationChecked(ms + 0, 0);
  }
  return Duration.fromNanos(d.toNanos() * BigInt(k));
}

/** `d / k` for a non-zero int `k`, truncated to whole nanoseconds; `undefined` when negative. */
export function divideDuration(d: Duration, k: number | bigint): Duration | undefined {
  return Duration.fromNanos(d.toNanos() / BigInt(k));
}

/** Compares two timestamps or two durations: negative, zero or positive. */
export function compareTime(a: Timestamp | Duration, b: Timestamp | Duration): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.ns - b.ns;
}

// ---- Civil calendar (proleptic Gregorian), after H. Hinnant's "chrono-compatible low-level date algorithms" ----

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** ISO-8601 UTC text with milliseconds for epoch milliseconds: `2025-03-09T06:30:00.000Z`. */
export function formatIsoMs(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const [y, mo, d] = civilFromDays(days);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? '-' : '+') + pad(Math.abs(y), 6);
  return `${year}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(milli, 3)}Z`;
}

/** The result of {@link parseIsoTimestamp}: epoch milliseconds (floor) and the nanoseconds below them. */
export interface ParsedInstant {
  ms: number;
  ns: number;
}

function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses an ISO-8601 / RFC 3339 date or date-time in `s[start, end)`:
 * `YYYY-MM-DD`, optionally followed by `T` (or a space) `hh:mm`, `:ss`, a fraction of any length, and `Z`
 * or an offset `±hh:mm` / `±hhmm` / `±hh`. Without an offset the time is UTC. Fields are range-checked.
 * Returns `undefined` when the text is not such a date.
 */
export function parseIsoTimestamp(s: string, start = 0, end = s.length): ParsedInstant | undefined {
  let i = start;
  if (end - i < 10) return undefined;
  const year = digitsAt(s, i, 4);
  if (year < 0 || s.charCodeAt(i + 4) !== 45) return undefined;
  const month = digitsAt(s, i + 5, 2);
  if (month < 1 || month > 12 || s.charCodeAt(i + 7) !== 45) return undefined;
  const day = digitsAt(s, i + 8, 2);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  i += 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ns = 0;
  let offsetMin = 0;
  if (i < end) {
    const sep = s.charCodeAt(i);
    if (sep !== 84 && sep !== 116 && sep !== 32) return undefined; // T t space
    i++;
    if (end - i < 5) return undefined;
    hour = digitsAt(s, i, 2);
    minute = digitsAt(s, i + 3, 2);
    if (hour < 0 || hour > 23 || s.charCodeAt(i + 2) !== 58 || minute < 0 || minute > 59) return undefined;
    i += 5;
    if (i < end && s.charCodeAt(i) === 58) {
      second = digitsAt(s, i + 1, 2);
      if (second < 0 || second > 59) return undefined;
      i += 3;
      if (i < end && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
        i++;
        const fracStart = i;
        let scale = 100_000_000;
        while (i < end) {
          const c = s.charCodeAt(i) - 48;
          if (c < 0 || c > 9) break;
          ns += c * scale;
          scale = Math.floor(scale / 10);
          i++;
        }
        if (i === fracStart) return undefined;
      }
    }
    if (i < end) {
      const z = s.charCodeAt(i);
      if (z === 90 || z === 122) {
        i++;
      } else if (z === 43 || z === 45) {
        const sign = z === 45 ? -1 : 1;
        i++;
        const oh = digitsAt(s, i, 2);
        if (oh < 0 || oh > 23) return undefined;
        i += 2;
        let om = 0;
        if (i < end) {
          if (s.charCodeAt(i) === 58) i++;
          om = digitsAt(s, i, 2);
          if (om < 0 || om > 59) return undefined;
          i += 2;
        }
        offsetMin = sign * (oh * 60 + om);
      } else {
        return undefined;
      }
    }
    if (i !== end) return undefined;
  }
  const days = daysFromCivil(year, month, day);
  const ms =
    days * 86_400_000 + hour * 3_600_000 + (minute - offsetMin) * 60_000 + second * 1000 + Math.floor(ns / NS_PER_MS);
  return { ms, ns: ns % NS_PER_MS };
}

/** The display form of a duration: the largest whole unit among d, h, m, s, ms, us, ns (`5m`, `1500ms`). */
export function formatDuration(d: Duration): string {
  if (d.ns === 0) {
    const ms = d.ms;
    if (ms === 0) return '0s';
    if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
    if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
    if (ms % 60_000 === 0) return `${ms / 60_000}m`;
    if (ms % 1000 === 0) return `${ms / 1000}s`;
    return `${ms}ms`;
  }
  if (d.ns % 1000 === 0) {
    const us = d.ms * 1000 + d.ns / 1000;
    return Number.isSafeInteger(us) ? `${us}us` : `${BigInt(d.ms) * 1000n + BigInt(d.ns / 1000)}us`;
  }
  return `${d.toNanos()}ns`;
}

/** The JSON form of a duration: milliseconds as an exact decimal number (`1500`, `0.5`). */
export function durationJson(d: Duration): string {
  if (d.ns === 0) return String(d.ms);
  const frac = String(d.ns).padStart(6, '0').replace(/0+$/, '');
  return `${d.ms}.${frac}`;
}
