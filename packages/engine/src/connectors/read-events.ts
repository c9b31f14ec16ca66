/**
 * Reading events from files and Node streams, chunk by chunk, without loading the whole input.
 */

import { Buffer } from 'node:buffer';
import { type FileHandle, open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { EventRecord } from '../runtime/values/record.js';
import { EvtReader } from './evt-reader.js';
import type { EventHandlers, InputError, InputWarning } from './input-errors.js';
import { JsonlReader } from './jsonl-reader.js';
import type { LineReader, ReaderOptions } from './line-reader.js';

/** The two input formats (semantics §3). */
export type EventFormat = 'evt' | 'jsonl';

/** The format of an input file by its extension: `.jsonl`/`.ndjson` → jsonl, anything else → evt. */
export function detectEventFormat(path: string): EventFormat {
  const lower = path.toLowerCase();
  return lower.endsWith('.jsonl') || lower.endsWith('.ndjson') ? 'jsonl' : 'evt';
}

/** A reader for the format. */
export function createEventReader(
  format: EventFormat,
  handlers: EventHandlers,
  file?: string,
  readerOptions: Omit<ReaderOptions, 'file'> = {},
): LineReader {
  const options = file === undefined ? readerOptions : { ...readerOptions, file };
  return format === 'jsonl' ? new JsonlReader(handlers, options) : new EvtReader(handlers, options);
}

/** What a whole read produced. */
export interface ReadSummary {
  readonly lines: number;
  readonly events: number;
  readonly errors: number;
  /** true when the reader was stopped before the end (the caller's error budget) */
  readonly stopped: boolean;
}

/** Options of {@link pumpStream}. */
export interface PumpOptions {
  /**
   * Back-pressure from the caller's output (a slow stdout) to the input. Asked after each chunk and whenever a
   * handler suspended the reader ({@link LineReader.suspend}) in the middle of one: when it returns a promise,
   * parsing goes on only once it has resolved, and meanwhile the source is not read. It may stop the reader.
   */
  readonly ready?: () => Promise<void> | undefined;
}

/**
 * Feeds a stream of bytes (or strings) to a reader, decoding UTF-8 across chunk boundaries, then ends it.
 * Resolves when the input is exhausted or the reader was stopped; rejects when the stream fails.
 */
export async function pumpStream(
  source: AsyncIterable<Uint8Array | string>,
  reader: LineReader,
  options: PumpOptions = {},
): Promise<ReadSummary> {
  const decoder = new StringDecoder('utf8');
  const ready = options.ready;
  for await (const chunk of source) {
    reader.write(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    if (ready !== undefined) {
      for (;;) {
        if (reader.stopped) break;
        const wait = ready();
        if (wait !== undefined) await wait;
        if (!reader.paused || reader.stopped) break;
        reader.resume();
      }
    }
    if (reader.stopped) break;
  }
  if (!reader.stopped) {
    const rest = decoder.end();
    if (rest.length > 0) reader.write(rest);
    reader.end();
  }
  return { lines: reader.lineNumber, events: reader.eventCount, errors: reader.errorCount, stopped: reader.stopped };
}

/** Options of {@link readEventFile}. */
export interface ReadFileOptions extends PumpOptions {
  /** the format (default: by extension, {@link detectEventFormat}) */
  readonly format?: EventFormat;
  /** the name used in error messages (default: the path) */
  readonly displayName?: string;
}

/**
 * Reads an event file in 1 MiB chunks and delivers its events through the handlers. To apply an error
 * budget, call `stop()` on the reader passed to `onReader` (or keep the reader from {@link createEventReader}
 * and use {@link pumpStream} directly). Rejects when the file cannot be opened or read.
 */
export async function readEventFile(
  path: string,
  handlers: EventHandlers,
  options: ReadFileOptions & { readonly onReader?: (reader: LineReader) => void } = {},
): Promise<ReadSummary> {
  const reader = createEventReader(options.format ?? detectEventFormat(path), handlers, options.displayName ?? path);
  options.onReader?.(reader);
  const file = await open(path, 'r');
  try {
    return await pumpStream(fileChunks(file), reader, options);
  } finally {
    await file.close();
  }
}

/** Bytes read per chunk by {@link readEventFile}. */
const FILE_CHUNK_BYTES = 1 << 16;

/**
 * The file's bytes in chunks of up to {@link FILE_CHUNK_BYTES}, all in one reused buffer: each chunk is valid
 * only until the next is asked for ({@link pumpStream} decodes it at once). One buffer for the whole file instead
 * of one per chunk keeps memory flat and spares the garbage collector.
 */
async function* fileChunks(file: FileHandle): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, FILE_CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Everything read from a text at once (tests, tools, small inputs). */
export interface ParsedEvents {
  readonly events: EventRecord[];
  /** the 1-based line of each event */
  readonly lines: number[];
  readonly errors: InputError[];
  readonly warnings: InputWarning[];
}

/** Parses a whole text in one format. */
export function parseEventText(
  text: string,
  format: EventFormat,
  file = '<input>',
  readerOptions: Omit<ReaderOptions, 'file'> = {},
): ParsedEvents {
  const out: ParsedEvents = { events: [], lines: [], errors: [], warnings: [] };
  const reader = createEventReader(
    format,
    {
      event: (r, line) => {
        out.events.push(r);
        out.lines.push(line);
      },
      error: (e) => out.errors.push(e),
      warning: (w) => out.warnings.push(w),
    },
    file,
    readerOptions,
  );
  reader.write(text);
  reader.end();
  return out;
}
