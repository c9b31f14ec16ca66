/**
 * `.pattern(name: events => predicate)` (semantics §8.14): evaluates the predicate over the whole batch
 * (an array of maps, each with `event_type` and the fields); the batch passes when it is `true` and is
 * cleared otherwise (a `null` result clears it too). The sequence form has no defined semantics and passes.
 */

import type { BatchPatternOpPlan } from '../../plan/plan.js';
import type { Batch } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import type { Value } from '../values/value.js';
import type { Operator } from './operator.js';

export class BatchPatternOperator implements Operator {
  private readonly predicate: Compiled | null;

  constructor(
    private readonly plan: BatchPatternOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
  ) {
    this.predicate = plan.predicate === null ? null : compiler.compile(plan.predicate);
  }

  process(batch: Batch, _late: boolean): void {
    if (this.predicate === null || batch.length === 0) return;
    const events: Value[] = batch.recordList().map((r) => {
      const m = new Map<string, Value>([['event_type', r.type]]);
      for (const [k, v] of r.entries()) m.set(k, v);
      return m;
    });
    const ctx = this.ctx;
    const previous = ctx.builtinVars;
    ctx.builtinVars = new Map([[this.plan.parameter, events]]);
    ctx.record = batch.records[batch.length - 1]!;
    ctx.aliases = [];
    let result: Value;
    try {
      result = this.predicate(ctx);
    } finally {
      ctx.builtinVars = previous;
    }
    if (result !== true) batch.clear();
  }
}
