/**
 * The `.evt` reader (semantics §3.1, §3.2): comments, `BATCH <ms>`, `@<n><unit>` offsets, named and
 * positional event lines, JSON events, and the value literals of event files. A hand-written scanner over
 * character codes: no regular expressions, no substring per line.
 */

import { parseNumberLiteral } from '../runtime/values/number-literal.js';
import { EventRecord, type Shape } from '../runtime/values/record.js';
import type { Value } from '../runtime/values/value.js';
import { isNesting, isPlainName, isWs, plainNumber, plainNumberEnd } from './evt-template.js';
import { FieldBuilder, regionEquals, StringCache } from './field-builder.js';
import { type EventHandlers, INPUT_LIMITS } from './input-errors.js';
import { JsonEventParser, JsonInputError } from './json-event.js';
import { LineReader, type ReaderOptions } from './line-reader.js';

/** A problem in an event line, found at `index` of the text. */
class EvtInputError {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {}
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** The first `:` outside quotes seen by the last {@link pieceEnd} call, or -1. */
let firstColon = -1;
/** Whether the last {@link pieceEnd} call met a backslash inside quotes. */
let sawEscape = false;

/**
 * The end of the comma-separated piece starting at `p`: the next comma that is not inside quotes or nested
 * `[]{}()`, or `end`.
 */
function pieceEnd(text: string, p: number, end: number): number {
  let depth = 0;
  firstColon = -1;
  sawEscape = false;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 44) {
      if (depth === 0) return p;
    } else if (c === 58) {
      if (firstColon < 0) firstColon = p;
    } else if (c === 34 || c === 39) {
      p++;
      while (p < end) {
        const d = text.charCodeAt(p);
        if (d === c) break;
        if (d === 92) {
          sawEscape = true;
          p++;
        }
        p++;
      }
    } else if (c === 91 || c === 123 || c === 40) {
      depth++;
    } else if ((c === 93 || c === 125 || c === 41) && depth > 0) {
      depth--;
    }
    p++;
  }
  return end;
}

/** The index of character `c` in `text[p, end)`, or -1 (`indexOf` would search past the line). */
function indexIn(text: string, c: number, p: number, end: number): number {
  for (; p < end; p++) if (text.charCodeAt(p) === c) return p;
  return -1;
}

/** Decodes the escapes of a quoted `.evt` string body `text[s, e)`: `\n \t \" \' \\`; others kept verbatim. */
function decodeQuoted(text: string, s: number, e: number): string {
  const bs = indexIn(text, 92, s, e);
  if (bs < 0) return text.slice(s, e);
  let out = text.slice(s, bs);
  let p = bs;
  while (p < e) {
    const c = text.charCodeAt(p);
    if (c !== 92 || p + 1 >= e) {
      out += text[p];
      p++;
      continue;
    }
    const d = text.charCodeAt(p + 1);
    if (d === 110) out += '\n';
    else if (d === 116) out += '\t';
    else if (d === 34) out += '"';
    else if (d === 39) out += "'";
    else if (d === 92) out += '\\';
    else out += text.slice(p, p + 2);
    p += 2;
  }
  return out;
}

/**
 * An event type seen recently, with its line template: the shape of the last named-field line of this type,
 * when its field names were distinct and plain ({@link isPlainName}). A line that names the same fields in the
 * same order is parsed against it: names are compared in place, only the values are parsed.
 */
interface TypeEntry {
  readonly name: string;
  template: Shape | null;
}

const POSITIONAL_NAMES: string[] = [];

function positionalName(i: number): string {
  let n = POSITIONAL_NAMES[i];
  if (n === undefined) {
    for (let k = POSITIONAL_NAMES.length; k <= i; k++) POSITIONAL_NAMES.push(`field_${k}`);
    n = POSITIONAL_NAMES[i]!;
  }
  return n;
}

/**
 * Reads `.evt` text. Feed it decoded text with {@link write} and call {@link end}; events, input errors and
 * warnings arrive synchronously through the handlers, in input order.
 */
export class EvtReader extends LineReader {
  private batchMs = 0;
  private readonly fields = new FieldBuilder(Number.MAX_SAFE_INTEGER);
  private readonly json: JsonEventParser;
  private readonly lineTemplates: boolean;
  private readonly strings = new StringCache();
  /** recently seen event types, their names reused instead of slicing the line again */
  private readonly types: TypeEntry[] = [];
  /** the values of a templated line, copied into an array of exactly their number */
  private readonly scratch: Value[] = [];
  private lineStart = 0;
  private currentLine = 0;
  private readonly onLimit = (index: number, message: string): void => {
    this.reportWarning(this.currentLine, index - this.lineStart + 1, message);
  };

  constructor(handlers: EventHandlers, options: ReaderOptions = {}) {
    super(handlers, options);
    this.lineTemplates = options.lineTemplates ?? true;
    this.json = new JsonEventParser(this.lineTemplates);
  }

  protected parseLine(text: string, start: number, end: number, line: number): void {
    let s = start;
    let e = end;
    while (s < e && isWs(text.charCodeAt(s))) s++;
    while (e > s && isWs(text.charCodeAt(e - 1))) e--;
    if (s === e) return;
    this.lineStart = start;
    this.currentLine = line;
    const c = text.charCodeAt(s);
    if (c === 35 || (c === 47 && text.charCodeAt(s + 1) === 47)) return; // # or // comment
    try {
      if (c === 66 && text.startsWith('BATCH', s) && (s + 5 === e || isWs(text.charCodeAt(s + 5)))) {
        this.batch(text, s + 5, e);
      } else if (c === 64) {
        this.timedLine(text, s, e, line);
      } else {
        this.event(text, s, e, line, this.batchMs);
      }
    } catch (err) {
      if (err instanceof EvtInputError || err instanceof JsonInputError) {
        this.reportError(line, err.index - start + 1, err.reason);
      } else {
        throw err;
      }
    }
  }

  private batch(text: string, p: number, e: number): void {
    while (p < e && isWs(text.charCodeAt(p))) p++;
    if (p === e) return; // BATCH without a number is ignored
    const ts = p;
    let ms = 0;
    while (p < e && !isWs(text.charCodeAt(p))) {
      const d = text.charCodeAt(p) - 48;
      if (d < 0 || d > 9) throw new EvtInputError(ts, 'BATCH needs a non-negative integer number of milliseconds');
      ms = ms * 10 + d;
      p++;
    }
    if (!Number.isSafeInteger(ms)) throw new EvtInputError(ts, 'BATCH time is too large');
    this.batchMs = ms;
  }

  private timedLine(text: string, s: number, e: number, line: number): void {
    let p = s + 1;
    let n = 0;
    const ds = p;
    while (p < e) {
      const d = text.charCodeAt(p) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
      p++;
    }
    if (p === ds) throw new EvtInputError(ds, "a time offset needs a non-negative integer after '@'");
    let factor = 1;
    const u = text.charCodeAt(p);
    if (u === 109 && text.charCodeAt(p + 1) === 115) {
      p += 2; // ms
    } else if (u === 109) {
      factor = 60_000;
      p++;
    } else if (u === 115) {
      factor = 1000;
      p++;
    }
    if (p >= e || !isWs(text.charCodeAt(p))) {
      throw new EvtInputError(
        p,
        p >= e
          ? 'a time offset must be followed by a space and an event'
          : "invalid time offset: expected a unit (ms, s or m) and a space after '@<n>'",
      );
    }
    const time = n * factor;
    if (!Number.isSafeInteger(time)) throw new EvtInputError(ds, 'the time offset is too large');
    while (p < e && isWs(text.charCodeAt(p))) p++;
    this.event(text, p, e, line, time);
  }

  private event(text: string, s: number, e: number, line: number, time: number): void {
    if (text.charCodeAt(s) === 123) {
      const r = this.json.parseEvent(text, s, e, time, this.onLimit);
      this.deliver(r, line);
      return;
    }
    if (text.charCodeAt(e - 1) === 59) {
      e--; // trailing ';'
      while (e > s && isWs(text.charCodeAt(e - 1))) e--;
    }
    let p = s;
    if (!isIdentStart(text.charCodeAt(p))) throw this.badFormat(text, s, e);
    p++;
    while (p < e && isIdentPart(text.charCodeAt(p))) p++;
    const typeEnd = p;
    while (p < e && isWs(text.charCodeAt(p))) p++;
    const open = p < e ? text.charCodeAt(p) : -1;
    const close = text.charCodeAt(e - 1);
    const fields = this.fields;
    if (open === 123 && close === 125 && e - 1 > p) {
      const type = this.typeEntry(text, s, typeEnd);
      const template = type.template;
      if (template !== null) {
        const values = this.templatedFields(text, p + 1, e - 1, template.names);
        if (values !== null) {
          this.deliver(new EventRecord(type.name, time, template, values), line);
          return;
        }
      }
      fields.reset();
      const pieces = this.namedFields(text, p + 1, e - 1);
      const shape = fields.shape;
      type.template = this.lineTemplates && pieces === shape.size && shape.names.every(isPlainName) ? shape : null;
      this.deliver(new EventRecord(type.name, time, shape, fields.takeValues()), line);
    } else if (open === 40 && close === 41 && e - 1 > p) {
      fields.reset();
      this.positionalFields(text, p + 1, e - 1);
      this.deliver(
        new EventRecord(this.typeEntry(text, s, typeEnd).name, time, fields.shape, fields.takeValues()),
        line,
      );
    } else {
      throw this.badFormat(text, s, e);
    }
  }

  /**
   * The values of the named fields in `text[s, e)` when they name exactly the template's fields, in order;
   * `null` for any other line, which the general scan then reads (and reports on) as usual. Never throws.
   */
  private templatedFields(text: string, s: number, e: number, names: readonly string[]): Value[] | null {
    const out = this.scratch;
    const n = names.length;
    let p = s;
    for (let i = 0; i < n; i++) {
      while (p < e && isWs(text.charCodeAt(p))) p++;
      const name = names[i]!;
      if (e - p <= name.length || !regionEquals(text, p, name)) return null;
      p += name.length;
      while (p < e && isWs(text.charCodeAt(p))) p++;
      if (p >= e || text.charCodeAt(p) !== 58) return null;
      p++;
      while (p < e && isWs(text.charCodeAt(p))) p++;
      const vs = p;
      const c = vs < e ? text.charCodeAt(vs) : -1;
      if (c === 34 || c === 39) {
        // a quoted value: up to its closing quote, as pieceEnd skips it
        let q = vs + 1;
        let escaped = false;
        while (q < e) {
          const d = text.charCodeAt(q);
          if (d === c) break;
          if (d === 92) {
            escaped = true;
            q++;
          }
          q++;
        }
        if (q >= e) return null;
        p = q + 1;
        while (p < e && isWs(text.charCodeAt(p))) p++;
        if (p < e && text.charCodeAt(p) !== 44) return null;
        out[i] = escaped ? decodeQuoted(text, vs + 1, q) : this.strings.get(text, vs + 1, q);
      } else {
        const number = (c >= 48 && c <= 57) || c === 45 ? plainNumber(text, vs, e) : undefined;
        if (number !== undefined) {
          out[i] = number;
          p = plainNumberEnd;
        } else {
          // any other unquoted value: up to the next comma, unless something nests
          while (p < e) {
            const d = text.charCodeAt(p);
            if (d === 44) break;
            if (isNesting(d)) return null;
            p++;
          }
          let ve = p;
          while (ve > vs && isWs(text.charCodeAt(ve - 1))) ve--;
          out[i] = this.value(text, vs, ve, 0);
        }
      }
      // p is at the comma after the value, or at the end of the fields
      if (i + 1 < n) {
        if (p >= e) return null;
        p++;
      } else if (p < e) {
        return null; // more fields than the template
      }
    }
    if (n === 0) {
      while (p < e && isWs(text.charCodeAt(p))) p++;
      if (p < e) return null;
    }
    return out.slice(0, n);
  }

  private badFormat(text: string, s: number, e: number): EvtInputError {
    const brace = indexIn(text, 123, s, e);
    const paren = indexIn(text, 40, s, e);
    const first = Math.min(brace < 0 ? e : brace, paren < 0 ? e : paren);
    if (first < e) {
      let p = s;
      if (isIdentStart(text.charCodeAt(p))) while (p < first && isIdentPart(text.charCodeAt(p))) p++;
      let q = p;
      while (q < first && isWs(text.charCodeAt(q))) q++;
      if (q < first || p === s)
        return new EvtInputError(s, 'invalid event format: the event type must be an identifier');
    }
    return new EvtInputError(
      s,
      "invalid event format: expected 'Type { name: value, … }', 'Type(value, …)' or a JSON object",
    );
  }

  private typeEntry(text: string, s: number, e: number): TypeEntry {
    const types = this.types;
    const n = e - s;
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (t.name.length === n && regionEquals(text, s, t.name)) return t;
    }
    const t: TypeEntry = { name: text.slice(s, e), template: null };
    if (types.length >= 8) types.pop();
    types.unshift(t);
    return t;
  }

  /** Reads the named fields of `text[s, e)` into the field builder; returns the number of `name: value` pieces. */
  private namedFields(text: string, s: number, e: number): number {
    let p = s;
    while (p < e && isWs(text.charCodeAt(p))) p++;
    if (p === e) return 0; // `Type { }`
    const fields = this.fields;
    let pieces = 0;
    for (;;) {
      const pe = pieceEnd(text, p, e);
      let colon = firstColon;
      if (colon < 0) {
        throw new EvtInputError(p, "invalid event format: a named field needs 'name: value'");
      }
      let ne = colon;
      while (ne > p && isWs(text.charCodeAt(ne - 1))) ne--;
      let ns = p;
      while (ns < ne && isWs(text.charCodeAt(ns))) ns++;
      if (ns === ne) throw new EvtInputError(p, 'invalid event format: a field name is empty');
      colon++;
      while (colon < pe && isWs(text.charCodeAt(colon))) colon++;
      let ve = pe;
      while (ve > colon && isWs(text.charCodeAt(ve - 1))) ve--;
      fields.addRaw(text, ns, ne, this.value(text, colon, ve, 0));
      pieces++;
      if (pe >= e) return pieces;
      p = pe + 1;
    }
  }

  private positionalFields(text: string, s: number, e: number): void {
    let p = s;
    while (p < e && isWs(text.charCodeAt(p))) p++;
    if (p === e) return; // `Type()`
    const fields = this.fields;
    let i = 0;
    for (;;) {
      const pe = pieceEnd(text, p, e);
      let vs = p;
      while (vs < pe && isWs(text.charCodeAt(vs))) vs++;
      let ve = pe;
      while (ve > vs && isWs(text.charCodeAt(ve - 1))) ve--;
      fields.append(positionalName(i++), this.value(text, vs, ve, 0));
      if (pe >= e) return;
      p = pe + 1;
    }
  }

  /** A value literal in the trimmed `text[s, e)` (semantics §3.1, in the order given there). */
  private value(text: string, s: number, e: number, depth: number): Value {
    const n = e - s;
    if (n === 0) return '';
    const c = text.charCodeAt(s);
    switch (c) {
      case 116: // t
        if (n === 4 && text.startsWith('true', s)) return true;
        break;
      case 102: // f
        if (n === 5 && text.startsWith('false', s)) return false;
        break;
      case 110: // n
        if ((n === 4 && text.startsWith('null', s)) || (n === 3 && text.startsWith('nil', s))) return null;
        break;
      case 34: // "
      case 39: // '
        if (n >= 2 && text.charCodeAt(e - 1) === c) return this.quoted(text, s + 1, e - 1);
        break;
      case 91: // [
        if (text.charCodeAt(e - 1) === 93) return this.array(text, s + 1, e - 1, depth + 1);
        break;
      default:
        if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 105 || c === 78) {
          const v = parseNumberLiteral(text, s, e);
          if (v !== undefined) return v;
        }
    }
    return this.strings.get(text, s, e); // an unquoted string
  }

  private quoted(text: string, s: number, e: number): string {
    // pieceEnd has seen every quoted section of the piece: no backslash there means nothing to decode.
    return sawEscape ? decodeQuoted(text, s, e) : this.strings.get(text, s, e);
  }

  private array(text: string, s: number, e: number, depth: number): Value[] {
    if (depth > INPUT_LIMITS.maxDepth) {
      throw new EvtInputError(s - 1, `an array is nested deeper than ${INPUT_LIMITS.maxDepth} levels`);
    }
    const out: Value[] = [];
    let p = s;
    while (p < e && isWs(text.charCodeAt(p))) p++;
    if (p === e) return out;
    for (;;) {
      const pe = pieceEnd(text, p, e);
      let vs = p;
      while (vs < pe && isWs(text.charCodeAt(vs))) vs++;
      let ve = pe;
      while (ve > vs && isWs(text.charCodeAt(ve - 1))) ve--;
      out.push(this.value(text, vs, ve, depth));
      if (pe >= e) return out;
      p = pe + 1;
    }
  }
}
