/**
 * Builds the fields of one record while a reader scans a line: finds the record's {@link Shape} through the
 * shape tree, comparing field names in place in the line so that known names cost no allocation, and
 * collects values in a reusable scratch array so that each record gets a value array of exactly its size.
 */

import { Shape } from '../runtime/values/record.js';
import type { Value } from '../runtime/values/value.js';

/** Whether `text` has `name` at `start` (a JavaScript loop: cheaper than `startsWith` for short names). */
export function regionEquals(text: string, start: number, name: string): boolean {
  const n = name.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(start + i) !== name.charCodeAt(i)) return false;
  return true;
}

export class FieldBuilder {
  shape: Shape = Shape.EMPTY;
  /** number of fields so far */
  count = 0;
  /** fields dropped by the field limit on this record */
  dropped = 0;
  private readonly scratch: Value[] = [];

  constructor(private readonly maxFields: number) {}

  /** Starts a new record. */
  reset(): void {
    this.shape = Shape.EMPTY;
    this.count = 0;
    this.dropped = 0;
  }

  /** The values of the record, in a new array of exactly the right length. */
  takeValues(): Value[] {
    // The scratch array keeps the last record's values alive until it is overwritten: one record at most.
    return this.scratch.slice(0, this.count);
  }

  /** Adds the field whose name is `text[start, end)` (no escapes in it). Last value wins for a repeated name. */
  addRaw(text: string, start: number, end: number, value: Value): void {
    const child = this.shape.childMatching(text, start, end);
    if (child !== undefined) {
      // A child of the shape tree never repeats a name of its parent.
      if (this.count >= this.maxFields) {
        this.dropped++;
        return;
      }
      this.shape = child;
      this.scratch[this.count++] = value;
      return;
    }
    this.add(text.slice(start, end), value);
  }

  /** Adds field `name`. Last value wins for a repeated name, at the position of the first. */
  add(name: string, value: Value): void {
    const i = this.shape.indexOf(name);
    if (i >= 0) {
      this.scratch[i] = value;
      return;
    }
    this.append(name, value);
  }

  /** Appends a field the caller knows is new (positional `.evt` fields). */
  append(name: string, value: Value): void {
    if (this.count >= this.maxFields) {
      this.dropped++;
      return;
    }
    this.shape = this.shape.with(name);
    this.scratch[this.count++] = value;
  }

  /** Inserts field `name` at `index` (rare: a JSON `type` member that turned out to be a field). */
  insertAt(index: number, name: string, value: Value): void {
    if (this.shape.indexOf(name) >= 0 || this.count >= this.maxFields) return;
    const names = [...this.shape.names];
    names.splice(index, 0, name);
    const s = this.scratch;
    for (let i = this.count; i > index; i--) s[i] = s[i - 1]!;
    s[index] = value;
    this.count++;
    this.shape = Shape.of(names);
  }
}

/**
 * A small direct-mapped cache of short strings read from input, so that repeated values (symbols, status
 * words, ids of a few entities) share one string instead of allocating a copy per line.
 */
export class StringCache {
  private readonly table: (string | undefined)[] = new Array(1024).fill(undefined);

  /** `text.slice(s, e)`, reusing an equal string seen recently. */
  get(text: string, s: number, e: number): string {
    const n = e - s;
    if (n === 0) return '';
    if (n > 24) return text.slice(s, e);
    const h =
      (n * 31 + text.charCodeAt(s) * 7 + text.charCodeAt(e - 1) * 131 + text.charCodeAt(s + (n >> 1)) * 17) & 1023;
    const c = this.table[h];
    if (c !== undefined && c.length === n && regionEquals(text, s, c)) return c;
    const v = text.slice(s, e);
    this.table[h] = v;
    return v;
  }
}
