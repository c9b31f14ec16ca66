/**
 * JSON rendering of values (semantics §2.6) and of output lines (§18.3).
 *
 * Ints are written digit for digit (bigints included); floats always carry a `.` or an exponent so that a
 * reader can tell `6.0` from `6`; non-finite floats become `null`; timestamps are ISO-8601 strings and
 * durations a number of milliseconds. Lambdas have no JSON form and are written as `null`.
 */

import { EventRecord } from './record.js';
import { Duration, durationJson, formatIsoMs, Timestamp } from './time.js';
import { FloatValue, type Value } from './value.js';

/** A float as a JSON number with a fraction or exponent; `null` when not finite. */
export function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const s = String(x);
  return Number.isInteger(x) && s.indexOf('e') < 0 ? `${s}.0` : s;
}

/** The JSON text of a value. */
export function toJson(v: Value): string {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? String(v) : jsonFloat(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
  }
  if (v === null) return 'null';
  if (v instanceof FloatValue) return jsonFloat(v.value);
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + toJson(v[i]!);
    return `${s}]`;
  }
  if (v instanceof EventRecord) return fieldsJson(v);
  if (v instanceof Map) {
    let s = '{';
    let first = true;
    for (const [k, e] of v) {
      s += `${first ? '' : ','}${JSON.stringify(k)}:${toJson(e)}`;
      first = false;
    }
    return `${s}}`;
  }
  if (v instanceof Timestamp) return `"${formatIsoMs(v.ms)}"`;
  if (v instanceof Duration) return durationJson(v);
  return 'null';
}

/** A record's fields as a JSON object, in field order. */
export function fieldsJson(r: EventRecord): string {
  const prefixes = r.shape.jsonMemberPrefixes();
  const n = prefixes.length;
  if (n === 0) return '{}';
  const values = r.values;
  let s = '';
  for (let i = 0; i < n; i++) s += prefixes[i]! + valueJson(values[i]!);
  return `${s}}`;
}

/** {@link toJson} with the two commonest kinds first (inlined by the JIT into the writers' loops). */
function valueJson(v: Value): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return toJson(v);
}

let lastStream = '';
let lastPrefix = '{"stream":"","timestamp":';

/**
 * One line of `varpulis run --output jsonl` (semantics §18.3), without the trailing newline:
 * `{"stream":"S","timestamp":1500,"data":{…}}` with the fields in order.
 */
export function renderJsonlLine(stream: string, timeMs: number, fields: EventRecord): string {
  if (stream !== lastStream) {
    lastStream = stream;
    lastPrefix = `{"stream":${JSON.stringify(stream)},"timestamp":`;
  }
  return `${lastPrefix}${timeMs},"data":${fieldsJson(fields)}}`;
}
