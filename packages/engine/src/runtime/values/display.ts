/**
 * Display forms (semantics §2.6, ruling R12): what `.print`, `to_string`, `join` and the human output show.
 */

import { EventRecord } from './record.js';
import { Duration, formatDuration, formatIsoMs, Timestamp } from './time.js';
import { FloatValue, type Value } from './value.js';

/**
 * A float in display form: ECMAScript's shortest round-trip text, with `.0` added to an integral value
 * (`6.0`, `2.5`, `1e-7`, `1e+21`); `NaN`, `inf`, `-inf`; negative zero is `-0.0`.
 */
export function displayFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const s = String(x);
  return Number.isInteger(x) && s.indexOf('e') < 0 ? `${s}.0` : s;
}

/** The display form of a value: strings unquoted at top level, quoted inside arrays and maps. */
export function display(v: Value): string {
  return typeof v === 'string' ? v : displayNested(v);
}

/** The display form of a value as it appears inside an array or map (strings quoted). */
export function displayNested(v: Value): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isInteger(v) ? String(v) : displayFloat(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (v instanceof FloatValue) return displayFloat(v.value);
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i > 0 ? ', ' : '') + displayNested(v[i]!);
    return `${s}]`;
  }
  if (v instanceof Map) {
    let s = '{';
    let first = true;
    for (const [k, e] of v) {
      s += `${first ? '' : ', '}${k}: ${displayNested(e)}`;
      first = false;
    }
    return `${s}}`;
  }
  if (v instanceof EventRecord) return displayFields(v);
  if (v instanceof Timestamp) return formatIsoMs(v.ms);
  if (v instanceof Duration) return formatDuration(v);
  return '<lambda>';
}

/** `{name: value, …}` for a record's fields, in order (the human output's field list). */
export function displayFields(r: EventRecord): string {
  const names = r.shape.names;
  let s = '{';
  for (let i = 0; i < names.length; i++) s += `${i > 0 ? ', ' : ''}${names[i]}: ${displayNested(r.values[i]!)}`;
  return `${s}}`;
}
