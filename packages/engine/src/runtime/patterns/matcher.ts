/**
 * The pattern matcher of a stream (semantics §11): builds the node tree of its pattern, keeps one state per
 * partition (§11.6, composed keys per ruling R6), schedules deadlines, enforces the run limits of §11.9 and
 * turns completed matches into match records (§11.7):
 * the partition key field(s), `match_duration_ms`, then `<alias>_<field>` for every aliased step in order.
 *
 * A matcher with a deadline (`within`, or a per-step limit) is an event-time operator: it refuses late
 * records (§4.2). One without a deadline takes them (a run still only takes records not earlier than its
 * previous event).
 */

import type { AliasPlan, ForecastOpPlan, MatcherPlan, OperationPlan, PatternPlan } from '../../plan/plan.js';
import { Batch, type OperatorHost } from '../core.js';
import type { ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import type { Continuation } from '../operators/operator.js';
import { decodeKey, encodeKey, KeyExtractor } from '../partitions.js';
import { decodeValue, encodeValue, type Json } from '../state-codec.js';
import type { Key } from '../values/keys.js';
import { EventRecord, Shape } from '../values/record.js';
import type { Value } from '../values/value.js';
import { AndNode, OrNode } from './and-or.js';
import { Forecaster } from './forecast.js';
import { readsOnlyHead } from './match-record-use.js';
import { copyOf, type Run, type SequenceHost, SequenceNode } from './nfa.js';
import type { CompositeNode, MatchReceiver, PartialMatch, PartitionState, PatternNode } from './pattern-node.js';
import { RunDeadlines, Scheduled } from './run-deadlines.js';

/** Limits of semantics §11.9 (configurable for tests). */
export interface MatcherLimits {
  readonly maxRunsPerPartition: number;
  readonly maxRunsPerStream: number;
  readonly maxKleeneEvents: number;
}

/** Records offered between two sweeps of empty partitions. */
const SWEEP_INTERVAL = 4096;

export const DEFAULT_MATCHER_LIMITS: MatcherLimits = Object.freeze({
  maxRunsPerPartition: 10_000,
  maxRunsPerStream: 1_000_000,
  maxKleeneEvents: 10_000,
});

export class PatternMatcher implements SequenceHost, MatchReceiver {
  readonly buildsRecords = true;
  private readonly nodes: PatternNode[] = [];
  private readonly sequences: SequenceNode[] = [];
  private readonly ands: AndNode[] = [];
  private readonly partitions = new Map<Key, PartitionState>();
  /** partitions whose run limit has been reported (once per stream and partition) */
  private readonly reportedPartitions = new Set<Key>();
  /** records offered since the last sweep of empty partitions */
  private offers = 0;
  /** single-entry cache of the match-record shape: the captured shapes it was built for, and the result */
  private lastCaptureShapes: (Shape | null)[] = [];
  private lastMatchShape: Shape | null = null;
  /** scratch: the captured event of each aliased step of the match being recorded */
  private readonly captured: (EventRecord | null)[] = [];
  private readonly due = new RunDeadlines();
  private readonly keys: KeyExtractor | null;
  private readonly aliasOrder: { slot: number; prefix: string }[];
  private readonly headShape: Shape;
  /** nothing after the matcher reads the `<alias>_<field>` fields: match records are built without them (P6) */
  private readonly headOnly: boolean;
  readonly types: ReadonlySet<string>;
  // the partition of the last record (records of one key often come in runs)
  private lastKey: Key | undefined = undefined;
  private lastPartition: PartitionState | null = null;
  readonly hasDeadline: boolean;
  readonly maxKleeneEvents: number;
  private runIds = 0;
  private liveRuns = 0;
  private streamLimitReported = false;
  private kleeneReported = false;
  private andReported = false;
  private readonly forecaster: Forecaster | null = null;
  /** where matches go while a record is processed (null: in a watermark step, released one by one) */
  private out: Batch | null = null;

  constructor(
    private readonly plan: MatcherPlan,
    aliases: readonly AliasPlan[],
    compiler: ExpressionCompiler,
    readonly ctx: EvalContext,
    private readonly host: OperatorHost,
    private readonly limits: MatcherLimits,
    private readonly next: Continuation,
    /** `.forecast(...)`: the matcher outputs forecasts instead of matches (§13) */
    forecast: ForecastOpPlan | null = null,
    /** the stream's operations after the matcher (what they read decides how much of a match record to build) */
    ops: readonly OperationPlan[] = [],
  ) {
    this.maxKleeneEvents = limits.maxKleeneEvents;
    this.build(plan.pattern, aliases.length, compiler);
    this.keys = plan.partitionBy.length === 0 ? null : new KeyExtractor(plan.partitionBy);
    const types = new Set<string>();
    for (const s of this.sequences) for (const t of s.types) types.add(t);
    this.types = types;
    if (this.sequences.length === 1) this.sequences[0]!.checksTypes = false;
    if (forecast !== null && this.sequences.length === 1) {
      this.forecaster = new Forecaster(
        forecast,
        plan,
        host.streamName,
        aliases.map((a) => a.name),
      );
      this.sequences[0]!.observer = this.forecaster;
      // a forecasting stream passes no match on (D12): its sequence does not build them
      this.sequences[0]!.reportsMatches = false;
      const forecastHead = this.forecaster.fieldNames;
      this.forecaster.headOnly =
        new Set(forecastHead).size === forecastHead.length &&
        readsOnlyHead(ops.slice(ops.findIndex((o) => o.kind === 'forecast') + 1), new Set(forecastHead));
    }
    // a forecasting stream refuses late records whether or not it has a deadline (§4.2)
    this.hasDeadline = this.forecaster !== null || this.sequences.some((s) => s.hasDeadline);
    this.aliasOrder = [];
    collectAliasSlots(plan.pattern, (slot) => {
      if (!this.aliasOrder.some((a) => a.slot === slot))
        this.aliasOrder.push({ slot, prefix: `${aliases[slot]!.name}_` });
    });
    for (let k = 0; k < this.aliasOrder.length; k++) this.captured.push(null);
    const head = [...plan.partitionBy, 'match_duration_ms'];
    this.headShape = Shape.of(head);
    // (a head field named like a captured field, `<alias>_<field>`, would be overwritten by it: full records then)
    this.headOnly =
      new Set(head).size === head.length &&
      !head.some((h) => this.aliasOrder.some((a) => h.startsWith(a.prefix))) &&
      readsOnlyHead(ops, new Set(head));
  }

  private build(p: PatternPlan, aliasCount: number, compiler: ExpressionCompiler): PatternNode {
    const id = this.nodes.length;
    this.nodes.push(null as unknown as PatternNode);
    let node: PatternNode;
    switch (p.kind) {
      case 'seq': {
        const s = new SequenceNode(id, p, this.plan.negations, this.plan.withinMs, aliasCount, compiler, this);
        this.sequences.push(s);
        node = s;
        break;
      }
      case 'or':
        node = new OrNode(id, this.build(p.left, aliasCount, compiler), this.build(p.right, aliasCount, compiler));
        break;
      case 'and': {
        const left = this.build(p.left, aliasCount, compiler);
        const right = this.build(p.right, aliasCount, compiler);
        const a = new AndNode(id, left, right, this.plan.withinMs, this.limits.maxRunsPerPartition, () =>
          this.reportAndOverflow(),
        );
        this.ands.push(a);
        node = a;
        break;
      }
    }
    this.nodes[id] = node;
    return node;
  }

  // ---- SequenceHost ----

  nextRunId(): number {
    return this.runIds++;
  }

  mayStartRun(ps: PartitionState): boolean {
    if (ps.live >= this.limits.maxRunsPerPartition) {
      if (!this.reportedPartitions.has(ps.key)) {
        this.reportedPartitions.add(ps.key);
        this.limitReached(`partition ${String(ps.key)} has ${this.limits.maxRunsPerPartition} live runs`);
      }
      return false;
    }
    if (this.liveRuns >= this.limits.maxRunsPerStream) {
      if (!this.streamLimitReported) {
        this.streamLimitReported = true;
        this.limitReached(`the stream has ${this.limits.maxRunsPerStream} live runs`);
      }
      return false;
    }
    return true;
  }

  runStarted(ps: PartitionState): void {
    this.liveRuns++;
    ps.live++;
  }

  runEnded(ps: PartitionState, run: Run): void {
    this.liveRuns--;
    ps.live--;
    this.due.cancel(run);
  }

  schedule(run: Run, _ps: PartitionState, node: SequenceNode): void {
    // a run's expiry changes only with per-step limits: otherwise the run is its own (cancellable) entry
    if (node.hasStepLimits) this.due.pushScheduled(new Scheduled(run.expiry, run.id, run));
    else this.due.pushRun(run);
  }

  kleeneOverflow(): void {
    if (this.kleeneReported) return;
    this.kleeneReported = true;
    this.host.diagnostic(
      RuntimeCodes.resourceLimit,
      `A Kleene alias keeps at most its ${this.limits.maxKleeneEvents} most recent events; older ones are dropped.`,
      this.plan.span,
    );
  }

  private reportAndOverflow(): void {
    if (this.andReported) return;
    this.andReported = true;
    this.limitReached(`an AND operand has ${this.limits.maxRunsPerPartition} waiting matches`);
  }

  private limitReached(what: string): void {
    this.host.diagnostic(
      RuntimeCodes.resourceLimit,
      `The pattern matcher reached its limit (${what}); new runs are not started.`,
      this.plan.span,
    );
  }

  // ---- MatchReceiver ----

  matched(node: PatternNode, ps: PartitionState, match: PartialMatch): void {
    const parent: CompositeNode | null = node.parent;
    if (parent !== null) {
      parent.childMatched(ps, node.side, match, this);
      return;
    }
    this.release(ps, match.captures, match.time, match.durationMs);
  }

  matchedRun(node: PatternNode, ps: PartitionState, captures: AliasBinding[], first: number, time: number): void {
    if (node.parent !== null) {
      this.matched(node, ps, { captures, first, time, durationMs: time - first, deadline: Number.POSITIVE_INFINITY });
      return;
    }
    this.release(ps, captures, time, time - first);
  }

  /** A completed match of the whole pattern becomes a match record (§11.7). */
  private release(ps: PartitionState, captures: AliasBinding[], time: number, durationMs: number): void {
    // a forecasting stream does not pass completed matches on (D12)
    if (this.forecaster !== null) return;
    const record = this.matchRecord(ps, captures, time, durationMs);
    if (this.out !== null) {
      this.out.push(record, captures);
    } else {
      this.next(Batch.of(record, captures));
    }
  }

  private matchRecord(ps: PartitionState, captures: AliasBinding[], time: number, durationMs: number): EventRecord {
    const kv = ps.keyValues;
    if (this.headOnly) {
      const head: Value[] = new Array(kv.length + 1);
      for (let i = 0; i < kv.length; i++) head[i] = kv[i]!;
      head[kv.length] = durationMs;
      return new EventRecord(this.host.streamName, time, this.headShape, head);
    }
    const order = this.aliasOrder;
    // the captured event of each aliased step (a Kleene alias: its most recent one)
    const captured = this.captured;
    let sameShapes = this.lastMatchShape !== null;
    let size = kv.length + 1;
    for (let k = 0; k < order.length; k++) {
      const b = captures[order[k]!.slot];
      let e: EventRecord | null = null;
      if (b !== null && b !== undefined) e = Array.isArray(b) ? (b[b.length - 1] ?? null) : b;
      captured[k] = e;
      if (e !== null) size += e.values.length;
      if (sameShapes && (e === null ? null : e.shape) !== this.lastCaptureShapes[k]) sameShapes = false;
    }
    if (sameShapes && size === this.lastMatchShape!.size) {
      // same field layout as the previous match: fill the values directly
      const values: Value[] = new Array(size);
      let at = 0;
      for (let i = 0; i < kv.length; i++) values[at++] = kv[i]!;
      values[at++] = durationMs;
      for (let k = 0; k < order.length; k++) {
        const e = captured[k];
        if (e === null || e === undefined) continue;
        const v = e.values;
        for (let i = 0; i < v.length; i++) values[at++] = v[i]!;
      }
      return new EventRecord(this.host.streamName, time, this.lastMatchShape!, values);
    }
    const values: Value[] = kv.slice();
    values.push(durationMs);
    const r = new EventRecord(this.host.streamName, time, this.headShape, values);
    for (let k = 0; k < order.length; k++) {
      const e = captured[k];
      if (e === null || e === undefined) continue;
      const prefix = order[k]!.prefix;
      const names = e.shape.names;
      for (let i = 0; i < names.length; i++) r.set(prefix + names[i]!, e.values[i]!);
    }
    this.lastCaptureShapes = captured.map((e) => (e === null || e === undefined ? null : e.shape));
    this.lastMatchShape = r.fieldCount === values.length ? r.shape : null;
    return r;
  }

  // ---- Processing ----

  /** Offers a record to the matcher; the match records it completes replace the batch. */
  process(batch: Batch, late: boolean): void {
    if (late && this.hasDeadline) {
      if (batch.length > 0) this.host.refuseLate(this.plan.span);
      batch.clear();
      return;
    }
    const n = batch.length;
    if (n === 0) return;
    const records = n === 1 ? null : batch.recordList();
    const first = batch.records[0]!;
    batch.clear();
    this.out = batch;
    try {
      if (records === null) this.offer(first);
      else for (const r of records) this.offer(r);
    } finally {
      this.out = null;
    }
  }

  private offer(record: EventRecord): void {
    if (!this.types.has(record.type)) return;
    const key = this.keys === null ? null : this.keys.key(record);
    let ps = key === this.lastKey ? this.lastPartition! : this.partitions.get(key);
    if (ps === undefined) {
      ps = {
        key,
        keyValues: this.keys === null ? [] : this.keys.values(record),
        states: this.nodes.map((n) => n.newState()),
        live: 0,
        forecastContext: -1,
      };
      this.partitions.set(key, ps);
    }
    this.lastKey = key;
    this.lastPartition = ps;
    this.forecaster?.beginRecord(ps);
    for (const s of this.sequences) s.onRecord(ps, record, this);
    if (this.forecaster !== null) {
      const f = this.forecaster.afterRecord(ps, record, this.sequences[0]!.runsOf(ps));
      if (f !== null && this.out !== null) this.out.push(f, copyOf(this.forecaster.candidate!.captures));
    }
    // Empty partitions are dropped in sweeps rather than one by one, so that a key that comes and goes
    // does not rebuild its state each time.
    if (++this.offers >= SWEEP_INTERVAL) this.sweep();
  }

  private sweep(): void {
    this.offers = 0;
    for (const ps of [...this.partitions.values()]) this.dropIfEmpty(ps);
  }

  private isEmpty(ps: PartitionState): boolean {
    for (const n of this.nodes) if (!n.isEmpty(ps.states[n.id])) return false;
    return true;
  }

  private dropIfEmpty(ps: PartitionState): void {
    if (this.isEmpty(ps) && this.partitions.get(ps.key) === ps) {
      this.forecaster?.flushContext(ps);
      this.partitions.delete(ps.key);
      if (this.lastPartition === ps) this.forgetLastPartition();
    }
  }

  private forgetLastPartition(): void {
    this.lastKey = undefined;
    this.lastPartition = null;
  }

  /** Watermark step 1 (§4.4): trailing-`NOT` completions in deadline order, then expiry. */
  onWatermark(w: number): void {
    const due = this.due;
    for (let top = due.takeBefore(w); top !== undefined; top = due.takeBefore(w)) {
      const run = top instanceof Scheduled ? top.run : top;
      if (run.dead || run.expiry !== top.expiry) continue;
      run.node.expire(run, run.ps!, this);
    }
    if (this.ands.length > 0) for (const a of this.ands) for (const ps of this.partitions.values()) a.expire(ps, w);
  }

  /** End of input: every run still waiting for an event is discarded. */
  discard(): void {
    if (this.forecaster !== null) for (const ps of this.partitions.values()) this.forecaster.flushContext(ps);
    this.partitions.clear();
    this.forgetLastPartition();
    this.reportedPartitions.clear();
    this.due.clear();
    this.liveRuns = 0;
  }

  // ---- Checkpoint ----

  checkpoint(): Json {
    if (this.forecaster !== null) for (const ps of this.partitions.values()) this.forecaster.flushContext(ps);
    const parts: Json[] = [];
    for (const ps of this.partitions.values()) {
      if (this.isEmpty(ps)) continue;
      parts.push({
        key: encodeKey(ps.key),
        keyValues: ps.keyValues.map(encodeValue),
        nodes: this.nodes.map((n) =>
          n instanceof SequenceNode
            ? n.checkpointState(ps.states[n.id])
            : n instanceof AndNode
              ? n.checkpointState(ps.states[n.id])
              : null,
        ),
      });
    }
    return {
      runIds: this.runIds,
      reported: [this.streamLimitReported, this.kleeneReported, this.andReported],
      reportedPartitions: [...this.reportedPartitions].map(encodeKey),
      partitions: parts,
      forecaster: this.forecaster === null ? null : this.forecaster.checkpoint(),
    };
  }

  restore(state: Json): void {
    const s = state as {
      runIds: number;
      reported: boolean[];
      reportedPartitions: Json[];
      partitions: { key: Json; keyValues: Json[]; nodes: Json[] }[];
      forecaster: Json;
    };
    this.discard();
    if (this.forecaster !== null && s.forecaster !== null) this.forecaster.restore(s.forecaster);
    this.runIds = s.runIds;
    [this.streamLimitReported, this.kleeneReported, this.andReported] = s.reported as [boolean, boolean, boolean];
    for (const k of s.reportedPartitions) this.reportedPartitions.add(decodeKey(k));
    for (const p of s.partitions) {
      const key = decodeKey(p.key);
      const ps: PartitionState = {
        key,
        keyValues: p.keyValues.map(decodeValue),
        states: this.nodes.map((n, i) =>
          n instanceof SequenceNode
            ? n.restoreState(p.nodes[i]!)
            : n instanceof AndNode
              ? n.restoreState(p.nodes[i]!)
              : n.newState(),
        ),
        live: 0,
        forecastContext: -1,
      };
      this.partitions.set(key, ps);
      for (const seq of this.sequences) {
        for (const run of seq.runsOf(ps)) {
          run.ps = ps;
          this.forecaster?.attach(run);
          this.runStarted(ps);
          if (Number.isFinite(run.expiry)) this.schedule(run, ps, seq);
        }
      }
    }
  }
}

function collectAliasSlots(p: PatternPlan, add: (slot: number) => void): void {
  switch (p.kind) {
    case 'seq':
      for (const s of p.steps) if (s.slot !== null) add(s.slot);
      return;
    case 'and':
    case 'or':
      collectAliasSlots(p.left, add);
      collectAliasSlots(p.right, add);
      return;
  }
}
