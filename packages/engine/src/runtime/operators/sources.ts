/**
 * The first stage of a stream's pipeline for simple sources (semantics §6.1, §8.11): an event type or
 * stream (binding the `T as a` alias), a `merge(...)` (the first item of the record's type whose filter
 * accepts it lets it through unchanged), or a timer.
 */

import type { MergeSourcePlan, RouteSourcePlan } from '../../plan/plan.js';
import type { Batch } from '../core.js';
import type { CompiledCondition, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import type { Operator } from './operator.js';

/** A plain source: passes records through, binding the source alias when there is one. */
export class RouteSource implements Operator {
  private readonly slot: number;

  constructor(
    plan: RouteSourcePlan,
    private readonly aliasCount: number,
  ) {
    this.slot = plan.alias === null ? -1 : plan.alias.slot;
  }

  /** Whether it binds an alias (otherwise records pass through it untouched). */
  get bindsAlias(): boolean {
    return this.slot >= 0;
  }

  process(batch: Batch, _late: boolean): void {
    if (this.slot < 0) return;
    for (let i = 0; i < batch.length; i++) {
      const captures = new Array(this.aliasCount).fill(null);
      captures[this.slot] = batch.records[i]!;
      batch.captures[i] = captures;
    }
  }
}

/** A `merge(...)` source. */
export class MergeSource implements Operator {
  private readonly items: { name: string; filter: CompiledCondition | null }[];

  constructor(
    plan: MergeSourcePlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
  ) {
    this.items = plan.items.map((i) => ({
      name: i.name,
      filter: i.filter === null ? null : compiler.compileCondition(i.filter),
    }));
  }

  private accepts(batch: Batch, i: number): boolean {
    const r = batch.records[i]!;
    for (const item of this.items) {
      if (item.name !== r.type) continue;
      if (item.filter === null) return true;
      this.ctx.record = r;
      this.ctx.aliases = [];
      if (item.filter(this.ctx)) return true;
    }
    return false;
  }

  process(batch: Batch, _late: boolean): void {
    let kept = 0;
    const n = batch.length;
    for (let i = 0; i < n; i++) {
      if (this.accepts(batch, i)) {
        batch.records[kept] = batch.records[i]!;
        batch.captures[kept] = batch.captures[i]!;
        kept++;
      }
    }
    if (kept < n) batch.truncate(kept);
  }
}
