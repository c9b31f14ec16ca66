/**
 * What the event-reader fuzz tests check on one input (shared by events.test.ts and the regression replay).
 */
import { type EventFormat, fieldsJson, type ParsedEvents, parseEventText } from '@varpulis/engine';
import { lspLines } from './support.js';

export const EVT_TOKENS = [
  '@',
  '@5s',
  '@-1',
  '@99999999999999999999',
  '@1.5s',
  '@5x',
  'BATCH',
  'BATCH 10',
  'BATCH -5',
  'BATCH x',
  '{',
  '}',
  '[',
  ']',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1',
  '(',
  ')',
  ',',
  ':',
  '"',
  "'",
  '\\',
  '\\"',
  'true',
  'null',
  'nil',
  'NaN',
  'inf',
  '-inf',
  '1e999',
  '9223372036854775808',
  '-9223372036854775809',
  '0x10',
  '1_000',
  '#',
  '//',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  'é',
  '😀',
  '\ud800',
  '\0',
  '\ufeff',
  'Type',
  'A { x: 1 }',
  'A(1, 2)',
  '{"event_type": "A", "timestamp": 1}',
];
export const JSON_TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '\\',
  '\\u',
  '\\ud800',
  '\\u0000',
  'true',
  'false',
  'null',
  '-',
  '0',
  '-0',
  '1e',
  '1e999',
  '.5',
  '9223372036854775808',
  '"timestamp"',
  '"event_type"',
  '"type"',
  '"data"',
  '"2025-13-45T99:00:00Z"',
  '"2025-03-09T06:30:00Z"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{"a":{"a":{"a":{"a":',
  'NaN',
  'Infinity',
  '\n',
  '\r\n',
  ' ',
  '😀',
  '\ud800',
  '\0',
  '\ufeff',
];

/** A deterministic rendering of what a reader produced, for comparisons. */
export function rendering(parsed: ParsedEvents): string[] {
  return [
    ...parsed.events.map((e, i) => `event ${parsed.lines[i]} ${e.type} @${e.timeMs} ${fieldsJson(e)}`),
    ...parsed.errors.map((e) => `error ${e.line}:${e.column} ${e.reason}`),
    ...parsed.warnings.map((w) => `warning ${w.line}:${w.column} ${w.message}`),
  ];
}

/** Why a reader misbehaves on a text, or undefined. */
export function readerProblem(text: string, format: EventFormat): string | undefined {
  let parsed: ParsedEvents;
  try {
    parsed = parseEventText(text, format, 'input');
  } catch (e) {
    return `parseEventText threw: ${(e as Error).stack ?? String(e)}`;
  }
  const lines = lspLines(text.replace(/\r(?!\n)/g, ' ')); // the readers end lines at LF and CRLF only
  for (const e of parsed.errors) {
    if (e.code !== 'VPL-R008') return `error with code ${e.code}`;
    if (e.file !== 'input') return `error names file ${e.file}`;
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > lines.length)
      return `error line ${e.line} outside 1..${lines.length}`;
    const length = lines[e.line - 1]!.length;
    if (!Number.isInteger(e.column) || e.column < 1 || e.column > length + 1) {
      return `error ${e.line}:${e.column} column outside 1..${length + 1}: ${e.reason}`;
    }
    if (typeof e.reason !== 'string' || e.reason.length < 5) return `error without a reason at ${e.line}:${e.column}`;
  }
  for (const w of parsed.warnings) {
    if (w.code !== 'VPL-R006') return `warning with code ${w.code}`;
    if (w.line < 1 || w.line > lines.length || w.column < 1) return `warning position ${w.line}:${w.column}`;
  }
  for (const [i, ev] of parsed.events.entries()) {
    if (typeof ev.type !== 'string' || ev.type.length === 0) return `event ${i} without a type`;
    if (!Number.isSafeInteger(ev.timeMs)) return `event ${i} at ${ev.timeMs}: not an integral time`;
    try {
      fieldsJson(ev);
    } catch (e) {
      return `event ${i} cannot be rendered: ${(e as Error).message}`;
    }
  }
  return undefined;
}
