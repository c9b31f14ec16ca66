/**
 * What the event readers report: input errors (semantics §3.4, VPL-R008) and limit warnings (§16), and the
 * callbacks a reader delivers events and problems to.
 */

import type { EventRecord } from '../runtime/values/record.js';

/** Limits on input (semantics §16). */
export const INPUT_LIMITS = Object.freeze({
  /** bytes per input line (a longer line is an input error) */
  maxLineBytes: 1_048_576,
  /** fields per JSON event (extra fields are dropped with a warning) */
  maxFields: 1024,
  /** bytes per JSON string value (longer strings are truncated at a character boundary, with a warning) */
  maxStringBytes: 262_144,
  /** elements per JSON array (longer arrays are truncated, with a warning) */
  maxArrayElements: 10_000,
  /** nesting depth of JSON values and `.evt` arrays */
  maxDepth: 32,
});

/** A line of the input that cannot be read as an event. The line is skipped. */
export interface InputError {
  readonly code: 'VPL-R008';
  /** the input's path (or `<stdin>`) */
  readonly file: string;
  /** 1-based line number */
  readonly line: number;
  /** 1-based column where the problem was found */
  readonly column: number;
  /** why the line was rejected, a full sentence */
  readonly reason: string;
}

/** A limit that changed an event while reading it (the event is still delivered). */
export interface InputWarning {
  readonly code: 'VPL-R006';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Receives what a reader reads, synchronously, in input order. */
export interface EventHandlers {
  /** one event; `line` is its 1-based line number */
  event(record: EventRecord, line: number): void;
  /** one rejected line; the caller applies the error budget (and may stop the reader) */
  error(error: InputError): void;
  /** a limit bit (default: ignored) */
  warning?(warning: InputWarning): void;
}

/** Formats an input error as a diagnostic line (semantics §18.1). */
export function formatInputError(e: InputError): string {
  return `${e.file}:${e.line}:${e.column}: error [${e.code}] ${e.reason}`;
}
