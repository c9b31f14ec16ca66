/**
 * `.select(name: expr, …)` (semantics §8.2): replaces each record by one of the same type and event time
 * with exactly the listed fields. Aliases stay bound (S30).
 */

import type { SelectOpPlan } from '../../plan/plan.js';
import type { Batch } from '../core.js';
import type { ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import type { Operator } from './operator.js';
import { RecordBuilder } from './record-builder.js';

const NO_ALIASES: never[] = [];

export class SelectOperator implements Operator {
  private readonly builder: RecordBuilder;

  constructor(
    plan: SelectOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
  ) {
    this.builder = new RecordBuilder(plan.fields, compiler);
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    const records = batch.records;
    for (let i = 0; i < batch.length; i++) {
      const r = records[i]!;
      ctx.record = r;
      ctx.aliases = batch.captures[i] ?? NO_ALIASES;
      records[i] = this.builder.build(ctx, r.type, r.timeMs);
    }
  }
}
