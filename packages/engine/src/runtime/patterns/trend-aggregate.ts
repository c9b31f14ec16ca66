/**
 * Trend aggregation (semantics §12, D11): counts and aggregates the trends of a sequence pattern under
 * skip-till-any-match within each tumbling window of length `within` and each partition, without
 * enumerating them.
 *
 * The computation follows GRETA (Poppe et al., "GRETA: Graph-based Real-time Event Trend Aggregation",
 * VLDB 2017): the records of one window and partition form a graph whose vertices are (record, step,
 * bindings) — a record playing a step, with the records that later step filters refer to — and whose edges
 * are the valid "next record of the trend" transitions. Counts and sums propagate forward along the edges in
 * arrival order; `min_trends`/`max_trends` need the vertices that lie on at least one complete trend, found
 * by a backward pass. Counts are exact (bigint).
 *
 * The windows themselves are the tumbling time windows of `time-window.ts` (epoch aligned, fired by the
 * watermark, refusing late records); this class turns one released window batch into its trend result.
 */

import type { ExprPlan } from '../../plan/expression.js';
import type { MatcherPlan, SeqStepPlan, TrendAggregateOpPlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { CompiledCondition, ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { EventRecord, Shape } from '../values/record.js';
import { FloatValue, INT64_MAX, makeFloat, type Value } from '../values/value.js';

interface Vertex {
  /** index of the record in the window batch */
  readonly record: number;
  readonly step: number;
  /** record index bound to each alias slot that later filters read (-1: unbound) */
  readonly bindings: readonly number[];
  count: bigint;
  /** per item: Σ over the trend prefixes ending here of the item's per-record quantity */
  readonly sums: (bigint | number)[];
  /** per item: whether a float was involved in `sums` */
  readonly floats: boolean[];
  readonly predecessors: Vertex[];
  complete: boolean;
}

interface CompiledStep {
  readonly plan: SeqStepPlan;
  readonly kleene: boolean;
  readonly filter: CompiledCondition | null;
  readonly firstFilter: CompiledCondition | null;
}

/** Alias slots referenced by an expression plan. */
function aliasSlots(e: unknown, out: Set<number>): void {
  if (e === null || typeof e !== 'object') return;
  const node = e as { kind?: string; slot?: number };
  if ((node.kind === 'alias' || node.kind === 'aliasField') && typeof node.slot === 'number') out.add(node.slot);
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) for (const x of v) aliasSlots(x, out);
    else if (v !== null && typeof v === 'object') aliasSlots(v, out);
  }
}

export class TrendAggregator {
  private readonly steps: CompiledStep[];
  /** alias slots whose record must be carried in vertices (read by the filter of a later step) */
  private readonly carried: number[];
  private readonly stepOfSlot = new Map<number, number>();
  private readonly shape: Shape;
  private readonly keyFields: readonly string[];
  private overflowReported = false;

  constructor(
    matcher: MatcherPlan,
    private readonly op: TrendAggregateOpPlan,
    private readonly aliasNames: readonly string[],
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
  ) {
    const pattern = matcher.pattern;
    if (pattern.kind !== 'seq') throw new Error('trend aggregation needs a sequence');
    this.steps = pattern.steps.map((s) => ({
      plan: s,
      kleene: s.quantifier === 'plus' || s.quantifier === 'star',
      filter: s.filter === null ? null : compiler.compileCondition(s.filter),
      firstFilter: s.firstFilter === null ? null : compiler.compileCondition(s.firstFilter),
    }));
    pattern.steps.forEach((s, i) => {
      if (s.slot !== null) this.stepOfSlot.set(s.slot, i);
    });
    const carried = new Set<number>();
    pattern.steps.forEach((s, k) => {
      const refs = new Set<number>();
      aliasSlots(s.filter as ExprPlan | null, refs);
      for (const slot of refs) {
        const owner = this.stepOfSlot.get(slot);
        if (owner !== undefined && owner < k) carried.add(slot);
      }
    });
    this.carried = [...carried];
    this.keyFields = matcher.partitionBy;
    const names = [...matcher.partitionBy];
    for (const item of op.items) if (!names.includes(item.name)) names.push(item.name);
    this.shape = Shape.of(names);
  }

  /** The trend result of one window and partition, or `null` when it has no trend (§12.4). */
  compute(batch: Batch): EventRecord | null {
    const n = batch.length;
    if (n === 0) return null;
    const records = batch.records;
    const steps = this.steps;
    const last = steps.length - 1;
    const items = this.op.items;
    const itemStep = items.map((it) => (it.alias === null ? -1 : this.slotStep(it.alias)));
    const byRecord: Vertex[][] = [];
    const all: Vertex[] = [];
    const captures: AliasBinding[] = new Array(this.aliasNames.length).fill(null);
    for (let i = 0; i < n; i++) {
      const r = records[i]!;
      const created = new Map<string, Vertex>();
      const vertex = (step: number, bindings: number[]): Vertex => {
        const key = `${step}|${bindings.join(',')}`;
        let v = created.get(key);
        if (v === undefined) {
          v = {
            record: i,
            step,
            bindings,
            count: 0n,
            sums: items.map(() => 0n),
            floats: items.map(() => false),
            predecessors: [],
            complete: false,
          };
          created.set(key, v);
        }
        return v;
      };
      for (let j = 0; j <= last; j++) {
        const step = steps[j]!;
        if (step.plan.type !== r.type) continue;
        // a new trend starting here
        if (j === 0) {
          this.bind(captures, [], records);
          if (this.accepts(step, j, captures, r, null, true)) {
            const v = vertex(
              0,
              this.carried.map(() => -1),
            );
            v.count += 1n;
          }
        }
        // extensions of earlier vertices
        for (let p = 0; p < i; p++) {
          for (const u of byRecord[p]!) {
            if (u.step === j && step.kleene) {
              this.bind(captures, u.bindings, records);
              if (this.accepts(step, j, captures, r, records[u.record]!, false))
                this.link(vertex(j, u.bindings as number[]), u);
            } else if (u.step === j - 1) {
              const bindings = u.bindings.slice();
              const prevSlot = steps[j - 1]!.plan.slot;
              const at = prevSlot === null ? -1 : this.carried.indexOf(prevSlot);
              if (at >= 0) bindings[at] = u.record;
              this.bind(captures, bindings, records);
              if (prevSlot !== null) captures[prevSlot] = records[u.record]!;
              if (this.accepts(step, j, captures, r, null, true)) this.link(vertex(j, bindings), u);
            }
          }
        }
      }
      const made = [...created.values()];
      for (const v of made) this.accumulate(v, r, itemStep);
      byRecord.push(made);
      all.push(...made);
    }
    // complete trends end at the last step; mark the vertices that lie on one (for min/max)
    let trends = 0n;
    for (let k = all.length - 1; k >= 0; k--) {
      const v = all[k]!;
      if (v.step === last && v.count > 0n) {
        trends += v.count;
        v.complete = true;
      }
      if (v.complete) for (const u of v.predecessors) u.complete = true;
    }
    if (trends === 0n) return null;
    const values: Value[] = new Array(this.shape.size).fill(null);
    const first = records[0]!;
    this.keyFields.forEach((f, i) => {
      values[i] = first.get(f);
    });
    items.forEach((item, k) => {
      const slot = this.shape.indexOf(item.name);
      values[slot] = this.itemValue(k, trends, all, last, records, itemStep[k]!);
    });
    return new EventRecord(this.host.streamName, records[n - 1]!.timeMs, this.shape, values);
  }

  private slotStep(alias: string): number {
    const slot = this.aliasNames.indexOf(alias);
    return this.stepOfSlot.get(slot) ?? -1;
  }

  private bind(captures: AliasBinding[], bindings: readonly number[], records: readonly EventRecord[]): void {
    captures.fill(null);
    this.carried.forEach((slot, i) => {
      const b = bindings[i];
      if (b !== undefined && b >= 0) captures[slot] = records[b]!;
    });
  }

  /** Whether record `r` may play step `j` (own alias: the candidate, or the previous record of a Kleene step). */
  private accepts(
    step: CompiledStep,
    _j: number,
    captures: AliasBinding[],
    r: EventRecord,
    previousInStep: EventRecord | null,
    firstOfStep: boolean,
  ): boolean {
    const filter = step.kleene && firstOfStep ? step.firstFilter : step.filter;
    if (filter === null) return true;
    const slot = step.plan.slot;
    if (slot !== null) captures[slot] = step.kleene ? previousInStep : r;
    const ctx = this.ctx;
    ctx.record = r;
    ctx.aliases = captures;
    return filter(ctx);
  }

  private link(v: Vertex, u: Vertex): void {
    v.count += u.count;
    for (let k = 0; k < v.sums.length; k++) {
      v.sums[k] = addNum(v.sums[k]!, u.sums[k]!);
      if (u.floats[k]) v.floats[k] = true;
    }
    v.predecessors.push(u);
  }

  /** Adds the contribution of the vertex's own record to its sums (count_events / sum_trends). */
  private accumulate(v: Vertex, r: EventRecord, itemStep: readonly number[]): void {
    const items = this.op.items;
    for (let k = 0; k < items.length; k++) {
      if (itemStep[k] !== v.step) continue;
      const item = items[k]!;
      if (item.fn === 'count_events') {
        v.sums[k] = addNum(v.sums[k]!, v.count);
      } else if (item.fn === 'sum_trends' || item.fn === 'avg_trends') {
        const f = item.field === null ? null : r.get(item.field);
        if (typeof f === 'number' && Number.isInteger(f)) v.sums[k] = addNum(v.sums[k]!, BigInt(f) * v.count);
        else if (typeof f === 'bigint') v.sums[k] = addNum(v.sums[k]!, f * v.count);
        else if (typeof f === 'number' || f instanceof FloatValue) {
          const x = typeof f === 'number' ? f : f.value;
          if (!Number.isNaN(x)) {
            v.sums[k] = Number(v.sums[k]!) + x * Number(v.count);
            v.floats[k] = true;
          }
        }
      }
    }
  }

  private itemValue(
    k: number,
    trends: bigint,
    all: readonly Vertex[],
    last: number,
    records: readonly EventRecord[],
    step: number,
  ): Value {
    const item = this.op.items[k]!;
    const total = (): bigint | number => {
      let s: bigint | number = 0n;
      for (const v of all) if (v.step === last) s = addNum(s, v.sums[k]!);
      return s;
    };
    const anyFloat = all.some((v) => v.step === last && v.floats[k]);
    switch (item.fn) {
      case 'count_trends':
        return this.intResult(trends);
      case 'count_events':
        return this.intResult(total());
      case 'sum_trends': {
        const s = total();
        return anyFloat || typeof s === 'number' ? makeFloat(Number(s)) : this.intResult(s);
      }
      case 'avg_trends':
        return makeFloat(Number(total()) / Number(trends));
      case 'min_trends':
      case 'max_trends': {
        let best: number | bigint | null = null;
        let bestValue: Value = null;
        const seen = new Set<number>();
        for (const v of all) {
          if (!v.complete || v.step !== step || seen.has(v.record)) continue;
          seen.add(v.record);
          const f = item.field === null ? null : records[v.record]!.get(item.field);
          const x = typeof f === 'number' || typeof f === 'bigint' ? f : f instanceof FloatValue ? f.value : null;
          if (x === null || (typeof x === 'number' && Number.isNaN(x))) continue;
          if (best === null || (item.fn === 'min_trends' ? x < best : x > best)) {
            best = x;
            bestValue = f;
          }
        }
        return bestValue;
      }
    }
  }

  /** An exact count as an int, or the nearest float with one VPL-R004 notice per stream when it overflows. */
  private intResult(v: bigint | number): Value {
    if (typeof v === 'number') return makeFloat(v);
    if (v <= INT64_MAX) return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    if (!this.overflowReported) {
      this.overflowReported = true;
      this.host.diagnostic(
        RuntimeCodes.overflow,
        'A trend count exceeds the int range; it is reported as a float.',
        this.op.span,
      );
    }
    return makeFloat(Number(v));
  }
}

function addNum(a: bigint | number, b: bigint | number): bigint | number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  return Number(a) + Number(b);
}
