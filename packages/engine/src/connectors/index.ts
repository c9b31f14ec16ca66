/**
 * Event input and output (semantics §3, §16, §18): streaming `.evt` and JSON-lines readers, and the
 * JSON-lines, `.evt` and human-text writers.
 */

export { EvtReader } from './evt-reader.js';
export {
  type EventHandlers,
  formatInputError,
  INPUT_LIMITS,
  type InputError,
  type InputWarning,
} from './input-errors.js';
export { JsonEventParser, JsonInputError, truncateUtf8, utf8Length } from './json-event.js';
export { JsonlReader } from './jsonl-reader.js';
export { LineReader, type ReaderOptions } from './line-reader.js';
export {
  createEventReader,
  detectEventFormat,
  type EventFormat,
  type ParsedEvents,
  type PumpOptions,
  parseEventText,
  pumpStream,
  type ReadFileOptions,
  type ReadSummary,
  readEventFile,
} from './read-events.js';
export { formatEvtLine, formatJsonlLine, formatTextLine, LineBuffer } from './writers.js';
