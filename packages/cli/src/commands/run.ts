import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import {
  CheckpointError,
  createEngine,
  createEventReader,
  detectEventFormat,
  type EngineDiagnostic,
  EngineLoadError,
  type EventFormat,
  type EventHandlers,
  type EventRecord,
  formatInputError,
  formatJsonlLine,
  formatTextLine,
  LineBuffer,
  type LineReader,
  pumpStream,
  readEventFile,
  type SinkRecord,
  toJson,
} from '@varpulis/engine/runtime';
import { ExitCode } from '../exit-codes.js';
import { type CommandOutput, type OutputFlow, processOutput } from '../output.js';
import { Progress } from '../progress.js';
import { durationOptionMs } from './duration-option.js';
import { programPlan, SourceLocator } from './program-plan.js';

/** Options of `varpulis run` (semantics §18.3). */
export interface RunOptions {
  /** the program file */
  program: string;
  /** the events; standard input when absent */
  input?: string;
  inputFormat?: EventFormat;
  output?: 'jsonl' | 'text';
  /** write a checkpoint at the end of input instead of running the end-of-input step */
  checkpointOut?: string;
  /** restore a checkpoint before reading the input */
  restore?: string;
  /** a VPL duration literal (`30s`) overriding the program's allowed lateness */
  allowedLateness?: string;
  /** the input error budget (default 0) */
  maxInputErrors?: number;
  maxLoopIterations?: number;
  noConnectors?: boolean;
  quiet?: boolean;
  /** use the plan cache (docs/cli.md, "Plan cache"); the command line turns it on unless `--no-cache` */
  cache?: boolean;
  /** the toolchain's cache directory (default: `$VARPULIS_CACHE_DIR`, `$XDG_CACHE_HOME/varpulis`, `~/.cache/varpulis`) */
  cacheDir?: string;
  /** where events come from when `input` is absent (default: process.stdin) */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** How many occurrences of one (code, location) pair are printed in full (semantics §17). */
const PRINTED_PER_LOCATION = 10;

/**
 * `varpulis run PROGRAM --input EVENTS`: loads the program (exit 1 on any load error), processes the events
 * in event time, runs the end-of-input step (or writes a checkpoint instead) and prints the emitted events.
 * Exit 0 on success, 1 for a program/load/checkpoint error, 2 for a usage error, 3 for an input error.
 */
export async function runCommand(options: RunOptions, output: CommandOutput = processOutput): Promise<ExitCode> {
  const format = options.output ?? 'text';
  const jsonl = format === 'jsonl';
  // ---- usage ----
  let latenessMs: number | undefined;
  if (options.allowedLateness !== undefined) {
    const text = options.allowedLateness.trim();
    latenessMs = durationOptionMs(text);
    if (latenessMs === undefined) {
      output.err(
        `varpulis run: --allowed-lateness needs a duration in whole milliseconds such as 30s, not '${text}'\n`,
      );
      return ExitCode.UsageError;
    }
  }
  const budget = options.maxInputErrors ?? 0;
  if (!Number.isInteger(budget) || budget < 0) {
    output.err('varpulis run: --max-input-errors needs a non-negative integer\n');
    return ExitCode.UsageError;
  }
  if (
    options.maxLoopIterations !== undefined &&
    (!Number.isInteger(options.maxLoopIterations) || options.maxLoopIterations < 1)
  ) {
    output.err('varpulis run: --max-loop-iterations needs a positive integer\n');
    return ExitCode.UsageError;
  }

  // ---- load the program (from the plan cache when it is unchanged) ----
  const programPath = options.program;
  const locate = new SourceLocator(programPath);
  const plan = await programPlan(
    { program: programPath, cache: options.cache ?? false, cacheDir: options.cacheDir, quiet: options.quiet },
    output,
  );
  if (plan === undefined) return ExitCode.ProgramError;

  // ---- outputs ----
  const stdout = new LineBuffer((text) => output.out(text));
  const stderrLine = (line: string) => {
    if (jsonl) {
      output.err(`${line}\n`);
    } else {
      stdout.flush();
      output.err(`${line}\n`);
    }
  };
  /** Occurrences per (code, location), in first-seen order, for the printing cap and the end-of-run summary. */
  const occurrences = new Map<string, { code: string; message: string; at: string; count: number }>();
  const diagnosticLine = (d: EngineDiagnostic) => {
    const key = `${d.code}@${d.span.file ?? ''}:${d.span.line}:${d.span.column}`;
    let seen = occurrences.get(key);
    if (seen === undefined) {
      seen = { code: d.code, message: d.message.replace(/\.$/, ''), at: locate.at(d.span), count: 0 };
      occurrences.set(key, seen);
    }
    const n = ++seen.count;
    if (n > PRINTED_PER_LOCATION || (options.quiet && d.severity === 'notice')) return;
    const where = `(stream ${d.stream ?? '-'}, input event ${d.eventNumber ?? '-'})`;
    stderrLine(`${locate.at(d.span)}: ${d.severity} [${d.code}] ${d.message} ${where}`);
  };
  const sinkRecord = (s: SinkRecord) => {
    if (s.connectorKind === 'file') {
      const path = typeof s.params.path === 'string' ? s.params.path : fileSinkPath(plan, s.connector);
      try {
        appendFileSync(path, `${flatJson(s.record)}\n`);
      } catch (error) {
        diagnosticLine({
          code: 'VPL-R007',
          severity: 'warning',
          message: `The file sink '${s.connector}' cannot write ${path}: ${(error as Error).message}`,
          span: { line: 0, column: 0, endLine: 0, endColumn: 0 },
          stream: s.stream,
          eventNumber: null,
        });
      }
    } else if (s.connectorKind === 'console') {
      const line = formatTextLine(s.stream, s.record);
      if (jsonl) output.err(`${line}\n`);
      else stdout.push(line);
    }
    // network kinds: counted by the engine, never sent in replay (ruling R9)
  };

  let engine: ReturnType<typeof createEngine>;
  try {
    engine = createEngine(plan, {
      allowedLatenessMs: latenessMs,
      limits: options.maxLoopIterations === undefined ? {} : { maxLoopIterations: options.maxLoopIterations },
      sinks: {
        emit: (e) => stdout.push(jsonl ? formatJsonlLine(e.stream, e.record) : formatTextLine(e.stream, e.record)),
        diagnostic: diagnosticLine,
        log: (l) => {
          if (jsonl) output.err(`${l.text}\n`);
          else if (l.kind === 'print') stdout.push(l.text);
          else stderrLine(`[${l.level.toUpperCase()}] ${l.stream}: ${l.text}`);
        },
        sink: sinkRecord,
      },
    });
  } catch (error) {
    if (error instanceof EngineLoadError) {
      for (const e of error.errors) output.err(`${locate.at(e.span)}: error [${e.code}] ${e.message}\n`);
      return ExitCode.ProgramError;
    }
    throw error;
  }

  if (options.restore !== undefined) {
    try {
      engine.restore(JSON.parse(readFileSync(options.restore, 'utf8')));
    } catch (error) {
      const message =
        error instanceof CheckpointError ? error.message : `Cannot read the checkpoint: ${(error as Error).message}`;
      output.err(`${options.restore}:0:0: error [VPL-R009] ${message}\n`);
      return ExitCode.ProgramError;
    }
  }

  // ---- input ----
  let inputErrors = 0;
  let reader: LineReader | undefined;
  let eventsRead = 0;
  const progress =
    output.interactive && !options.quiet ? new Progress(output, `reading ${options.input ?? '<stdin>'}`) : undefined;
  const handlers: EventHandlers = {
    event: progress
      ? (record: EventRecord) => {
          engine.push(record);
          progress.update(++eventsRead);
        }
      : (record: EventRecord) => engine.push(record),
    error: (e) => {
      inputErrors++;
      stderrLine(formatInputError(e));
      if (inputErrors > budget) reader?.stop();
    },
    warning: (w) => {
      if (!options.quiet) stderrLine(`${w.file}:${w.line}:${w.column}: warning [${w.code}] ${w.message}`);
    },
  };
  // Back-pressure (docs/limits.md, "Output"): a write that fills stdout or stderr suspends the reader after the
  // current line; it goes on once they have drained. Reading stops when stdout's reader has gone away.
  const flow = output.flow?.();
  let ready: (() => Promise<void> | undefined) | undefined;
  if (flow !== undefined) {
    flow.onFull = () => reader?.suspend();
    const stopIfClosed = () => {
      if (flow.closed) reader?.stop();
    };
    ready = () => {
      const wait = flow.ready();
      if (wait === undefined) {
        stopIfClosed();
        return undefined;
      }
      return wait.then(stopIfClosed);
    };
  }
  try {
    if (options.input !== undefined) {
      await readEventFile(options.input, handlers, {
        format: options.inputFormat ?? detectEventFormat(options.input),
        onReader: (r) => {
          reader = r;
        },
        ready,
      });
    } else {
      reader = createEventReader(options.inputFormat ?? 'evt', handlers, '<stdin>');
      await pumpStream(options.stdin ?? process.stdin, reader, { ready });
    }
  } catch (error) {
    stdout.flush();
    output.err(
      `${options.input ?? '<stdin>'}:0:0: error [VPL-R008] Cannot read the input: ${(error as Error).message}\n`,
    );
    return ExitCode.InputError;
  }
  progress?.done();
  if (flow?.closed) return outputClosed(flow, output);
  if (inputErrors > budget) {
    stdout.flush();
    output.err(`varpulis run: ${inputErrors} input errors exceed the budget of ${budget} (--max-input-errors)\n`);
    return ExitCode.InputError;
  }

  // ---- end of input, or checkpoint ----
  if (options.checkpointOut !== undefined) {
    try {
      writeFileSync(options.checkpointOut, JSON.stringify(engine.checkpoint()));
    } catch (error) {
      stdout.flush();
      output.err(
        `${options.checkpointOut}:0:0: error [VPL-R009] Cannot write the checkpoint: ${(error as Error).message}\n`,
      );
      return ExitCode.ProgramError;
    }
  } else {
    engine.end();
  }
  stdout.flush();
  if (flow !== undefined) {
    await flow.flushed();
    if (flow.closed) return outputClosed(flow, output);
  }

  if (!options.quiet) {
    const c = engine.getCounters();
    const lines = [`events: ${c.eventsProcessed} read, ${c.eventsEmitted} emitted`];
    for (const [stream, n] of Object.entries(c.emittedByStream)) lines.push(`  ${stream}: ${n}`);
    if (c.lateEvents > 0) lines.push(`late events: ${c.lateEvents}`);
    // one line per (code, location), as in semantics §17: `VPL-R002 Division by zero at rules.vpl:12:18: 41 times`
    for (const o of occurrences.values())
      if (o.code !== 'VPL-R010')
        lines.push(`${o.code} ${o.message} at ${o.at}: ${o.count} ${o.count === 1 ? 'time' : 'times'}`);
    for (const [connector, n] of Object.entries(c.sinkRecords)) lines.push(`sink ${connector}: ${n} records`);
    if (inputErrors > 0) lines.push(`input errors: ${inputErrors}`);
    output.err(`${lines.join('\n')}\n`);
  }
  return ExitCode.Success;
}

/** Stdout's reader went away (EPIPE: quietly) or stdout failed (one line): the run stopped early. */
function outputClosed(flow: OutputFlow, output: CommandOutput): ExitCode {
  if (flow.failure !== undefined) output.err(`varpulis run: cannot write the output: ${flow.failure.message}\n`);
  return ExitCode.OutputClosed;
}

function fileSinkPath(
  plan: { connectors: readonly { name: string; params: Readonly<Record<string, unknown>> }[] },
  name: string,
): string {
  const c = plan.connectors.find((x) => x.name === name);
  const path = c?.params.path;
  return typeof path === 'string' ? path : `${name}.jsonl`;
}

/** The flat JSON shape of the file sink (semantics §8.13): event_type, ISO timestamp, then the fields. */
function flatJson(record: EventRecord): string {
  let s = `{"event_type":${JSON.stringify(record.type)},"timestamp":"${new Date(record.timeMs).toISOString()}"`;
  const names = record.fieldNames;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    // a data field named timestamp or event_type would collide with the envelope
    if (n === 'timestamp' || n === 'event_type') continue;
    s += `,${JSON.stringify(n)}:${toJson(record.values[i]!)}`;
  }
  return `${s}}`;
}
