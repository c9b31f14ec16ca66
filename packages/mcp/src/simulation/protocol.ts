import type { EventFormat } from './event-reading.js';

/** Limits and options of one simulation, sent to the worker. */
export interface SimulationOptions {
  readonly maxEvents: number;
  readonly wallMs: number;
  readonly maxOutputEvents: number;
  readonly maxOutputBytes: number;
  readonly maxRuntimeErrors: number;
  readonly maxLogLines: number;
  readonly progressEvery: number;
  /** only return the emitted events of these streams (counts cover every stream) */
  readonly streams?: readonly string[];
  readonly engineLimits: { maxSteps: number; maxLoopIterations: number; maxRecursionDepth: number };
  readonly allowedLatenessMs?: number;
}

/** A simulation request. */
export interface SimulationRequest {
  readonly program: string;
  readonly eventsText: string;
  readonly format: EventFormat;
  /** the name used for the input in messages */
  readonly inputName: string;
  readonly options: SimulationOptions;
}

export interface EmittedEventJson {
  stream: string;
  timestamp: number;
  data: Record<string, unknown>;
}

export interface RuntimeErrorJson {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  stream: string | null;
  eventNumber: number | null;
}

export interface CompileErrorJson {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What a simulation produced. */
export interface SimulationResult {
  /**
   * `completed`: every event read and the end-of-input step run; `stopped`: the wall-clock budget or a cancellation
   * stopped it between two events (results so far are returned); `killed`: it did not stop by itself and its worker
   * was terminated; `compile-error` / `load-error`: the program did not load.
   */
  status: 'completed' | 'stopped' | 'killed' | 'compile-error' | 'load-error';
  stopReason?: 'wall-time' | 'cancelled';
  compileErrors: CompileErrorJson[];
  eventsRead: number;
  eventsProcessed: number;
  /** events skipped because of the maxSimulationEvents limit */
  eventsSkipped: number;
  inputErrors: { line: number; column: number; reason: string }[];
  emitted: EmittedEventJson[];
  emittedTotal: number;
  emittedByStream: Record<string, number>;
  /** true when `emitted` was cut (count or size limit) */
  truncatedOutput: boolean;
  lateEvents: number;
  /** records dropped by engine resource limits (VPL-R006) and derived records dropped as late (VPL-R011) */
  droppedRecords: number;
  runtimeErrors: RuntimeErrorJson[];
  runtimeErrorsByCode: Record<string, number>;
  logs: { kind: string; level: string; stream: string; text: string }[];
  sinkRecords: Record<string, number>;
  watermark: number | null;
  elapsedMs: number;
}

export type WorkerMessage =
  | { readonly id: number; readonly type: 'progress'; readonly processed: number; readonly total: number }
  | { readonly id: number; readonly type: 'result'; readonly result: SimulationResult }
  | { readonly id: number; readonly type: 'failure'; readonly message: string };

export interface WorkerRequest {
  readonly id: number;
  readonly request: SimulationRequest;
  /** Int32Array over a SharedArrayBuffer: set to 1 to cancel between events */
  readonly cancel: SharedArrayBuffer;
}
