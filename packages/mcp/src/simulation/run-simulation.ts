import { createEngine, EngineLoadError, renderJsonlLine } from '@varpulis/engine';
import { compileProgram } from './compile-program.js';
import { readEventText } from './event-reading.js';
import type { SimulationRequest, SimulationResult } from './protocol.js';

/** Hooks of a running simulation: progress reports and the cancellation check. */
export interface SimulationHooks {
  progress(processed: number, total: number): void;
  cancelled(): boolean;
}

/**
 * Compiles a program and runs it over events in virtual (event) time, collecting what it emits. Runs synchronously
 * between awaits; the wall-clock budget and cancellation are checked between input events. Meant to run in the
 * simulation worker (see simulation-worker.ts), which the server can terminate if one evaluation never returns.
 */
export async function runSimulation(request: SimulationRequest, hooks: SimulationHooks): Promise<SimulationResult> {
  const started = performance.now();
  const { options } = request;
  const result: SimulationResult = {
    status: 'completed',
    compileErrors: [],
    eventsRead: 0,
    eventsProcessed: 0,
    eventsSkipped: 0,
    inputErrors: [],
    emitted: [],
    emittedTotal: 0,
    emittedByStream: {},
    truncatedOutput: false,
    lateEvents: 0,
    droppedRecords: 0,
    runtimeErrors: [],
    runtimeErrorsByCode: {},
    logs: [],
    sinkRecords: {},
    watermark: null,
    elapsedMs: 0,
  };
  const compiled = await compileProgram(request.program);
  if (!compiled.ok || compiled.plan === undefined) {
    result.status = 'compile-error';
    result.compileErrors = compiled.errors
      .filter((e) => e.severity === 'error')
      .map((e) => ({
        code: e.code,
        severity: e.severity,
        message: e.message,
        line: e.span.line,
        column: e.span.column,
        endLine: e.span.endLine,
        endColumn: e.span.endColumn,
      }));
    result.elapsedMs = Math.round(performance.now() - started);
    return result;
  }
  const read = await readEventText(request.eventsText, request.format, request.inputName);
  result.eventsRead = read.events.length;
  result.inputErrors = read.errors
    .slice(0, options.maxRuntimeErrors)
    .map((e) => ({ line: e.line, column: e.column, reason: e.reason }));
  const wanted = options.streams && options.streams.length > 0 ? new Set(options.streams) : undefined;
  let outputBytes = 0;
  let engine: ReturnType<typeof createEngine>;
  try {
    engine = createEngine(compiled.plan, {
      limits: options.engineLimits,
      ...(options.allowedLatenessMs !== undefined ? { allowedLatenessMs: options.allowedLatenessMs } : {}),
      sinks: {
        emit: (event) => {
          result.emittedTotal++;
          if (wanted && !wanted.has(event.stream)) return;
          if (result.truncatedOutput) return;
          const line = renderJsonlLine(event.stream, event.timestamp, event.record);
          if (result.emitted.length >= options.maxOutputEvents || outputBytes + line.length > options.maxOutputBytes) {
            result.truncatedOutput = true;
            return;
          }
          outputBytes += line.length;
          result.emitted.push(JSON.parse(line));
        },
        diagnostic: (d) => {
          result.runtimeErrorsByCode[d.code] = (result.runtimeErrorsByCode[d.code] ?? 0) + 1;
          if (d.code === 'VPL-R006' || d.code === 'VPL-R011') result.droppedRecords++;
          if (d.code === 'VPL-R010') return; // late events are counted separately
          if (result.runtimeErrors.length < options.maxRuntimeErrors) {
            result.runtimeErrors.push({
              code: d.code,
              severity: d.severity,
              message: d.message,
              line: d.span.line,
              column: d.span.column,
              stream: d.stream,
              eventNumber: d.eventNumber,
            });
          }
        },
        log: (l) => {
          if (result.logs.length < options.maxLogLines)
            result.logs.push({ kind: l.kind, level: l.level, stream: l.stream, text: l.text });
        },
      },
    });
  } catch (e) {
    if (e instanceof EngineLoadError) {
      result.status = 'load-error';
      result.compileErrors = e.errors.map((x) => ({
        code: x.code,
        severity: 'error',
        message: x.message,
        line: x.span.line,
        column: x.span.column,
        endLine: x.span.endLine,
        endColumn: x.span.endColumn,
      }));
      result.elapsedMs = Math.round(performance.now() - started);
      return result;
    }
    throw e;
  }
  const total = Math.min(read.events.length, options.maxEvents);
  result.eventsSkipped = read.events.length - total;
  const deadline = started + options.wallMs;
  let lastProgress = performance.now();
  for (let i = 0; i < total; i++) {
    if (hooks.cancelled()) {
      result.status = 'stopped';
      result.stopReason = 'cancelled';
      break;
    }
    if (performance.now() > deadline) {
      result.status = 'stopped';
      result.stopReason = 'wall-time';
      break;
    }
    engine.push(read.events[i]!);
    result.eventsProcessed++;
    if (result.eventsProcessed % options.progressEvery === 0 || performance.now() - lastProgress > 250) {
      lastProgress = performance.now();
      hooks.progress(result.eventsProcessed, total);
    }
  }
  if (result.status === 'completed') engine.end();
  const counters = engine.getCounters();
  result.emittedByStream = { ...counters.emittedByStream };
  result.lateEvents = counters.lateEvents;
  result.sinkRecords = { ...counters.sinkRecords };
  result.watermark = Number.isFinite(engine.currentWatermark) ? engine.currentWatermark : null;
  result.elapsedMs = Math.round(performance.now() - started);
  return result;
}
