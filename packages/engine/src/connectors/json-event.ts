/**
 * A JSON event parser (semantics §3.3) that keeps what `JSON.parse` loses: an integer literal that fits in
 * 64 bits is an int (`40`), a number written with a fraction or an exponent is a float (`40.0`), and
 * integers beyond 2^53 stay exact. It parses one line in place (by indices, no substring for the line),
 * builds the record directly, and applies the input limits of §16.
 *
 * Shapes: nested `{"event_type": "T", "data": {…}, "timestamp": …}` (fields = members of `data`) or flat
 * `{"event_type": "T", "timestamp": …, "f1": …}` (fields = every other member). `type` stands for
 * `event_type` when that is absent.
 */

import { EventRecord } from '../runtime/values/record.js';
import { MAX_TIMESTAMP_MS, parseIsoTimestamp } from '../runtime/values/time.js';
import { FloatValue, makeFloat, makeIntFromBigInt, type Value } from '../runtime/values/value.js';
import { FieldBuilder, regionEquals, StringCache } from './field-builder.js';
import { INPUT_LIMITS } from './input-errors.js';
import { EVENT_TYPE_MEMBER, JsonTemplate, plainJsonNumber, plainJsonNumberEnd } from './json-template.js';

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/** A syntax or content problem in a JSON line (caught by the reader and reported as an input error). */
export class JsonInputError {
  constructor(
    /** index in the text where the problem was found */
    readonly index: number,
    readonly reason: string,
  ) {}
}

/** Called for each limit that changed the event (field dropped, string or array truncated, depth). */
export type LimitWarning = (index: number, message: string) => void;

/** JSON white space: space, tab, LF, CR. */
function isJsonWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function describeChar(text: string, i: number, end: number): string {
  return i >= end ? 'the end of the line' : `'${text[i]}'`;
}

/** Truncates a string to at most `maxBytes` UTF-8 bytes at a character boundary. */
export function truncateUtf8(s: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let n: number;
    let units = 1;
    if (c < 0x80) n = 1;
    else if (c < 0x800) n = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n = 4;
      units = 2;
    } else n = 3;
    if (bytes + n > maxBytes) break;
    bytes += n;
    i += units;
  }
  return s.slice(0, i);
}

/** UTF-8 byte length of a string. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** How many line templates a parser keeps (lines of a few event types with different fields, interleaved). */
const MAX_TEMPLATES = 4;

/** Parses JSON event lines. One instance per reader; not re-entrant. */
export class JsonEventParser {
  private text = '';
  private pos = 0;
  private end = 0;
  private warn: LimitWarning | null = null;
  private readonly flat = new FieldBuilder(INPUT_LIMITS.maxFields);
  private readonly data = new FieldBuilder(INPUT_LIMITS.maxFields);
  private readonly strings = new StringCache();
  /** templates of recent lines, the newest first (at most {@link MAX_TEMPLATES}) */
  private readonly templates: JsonTemplate[] = [];
  /** the values of a templated line, copied into an array of exactly their number */
  private readonly scratch: Value[] = [];
  /** limit warnings met while trying a template (the line is then parsed again the general way) */
  private templateWarnings = 0;
  private readonly countWarning: LimitWarning = () => {
    this.templateWarnings++;
  };

  /** `lineTemplates`: whether lines are read against the templates of recent lines (see json-template.ts). */
  constructor(private readonly lineTemplates = true) {}

  /**
   * Parses the JSON object in `text[start, end)` into an event. `defaultTime` is the event time used when
   * the object has no `timestamp` member. Throws {@link JsonInputError} for a line that is not an event.
   */
  parseEvent(text: string, start: number, end: number, defaultTime: number, warn: LimitWarning | null): EventRecord {
    this.text = text;
    this.pos = start;
    this.end = end;
    this.warn = warn;
    this.skipWs();
    if (this.peek() !== 123)
      this.fail(`expected '{' to start a JSON event, found ${describeChar(text, this.pos, end)}`);
    this.pos++;
    const bodyStart = this.pos;
    const templates = this.templates;
    for (let i = 0; i < templates.length; i++) {
      const r = this.templated(templates[i]!, defaultTime);
      if (r !== null) return r;
      this.pos = bodyStart;
      this.warn = warn;
    }
    const flat = this.flat;
    flat.reset();
    let members = 0;
    let plainKeys = true;
    let eventTypeMember = -1;
    let timestampMember = -1;
    let dataFields: FieldBuilder | null = null;
    let eventType: Value | undefined;
    let typeMember: Value | undefined;
    let typeIndex = -1;
    let timestamp: Value | undefined;
    let timestampAt = 0;
    this.skipWs();
    if (this.peek() === 125) {
      this.pos++;
    } else {
      for (;;) {
        this.skipWs();
        if (this.peek() !== 34)
          this.fail(`expected a member name in quotes, found ${describeChar(text, this.pos, end)}`);
        const keyStart = this.pos + 1;
        const keyEnd = this.scanKey();
        const escaped = keyEnd < 0;
        if (escaped) plainKeys = false;
        const key = escaped ? this.lastKey : '';
        const ks = escaped ? 0 : keyStart;
        const ke = escaped ? key.length : keyEnd;
        const kt = escaped ? key : text;
        this.skipWs();
        if (this.peek() !== 58)
          this.fail(`expected ':' after a member name, found ${describeChar(text, this.pos, end)}`);
        this.pos++;
        this.skipWs();
        const len = ke - ks;
        if (len === 10 && regionEquals(kt, ks, 'event_type')) {
          eventTypeMember = members;
          eventType = this.value(1);
        } else if (len === 4 && regionEquals(kt, ks, 'type')) {
          typeMember = this.value(1);
          typeIndex = flat.count;
        } else if (len === 9 && regionEquals(kt, ks, 'timestamp')) {
          timestampMember = members;
          timestampAt = this.pos;
          timestamp = this.value(1);
        } else if (len === 4 && regionEquals(kt, ks, 'data') && this.peek() === 123) {
          const d = this.data;
          d.reset();
          this.pos++;
          this.objectInto(d, 1);
          dataFields = d;
        } else {
          flat.addRaw(kt, ks, ke, this.value(1));
        }
        members++;
        this.skipWs();
        const c = this.peek();
        if (c === 44) {
          this.pos++;
          continue;
        }
        if (c === 125) {
          this.pos++;
          break;
        }
        this.fail(`expected ',' or '}' in a JSON object, found ${describeChar(text, this.pos, end)}`);
      }
    }
    this.skipWs();
    if (this.pos < end) this.fail(`unexpected ${describeChar(text, this.pos, end)} after the JSON event`);

    let type: string;
    if (eventType !== undefined) {
      if (typeof eventType !== 'string' || eventType.length === 0) {
        this.failAt(start, 'missing event_type: "event_type" must be a non-empty string');
      }
      type = eventType;
      if (typeMember !== undefined && dataFields === null) flat.insertAt(typeIndex, 'type', typeMember);
    } else if (typeof typeMember === 'string' && typeMember.length > 0) {
      type = typeMember;
    } else {
      this.failAt(start, 'missing event_type: the JSON event has no non-empty "event_type" (or "type") string');
    }

    let time = defaultTime;
    if (timestamp !== undefined) time = this.eventTime(timestamp, timestampAt);

    const fields = dataFields ?? flat;
    if (fields.dropped > 0 && warn !== null) {
      warn(start, `${fields.dropped} field(s) beyond the limit of ${INPUT_LIMITS.maxFields} were dropped`);
    }
    if (this.lineTemplates && plainKeys && dataFields === null && typeMember === undefined && flat.dropped === 0) {
      const template = JsonTemplate.of(members, eventTypeMember, timestampMember, flat.shape);
      if (template !== null) {
        if (templates.length >= MAX_TEMPLATES) templates.pop();
        templates.unshift(template);
      }
    }
    return new EventRecord(type, time, fields.shape, fields.takeValues());
  }

  /**
   * The event when the object body at `pos` has exactly the template's members, in order, and reads without an
   * error or a limit warning; otherwise `null`, and the caller parses the line the general way (which reports
   * the error or the warnings).
   */
  private templated(template: JsonTemplate, defaultTime: number): EventRecord | null {
    const text = this.text;
    const end = this.end;
    const keys = template.keys;
    const roles = template.roles;
    const out = this.scratch;
    let eventType: Value | undefined;
    let timestamp: Value | undefined;
    let timestampAt = 0;
    this.warn = this.countWarning;
    this.templateWarnings = 0;
    let p = this.pos;
    try {
      for (let m = 0; m < keys.length; m++) {
        while (p < end && isJsonWs(text.charCodeAt(p))) p++;
        if (m > 0) {
          if (p >= end || text.charCodeAt(p) !== 44) return null;
          p++;
          while (p < end && isJsonWs(text.charCodeAt(p))) p++;
        }
        const key = keys[m]!;
        const close = p + 1 + key.length;
        if (close >= end || text.charCodeAt(p) !== 34 || text.charCodeAt(close) !== 34) return null;
        if (!regionEquals(text, p + 1, key)) return null;
        p = close + 1;
        while (p < end && isJsonWs(text.charCodeAt(p))) p++;
        if (p >= end || text.charCodeAt(p) !== 58) return null;
        p++;
        while (p < end && isJsonWs(text.charCodeAt(p))) p++;
        this.pos = p;
        const role = roles[m]!;
        if (role >= 0) {
          const c = p < end ? text.charCodeAt(p) : -1;
          const number = (c >= 48 && c <= 57) || c === 45 ? plainJsonNumber(text, p, end) : undefined;
          if (number !== undefined) {
            out[role] = number;
            this.pos = plainJsonNumberEnd;
          } else {
            out[role] = this.value(1);
          }
        } else if (role === EVENT_TYPE_MEMBER) {
          eventType = this.value(1);
        } else {
          // TIMESTAMP_MEMBER
          timestampAt = p;
          timestamp = this.value(1);
        }
        p = this.pos;
      }
      while (p < end && isJsonWs(text.charCodeAt(p))) p++;
      if (p >= end || text.charCodeAt(p) !== 125) return null;
      p++;
      while (p < end && isJsonWs(text.charCodeAt(p))) p++;
      if (p < end || this.templateWarnings > 0) return null;
      if (typeof eventType !== 'string' || eventType.length === 0) return null;
      const time = timestamp === undefined ? defaultTime : this.eventTime(timestamp, timestampAt);
      return new EventRecord(eventType, time, template.shape, out.slice(0, template.shape.size));
    } catch (err) {
      if (err instanceof JsonInputError) return null;
      throw err;
    }
  }

  private eventTime(v: Value, at: number): number {
    if (typeof v === 'number' && Number.isInteger(v)) {
      if (Math.abs(v) <= MAX_TIMESTAMP_MS) return v;
    } else if (typeof v === 'string') {
      const t = parseIsoTimestamp(v);
      if (t !== undefined && Math.abs(t.ms) <= MAX_TIMESTAMP_MS) return t.ms;
    }
    return this.failAt(
      at,
      'invalid timestamp: "timestamp" must be an integer number of milliseconds or an ISO-8601 date string',
    );
  }

  private fail(reason: string): never {
    throw new JsonInputError(this.pos, `invalid JSON: ${reason}`);
  }

  private failAt(index: number, reason: string): never {
    throw new JsonInputError(index, reason);
  }

  private peek(): number {
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
  }

  private skipWs(): void {
    const t = this.text;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      const c = t.charCodeAt(p);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      p++;
    }
    this.pos = p;
  }

  /** The decoded key when {@link scanKey} met an escape. */
  private lastKey = '';

  /**
   * Scans a member name at the opening quote; returns the index of its closing quote (the name is the text
   * between), or -1 when it has escapes (then the decoded name is in `lastKey`). Leaves `pos` after it.
   */
  private scanKey(): number {
    const t = this.text;
    const end = this.end;
    let p = this.pos + 1;
    while (p < end) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return p;
      }
      if (c === 92) {
        this.lastKey = this.string();
        return -1;
      }
      if (c < 32) {
        this.pos = p;
        this.fail('a control character inside a string');
      }
      p++;
    }
    this.pos = p;
    return this.fail('unterminated string');
  }

  private value(depth: number): Value {
    const t = this.text;
    const c = this.peek();
    switch (c) {
      case 34:
        return this.string();
      case 123: {
        this.pos++;
        if (depth > INPUT_LIMITS.maxDepth) {
          this.objectInto(null, depth + 1);
          return this.tooDeep();
        }
        const m = new Map<string, Value>();
        this.objectInto(m, depth + 1);
        return m;
      }
      case 91:
        return this.array(depth);
      case 116:
        if (t.startsWith('true', this.pos)) {
          this.pos += 4;
          return true;
        }
        break;
      case 102:
        if (t.startsWith('false', this.pos)) {
          this.pos += 5;
          return false;
        }
        break;
      case 110:
        if (t.startsWith('null', this.pos)) {
          this.pos += 4;
          return null;
        }
        break;
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    }
    return this.fail(`expected a value, found ${describeChar(t, this.pos, this.end)}`);
  }

  private tooDeep(): null {
    this.warn?.(this.pos, `a value nested deeper than ${INPUT_LIMITS.maxDepth} levels was replaced by null`);
    return null;
  }

  /** Parses object members after '{' into a field builder, a map, or nowhere (`null`: skipped). */
  private objectInto(target: FieldBuilder | Map<string, Value> | null, depth: number): void {
    const t = this.text;
    this.skipWs();
    if (this.peek() === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipWs();
      if (this.peek() !== 34)
        this.fail(`expected a member name in quotes, found ${describeChar(t, this.pos, this.end)}`);
      const keyStart = this.pos + 1;
      const keyEnd = this.scanKey();
      this.skipWs();
      if (this.peek() !== 58)
        this.fail(`expected ':' after a member name, found ${describeChar(t, this.pos, this.end)}`);
      this.pos++;
      this.skipWs();
      if (target instanceof FieldBuilder) {
        if (keyEnd < 0) {
          const key = this.lastKey;
          target.add(key, this.value(depth));
        } else {
          target.addRaw(t, keyStart, keyEnd, this.value(depth));
        }
      } else {
        const key = keyEnd < 0 ? this.lastKey : t.slice(keyStart, keyEnd);
        const v = this.value(depth);
        target?.set(key, v);
      }
      this.skipWs();
      const c = this.peek();
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 125) {
        this.pos++;
        return;
      }
      this.fail(`expected ',' or '}' in a JSON object, found ${describeChar(t, this.pos, this.end)}`);
    }
  }

  private array(depth: number): Value {
    const t = this.text;
    this.pos++;
    const tooDeep = depth > INPUT_LIMITS.maxDepth;
    const out: Value[] = [];
    let truncated = false;
    this.skipWs();
    if (this.peek() === 93) {
      this.pos++;
      return tooDeep ? this.tooDeep() : out;
    }
    for (;;) {
      this.skipWs();
      const v = this.value(depth + 1);
      if (out.length < INPUT_LIMITS.maxArrayElements) out.push(v);
      else truncated = true;
      this.skipWs();
      const c = this.peek();
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 93) {
        this.pos++;
        break;
      }
      this.fail(`expected ',' or ']' in a JSON array, found ${describeChar(t, this.pos, this.end)}`);
    }
    if (tooDeep) return this.tooDeep();
    if (truncated) {
      this.warn?.(this.pos, `an array was truncated to ${INPUT_LIMITS.maxArrayElements} elements`);
    }
    return out;
  }

  private string(): string {
    const t = this.text;
    const end = this.end;
    const start = this.pos + 1;
    let p = start;
    while (p < end) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return p - start <= 24 ? this.strings.get(t, start, p) : this.limitString(t.slice(start, p), start);
      }
      if (c === 92) return this.escapedString(start, p);
      if (c < 32) {
        this.pos = p;
        this.fail('a control character inside a string');
      }
      p++;
    }
    this.pos = p;
    return this.fail('unterminated string');
  }

  private escapedString(start: number, firstEscape: number): string {
    const t = this.text;
    const end = this.end;
    let out = t.slice(start, firstEscape);
    let p = firstEscape;
    while (p < end) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return this.limitString(out, start);
      }
      if (c < 32) {
        this.pos = p;
        this.fail('a control character inside a string');
      }
      if (c !== 92) {
        const q = p;
        while (p < end) {
          const d = t.charCodeAt(p);
          if (d === 34 || d === 92 || d < 32) break;
          p++;
        }
        out += t.slice(q, p);
        continue;
      }
      const e = t.charCodeAt(p + 1);
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = t.slice(p + 2, p + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = p;
            this.fail('a bad \\u escape');
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          p += 6;
          continue;
        }
        default:
          this.pos = p;
          this.fail('a bad escape sequence');
      }
      p += 2;
    }
    this.pos = p;
    return this.fail('unterminated string');
  }

  private limitString(s: string, at: number): string {
    const max = INPUT_LIMITS.maxStringBytes;
    if (s.length * 3 <= max || utf8Length(s) <= max) return s;
    this.warn?.(at, `a string was truncated to ${max} bytes`);
    return truncateUtf8(s, max);
  }

  private number(): Value {
    const t = this.text;
    const end = this.end;
    const start = this.pos;
    let p = start;
    let negative = false;
    if (t.charCodeAt(p) === 45) {
      negative = true;
      p++;
    }
    let c = p < end ? t.charCodeAt(p) : -1;
    if (c < 48 || c > 57) {
      this.pos = p;
      this.fail('a number needs a digit after its sign');
    }
    let mantissa = 0;
    let digits = 0;
    if (c === 48) {
      p++;
      digits = 1;
      c = p < end ? t.charCodeAt(p) : -1;
      if (c >= 48 && c <= 57) {
        this.pos = p;
        this.fail('a number cannot have a leading zero');
      }
    } else {
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        p++;
        c = p < end ? t.charCodeAt(p) : -1;
      }
    }
    let fraction = 0;
    let exponent = false;
    if (c === 46) {
      p++;
      const fs = p;
      c = p < end ? t.charCodeAt(p) : -1;
      while (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        p++;
        c = p < end ? t.charCodeAt(p) : -1;
      }
      fraction = p - fs;
      if (fraction === 0) {
        this.pos = p;
        this.fail('a number needs digits after its decimal point');
      }
    }
    if (c === 101 || c === 69) {
      exponent = true;
      p++;
      c = p < end ? t.charCodeAt(p) : -1;
      if (c === 43 || c === 45) {
        p++;
        c = p < end ? t.charCodeAt(p) : -1;
      }
      const es = p;
      while (c >= 48 && c <= 57) {
        p++;
        c = p < end ? t.charCodeAt(p) : -1;
      }
      if (p === es) {
        this.pos = p;
        this.fail('a number needs digits in its exponent');
      }
    }
    this.pos = p;
    if (fraction === 0 && !exponent) {
      if (digits <= 15) return negative ? 0 - mantissa : mantissa;
      const text = t.slice(start, p);
      const big = makeIntFromBigInt(BigInt(text));
      return big !== undefined ? big : makeFloat(Number(text));
    }
    let x: number;
    if (!exponent && digits <= 15 && fraction <= 22) {
      // Both operands are exact doubles, so the quotient is the correctly rounded value of the literal.
      x = mantissa / POW10[fraction]!;
      if (negative) x = -x;
    } else {
      x = Number(t.slice(start, p));
    }
    return Number.isInteger(x) ? new FloatValue(x) : x;
  }
}
