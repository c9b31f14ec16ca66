/**
 * The streaming part shared by the event readers: cuts decoded text chunks into lines (LF or CRLF),
 * enforces the 1 MiB line limit without buffering an overlong line, counts lines, and hands each line to
 * the format's parser by indices into the chunk (no substring per line).
 */

import { Buffer } from 'node:buffer';
import type { EventRecord } from '../runtime/values/record.js';
import { type EventHandlers, INPUT_LIMITS, type InputError } from './input-errors.js';

/** Options common to the readers. */
export interface ReaderOptions {
  /** the input's name in error messages (default `<input>`) */
  readonly file?: string;
  /**
   * Whether lines are read against the template of a recent line with the same field names (default true).
   * Off, every line takes the general path: the results are the same, only slower (tests compare the two).
   */
  readonly lineTemplates?: boolean;
}

export abstract class LineReader {
  /** number of lines seen so far */
  lineNumber = 0;
  /** number of events delivered so far */
  eventCount = 0;
  /** number of input errors reported so far */
  errorCount = 0;
  private carry = '';
  private skipping = false;
  private started = false;
  private halted = false;
  private suspending = false;
  /** the text left unparsed by {@link suspend}, from {@link pendingPos} on; null when not paused */
  private pendingText: string | null = null;
  private pendingPos = 0;
  protected readonly file: string;

  constructor(
    protected readonly handlers: EventHandlers,
    options: ReaderOptions = {},
  ) {
    this.file = options.file ?? '<input>';
  }

  /** Whether {@link stop} was called. */
  get stopped(): boolean {
    return this.halted;
  }

  /** Stops reading: no further line is parsed (used by the caller's error budget). */
  stop(): void {
    this.halted = true;
    this.carry = '';
    this.pendingText = null;
  }

  /**
   * Asks {@link write} (or {@link resume}) to return after the line being parsed, keeping the rest of its text for
   * {@link resume}: how a handler whose output is full pauses the input in the middle of a large chunk. Called
   * from a handler while a line is parsed; elsewhere it pauses the next write after its first line.
   */
  suspend(): void {
    this.suspending = true;
  }

  /** Whether text is waiting for {@link resume} (a handler called {@link suspend}). */
  get paused(): boolean {
    return this.pendingText !== null;
  }

  /** Goes on parsing the text left by {@link suspend} (it may be suspended again). */
  resume(): void {
    const text = this.pendingText;
    if (text === null || this.halted) return;
    this.pendingText = null;
    this.scan(text, this.pendingPos);
  }

  /** Feeds the next piece of decoded text (any size; lines may span pieces). */
  write(chunk: string): void {
    if (this.halted || chunk.length === 0) return;
    // A caller that writes while paused gets the paused text parsed first, whole.
    while (this.pendingText !== null && !this.halted) this.resume();
    if (this.halted) return;
    const text = chunk;
    let pos = 0;
    if (this.carry.length > 0 || this.skipping) {
      // Finish the pending line on its own, so that the chunk itself stays a flat string (scanning a
      // concatenated string is markedly slower).
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        if (!this.skipping) {
          this.carry += chunk;
          if (this.carry.length > INPUT_LIMITS.maxLineBytes) {
            this.carry = '';
            this.skipping = true;
          }
        }
        return;
      }
      this.lineNumber++;
      if (this.skipping) {
        this.skipping = false;
        this.overlong();
      } else {
        const line = this.carry + chunk.slice(0, nl);
        this.carry = '';
        this.acceptLine(line, 0, line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length);
      }
      if (this.halted) return;
      pos = nl + 1;
      if (this.suspending && this.suspendAt(text, pos)) return;
    } else if (!this.started) {
      if (text.charCodeAt(0) === 0xfeff) pos = 1; // byte-order mark
    }
    this.started = true;
    this.scan(text, pos);
  }

  /** Parses the lines of `text` from `pos` and keeps its unfinished last line. */
  private scan(text: string, pos: number): void {
    const len = text.length;
    while (pos < len) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      this.lineNumber++;
      if (this.skipping) {
        this.skipping = false;
        this.overlong();
      } else {
        this.acceptLine(text, pos, nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      }
      pos = nl + 1;
      if (this.halted) return;
      if (this.suspending && this.suspendAt(text, pos)) return;
    }
    if (pos >= len || this.skipping) return;
    // An unfinished line: keep it unless it is already certainly too long (more UTF-16 units than bytes allowed).
    if (len - pos > INPUT_LIMITS.maxLineBytes) this.skipping = true;
    else this.carry = pos === 0 ? text : text.slice(pos);
  }

  /** Honours {@link suspend} at `pos`: keeps the rest of `text` and returns true, unless nothing is left. */
  private suspendAt(text: string, pos: number): boolean {
    this.suspending = false;
    if (pos >= text.length) return false;
    this.pendingText = text;
    this.pendingPos = pos;
    return true;
  }

  /** Ends the input: the last line may lack a newline. */
  end(): void {
    while (this.pendingText !== null && !this.halted) this.resume();
    if (this.halted) return;
    if (this.skipping) {
      this.skipping = false;
      this.lineNumber++;
      this.overlong();
    } else if (this.carry.length > 0) {
      const text = this.carry;
      this.carry = '';
      this.lineNumber++;
      this.acceptLine(text, 0, text.length && text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length);
    }
    this.finish();
  }

  private acceptLine(text: string, start: number, end: number): void {
    const n = end - start;
    if (n * 3 > INPUT_LIMITS.maxLineBytes && Buffer.byteLength(text.slice(start, end)) > INPUT_LIMITS.maxLineBytes) {
      this.overlong();
      return;
    }
    this.parseLine(text, start, end, this.lineNumber);
  }

  private overlong(): void {
    this.reportError(this.lineNumber, 1, `line longer than ${INPUT_LIMITS.maxLineBytes} bytes (1 MiB)`);
  }

  /** Reports an input error for a line. */
  protected reportError(line: number, column: number, reason: string): void {
    this.errorCount++;
    const e: InputError = { code: 'VPL-R008', file: this.file, line, column, reason };
    this.handlers.error(e);
  }

  /** Reports a limit warning for a line. */
  protected reportWarning(line: number, column: number, message: string): void {
    this.handlers.warning?.({ code: 'VPL-R006', file: this.file, line, column, message });
  }

  /** Delivers one event. */
  protected deliver(record: EventRecord, line: number): void {
    this.eventCount++;
    this.handlers.event(record, line);
  }

  /** Parses one line `text[start, end)` (without its line terminator). */
  protected abstract parseLine(text: string, start: number, end: number, line: number): void;

  /** Called once at the end of input. */
  protected finish(): void {}
}
