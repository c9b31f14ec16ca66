/**
 * `.aggregate(alias: expr, …)` (semantics §8.7, §10). After a window it reduces each released batch to one
 * record per partition; without a window it is a running aggregate (ruling R4) whose state covers every
 * record seen so far, per partition, and which outputs the updated record after each record.
 *
 * The result record: the partition key field (under its own name, with the partition's first-seen value),
 * then the aliases in order (an alias named like the key replaces it in place); event time = the last
 * record's time. Aliases of the stream are no longer bound after it (S30).
 *
 * The first-seen value (§2.5) is that of the partition's first record over the whole run, not of the
 * batch: a windowed aggregate takes it from the partitioned window before it ({@link windowPartitions}), which
 * saw every record of the partition, and otherwise remembers the first value it saw itself.
 */

import type { AggregateOpPlan } from '../../plan/plan.js';
import { type Accumulator, createAccumulator } from '../aggregates/accumulators.js';
import type { Batch, Captures } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { FirstSeenPartitions } from '../first-seen.js';
import { decodeKey, encodeKey, KeyExtractor } from '../partitions.js';
import { decodeValue, encodeValue, type Json } from '../state-codec.js';
import type { Key } from '../values/keys.js';
import { EventRecord, Shape } from '../values/record.js';
import type { Value } from '../values/value.js';
import type { Operator } from './operator.js';

/** The accumulators of one group (a partition of a batch, or of a running aggregate). */
export interface GroupState {
  keyValue: Value;
  accs: Accumulator[];
}

const NO_ALIASES: never[] = [];

export class AggregateOperator implements Operator {
  readonly buildsRecords = true;
  private readonly args: (Compiled | null)[];
  private readonly items: Compiled[];
  private readonly keys: KeyExtractor | null;
  private readonly shape: Shape;
  /** position of each item's value in the result record */
  private readonly itemSlots: number[];
  /** running state, per partition */
  private readonly running = new Map<Key, GroupState>();
  private readonly results: Value[];
  /** the group reused by every windowed batch of one partition (its accumulators are reset, not recreated) */
  private scratch: GroupState | null = null;
  /**
   * Set when the window before this aggregate is partitioned by the aggregate's own key: a released batch
   * then holds one partition, so it is one group (no key per record, no map of groups per batch).
   */
  singlePartitionBatches = false;
  /**
   * The partitions seen by the window before this aggregate, when it is partitioned by the same field: their
   * key values are those of the partitions' first records (records this aggregate may never see).
   */
  windowPartitions: FirstSeenPartitions | null = null;
  /** windowed: the partitions this aggregate saw that the window before did not report (see {@link keyValue}) */
  private readonly seen = new FirstSeenPartitions();

  constructor(
    private readonly plan: AggregateOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly typeName: string,
  ) {
    this.args = plan.calls.map((c) => (c.arg === null ? null : compiler.compile(c.arg)));
    this.items = plan.items.map((i) => compiler.compile(i.expr));
    this.keys = plan.partitionBy === null ? null : new KeyExtractor([plan.partitionBy]);
    const names: string[] = plan.partitionBy === null ? [] : [plan.partitionBy];
    this.itemSlots = plan.items.map((item) => {
      const at = names.indexOf(item.name);
      if (at >= 0) return at;
      names.push(item.name);
      return names.length - 1;
    });
    this.shape = Shape.of(names);
    this.results = new Array(plan.calls.length).fill(null);
  }

  /** A new group; `keyValue` is the partition key value carried into the result. */
  fresh(keyValue: Value): GroupState {
    return { keyValue, accs: this.plan.calls.map(createAccumulator) };
  }

  /** A group for one windowed batch: the reused scratch group, reset. */
  private batchGroup(keyValue: Value): GroupState {
    const g = this.scratch;
    if (g === null) {
      const fresh = this.fresh(keyValue);
      this.scratch = fresh;
      return fresh;
    }
    g.keyValue = keyValue;
    const accs = g.accs;
    for (let c = 0; c < accs.length; c++) accs[c]!.reset();
    return g;
  }

  /**
   * Windowed: the key value carried by the result of partition `key`, whose record `record` is in the batch:
   * the value of the partition's first record, as the window before saw it, else as this aggregate saw it.
   */
  private keyValue(key: Key, record: EventRecord): Value {
    const fromWindow = this.windowPartitions?.valueOf(key);
    if (fromWindow !== undefined) return fromWindow;
    return this.seen.valueAt(this.seen.see(key, this.keys!.first(record)));
  }

  /** The compiled argument of each aggregate call (`null` for `count()`), in call order. */
  get argumentEvaluators(): readonly (Compiled | null)[] {
    return this.args;
  }

  /** The partition field of this aggregate, if any. */
  get partitionBy(): string | null {
    return this.plan.partitionBy;
  }

  private feed(state: GroupState, batch: Batch, i: number): void {
    this.feedRecord(state, batch.records[i]!, batch.captures[i]!);
  }

  /** Adds one record to a group (used by windows that aggregate incrementally). */
  feedRecord(state: GroupState, record: EventRecord, captures: Captures): void {
    const ctx = this.ctx;
    ctx.record = record;
    ctx.aliases = captures ?? NO_ALIASES;
    const args = this.args;
    const accs = state.accs;
    for (let c = 0; c < accs.length; c++) {
      const a = args[c]!;
      accs[c]!.add(a === null ? null : a(ctx), ctx);
    }
  }

  /** The result record of a group whose last record (arrival order) is `last`. */
  result(state: GroupState, last: EventRecord): EventRecord {
    const ctx = this.ctx;
    const accs = state.accs;
    const results = this.results;
    for (let c = 0; c < accs.length; c++) results[c] = accs[c]!.result(ctx);
    ctx.aggregates = results;
    ctx.record = last;
    ctx.aliases = NO_ALIASES;
    const values: Value[] = new Array(this.shape.size);
    if (this.plan.partitionBy !== null) values[0] = state.keyValue;
    const items = this.items;
    for (let k = 0; k < items.length; k++) values[this.itemSlots[k]!] = items[k]!(ctx);
    return new EventRecord(this.typeName, last.timeMs, this.shape, values);
  }

  process(batch: Batch, _late: boolean): void {
    const n = batch.length;
    if (n === 0) return;
    if (!this.plan.windowed) {
      for (let i = 0; i < n; i++) {
        const record = batch.records[i]!;
        const key = this.keys === null ? null : this.keys.key(record);
        let state = this.running.get(key);
        if (state === undefined) {
          state = this.fresh(this.keys === null ? null : record.get(this.plan.partitionBy!));
          this.running.set(key, state);
        }
        this.feed(state, batch, i);
        batch.records[i] = this.result(state, record);
        batch.captures[i] = null;
      }
      return;
    }
    if (this.keys === null || this.singlePartitionBatches) {
      const first = batch.records[0]!;
      const state = this.batchGroup(this.keys === null ? null : this.keyValue(this.keys.key(first), first));
      for (let i = 0; i < n; i++) this.feed(state, batch, i);
      const out = this.result(state, batch.records[n - 1]!);
      batch.clear();
      batch.push(out, null);
      return;
    }
    // A batch mixing partitions (partition_by written between window and aggregate): one record per
    // partition, in order of first appearance in the batch.
    const groups = new Map<Key, { state: GroupState; last: EventRecord }>();
    for (let i = 0; i < n; i++) {
      const record = batch.records[i]!;
      const key = this.keys.key(record);
      let g = groups.get(key);
      if (g === undefined) {
        g = { state: this.fresh(this.keyValue(key, record)), last: record };
        groups.set(key, g);
      }
      g.last = record;
      this.feed(g.state, batch, i);
    }
    batch.clear();
    for (const g of groups.values()) batch.push(this.result(g.state, g.last), null);
  }

  /**
   * The running groups; when a windowed aggregate has seen partitions itself, `{ groups, order, keyValues }`
   * (the bare list of groups otherwise, as written before key values were kept).
   */
  checkpoint(): Json {
    const groups: Json[] = [];
    for (const [key, s] of this.running) {
      groups.push([encodeKey(key), encodeValue(s.keyValue), s.accs.map((a) => a.checkpoint())]);
    }
    if (this.seen.size === 0) return groups;
    return { groups, order: this.seen.checkpointOrder(), keyValues: this.seen.checkpointValues() };
  }

  restore(state: Json): void {
    this.running.clear();
    const st = Array.isArray(state)
      ? { groups: state, order: undefined, keyValues: undefined }
      : (state as { groups: Json[]; order: Json; keyValues: Json });
    this.seen.restore(st.order, st.keyValues);
    for (const g of st.groups as [Json, Json, Json[]][]) {
      const s = this.fresh(decodeValue(g[1]));
      s.accs.forEach((a, i) => {
        a.restore(g[2][i]!);
      });
      this.running.set(decodeKey(g[0]), s);
    }
  }
}
