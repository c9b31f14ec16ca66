/**
 * Runs a VPL program on a sample input with the engine, in event time, the way `varpulis run` does: the program and
 * its imports are loaded and checked, compiled, and fed the input; the end-of-input step runs at the end. Everything
 * the run produces is collected as plain data ({@link RunResponse}) for the results view.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  createEngine,
  detectEventFormat,
  type EngineDiagnostic,
  EngineLoadError,
  type LineReader,
  loadProgram,
  readEventFile,
  type SourceSpan,
  toJson,
} from '@varpulis/engine';
import { durationLiteralToNanos } from '@varpulis/language';
import type { EmittedEvent, RunLogLine, RunProblem, RunRequest, RunResponse } from '../run/run-protocol.js';

/** Problems kept per (code, position); further ones only count. */
const MAX_PROBLEMS = 200;
/** Print/log lines kept. */
const MAX_LOG_LINES = 500;

export async function runProgram(request: RunRequest): Promise<RunResponse> {
  const started = performance.now();
  const response: RunResponse = {
    ok: false,
    programPath: request.programPath,
    inputPath: request.inputPath,
    eventsRead: 0,
    truncatedInput: false,
    emitted: [],
    emittedByStream: {},
    declaredStreams: [],
    problems: [],
    logs: [],
    sinkRecords: {},
    lateEvents: 0,
    elapsedMs: 0,
  };
  const problems = new ProblemCollector(response.problems);
  const done = () => {
    response.elapsedMs = Math.round(performance.now() - started);
    return response;
  };

  // ---- load, check and compile the program and its imports (the engine's loader, as `varpulis run`) ----
  const entryPath = resolve(request.programPath);
  const loaded = await loadProgram(entryPath, { readFile: (path) => readFile(path, 'utf8') });
  for (const p of loaded.problems) {
    if (p.severity !== 'error') continue;
    problems.add({
      kind: p.stage === 'check' ? 'load' : 'compile',
      severity: 'error',
      code: p.code,
      message: p.message,
      file: p.file === entryPath ? request.programPath : p.file,
      ...position(p.span),
    });
  }
  if (!loaded.ok || loaded.plan === undefined) return done();
  const plan = loaded.plan;
  response.declaredStreams = plan.streams.map((s) => s.name);
  /** The file of a plan span: an imported file's own path, else the program's. */
  const fileOf = (span: SourceSpan) => span.file ?? request.programPath;

  let latenessMs: number | undefined;
  if (request.allowedLateness) {
    const text = request.allowedLateness.trim();
    const ns = /^[0-9]+$/.test(text) ? BigInt(text) * 1_000_000n : durationLiteralToNanos(text);
    if (ns !== undefined && ns % 1_000_000n === 0n) latenessMs = Number(ns / 1_000_000n);
  }

  // ---- run ----
  const keptPerStream = new Map<string, number>();
  const logs: RunLogLine[] = response.logs;
  let engine: ReturnType<typeof createEngine>;
  try {
    engine = createEngine(plan, {
      ...(latenessMs === undefined ? {} : { allowedLatenessMs: latenessMs }),
      limits: request.limits,
      sinks: {
        emit: (e) => {
          const kept = keptPerStream.get(e.stream) ?? 0;
          if (kept >= request.maxRowsPerStream) return;
          keptPerStream.set(e.stream, kept + 1);
          const names = e.record.shape.names;
          const fields: EmittedEvent['fields'] = [];
          for (let i = 0; i < names.length; i++) fields.push([names[i]!, toJson(e.record.values[i]!)]);
          response.emitted.push({ stream: e.stream, timestamp: e.timestamp, fields });
        },
        diagnostic: (d: EngineDiagnostic) =>
          problems.add({
            kind: 'runtime',
            severity: d.severity,
            code: d.code,
            message: d.message,
            file: fileOf(d.span),
            ...position(d.span),
            stream: d.stream,
            eventNumber: d.eventNumber,
          }),
        log: (line) => {
          if (logs.length < MAX_LOG_LINES) logs.push({ stream: line.stream, level: line.level, text: line.text });
        },
      },
    });
  } catch (error) {
    if (error instanceof EngineLoadError) {
      for (const e of error.errors) {
        problems.add({
          kind: 'compile',
          severity: 'error',
          code: e.code,
          message: e.message,
          file: fileOf(e.span),
          ...position(e.span),
        });
      }
      return done();
    }
    throw error;
  }

  let reader: LineReader | undefined;
  let pushed = 0;
  try {
    await readEventFile(
      request.inputPath,
      {
        event: (record) => {
          if (pushed >= request.maxEvents) {
            response.truncatedInput = true;
            reader?.stop();
            return;
          }
          pushed++;
          engine.push(record);
        },
        error: (e) =>
          problems.add({
            kind: 'input',
            severity: 'error',
            code: e.code,
            message: e.reason,
            file: e.file,
            line: e.line,
            column: e.column,
          }),
        warning: (w) =>
          problems.add({
            kind: 'input',
            severity: 'warning',
            code: w.code,
            message: w.message,
            file: w.file,
            line: w.line,
            column: w.column,
          }),
      },
      {
        format: detectEventFormat(request.inputPath),
        onReader: (r) => {
          reader = r;
        },
      },
    );
  } catch (error) {
    problems.add({
      kind: 'input',
      severity: 'error',
      code: 'VPL-R008',
      message: `Cannot read the input: ${(error as Error).message}`,
      file: request.inputPath,
      line: 0,
      column: 0,
    });
  }
  engine.end();

  const counters = engine.getCounters();
  response.ok = true;
  response.eventsRead = counters.eventsProcessed;
  response.emittedByStream = counters.emittedByStream;
  response.sinkRecords = counters.sinkRecords;
  response.lateEvents = counters.lateEvents;
  return done();
}

function position(span: { line: number; column: number; endLine: number; endColumn: number }) {
  return { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

/** Collects problems, merging repeats of one code at one position into a count. */
class ProblemCollector {
  private readonly byKey = new Map<string, RunProblem>();

  constructor(private readonly target: RunProblem[]) {}

  add(problem: Omit<RunProblem, 'count'>): void {
    const key = `${problem.kind}|${problem.code}|${problem.file}|${problem.line}:${problem.column}`;
    const known = this.byKey.get(key);
    if (known) {
      known.count++;
      return;
    }
    if (this.target.length >= MAX_PROBLEMS) return;
    const entry: RunProblem = { ...problem, count: 1 };
    this.byKey.set(key, entry);
    this.target.push(entry);
  }
}
