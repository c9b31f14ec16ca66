/**
 * `.print(e1, e2, …)` (semantics §8.4): one line per record, `[PRINT] ` followed by the display forms of
 * the values separated by spaces; without arguments the stream name, the record type and its fields. The
 * batch passes unchanged.
 */

import type { PrintOpPlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { display, displayFields } from '../values/display.js';
import type { Operator } from './operator.js';

const NO_ALIASES: never[] = [];

export class PrintOperator implements Operator {
  private readonly args: Compiled[];

  constructor(
    plan: PrintOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
  ) {
    this.args = plan.args.map((a) => compiler.compile(a));
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    for (let i = 0; i < batch.length; i++) {
      const r = batch.records[i]!;
      let text: string;
      if (this.args.length === 0) {
        text = `${this.host.streamName} ${r.type} ${displayFields(r)}`;
      } else {
        ctx.record = r;
        ctx.aliases = batch.captures[i] ?? NO_ALIASES;
        text = this.args.map((a) => display(a(ctx))).join(' ');
      }
      this.host.log('print', 'info', `[PRINT] ${text}`);
    }
  }
}
