/**
 * Shared runtime vocabulary: batches of records, the outputs an engine produces, and the services an
 * operator may call while it runs (`StreamRuntime`'s view of the engine).
 */

import type { SourceSpan } from '../plan/source-span.js';
import type { AliasBinding } from './expressions/context.js';
import type { RuntimeCode, RuntimeSeverity } from './expressions/diagnostics.js';
import type { EventRecord } from './values/record.js';

/** The alias bindings travelling with one record (indexed by the stream's alias slots), or `null`. */
export type Captures = AliasBinding[] | null;

/**
 * The records flowing between the operations of one stream, with the alias bindings of each (semantics
 * §5.2: aliases stay bound through one-for-one operations). Two parallel arrays and an explicit length, so
 * a batch can be reused from event to event without reallocating (entries at or beyond `length` are stale).
 */
export class Batch {
  records: EventRecord[];
  captures: Captures[];
  length: number;

  constructor(records: EventRecord[] = [], captures: Captures[] = []) {
    this.records = records;
    this.captures = captures;
    this.length = records.length;
  }

  push(record: EventRecord, captures: Captures): void {
    const n = this.length;
    this.records[n] = record;
    this.captures[n] = captures;
    this.length = n + 1;
  }

  /** Makes this a batch of one record. */
  setSingle(record: EventRecord, captures: Captures): void {
    this.records[0] = record;
    this.captures[0] = captures;
    this.length = 1;
  }

  clear(): void {
    this.length = 0;
  }

  /** Keeps the first `n` entries. */
  truncate(n: number): void {
    if (n < this.length) this.length = n;
  }

  /**
   * Drops the first entry. `Array.prototype.shift` moves the start of the array instead of copying it when it
   * can (V8 left-trims the backing store), which matters for a sliding window that shifts on every arrival.
   */
  shift(): void {
    this.records.shift();
    this.captures.shift();
    this.length--;
  }

  /** A batch with its own arrays holding exactly the current entries. */
  copy(): Batch {
    return new Batch(this.records.slice(0, this.length), this.captures.slice(0, this.length));
  }

  /** The current records (a new array). */
  recordList(): EventRecord[] {
    return this.records.slice(0, this.length);
  }

  /** The current captures (a new array). */
  captureList(): Captures[] {
    return this.captures.slice(0, this.length);
  }

  static of(record: EventRecord, captures: Captures = null): Batch {
    return new Batch([record], [captures]);
  }
}

/** An event that a stream emitted: the program's observable output (semantics §6.4). */
export interface EmittedEvent {
  /** the emitting stream's name */
  readonly stream: string;
  /** event time, integer milliseconds since the Unix epoch */
  readonly timestamp: number;
  /** the emitted fields in order (an `EventRecord` whose type is the stream name) */
  readonly record: EventRecord;
}

/**
 * A runtime diagnostic on the error channel (semantics §17): the expression runtime's diagnostic plus the
 * stream and the 1-based number of the input event being processed (`null` in the end-of-input step or
 * outside any input event).
 */
export interface EngineDiagnostic {
  readonly code: RuntimeCode;
  readonly severity: RuntimeSeverity;
  readonly message: string;
  readonly span: SourceSpan;
  readonly stream: string | null;
  readonly eventNumber: number | null;
}

/** A line written by `.print(...)` or `.log(...)`. */
export interface LogLine {
  readonly kind: 'print' | 'log';
  /** `print`: always `info`; `log`: the requested level */
  readonly level: 'error' | 'warn' | 'info' | 'debug' | 'trace';
  readonly stream: string;
  /** the text, e.g. `[PRINT] 42 hot` */
  readonly text: string;
  readonly eventNumber: number | null;
}

/** A record sent to a connector sink by `.to(...)` (ruling R9: sinks record what they would send). */
export interface SinkRecord {
  readonly connector: string;
  /** the connector kind (`file`, `kafka`, …) */
  readonly connectorKind: string;
  readonly stream: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly record: EventRecord;
}

/** Where an engine delivers what it produces. Every member is optional. */
export interface EngineSinks {
  /** each emitted event, in emission order */
  readonly emit?: (event: EmittedEvent) => void;
  /** runtime diagnostics (the error channel) */
  readonly diagnostic?: (diagnostic: EngineDiagnostic) => void;
  /** `.print` and `.log` lines */
  readonly log?: (line: LogLine) => void;
  /** records passed to `.to(...)` */
  readonly sink?: (record: SinkRecord) => void;
}

/**
 * What the operators of one stream need from the engine while they run. The engine implements it; it is
 * an interface so that operators can be tested alone.
 */
export interface OperatorHost {
  /** the stream being run */
  readonly streamName: string;
  /** appends an event to the program output */
  emit(record: EventRecord): void;
  /** reports a runtime diagnostic located at `span` */
  diagnostic(code: RuntimeCode, message: string, span: SourceSpan): void;
  /** an event-time operator (at `span`) refused the late record being processed (semantics §4.2) */
  refuseLate(span: SourceSpan): void;
  /** writes a `.print`/`.log` line */
  log(kind: 'print' | 'log', level: LogLine['level'], text: string): void;
  /** passes a record to a connector sink */
  sendToSink(connector: string, params: Readonly<Record<string, unknown>>, record: EventRecord): void;
  /**
   * An event-time operator will have work once the watermark reaches `w` (it opened a window ending at `w`,
   * buffered a record to evict then, …): the engine may skip watermark steps below its earliest such time.
   */
  wakeAt(w: number): void;
  /**
   * The watermark of the latest watermark step the engine skipped because no operator had work: every
   * event-time operator has processed it, although its `onWatermark` was not called.
   */
  readonly settledWatermark: number;
}
