/**
 * `.process(expr)` (semantics §8.12): evaluates `expr` per record with an emit collector installed; the
 * batch is replaced by the records created by `emit` statements during the call, in execution order, each
 * with the record's event time. Aliases of the record stay bound for the created records.
 */

import type { ProcessOpPlan } from '../../plan/plan.js';
import { Batch, type Captures } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { EventRecord } from '../values/record.js';
import type { Operator } from './operator.js';

const NO_ALIASES: never[] = [];

export class ProcessOperator implements Operator {
  private readonly call: Compiled;
  private readonly out = new Batch();

  constructor(
    plan: ProcessOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
  ) {
    this.call = compiler.compile(plan.call);
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    const out = this.out;
    out.clear();
    let captures: Captures = null;
    let time = 0;
    const collect = (r: EventRecord): void => {
      out.push(r.timeMs === time ? r : new EventRecord(r.type, time, r.shape, r.values), captures);
    };
    for (let i = 0; i < batch.length; i++) {
      const r = batch.records[i]!;
      captures = batch.captures[i]!;
      time = r.timeMs;
      ctx.record = r;
      ctx.aliases = captures ?? NO_ALIASES;
      const previous = ctx.emitCollector;
      ctx.emitCollector = collect;
      try {
        this.call(ctx);
      } finally {
        ctx.emitCollector = previous;
      }
    }
    batch.clear();
    for (let i = 0; i < out.length; i++) batch.push(out.records[i]!, out.captures[i]!);
    out.clear();
  }
}
