/**
 * `.log(level:, message:, data:)` (semantics §8.4): writes the message (default: the record type) and the
 * display form of the `data` field (default: all fields) at the given level. The batch passes unchanged.
 */

import type { LogOpPlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { display, displayFields, displayNested } from '../values/display.js';
import type { Operator } from './operator.js';

const NO_ALIASES: never[] = [];

export class LogOperator implements Operator {
  private readonly message: Compiled | null;

  constructor(
    private readonly plan: LogOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
  ) {
    this.message = plan.message === null ? null : compiler.compile(plan.message);
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    for (let i = 0; i < batch.length; i++) {
      const r = batch.records[i]!;
      let message = r.type;
      if (this.message !== null) {
        ctx.record = r;
        ctx.aliases = batch.captures[i] ?? NO_ALIASES;
        message = display(this.message(ctx));
      }
      const data = this.plan.data === null ? displayFields(r) : displayNested(r.get(this.plan.data));
      this.host.log('log', this.plan.level, `${message} ${data}`);
    }
  }
}
