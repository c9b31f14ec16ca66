/**
 * Line templates of the JSON event parser (json-event.ts). A flat JSON event whose member names are those of a
 * recent line, in the same order — `{"event_type":…,"timestamp":…,"symbol":…,"price":…}` line after line — is read
 * against that line's template: names compared in place, only the values parsed, the record built on the template's
 * shape. Any difference sends the line to the general parser, so every line means what semantics §3.3 says.
 */

import type { Shape } from '../runtime/values/record.js';
import type { FloatValue } from '../runtime/values/value.js';
import { plainDecimal, plainDecimalEnd } from './plain-decimal.js';

/** The role of a member in a template: the event type, the event time, or (≥ 0) the slot of a field. */
export const EVENT_TYPE_MEMBER = -1;
export const TIMESTAMP_MEMBER = -2;

export class JsonTemplate {
  private constructor(
    /** member names in order, each plain (no escape, no quote) */
    readonly keys: readonly string[],
    /** per member: {@link EVENT_TYPE_MEMBER}, {@link TIMESTAMP_MEMBER} or the field's slot in {@link shape} */
    readonly roles: readonly number[],
    readonly shape: Shape,
  ) {}

  /**
   * The template of a flat event just parsed the general way, or `null` when its line cannot serve as one:
   * `members` members with no escaped name, each name once; `event_type` at member `eventTypeMember` (required),
   * `timestamp` at `timestampMember` (or -1); every other member a field of `shape`, in order. A `type` or `data`
   * member never makes a template (their meaning depends on the other members and on the value).
   */
  static of(members: number, eventTypeMember: number, timestampMember: number, shape: Shape): JsonTemplate | null {
    const fields = shape.names;
    if (eventTypeMember < 0 || members !== fields.length + 1 + (timestampMember < 0 ? 0 : 1)) return null;
    const keys: string[] = [];
    const roles: number[] = [];
    let f = 0;
    for (let m = 0; m < members; m++) {
      if (m === eventTypeMember) {
        keys.push('event_type');
        roles.push(EVENT_TYPE_MEMBER);
      } else if (m === timestampMember) {
        keys.push('timestamp');
        roles.push(TIMESTAMP_MEMBER);
      } else {
        const name = fields[f]!;
        if (name === 'type' || name === 'data' || name.includes('"') || name.includes('\\')) return null;
        keys.push(name);
        roles.push(f++);
      }
    }
    return new JsonTemplate(keys, roles, shape);
  }
}

/** Where the last successful {@link plainJsonNumber} call stopped (just after the number). */
export let plainJsonNumberEnd = 0;

/**
 * The JSON number at `text[p]` when it is plain — `-`? digits (`.` digits)? with no exponent and at most 15
 * significant digits, no leading zero — else `undefined` (the caller then uses the general parser, which also
 * reports malformed numbers). Same result as the general parser: an int, or a float (integral ones as
 * FloatValue). What follows the number is the caller's to check.
 */
export function plainJsonNumber(text: string, p: number, end: number): number | FloatValue | undefined {
  const value = plainDecimal(text, p, end, false);
  if (value === undefined) return undefined;
  p = plainDecimalEnd;
  if (p < end) {
    const c = text.charCodeAt(p);
    if (c === 101 || c === 69) return undefined; // an exponent: the general parser reads it
  }
  plainJsonNumberEnd = p;
  return value;
}
