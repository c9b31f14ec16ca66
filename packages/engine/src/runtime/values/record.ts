/**
 * Records: events and the values built by operations (semantics §2.2).
 *
 * A record has a type name, an event time in integer milliseconds and an insertion-ordered list of fields.
 * Fields are stored as a {@link Shape} (the ordered field names, shared by every record with the same names
 * in the same order) plus a parallel array of values. Records of one event type usually share one shape, so:
 * - creating a record allocates the record and its value array, nothing per field;
 * - a compiled field access caches `(shape, slot)` and reads `values[slot]` after one pointer comparison;
 * - writers iterate two arrays.
 *
 * Shapes are found through a transition tree (`Shape.EMPTY.with('a').with('b')` is always the same object),
 * so readers can build the shape of a line from its field names without allocating strings for names they
 * have seen before ({@link Shape.childMatching}).
 *
 * A record is built once and then treated as immutable by everyone downstream: `set` is for the code that
 * builds it. Use {@link EventRecord.copy} / {@link EventRecord.renamed} to derive a record.
 */

import type { Value } from './value.js';

/** How many shapes the transition tree keeps before new shapes stop being shared (protects memory). */
const MAX_SHARED_SHAPES = 65_536;
let sharedShapes = 0;

/** The ordered field names of a record. Immutable and shared. */
export class Shape {
  /** The shape with no fields. */
  static readonly EMPTY = new Shape([], null);

  private index: Map<string, number> | null = null;
  private transitions: Map<string, Shape> | null = null;
  /** The child this shape handed out last; readers try it first. */
  private lastChild: Shape | null = null;
  private jsonKeyCache: string[] | null = null;

  private constructor(
    /** field names in order; never mutate */
    readonly names: readonly string[],
    readonly parent: Shape | null,
  ) {}

  /** Number of fields. */
  get size(): number {
    return this.names.length;
  }

  /** The slot of `name`, or -1. */
  indexOf(name: string): number {
    const names = this.names;
    const n = names.length;
    if (n <= 8) {
      for (let i = 0; i < n; i++) if (names[i] === name) return i;
      return -1;
    }
    let index = this.index;
    if (index === null) {
      index = new Map();
      for (let i = 0; i < n; i++) if (!index.has(names[i]!)) index.set(names[i]!, i);
      this.index = index;
    }
    return index.get(name) ?? -1;
  }

  /** The shape with `name` appended (the caller checks that `name` is not already present). */
  with(name: string): Shape {
    const last = this.lastChild;
    if (last !== null && last.names[last.names.length - 1] === name) return last;
    let t = this.transitions;
    let child = t?.get(name);
    if (child === undefined) {
      child = new Shape([...this.names, name], this);
      if (sharedShapes < MAX_SHARED_SHAPES) {
        sharedShapes++;
        if (t === null) t = this.transitions = new Map();
        t.set(name, child);
      }
    }
    this.lastChild = child;
    return child;
  }

  /**
   * For readers: the child shape whose new field name equals `text.slice(start, end)`, if this shape has
   * handed it out before; found without allocating a string in the common case (same as the last line).
   */
  childMatching(text: string, start: number, end: number): Shape | undefined {
    const last = this.lastChild;
    const n = end - start;
    if (last !== null) {
      const name = last.names[last.names.length - 1]!;
      if (name.length === n) {
        let i = 0;
        while (i < n && text.charCodeAt(start + i) === name.charCodeAt(i)) i++;
        if (i === n) return last;
      }
    }
    const t = this.transitions;
    if (t === null) return undefined;
    const child = t.get(text.slice(start, end));
    if (child !== undefined) this.lastChild = child;
    return child;
  }

  /**
   * For JSON writers, cached: per field, the text before its value in a JSON object of these fields — `{"a":` for
   * the first, `,"b":` for the others (names quoted and escaped).
   */
  jsonMemberPrefixes(): readonly string[] {
    let keys = this.jsonKeyCache;
    if (keys === null) {
      keys = this.names.map((n, i) => `${i === 0 ? '{' : ','}${JSON.stringify(n)}:`);
      this.jsonKeyCache = keys;
    }
    return keys;
  }

  /** The shared shape for these names in this order (names must be distinct). */
  static of(names: readonly string[]): Shape {
    let s: Shape = Shape.EMPTY;
    for (const n of names) s = s.with(n);
    return s;
  }
}

/** An event or a record built by an operation. */
export class EventRecord {
  constructor(
    /** the event type name (or the stream name for derived records) */
    public type: string,
    /** event time: integer milliseconds since the Unix epoch */
    public timeMs: number,
    /** the field names */
    public shape: Shape,
    /** the field values, parallel to `shape.names` */
    public values: Value[],
  ) {}

  /** A record from a plain object or entries (convenient in tests and for the engine API). */
  static of(
    type: string,
    timeMs: number,
    fields: Readonly<Record<string, Value>> | Iterable<[string, Value]> = {},
  ): EventRecord {
    const r = new EventRecord(type, timeMs, Shape.EMPTY, []);
    const entries = Symbol.iterator in fields ? (fields as Iterable<[string, Value]>) : Object.entries(fields);
    for (const [k, v] of entries) r.set(k, v);
    return r;
  }

  /** The value of field `name`, or `null` when the record lacks it. */
  get(name: string): Value {
    const i = this.shape.indexOf(name);
    return i < 0 ? null : this.values[i]!;
  }

  /** Whether the record has a field `name` (even one holding `null`). */
  has(name: string): boolean {
    return this.shape.indexOf(name) >= 0;
  }

  /**
   * Sets field `name`: replaces the value in place when present (keeping its position), else appends it.
   * Only for the code building the record.
   */
  set(name: string, value: Value): void {
    const i = this.shape.indexOf(name);
    if (i >= 0) {
      this.values[i] = value;
    } else {
      this.shape = this.shape.with(name);
      this.values.push(value);
    }
  }

  /** Number of fields. */
  get fieldCount(): number {
    return this.values.length;
  }

  /** The field names in order. */
  get fieldNames(): readonly string[] {
    return this.shape.names;
  }

  /** Fields as `[name, value]` pairs, in order. */
  *entries(): IterableIterator<[string, Value]> {
    const names = this.shape.names;
    for (let i = 0; i < names.length; i++) yield [names[i]!, this.values[i]!];
  }

  /** A copy with its own value array (same type, time and shape). */
  copy(): EventRecord {
    return new EventRecord(this.type, this.timeMs, this.shape, this.values.slice());
  }

  /** A copy under another type name (a stream's output is renamed to the stream, semantics §1). */
  renamed(type: string): EventRecord {
    return new EventRecord(type, this.timeMs, this.shape, this.values.slice());
  }

  /** The fields as a new map value. */
  toMap(): Map<string, Value> {
    const m = new Map<string, Value>();
    const names = this.shape.names;
    for (let i = 0; i < names.length; i++) m.set(names[i]!, this.values[i]!);
    return m;
  }
}
