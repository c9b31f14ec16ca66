/**
 * `.aggregate(alias: expr, …)` (semantics §8.7, §10). After a window it reduces each released batch to one
 * record per partition; without a window it is a running aggregate (ruling R4) whose state covers every
 * record seen so far, per partition, and which outputs the updated record after each record.
 *
 * The result record: the partition key field (under its own name, with the partition's first-seen value),
 * then the aliases in order (an alias named like the key replaces it in place); event time = the last
 * record's time. Aliases of the stream are no longer bound after it (S30).
 */

import type { AggregateOpPlan } from '../../plan/plan.js';
import { type Accumulator, createAccumulator } from '../aggregates/accumulators.js';
import type { Batch, Captures } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
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
    if (this.keys === null) {
      const state = this.fresh(null);
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
        g = { state: this.fresh(record.get(this.plan.partitionBy!)), last: record };
        groups.set(key, g);
      }
      g.last = record;
      this.feed(g.state, batch, i);
    }
    batch.clear();
    for (const g of groups.values()) batch.push(this.result(g.state, g.last), null);
  }

  checkpoint(): Json {
    const groups: Json[] = [];
    for (const [key, s] of this.running) {
      groups.push([encodeKey(key), encodeValue(s.keyValue), s.accs.map((a) => a.checkpoint())]);
    }
    return groups;
  }

  restore(state: Json): void {
    this.running.clear();
    for (const g of state as [Json, Json, Json[]][]) {
      const s = this.fresh(decodeValue(g[1]));
      s.accs.forEach((a, i) => {
        a.restore(g[2][i]!);
      });
      this.running.set(decodeKey(g[0]), s);
    }
  }
}
