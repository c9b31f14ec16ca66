/**
 * The JSON-lines reader (semantics §3.2, §3.3): one JSON event per line, blank lines ignored. An event
 * without a `timestamp` member takes the event time of the previous event (0 for the first), so untimed
 * lines never become late.
 */

import type { EventHandlers } from './input-errors.js';
import { JsonEventParser, JsonInputError } from './json-event.js';
import { LineReader, type ReaderOptions } from './line-reader.js';

export class JsonlReader extends LineReader {
  private previousTime = 0;
  private readonly json: JsonEventParser;
  private lineStart = 0;
  private currentLine = 0;
  private readonly onLimit = (index: number, message: string): void => {
    this.reportWarning(this.currentLine, index - this.lineStart + 1, message);
  };

  constructor(handlers: EventHandlers, options: ReaderOptions = {}) {
    super(handlers, options);
    this.json = new JsonEventParser(options.lineTemplates ?? true);
  }

  protected parseLine(text: string, start: number, end: number, line: number): void {
    let s = start;
    while (s < end) {
      const c = text.charCodeAt(s);
      if (c !== 32 && c !== 9 && c !== 13) break;
      s++;
    }
    if (s === end) return;
    this.lineStart = start;
    this.currentLine = line;
    try {
      const r = this.json.parseEvent(text, s, end, this.previousTime, this.onLimit);
      this.previousTime = r.timeMs;
      this.deliver(r, line);
    } catch (err) {
      if (!(err instanceof JsonInputError)) throw err;
      this.reportError(line, err.index - start + 1, err.reason);
    }
  }
}
