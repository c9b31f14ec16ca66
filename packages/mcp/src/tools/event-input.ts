import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import type { McpLimits } from '../limits.js';
import { PathAccessError } from '../security/allowed-roots.js';
import { type EventFormat, formatOfPath, jsonEventsToText } from '../simulation/event-reading.js';

/** The three ways to give events: `.evt`/JSON-lines text, an array of JSON objects, or a file under an allowed root. */
export function eventInputShape(limits: McpLimits) {
  return {
    eventsText: z
      .string()
      .max(limits.maxEventTextChars, {
        message: `The event text is longer than ${limits.maxEventTextChars} characters (maxEventTextChars). Send fewer events, or put them in a file under an allowed root and pass eventsFile.`,
      })
      .optional()
      .describe(
        'events as .evt text (lines like `@5s Reading { sensor: "s1", temp: 21.5 }`, `BATCH 1000` for a time, `#` comments; JSON lines are accepted too) or as JSON lines when format is "jsonl"',
      ),
    events: z
      .array(z.record(z.string(), z.unknown()))
      .max(limits.maxInlineEvents, {
        message: `More than ${limits.maxInlineEvents} inline events (maxInlineEvents). Send fewer, or use eventsText or eventsFile.`,
      })
      .optional()
      .describe(
        'events as JSON objects: {"event_type": "Reading", "timestamp": 5000, "data": {"sensor": "s1"}} or flat {"event_type": "Reading", "timestamp": "2025-03-09T06:30:00Z", "sensor": "s1"}; timestamp in epoch ms or ISO-8601',
      ),
    eventsFile: z
      .string()
      .max(limits.maxPathChars)
      .optional()
      .describe(
        'path of an .evt or .jsonl file inside a directory the server was started with (--allow-root); relative paths are relative to the first root',
      ),
    format: z
      .enum(['evt', 'jsonl'])
      .optional()
      .describe('format of eventsText / eventsFile (default: evt for text, by extension for files)'),
  };
}

export interface EventInputArgs {
  eventsText?: string | undefined;
  events?: Record<string, unknown>[] | undefined;
  eventsFile?: string | undefined;
  format?: EventFormat | undefined;
}

export type LoadedEvents = { ok: true; text: string; format: EventFormat; name: string } | { ok: false; hint: string };

/** The events of a call as text in one format, or a hint when none (or more than one) source was given. */
export async function loadEventInput(args: EventInputArgs, deps: ServerDeps, required = true): Promise<LoadedEvents> {
  const given = [args.eventsText !== undefined, args.events !== undefined, args.eventsFile !== undefined].filter(
    Boolean,
  ).length;
  if (given > 1) return { ok: false, hint: 'Give the events in one way only: eventsText, events or eventsFile.' };
  if (given === 0) {
    return required
      ? {
          ok: false,
          hint: 'No events given. Pass eventsText (.evt text), events (an array of JSON objects) or eventsFile (a file under an allowed root).',
        }
      : { ok: true, text: '', format: 'evt', name: '<none>' };
  }
  if (args.eventsText !== undefined)
    return { ok: true, text: args.eventsText, format: args.format ?? 'evt', name: '<eventsText>' };
  if (args.events !== undefined)
    return { ok: true, text: jsonEventsToText(args.events), format: 'jsonl', name: '<events>' };
  try {
    const { text } = await deps.roots.readText(args.eventsFile!, deps.limits.maxEventFileBytes);
    return { ok: true, text, format: args.format ?? formatOfPath(args.eventsFile!), name: args.eventsFile! };
  } catch (e) {
    if (e instanceof PathAccessError) return { ok: false, hint: e.message };
    return {
      ok: false,
      hint: `The file ${args.eventsFile} could not be read: ${e instanceof Error ? e.message : String(e)}.`,
    };
  }
}
