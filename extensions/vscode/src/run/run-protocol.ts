/**
 * Messages between the extension and the sample-run process (dist/runner.cjs, forked per run). Plain data only:
 * the extension never loads the engine itself.
 */

/** What the extension asks the runner to do. */
export interface RunRequest {
  /** Absolute path of the (saved) program file. */
  programPath: string;
  /** Absolute path of the sample input (`.evt`, `.jsonl` or `.ndjson`). */
  inputPath: string;
  /** The most input events to read. */
  maxEvents: number;
  /** The most emitted events kept per stream (the counts stay complete). */
  maxRowsPerStream: number;
  /** Engine limits; absent ones keep the engine's defaults. */
  limits: { maxLoopIterations?: number; maxDistinctKeys?: number; maxJoinBuffer?: number };
  /** A VPL duration literal (`30s`) overriding the program's allowed lateness. */
  allowedLateness?: string;
}

/** Where a problem comes from. */
export type RunProblemKind = 'load' | 'compile' | 'runtime' | 'input';

/** A problem of the run, with the 1-based position it points at. */
export interface RunProblem {
  kind: RunProblemKind;
  severity: 'error' | 'warning' | 'notice' | 'info';
  code: string;
  message: string;
  /** Absolute path of the file the position is in (the program or the input). */
  file: string;
  /** 1-based; 0 when the problem has no position. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Runtime problems: the stream that reported it. */
  stream?: string | null;
  /** Runtime problems: the 1-based input event being processed when it was first reported. */
  eventNumber?: number | null;
  /** How many times the same (code, position) was reported. */
  count: number;
}

/** One emitted event: its stream, event time and fields (values as JSON text, in field order). */
export interface EmittedEvent {
  stream: string;
  /** Event time, epoch milliseconds. */
  timestamp: number;
  fields: [name: string, json: string][];
}

/** A `.print`/`.log` line. */
export interface RunLogLine {
  stream: string;
  level: string;
  text: string;
}

/** What the runner sends back. */
export interface RunResponse {
  /** False when the program did not load or compile (no event was processed). */
  ok: boolean;
  programPath: string;
  inputPath: string;
  /** Input events processed by the engine. */
  eventsRead: number;
  /** True when reading stopped at `maxEvents`. */
  truncatedInput: boolean;
  /** Emitted events in emission order, at most `maxRowsPerStream` per stream. */
  emitted: EmittedEvent[];
  /** Complete emission counts per stream, in the order streams first emitted. */
  emittedByStream: Record<string, number>;
  /** Streams declared by the program (so streams that emitted nothing are listed too), in declaration order. */
  declaredStreams: string[];
  problems: RunProblem[];
  logs: RunLogLine[];
  /** Records each connector sink would have sent (nothing is sent in a sample run). */
  sinkRecords: Record<string, number>;
  lateEvents: number;
  /** Wall-clock milliseconds of the run. */
  elapsedMs: number;
}

/** The runner's reply when it fails unexpectedly (a bug, not a problem of the program). */
export interface RunFailure {
  failure: string;
}
