/**
 * One stream at run time: its source stage and operations as a pipeline of operators over batches
 * (semantics §6.3). What leaves the end of the pipeline is renamed to the stream and handed to the engine
 * for routing; stateful operators release held-back records through continuations into the rest of the
 * pipeline.
 */

import type {
  AggregateOpPlan,
  ForecastOpPlan,
  MatcherPlan,
  OperationPlan,
  StreamPlan,
  TrendAggregateOpPlan,
  WindowOpPlan,
} from '../plan/plan.js';
import type { SourceSpan } from '../plan/source-span.js';
import { Batch, type LogLine, type OperatorHost } from './core.js';
import type { ExpressionCompiler } from './expr.js';
import type { EvalContext } from './expressions/context.js';
import { isContextFree } from './expressions/context-free.js';
import type { RuntimeCode } from './expressions/diagnostics.js';
import type { FirstSeenPartitions } from './first-seen.js';
import { AggregateOperator } from './operators/aggregate.js';
import { BatchPatternOperator } from './operators/batch-pattern.js';
import { DistinctOperator } from './operators/distinct.js';
import { EmitOperator } from './operators/emit.js';
import { EnrichOperator } from './operators/enrich.js';
import { FusedAggregateSlot } from './operators/fused.js';
import { JoinOperator } from './operators/join.js';
import { LimitOperator } from './operators/limit.js';
import { LogOperator } from './operators/log.js';
import type { Continuation, Operator } from './operators/operator.js';
import { PrintOperator } from './operators/print.js';
import { ProcessOperator } from './operators/process.js';
import { SelectOperator } from './operators/select.js';
import { MergeSource, RouteSource } from './operators/sources.js';
import { ToOperator } from './operators/to.js';
import { WhereOperator } from './operators/where.js';
import { type MatcherLimits, PatternMatcher } from './patterns/matcher.js';
import { TrendAggregateOperator } from './patterns/trend-aggregate.js';
import { hubFor } from './patterns/trend-hub.js';
import type { Json } from './state-codec.js';
import { EventRecord } from './values/record.js';
import { CountWindowAggregate } from './windows/count-aggregate.js';
import { CountWindow } from './windows/count-window.js';
import { SessionWindow } from './windows/session-window.js';
import { TimeWindow } from './windows/time-window.js';

/**
 * Whether a window and the operation after it can run as one incremental operator: a tumbling or sliding time
 * window followed by a windowed aggregate with the same partition key. (Session windows merge, so
 * order-dependent accumulators cannot be combined; count windows release on arrival and keep no state long.)
 */
function canFuse(window: WindowOpPlan, next: OperationPlan): next is AggregateOpPlan {
  return (
    next.kind === 'aggregate' &&
    next.windowed &&
    next.partitionBy === window.partitionBy &&
    (window.window.kind === 'tumbling' || window.window.kind === 'sliding')
  );
}

/**
 * Whether a count window and the operation after it can run as one operator ({@link CountWindowAggregate}): a
 * windowed aggregate with the same partition key whose arguments may be evaluated when a record arrives.
 */
function canFuseCount(window: WindowOpPlan, next: OperationPlan): next is AggregateOpPlan {
  return (
    next.kind === 'aggregate' &&
    next.windowed &&
    next.partitionBy === window.partitionBy &&
    (window.window.kind === 'count' || window.window.kind === 'slidingCount') &&
    next.calls.every((c) => c.arg === null || isContextFree(c.arg))
  );
}

/** A plan construct the runtime does not implement (yet): reported as a load error. */
export class UnsupportedOperation extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: SourceSpan,
  ) {
    super(message);
  }
}

/** What a stream needs from the engine. */
export interface StreamEngine {
  readonly ctx: EvalContext;
  readonly compiler: ExpressionCompiler;
  readonly matcherLimits: MatcherLimits;
  readonly distinctLimit: number;
  readonly joinBufferLimit: number;
  /** appends an event emitted by `stream` to the program output */
  emitEvent(stream: StreamRuntime, record: EventRecord): void;
  report(stream: string, code: RuntimeCode, message: string, span: SourceSpan): void;
  refuseLate(stream: string, span: SourceSpan): void;
  log(stream: string, kind: 'print' | 'log', level: LogLine['level'], text: string): void;
  sendToSink(stream: string, connector: string, params: Readonly<Record<string, unknown>>, record: EventRecord): void;
  /** queues a stream output record for routing */
  enqueue(record: EventRecord, late: boolean): void;
  /** whether some stream consumes `name` */
  hasSubscribers(name: string): boolean;
  /** routes everything queued, unless routing is already in progress */
  drain(): void;
  /** an operator will have work once the watermark reaches `w` */
  wakeAt(w: number): void;
  /** the watermark of the latest skipped watermark step */
  readonly settledWatermark: number;
  /** the stream whose pipeline runs (for diagnostics) */
  currentStream: string | null;
}

export class StreamRuntime implements OperatorHost {
  readonly streamName: string;
  /** route keys this stream consumes */
  readonly subscriptions: ReadonlySet<string>;
  /** the source stage followed by the operations */
  private readonly ops: Operator[] = [];
  /** operators that react to the watermark, in pipeline order */
  private readonly timed: Operator[] = [];
  private readonly scratch = new Batch();
  /** whether every watermark-driven operator of this stream tells when it is due ({@link dueAt}) */
  readonly tellsDue: boolean;
  /** where routed records enter the pipeline: after a source that would leave them untouched */
  private readonly entry: number;
  /** whether some stream consumes this one's output (set by the engine once the routes are known) */
  consumed = true;
  /** events this stream emitted (the engine's `emittedByStream` counter, kept here: no dictionary update per event) */
  emitted = 0;

  constructor(
    readonly plan: StreamPlan,
    readonly index: number,
    private readonly engine: StreamEngine,
  ) {
    this.streamName = plan.name;
    const subs = new Set<string>();
    let firstOp = 0;
    const trendAt = plan.ops.findIndex((o) => o.kind === 'trendAggregate');
    if (plan.source.kind === 'matcher' && trendAt >= 0) {
      // Trend aggregation (§12): tumbling windows of length `within` per partition feed the trend computation;
      // the stream has no match records, so operations before .trend_aggregate have nothing to apply to.
      this.createTrendSource(plan.source.matcher, plan.ops[trendAt] as TrendAggregateOpPlan, subs);
      firstOp = trendAt + 1;
    } else {
      const forecastAt = plan.ops.findIndex((o) => o.kind === 'forecast');
      if (plan.source.kind === 'matcher' && forecastAt >= 0) {
        // a forecasting stream outputs forecasts only (D12): nothing written before .forecast has records to act on
        this.ops.push(this.createSource(subs, plan.ops[forecastAt] as ForecastOpPlan));
        firstOp = forecastAt + 1;
      } else {
        this.ops.push(this.createSource(subs));
      }
    }
    /** the last window created and its partition field: an aggregate after it takes key values from it (§2.5) */
    let lastWindow: { partitionBy: string | null; seen: FirstSeenPartitions } | null = null;
    for (let i = firstOp; i < plan.ops.length; i++) {
      const op = plan.ops[i]!;
      const after = plan.ops[i + 1];
      if (op.kind === 'window' && after !== undefined && canFuse(op, after)) {
        // A time window directly followed by its aggregate keeps accumulators instead of records.
        const agg = new AggregateOperator(after, engine.compiler, engine.ctx, this.streamName);
        const w = op.window as { sizeMs: number; slideMs?: number };
        const tw = new TimeWindow(
          w.sizeMs,
          w.slideMs ?? null,
          op.partitionBy,
          this,
          op.span,
          this.continuation(this.ops.length + 1),
          agg,
        );
        this.ops.push(tw);
        lastWindow = { partitionBy: op.partitionBy, seen: tw.seen };
        i++;
        continue;
      }
      if (op.kind === 'window' && after !== undefined && canFuseCount(op, after)) {
        // A count window directly followed by its aggregate evaluates the arguments once per record; the
        // aggregate keeps its position in the pipeline (and in checkpoints) as an empty slot.
        const agg = new AggregateOperator(after, engine.compiler, engine.ctx, this.streamName);
        const w = op.window as { size: number; slide?: number };
        const cw = new CountWindowAggregate(
          w.size,
          w.slide ?? null,
          op.partitionBy,
          agg,
          engine.ctx,
          this.continuation(this.ops.length + 2),
        );
        this.ops.push(cw, new FusedAggregateSlot());
        lastWindow = { partitionBy: op.partitionBy, seen: cw.seen };
        i++;
        continue;
      }
      const o = this.createOperator(op, this.continuation(this.ops.length + 1));
      if (o === null) continue;
      if (o instanceof CountWindow || o instanceof TimeWindow || o instanceof SessionWindow) {
        lastWindow = { partitionBy: (op as WindowOpPlan).partitionBy, seen: o.seen };
      }
      if (
        o instanceof AggregateOperator &&
        op.kind === 'aggregate' &&
        op.windowed &&
        op.partitionBy !== null &&
        lastWindow?.partitionBy === op.partitionBy
      ) {
        o.windowPartitions = lastWindow.seen;
      }
      if (
        o instanceof AggregateOperator &&
        op.kind === 'aggregate' &&
        op.partitionBy !== null &&
        i > 0 &&
        plan.ops[i - 1]!.kind === 'window' &&
        (plan.ops[i - 1] as WindowOpPlan).partitionBy === op.partitionBy
      ) {
        // every batch the window releases holds one partition
        o.singlePartitionBatches = true;
      }
      this.ops.push(o);
    }
    this.subscriptions = subs;
    for (const o of this.ops) if (o.onWatermark !== undefined) this.timed.push(o);
    this.tellsDue = this.timed.every((o) => o.dueAt !== undefined);
    const source = this.ops[0];
    this.entry = source instanceof RouteSource && !source.bindsAlias ? 1 : 0;
  }

  /** Runs the operations after position `from - 1` on a released batch, then routes what it produced. */
  private continuation(from: number): Continuation {
    return (batch) => {
      this.run(from, batch, false);
      this.engine.drain();
    };
  }

  private createTrendSource(matcher: MatcherPlan, op: TrendAggregateOpPlan, subs: Set<string>): void {
    const e = this.engine;
    if (matcher.withinMs === null || matcher.pattern.kind !== 'seq') {
      throw new UnsupportedOperation('VPL-O160', '.trend_aggregate(...) needs a sequence with .within(...).', op.span);
    }
    // trend queries of one engine with the same partitioning and `within` share a hub (Hamlet), unless they
    // read derived streams (records produced during a watermark step)
    const streams = (e as { plan?: { streams: readonly { name: string }[] } }).plan?.streams;
    const types = new Set(matcher.pattern.steps.map((s) => s.type));
    const shareable = streams !== undefined && !streams.some((s) => types.has(s.name));
    const hub = hubFor(e, matcher.partitionBy, matcher.withinMs, e.ctx, shareable);
    const trend = new TrendAggregateOperator(
      matcher,
      op,
      this.plan.aliases.map((a) => a.name),
      e.compiler,
      e.ctx,
      this,
      hub,
      this.continuation(1),
    );
    trend.inStream = (fn) => {
      const previous = e.currentStream;
      e.currentStream = this.streamName;
      try {
        fn();
      } finally {
        e.currentStream = previous;
      }
    };
    for (const t of trend.types) subs.add(t);
    this.ops.push(trend);
  }

  private createSource(subs: Set<string>, forecast: ForecastOpPlan | null = null): Operator {
    const src = this.plan.source;
    const e = this.engine;
    const aliasCount = this.plan.aliases.length;
    switch (src.kind) {
      case 'route':
        subs.add(src.name);
        return new RouteSource(src, aliasCount);
      case 'timer':
        subs.add(src.type);
        return new RouteSource(
          { kind: 'route', name: src.type, resolved: 'timer', alias: null, from: null, span: src.span },
          aliasCount,
        );
      case 'merge':
        for (const i of src.items) subs.add(i.name);
        return new MergeSource(src, e.compiler, e.ctx);
      case 'join': {
        const j = new JoinOperator(src, e.compiler, e.ctx, this, aliasCount, e.joinBufferLimit);
        for (const t of j.types) subs.add(t);
        return j;
      }
      case 'matcher': {
        const m = new PatternMatcher(
          src.matcher,
          this.plan.aliases,
          e.compiler,
          e.ctx,
          this,
          e.matcherLimits,
          this.continuation(1),
          forecast,
          this.plan.ops,
        );
        for (const t of m.types) subs.add(t);
        return m;
      }
    }
  }

  private createOperator(op: OperationPlan, next: Continuation): Operator | null {
    const e = this.engine;
    switch (op.kind) {
      case 'where':
        return new WhereOperator(op, e.compiler, e.ctx);
      case 'select':
        return new SelectOperator(op, e.compiler, e.ctx);
      case 'emit':
        return new EmitOperator(op, e.compiler, e.ctx, this);
      case 'print':
        return new PrintOperator(op, e.compiler, e.ctx, this);
      case 'log':
        return new LogOperator(op, e.compiler, e.ctx, this);
      case 'window': {
        const w = op.window;
        switch (w.kind) {
          case 'count':
            return new CountWindow(w.size, null, op.partitionBy, next);
          case 'slidingCount':
            return new CountWindow(w.size, w.slide, op.partitionBy, next);
          case 'tumbling':
            return new TimeWindow(w.sizeMs, null, op.partitionBy, this, op.span, next);
          case 'sliding':
            return new TimeWindow(w.sizeMs, w.slideMs, op.partitionBy, this, op.span, next);
          case 'session':
            return new SessionWindow(w.gapMs, op.partitionBy, this, op.span, next);
        }
        break;
      }
      case 'aggregate':
        return new AggregateOperator(op, e.compiler, e.ctx, this.streamName);
      case 'distinct':
        return new DistinctOperator(op, e.compiler, e.ctx, this, e.distinctLimit);
      case 'limit':
        return new LimitOperator(op);
      case 'process':
        return new ProcessOperator(op, e.compiler, e.ctx);
      case 'to':
        return new ToOperator(op, this);
      case 'batchPattern':
        return new BatchPatternOperator(op, e.compiler, e.ctx);
      case 'enrich':
        return new EnrichOperator(op);
      case 'score':
        throw new UnsupportedOperation(
          'E090',
          `.score(...) runs an ONNX model, and this engine has no model runtime, so stream '${this.streamName}' cannot run. ` +
            'Compute the value in VPL instead (an expression in .select(...) or .emit(...), a fn, or .process(...)), ' +
            'or run the program on an engine built with a model runtime.',
          op.span,
        );
      case 'forecast':
        throw new UnsupportedOperation('VPL-O172', '.forecast(...) needs a followed-by sequence.', op.span);
      case 'trendAggregate':
        throw new UnsupportedOperation(
          'VPL-O160',
          '.trend_aggregate(...) needs a sequence with .within(...).',
          op.span,
        );
      case 'noop':
        return null;
    }
    return null;
  }

  /** Whether any operator of this stream reacts to the watermark. */
  get hasTimedOperators(): boolean {
    return this.timed.length > 0;
  }

  /** A record routed to this stream (semantics §6.2). */
  receive(record: EventRecord, late: boolean): void {
    const engine = this.engine;
    const previous = engine.currentStream;
    engine.currentStream = this.streamName;
    const batch = this.scratch;
    batch.setSingle(record, null);
    this.run(this.entry, batch, late);
    engine.currentStream = previous;
  }

  private run(from: number, batch: Batch, late: boolean): void {
    const ops = this.ops;
    for (let i = from; i < ops.length; i++) {
      const op = ops[i]!;
      op.process(batch, late);
      if (batch.length === 0) return;
      if (late && op.buildsRecords === true) late = false;
    }
    this.output(batch, late);
  }

  /** What leaves the pipeline becomes the stream's output, renamed to the stream (§6.3). */
  private output(batch: Batch, late: boolean): void {
    if (!this.consumed) return;
    const engine = this.engine;
    const name = this.streamName;
    for (let i = 0; i < batch.length; i++) {
      const r = batch.records[i]!;
      engine.enqueue(r.type === name ? r : new EventRecord(name, r.timeMs, r.shape, r.values), late);
    }
  }

  /** The watermark step of this stream (§4.4): matcher, join, then windows, in pipeline order. */
  onWatermark(w: number): void {
    const engine = this.engine;
    const previous = engine.currentStream;
    engine.currentStream = this.streamName;
    for (const o of this.timed) o.onWatermark!(w);
    engine.currentStream = previous;
  }

  /**
   * The lowest watermark at which an operator of this stream may have work in its watermark step (`-∞` when
   * one of them cannot tell).
   */
  dueAt(): number {
    let due = Number.POSITIVE_INFINITY;
    for (const o of this.timed) {
      const d = o.dueAt === undefined ? Number.NEGATIVE_INFINITY : o.dueAt();
      if (d < due) due = d;
    }
    return due;
  }

  /** End of input: drop what still waits for events. */
  discard(): void {
    for (const o of this.ops) o.discard?.();
  }

  checkpoint(): Json {
    return this.ops.map((o) => (o.checkpoint === undefined ? null : o.checkpoint()));
  }

  restore(state: Json): void {
    const states = state as Json[];
    if (!Array.isArray(states) || states.length !== this.ops.length) {
      throw new Error(`the checkpoint does not match stream '${this.streamName}'`);
    }
    this.ops.forEach((o, i) => {
      if (o.restore !== undefined && states[i] !== null) o.restore(states[i]!);
    });
  }

  // ---- OperatorHost ----

  emit(record: EventRecord): void {
    this.engine.emitEvent(this, record);
  }

  diagnostic(code: RuntimeCode, message: string, span: SourceSpan): void {
    this.engine.report(this.streamName, code, message, span);
  }

  refuseLate(span: SourceSpan): void {
    this.engine.refuseLate(this.streamName, span);
  }

  log(kind: 'print' | 'log', level: LogLine['level'], text: string): void {
    this.engine.log(this.streamName, kind, level, text);
  }

  sendToSink(connector: string, params: Readonly<Record<string, unknown>>, record: EventRecord): void {
    this.engine.sendToSink(this.streamName, connector, params, record);
  }

  wakeAt(w: number): void {
    this.engine.wakeAt(w);
  }

  get settledWatermark(): number {
    return this.engine.settledWatermark;
  }
}
