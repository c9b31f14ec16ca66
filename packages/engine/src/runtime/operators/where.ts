/** `.where(c)`, `.filter(c)`, `.having(c)` (semantics §8.1, §8.8): keeps the records whose condition is true. */

import type { WhereOpPlan } from '../../plan/plan.js';
import type { Batch } from '../core.js';
import type { CompiledCondition, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import type { Operator } from './operator.js';

const NO_ALIASES: never[] = [];

export class WhereOperator implements Operator {
  private readonly condition: CompiledCondition;

  constructor(
    plan: WhereOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
  ) {
    this.condition = compiler.compileCondition(plan.condition);
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    const records = batch.records;
    const captures = batch.captures;
    const n = batch.length;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      ctx.record = records[i]!;
      ctx.aliases = captures[i] ?? NO_ALIASES;
      if (this.condition(ctx)) {
        records[kept] = records[i]!;
        captures[kept] = captures[i]!;
        kept++;
      }
    }
    if (kept < n) batch.truncate(kept);
  }
}
