import type { EventRecord } from '@varpulis/engine';
import * as engine from '@varpulis/engine';

/** The two input formats of the engine's readers (semantics §3). */
export type EventFormat = 'evt' | 'jsonl';

/** An input error of the engine's readers (VPL-R008). */
export interface ReadError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** What reading an event text gives. */
export interface ReadEvents {
  readonly events: EventRecord[];
  readonly lines: number[];
  readonly errors: ReadError[];
  readonly warnings: { line: number; message: string }[];
}

type ParseEventText = (text: string, format: EventFormat, file?: string) => ReadEvents;

let parser: ParseEventText | undefined;

/**
 * The engine's `.evt`/JSON-lines parser (`parseEventText` of its connectors). Taken from the package root when it
 * exports it, else from its `./connectors` entry point.
 */
async function eventParser(): Promise<ParseEventText> {
  if (parser) return parser;
  const fromRoot = (engine as unknown as Record<string, unknown>).parseEventText;
  if (typeof fromRoot === 'function') {
    parser = fromRoot as ParseEventText;
    return parser;
  }
  const candidates = [
    '@varpulis/engine/connectors',
    new URL('./connectors/index.js', import.meta.resolve('@varpulis/engine')).href,
  ];
  for (const specifier of candidates) {
    try {
      const module = (await import(specifier)) as Record<string, unknown>;
      if (typeof module.parseEventText === 'function') {
        parser = module.parseEventText as ParseEventText;
        return parser;
      }
    } catch {
      // try the next one
    }
  }
  throw new Error('The engine package does not provide an event reader (parseEventText).');
}

/** Parses `.evt` or JSON-lines text with the engine's own readers (so the CLI and this server agree). */
export async function readEventText(text: string, format: EventFormat, file = '<input>'): Promise<ReadEvents> {
  const parse = await eventParser();
  return parse(text, format, file);
}

/**
 * JSON event objects as JSON-lines text. Each object is `{"event_type": "T", "timestamp": …, "data": {…}}` or the
 * flat form `{"event_type": "T", "timestamp": …, "field": …}` (`type` is accepted for `event_type`).
 */
export function jsonEventsToText(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n');
}

/** The format of a file by its extension: `.jsonl`/`.ndjson` → jsonl, anything else → evt. */
export function formatOfPath(path: string): EventFormat {
  const lower = path.toLowerCase();
  return lower.endsWith('.jsonl') || lower.endsWith('.ndjson') ? 'jsonl' : 'evt';
}
