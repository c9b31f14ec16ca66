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
import type { RuntimeCode } from './expressions/diagnostics.js';
import { AggregateOperator } from './operators/aggregate.js';
import { BatchPatternOperator } from './operators/batch-pattern.js';
import { DistinctOperator } from './operators/distinct.js';
import { EmitOperator } from './operators/emit.js';
import { EnrichOperator } from './operators/enrich.js';
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
  emitEvent(stream: string, record: EventRecord): void;
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
    for (let i = firstOp; i < plan.ops.length; i++) {
      const op = plan.ops[i]!;
      const after = plan.ops[i + 1];
      if (op.kind === 'window' && after !== undefined && canFuse(op, after)) {
        // A time window directly followed by its aggregate keeps accumulators instead of records.
        const agg = new AggregateOperator(after, engine.compiler, engine.ctx, this.streamName);
        const w = op.window as { sizeMs: number; slideMs?: number };
        this.ops.push(
          new TimeWindow(
            w.sizeMs,
            w.slideMs ?? null,
            op.partitionBy,
            this,
            op.span,
            this.continuation(this.ops.length + 1),
            agg,
          ),
        );
        i++;
        continue;
      }
      const o = this.createOperator(op, this.continuation(this.ops.length + 1));
      if (o !== null) this.ops.push(o);
    }
    this.subscriptions = subs;
    for (const o of this.ops) if (o.onWatermark !== undefined) this.timed.push(o);
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
          `.score(...) needs a model runtime, which this engine does not have; stream '${this.streamName}' cannot run.`,
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
    this.run(0, batch, late);
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
    const engine = this.engine;
    if (!engine.hasSubscribers(this.streamName)) return;
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
    this.engine.emitEvent(this.streamName, record);
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
}
