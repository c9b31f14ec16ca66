/**
 * Output writers: JSON lines (semantics §18.3), `.evt` lines that the `.evt` reader reads back to the same
 * event, and the human text form (§18.5). Formatters return one line without its newline;
 * {@link LineBuffer} batches lines into large writes.
 */

import { displayFields, displayFloat } from '../runtime/values/display.js';
import { fieldsJson, renderJsonlLine } from '../runtime/values/json.js';
import type { EventRecord } from '../runtime/values/record.js';
import { formatIsoMs } from '../runtime/values/time.js';
import { FloatValue, type Value } from '../runtime/values/value.js';

/** `{"stream":"S","timestamp":1500,"data":{…}}` (semantics §18.3). */
export function formatJsonlLine(stream: string, record: EventRecord): string {
  return renderJsonlLine(stream, record.timeMs, record);
}

/** `S @2025-03-09T06:30:00.000Z {room: "lab", celsius: 34.5}` (semantics §18.5, informative). */
export function formatTextLine(stream: string, record: EventRecord): string {
  return `${stream} @${formatIsoMs(record.timeMs)} ${displayFields(record)}`;
}

function isIdentifier(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (i > 0 && c >= 48 && c <= 57);
    if (!ok) return false;
  }
  return true;
}

/** The `.evt` literal of a value, or `undefined` when `.evt` cannot represent it exactly. */
function evtLiteral(v: Value): string | undefined {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? String(v) : displayFloat(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string': {
      let out = '"';
      for (let i = 0; i < v.length; i++) {
        const c = v.charCodeAt(i);
        if (c === 34) out += '\\"';
        else if (c === 92) out += '\\\\';
        else if (c === 10) out += '\\n';
        else if (c === 9) out += '\\t';
        else if (c < 32 || c === 127) return undefined;
        else out += v[i];
      }
      return `${out}"`;
    }
  }
  if (v === null) return 'null';
  if (v instanceof FloatValue) return displayFloat(v.value);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      const e = evtLiteral(v[i]!);
      if (e === undefined) return undefined;
      out += (i > 0 ? ', ' : '') + e;
    }
    return `${out}]`;
  }
  return undefined; // maps, timestamps, durations and lambdas have no .evt literal
}

/**
 * One `.evt` line for an event: `@1500 Type { name: value, … }`. When `.evt` cannot represent the event
 * exactly (a map, timestamp or duration value, a field name that is not an identifier, a negative time,
 * control characters in a string) the line is a JSON event instead, which `.evt` files also accept.
 */
export function formatEvtLine(record: EventRecord): string {
  const names = record.shape.names;
  if (record.timeMs >= 0 && isIdentifier(record.type)) {
    let out = `@${record.timeMs} ${record.type} {`;
    let ok = true;
    for (let i = 0; i < names.length && ok; i++) {
      const lit = evtLiteral(record.values[i]!);
      if (lit === undefined || !isIdentifier(names[i]!)) ok = false;
      else out += `${i > 0 ? ', ' : ' '}${names[i]}: ${lit}`;
    }
    if (ok) return `${out}${names.length > 0 ? ' ' : ''}}`;
  }
  return `{"event_type":${JSON.stringify(record.type)},"timestamp":${record.timeMs},"data":${fieldsJson(record)}}`;
}

/**
 * Collects output lines and hands them to `sink` in large pieces (one write per ~64 KiB), which is much
 * faster than one write per line. Call {@link flush} at the end.
 */
export class LineBuffer {
  private buffer = '';

  constructor(
    private readonly sink: (text: string) => void,
    private readonly threshold = 65_536,
  ) {}

  /** Adds one line (a newline is appended). */
  push(line: string): void {
    this.buffer += `${line}\n`;
    if (this.buffer.length >= this.threshold) this.flush();
  }

  /** Writes what is buffered. */
  flush(): void {
    if (this.buffer.length > 0) {
      const text = this.buffer;
      this.buffer = '';
      this.sink(text);
    }
  }
}
