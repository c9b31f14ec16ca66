/**
 * Shapes a sample run's {@link RunResponse} into what the results view shows: a summary, one table per stream
 * (columns = the union of the emitted field names, in first-seen order; one row per emitted event with its event
 * time) and the problems. Pure functions, tested without VS Code.
 */
import type { RunProblem, RunResponse } from './run-protocol.js';

export interface StreamTable {
  name: string;
  /** Every event the stream emitted. */
  count: number;
  /** Rows listed (at most the per-stream row limit). */
  rows: StreamRow[];
  columns: string[];
  /** Event time of the first and last listed rows, ISO-8601. */
  firstTime?: string;
  lastTime?: string;
}

export interface StreamRow {
  timestamp: number;
  /** ISO-8601 event time, or the raw milliseconds when not a valid date. */
  time: string;
  /** One cell per column; `undefined` when the event has no such field. */
  cells: (string | undefined)[];
}

export interface ResultsSummary {
  eventsRead: number;
  emitted: number;
  streamsEmitting: number;
  streamsDeclared: number;
  errors: number;
  warnings: number;
  lateEvents: number;
  elapsedMs: number;
  truncatedInput: boolean;
  sinkRecords: [connector: string, records: number][];
}

export interface ResultsModel {
  ok: boolean;
  programPath: string;
  inputPath: string;
  summary: ResultsSummary;
  streams: StreamTable[];
  problems: RunProblem[];
  logs: RunResponse['logs'];
}

/** An event time as ISO-8601 (UTC); epoch milliseconds outside the Date range are shown as numbers. */
export function formatEventTime(ms: number): string {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : String(ms);
}

/**
 * A JSON value as a table cell: strings without their quotes (so `"ACME"` reads ACME), everything else as written
 * (numbers keep `3.0` vs `3`, arrays and maps stay JSON).
 */
export function formatCell(json: string): string {
  if (json.length >= 2 && json.startsWith('"') && json.endsWith('"')) {
    try {
      const value: unknown = JSON.parse(json);
      if (typeof value === 'string') return value;
    } catch {
      // not plain JSON: show as is
    }
  }
  return json;
}

export function buildResultsModel(response: RunResponse): ResultsModel {
  const tables = new Map<string, StreamTable>();
  const columnIndex = new Map<string, Map<string, number>>();
  const table = (name: string): StreamTable => {
    let t = tables.get(name);
    if (!t) {
      t = { name, count: response.emittedByStream[name] ?? 0, rows: [], columns: [] };
      tables.set(name, t);
      columnIndex.set(name, new Map());
    }
    return t;
  };
  // Streams in the order they first emitted, then declared streams that emitted nothing.
  for (const name of Object.keys(response.emittedByStream)) table(name);
  for (const event of response.emitted) {
    const t = table(event.stream);
    const index = columnIndex.get(event.stream)!;
    const cells: (string | undefined)[] = [];
    for (const [name, json] of event.fields) {
      let i = index.get(name);
      if (i === undefined) {
        i = t.columns.length;
        index.set(name, i);
        t.columns.push(name);
      }
      cells[i] = formatCell(json);
    }
    t.rows.push({ timestamp: event.timestamp, time: formatEventTime(event.timestamp), cells });
  }
  if (response.ok) for (const name of response.declaredStreams) table(name);
  const streams = [...tables.values()];
  for (const t of streams) {
    // Rows emitted before a column first appeared get explicit holes up to the final width.
    for (const row of t.rows) row.cells.length = t.columns.length;
    t.count = Math.max(t.count, t.rows.length);
    if (t.rows.length > 0) {
      t.firstTime = t.rows[0]!.time;
      t.lastTime = t.rows[t.rows.length - 1]!.time;
    }
  }
  const errors = response.problems.filter((p) => p.severity === 'error').length;
  const warnings = response.problems.filter((p) => p.severity === 'warning').length;
  return {
    ok: response.ok,
    programPath: response.programPath,
    inputPath: response.inputPath,
    summary: {
      eventsRead: response.eventsRead,
      emitted: Object.values(response.emittedByStream).reduce((a, b) => a + b, 0),
      streamsEmitting: Object.values(response.emittedByStream).filter((n) => n > 0).length,
      streamsDeclared: response.declaredStreams.length,
      errors,
      warnings,
      lateEvents: response.lateEvents,
      elapsedMs: response.elapsedMs,
      truncatedInput: response.truncatedInput,
      sinkRecords: Object.entries(response.sinkRecords),
    },
    streams,
    problems: response.problems,
    logs: response.logs,
  };
}

/** A one-line summary for notifications and the status bar. */
export function summaryLine(model: ResultsModel): string {
  const s = model.summary;
  if (!model.ok) {
    return `The program did not run: ${s.errors} error${s.errors === 1 ? '' : 's'}.`;
  }
  const parts = [
    `${s.eventsRead} event${s.eventsRead === 1 ? '' : 's'} in`,
    `${s.emitted} emitted by ${s.streamsEmitting} stream${s.streamsEmitting === 1 ? '' : 's'}`,
  ];
  let line = parts.join(', ');
  if (s.errors + s.warnings > 0)
    line += `, ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`;
  return `${line} (${s.elapsedMs} ms)`;
}
