/**
 * The engine: loads a program plan and runs it over input events in deterministic event time.
 *
 * Processing one input event (semantics §4.3): lateness check, clock step (which may run the watermark
 * step of §4.4, visiting streams in dependency order, S28), then breadth-first routing of the event and of
 * every stream output it causes (§6.2). End of input moves the watermark to +∞ and discards what still waits
 * for events (§4.5). `checkpoint()` captures the complete state as JSON; `restore()` continues from it (§15).
 */

import type { ConnectorPlan, ProgramPlan } from '../plan/plan.js';
import type { SourceSpan } from '../plan/source-span.js';
import type { Clock } from './clock.js';
import { ManualClock } from './clock.js';
import type { EmittedEvent, EngineDiagnostic, EngineSinks, LogLine } from './core.js';
import type { ExpressionCompiler } from './expr.js';
import { DEFAULT_LIMITS, EvalContext, type EvalLimits } from './expressions/context.js';
import { type RuntimeCode, RuntimeCodes, type RuntimeDiagnostic, severityOf } from './expressions/diagnostics.js';
import { createExpressionRuntime } from './expressions/runtime.js';
import { DISTINCT_KEY_LIMIT } from './operators/distinct.js';
import { JOIN_BUFFER_LIMIT } from './operators/join.js';
import { DEFAULT_MATCHER_LIMITS, type MatcherLimits } from './patterns/matcher.js';
import { decodeTime, decodeValue, encodeTime, encodeValue, type Json } from './state-codec.js';
import { type StreamEngine, StreamRuntime, UnsupportedOperation } from './stream-runtime.js';
import { EventRecord } from './values/record.js';
import type { Value } from './values/value.js';

/** Format identifier and version of engine checkpoints. */
export const CHECKPOINT_FORMAT = 'varpulis-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** Resource limits and budgets (semantics §16); every one is optional. */
export interface EngineLimits extends EvalLimits, MatcherLimits {
  /** keys remembered by one `.distinct` (LRU) */
  readonly maxDistinctKeys: number;
  /** records buffered per join input */
  readonly maxJoinBuffer: number;
}

export const DEFAULT_ENGINE_LIMITS: EngineLimits = Object.freeze({
  ...DEFAULT_LIMITS,
  ...DEFAULT_MATCHER_LIMITS,
  maxDistinctKeys: DISTINCT_KEY_LIMIT,
  maxJoinBuffer: JOIN_BUFFER_LIMIT,
});

export interface EngineOptions {
  /** Wall clock for live mode (timer ticks, untimed live events). Default: a {@link ManualClock} at 0. */
  readonly clock?: Clock;
  /** Where emitted events, diagnostics, log lines and sink records go. */
  readonly sinks?: EngineSinks;
  readonly limits?: Partial<EngineLimits>;
  /** Overrides the program's allowed lateness (CLI `--allowed-lateness`), in ms. */
  readonly allowedLatenessMs?: number;
}

/** A problem that prevents a plan from being loaded (failing global initialiser, unsupported operation). */
export interface LoadError {
  readonly code: string;
  readonly message: string;
  readonly span: SourceSpan;
}

/** Thrown by {@link createEngine} when the plan cannot be loaded; lists every problem found. */
export class EngineLoadError extends Error {
  constructor(readonly errors: readonly LoadError[]) {
    super(errors.map((e) => `[${e.code}] ${e.message}`).join('\n'));
    this.name = 'EngineLoadError';
  }
}

/** Thrown by {@link Engine.restore} for an unusable checkpoint (VPL-R009: other program, version, damage). */
export class CheckpointError extends Error {
  readonly code = RuntimeCodes.checkpoint;
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** Thrown by the engine API for a misuse (assigning a constant, pushing after `end()`). */
export class EngineUsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineUsageError';
  }
}

/** Counters of a run (the CLI's end-of-run summary). */
export interface EngineCounters {
  eventsProcessed: number;
  eventsEmitted: number;
  /** late input events refused by at least one event-time operator */
  lateEvents: number;
  emittedByStream: Record<string, number>;
  diagnosticsByCode: Record<string, number>;
  /** records passed to each connector's sink */
  sinkRecords: Record<string, number>;
}

/** An input event for {@link Engine.push}: a record, or a plain description of one. */
export type InputEvent =
  | EventRecord
  | {
      readonly type: string;
      /** event time in integer milliseconds since the Unix epoch */
      readonly timestamp: number;
      readonly fields?: Readonly<Record<string, Value>> | Iterable<[string, Value]>;
    };

/**
 * A loaded program. Create it with {@link createEngine}; feed it with {@link push}, {@link advanceTo} and
 * {@link end}. Everything it produces goes to the sinks given in the options.
 */
export class Engine implements StreamEngine {
  readonly ctx: EvalContext;
  readonly compiler: ExpressionCompiler;
  readonly matcherLimits: MatcherLimits;
  readonly distinctLimit: number;
  readonly joinBufferLimit: number;
  readonly clock: Clock;
  currentStream: string | null = null;

  private readonly sinks: EngineSinks;
  private readonly streams: StreamRuntime[] = [];
  private readonly routes = new Map<string, StreamRuntime[]>();
  /** streams with watermark-driven operators, in the visiting order of §4.4 (S28) */
  private readonly timedStreams: StreamRuntime[] = [];
  private readonly connectors = new Map<string, ConnectorPlan>();
  private readonly globalSlots = new Map<string, { slot: number; mutable: boolean }>();
  private readonly lateness: number;

  private maxT = Number.NEGATIVE_INFINITY;
  private watermark = Number.NEGATIVE_INFINITY;
  /**
   * The lowest watermark at which some event-time operator may have work (`-∞` when an operator cannot tell):
   * watermark steps below it visit nobody (P9 of docs/performance.md).
   */
  private earliestDue = Number.NEGATIVE_INFINITY;
  /** whether some event-time operator cannot tell when it is due: then no watermark step is skipped */
  private readonly stepsAlways: boolean;
  /** the watermark of the latest step skipped because it was below {@link earliestDue} */
  settledWatermark = Number.NEGATIVE_INFINITY;
  private eventNumber = 0;
  private inEndStep = false;
  private ended = false;
  private currentInput: EventRecord | null = null;
  private currentInputLate = false;
  private lateCounted = false;
  /** the routing queue (§6.2): records and their late marks */
  private readonly queue: EventRecord[] = [];
  private readonly queueLate: boolean[] = [];
  private queueHead = 0;
  private queueLength = 0;
  private draining = false;
  /** `emittedByStream` is built from the streams' own counters, in the order of their first emission */
  private readonly counters: Omit<EngineCounters, 'emittedByStream'> = {
    eventsProcessed: 0,
    eventsEmitted: 0,
    lateEvents: 0,
    diagnosticsByCode: {},
    sinkRecords: {},
  };
  private readonly emittingStreams: StreamRuntime[] = [];

  constructor(
    readonly plan: ProgramPlan,
    options: EngineOptions = {},
  ) {
    const limits: EngineLimits = { ...DEFAULT_ENGINE_LIMITS, ...options.limits };
    this.clock = options.clock ?? new ManualClock();
    this.sinks = options.sinks ?? {};
    this.matcherLimits = limits;
    this.distinctLimit = limits.maxDistinctKeys;
    this.joinBufferLimit = limits.maxJoinBuffer;
    this.lateness = options.allowedLatenessMs ?? plan.allowedLatenessMs;
    const globals: Value[] = new Array(plan.globalCount).fill(null);
    this.ctx = new EvalContext({
      report: (d) => this.expressionDiagnostic(d),
      limits,
      globals,
    });
    this.compiler = createExpressionRuntime(plan.functions);
    for (const c of plan.connectors) this.connectors.set(c.name, c);

    const errors: LoadError[] = [];
    this.evaluateGlobals(errors);
    plan.streams.forEach((sp, i) => {
      try {
        this.streams.push(new StreamRuntime(sp, i, this));
      } catch (e) {
        if (e instanceof UnsupportedOperation) errors.push({ code: e.code, message: e.message, span: e.span });
        else throw e;
      }
    });
    if (errors.length > 0) throw new EngineLoadError(errors);
    for (const s of this.streams) {
      for (const key of s.subscriptions) {
        let list = this.routes.get(key);
        if (list === undefined) {
          list = [];
          this.routes.set(key, list);
        }
        list.push(s);
      }
    }
    for (const s of this.streams) s.consumed = this.routes.has(s.streamName);
    for (const s of dependencyOrder(this.streams)) if (s.hasTimedOperators) this.timedStreams.push(s);
    this.stepsAlways = this.timedStreams.some((s) => !s.tellsDue);
    this.earliestDue = this.computeEarliestDue();
  }

  private computeEarliestDue(): number {
    if (this.stepsAlways) return Number.NEGATIVE_INFINITY;
    let due = Number.POSITIVE_INFINITY;
    for (const s of this.timedStreams) {
      const d = s.dueAt();
      if (d < due) due = d;
    }
    return due;
  }

  wakeAt(w: number): void {
    if (w < this.earliestDue) this.earliestDue = w;
  }

  private evaluateGlobals(errors: LoadError[]): void {
    const ctx = this.ctx;
    for (const g of this.plan.globals) {
      const value = g.kind === 'global' ? g.init : g.value;
      if (g.kind === 'global') this.globalSlots.set(g.name, { slot: g.slot, mutable: g.binding === 'var' });
      const failures: RuntimeDiagnostic[] = [];
      const report = ctx.report;
      ctx.report = (d) => failures.push(d);
      let v: Value;
      try {
        v = this.compiler.compile(value)(ctx);
      } finally {
        ctx.report = report;
      }
      const error = failures.find((d) => d.severity === 'error');
      if (error !== undefined) {
        errors.push({
          code: error.code,
          message: `Failed to evaluate initial value for '${g.name}': ${error.message}`,
          span: error.span,
        });
      }
      ctx.globals[g.slot] = v;
    }
  }

  // ---- Input ----

  /** The current watermark (−∞ before the first event, +∞ after {@link end}). */
  get currentWatermark(): number {
    return this.watermark;
  }

  /** The allowed lateness in effect, in ms. */
  get allowedLatenessMs(): number {
    return this.lateness;
  }

  /** Processes one input event (semantics §4.3). */
  push(input: InputEvent): void {
    if (this.ended) throw new EngineUsageError('VPL-API001', 'The engine has reached the end of its input.');
    const event =
      input instanceof EventRecord
        ? input
        : EventRecord.of(input.type, Math.trunc(input.timestamp), input.fields ?? {});
    this.eventNumber++;
    const t = event.timeMs;
    const late = t < this.watermark;
    this.ctx.nowMs = t;
    this.currentInput = event;
    this.currentInputLate = late;
    this.lateCounted = false;
    if (!late) {
      if (t > this.maxT) this.maxT = t;
      const w = this.maxT - this.lateness;
      if (w > this.watermark) this.watermarkStep(w);
    }
    this.route(event, late);
    this.currentInput = null;
    this.counters.eventsProcessed++;
  }

  /**
   * Moves event time forward without an event (a heartbeat): as if an event of no type at `timeMs` had
   * been read. Never moves the watermark backwards.
   */
  advanceTo(timeMs: number): void {
    if (this.ended) throw new EngineUsageError('VPL-API001', 'The engine has reached the end of its input.');
    if (timeMs > this.maxT) this.maxT = timeMs;
    const w = this.maxT - this.lateness;
    if (w > this.watermark) {
      this.ctx.nowMs = timeMs;
      this.watermarkStep(w);
    }
  }

  /**
   * End of input (semantics §4.5): the watermark becomes +∞ (every time window fires, every run waiting only
   * for a trailing-`NOT` deadline completes), then everything still waiting for an event is discarded.
   * Do not call it when the state is to be checkpointed instead.
   */
  end(): void {
    if (this.ended) return;
    this.inEndStep = true;
    this.ctx.nowMs = Number.isFinite(this.maxT) ? this.maxT : null;
    this.watermarkStep(Number.POSITIVE_INFINITY);
    for (const s of this.streams) s.discard();
    this.inEndStep = false;
    this.ended = true;
  }

  private watermarkStep(w: number): void {
    this.watermark = w;
    if (w < this.earliestDue && !this.inEndStep) {
      // no operator has work at this watermark: each would only note that it has processed it
      this.settledWatermark = w;
      return;
    }
    for (const s of this.timedStreams) {
      s.onWatermark(w);
      this.drain();
    }
    this.earliestDue = this.computeEarliestDue();
  }

  // ---- Routing (semantics §6.2) ----

  enqueue(record: EventRecord, late: boolean): void {
    const n = this.queueLength++;
    this.queue[n] = record;
    this.queueLate[n] = late;
  }

  hasSubscribers(name: string): boolean {
    return this.routes.has(name);
  }

  /**
   * Routes an input event and then everything it causes: the same as queueing it and draining, without the
   * queue round trip for the event itself.
   */
  private route(event: EventRecord, late: boolean): void {
    if (this.draining) {
      this.enqueue(event, late);
      return;
    }
    const subs = this.routes.get(event.type);
    if (subs === undefined) return;
    this.draining = true;
    try {
      for (let k = 0; k < subs.length; k++) subs[k]!.receive(event, late);
      this.routeQueued();
    } finally {
      this.queueHead = 0;
      this.queueLength = 0;
      this.draining = false;
    }
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      this.routeQueued();
    } finally {
      this.queueHead = 0;
      this.queueLength = 0;
      this.draining = false;
    }
  }

  /** Routes the queued records in order, including those queued meanwhile (breadth first). */
  private routeQueued(): void {
    const q = this.queue;
    const lateFlags = this.queueLate;
    while (this.queueHead < this.queueLength) {
      const i = this.queueHead++;
      const record = q[i]!;
      const subs = this.routes.get(record.type);
      if (subs === undefined) continue;
      const late = lateFlags[i]!;
      for (let k = 0; k < subs.length; k++) subs[k]!.receive(record, late);
    }
  }

  // ---- StreamEngine services ----

  emitEvent(source: StreamRuntime, record: EventRecord): void {
    this.counters.eventsEmitted++;
    if (source.emitted === 0) this.emittingStreams.push(source);
    source.emitted++;
    const emit = this.sinks.emit;
    if (emit !== undefined) {
      const event: EmittedEvent = { stream: source.streamName, timestamp: record.timeMs, record };
      emit(event);
    }
  }

  report(stream: string | null, code: RuntimeCode, message: string, span: SourceSpan): void {
    const c = this.counters.diagnosticsByCode;
    c[code] = (c[code] ?? 0) + 1;
    const sink = this.sinks.diagnostic;
    if (sink !== undefined) {
      const d: EngineDiagnostic = {
        code,
        severity: severityOf(code),
        message,
        span,
        stream,
        eventNumber: this.inEndStep || this.currentInput === null ? null : this.eventNumber,
      };
      sink(d);
    }
  }

  private expressionDiagnostic(d: RuntimeDiagnostic): void {
    this.report(this.currentStream, d.code, d.message, d.span);
  }

  refuseLate(stream: string, span: SourceSpan): void {
    const input = this.currentInput;
    if (input === null || !this.currentInputLate || this.lateCounted) return;
    this.lateCounted = true;
    this.counters.lateEvents++;
    this.report(
      stream,
      RuntimeCodes.late,
      `Late event refused: ${input.type} at ${input.timeMs} ms is behind the watermark (${this.watermark} ms).`,
      span,
    );
    const side = `Late_${input.type}`;
    if (this.routes.has(side)) this.enqueue(new EventRecord(side, input.timeMs, input.shape, input.values), false);
  }

  log(stream: string, kind: 'print' | 'log', level: LogLine['level'], text: string): void {
    const sink = this.sinks.log;
    if (sink !== undefined) {
      sink({
        kind,
        level,
        stream,
        text,
        eventNumber: this.inEndStep || this.currentInput === null ? null : this.eventNumber,
      });
    }
  }

  sendToSink(stream: string, connector: string, params: Readonly<Record<string, unknown>>, record: EventRecord): void {
    const c = this.counters.sinkRecords;
    c[connector] = (c[connector] ?? 0) + 1;
    const sink = this.sinks.sink;
    if (sink !== undefined) {
      const kind = this.connectors.get(connector)?.connectorKind ?? 'unknown';
      sink({ connector, connectorKind: kind, stream, params, record });
    }
  }

  // ---- Variables ----

  /** The value of a global variable or constant, `undefined` if there is none of that name. */
  getVariable(name: string): Value | undefined {
    const g = this.globalSlots.get(name);
    return g === undefined ? undefined : (this.ctx.globals[g.slot] ?? null);
  }

  /** Sets a `var` global (semantics §14.1); later evaluations see the new value. */
  setVariable(name: string, value: Value): void {
    const g = this.globalSlots.get(name);
    if (g === undefined) throw new EngineUsageError('VPL-API002', `There is no global variable '${name}'.`);
    if (!g.mutable) {
      throw new EngineUsageError(
        'E040',
        `Cannot assign to immutable binding '${name}': it is declared with let or const.`,
      );
    }
    this.ctx.globals[g.slot] = value;
  }

  /** A snapshot of the run's counters. */
  getCounters(): EngineCounters {
    const c = this.counters;
    return {
      eventsProcessed: c.eventsProcessed,
      eventsEmitted: c.eventsEmitted,
      lateEvents: c.lateEvents,
      emittedByStream: Object.fromEntries(this.emittingStreams.map((s) => [s.streamName, s.emitted])),
      diagnosticsByCode: { ...c.diagnosticsByCode },
      sinkRecords: { ...c.sinkRecords },
    };
  }

  // ---- Checkpoints (semantics §15) ----

  /**
   * The complete engine state as a JSON-serialisable value. Take it between events (not from a sink
   * callback). Restoring it into a fresh engine loaded from the same plan continues identically.
   */
  checkpoint(): EngineCheckpoint {
    if (this.ended) throw new EngineUsageError('VPL-API001', 'A checkpoint cannot be taken after the end of input.');
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      planVersion: this.plan.version,
      fingerprint: this.plan.fingerprint,
      clock: { maxT: encodeTime(this.maxT), watermark: encodeTime(this.watermark), lateness: this.lateness },
      eventNumber: this.eventNumber,
      globals: this.ctx.globals.map(encodeValue),
      counters: this.getCounters() as unknown as Json,
      streams: this.streams.map((s) => ({ name: s.streamName, state: s.checkpoint() })),
    };
  }

  /** Restores a checkpoint taken from an engine loaded with the same plan; throws {@link CheckpointError}. */
  restore(checkpoint: unknown): void {
    const c = checkpoint as Partial<EngineCheckpoint> | null;
    if (c === null || typeof c !== 'object' || c.format !== CHECKPOINT_FORMAT) {
      throw new CheckpointError('The file is not a Varpulis checkpoint.');
    }
    if (c.version !== CHECKPOINT_VERSION || c.planVersion !== this.plan.version) {
      throw new CheckpointError(`Unsupported checkpoint version ${String(c.version)}.`);
    }
    if (c.fingerprint !== this.plan.fingerprint) {
      throw new CheckpointError('The checkpoint was written for a different program.');
    }
    if (this.eventNumber !== 0 || this.ended) {
      throw new CheckpointError('A checkpoint can only be restored into a freshly loaded engine.');
    }
    try {
      const streams = c.streams ?? [];
      if (streams.length !== this.streams.length) throw new Error('stream count differs');
      this.streams.forEach((s, i) => {
        if (streams[i]!.name !== s.streamName) throw new Error('stream names differ');
        s.restore(streams[i]!.state);
      });
      const clock = c.clock!;
      this.maxT = decodeTime(clock.maxT);
      this.watermark = decodeTime(clock.watermark);
      this.earliestDue = this.computeEarliestDue();
      this.eventNumber = c.eventNumber ?? 0;
      (c.globals ?? []).forEach((g, i) => {
        this.ctx.globals[i] = decodeValue(g);
      });
      const counters = c.counters as unknown as EngineCounters;
      Object.assign(this.counters, {
        eventsProcessed: counters.eventsProcessed,
        eventsEmitted: counters.eventsEmitted,
        lateEvents: counters.lateEvents,
        diagnosticsByCode: { ...counters.diagnosticsByCode },
        sinkRecords: { ...counters.sinkRecords },
      });
      for (const [name, n] of Object.entries(counters.emittedByStream)) {
        const s = this.streams.find((x) => x.streamName === name);
        if (s === undefined) throw new Error(`no stream '${name}'`);
        s.emitted = n;
        this.emittingStreams.push(s);
      }
    } catch (e) {
      throw new CheckpointError(`The checkpoint is damaged: ${(e as Error).message}.`);
    }
  }
}

/** The JSON document written by {@link Engine.checkpoint}. */
export interface EngineCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  readonly planVersion: number;
  readonly fingerprint: string;
  readonly clock: { readonly maxT: Json; readonly watermark: Json; readonly lateness: number };
  readonly eventNumber: number;
  readonly globals: Json[];
  readonly counters: Json;
  readonly streams: { readonly name: string; readonly state: Json }[];
}

/**
 * The visiting order of the watermark step (S28): the next stream is always the first-declared one whose
 * consumed streams have all been visited (declaration order breaks every tie; a cycle, which the compiler
 * rejects, falls back to declaration order).
 */
function dependencyOrder(streams: readonly StreamRuntime[]): StreamRuntime[] {
  const names = new Set(streams.map((s) => s.streamName));
  const deps = streams.map((s) => [...s.subscriptions].filter((k) => names.has(k) && k !== s.streamName));
  const visited = new Set<string>();
  const order: StreamRuntime[] = [];
  const done = new Array(streams.length).fill(false);
  while (order.length < streams.length) {
    let picked = -1;
    for (let i = 0; i < streams.length; i++) {
      if (!done[i] && deps[i]!.every((d) => visited.has(d))) {
        picked = i;
        break;
      }
    }
    if (picked < 0) picked = done.indexOf(false);
    done[picked] = true;
    visited.add(streams[picked]!.streamName);
    order.push(streams[picked]!);
  }
  return order;
}

/** Loads a plan into a new engine. Throws {@link EngineLoadError} when the plan cannot run. */
export function createEngine(plan: ProgramPlan, options: EngineOptions = {}): Engine {
  return new Engine(plan, options);
}
