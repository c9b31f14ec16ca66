/**
 * Builds records from a list of named expressions (`.select`, `.emit`): the shape is computed once; each
 * record costs one value array. A repeated name keeps its first position and takes the last value.
 */

import type { NamedExprPlan } from '../../plan/plan.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { EventRecord, Shape } from '../values/record.js';
import type { Value } from '../values/value.js';

export class RecordBuilder {
  private readonly exprs: Compiled[];
  private readonly slots: number[];
  readonly shape: Shape;

  constructor(fields: readonly NamedExprPlan[], compiler: ExpressionCompiler) {
    const names: string[] = [];
    this.slots = fields.map((f) => {
      const at = names.indexOf(f.name);
      if (at >= 0) return at;
      names.push(f.name);
      return names.length - 1;
    });
    this.shape = Shape.of(names);
    this.exprs = fields.map((f) => compiler.compile(f.expr));
  }

  /** Evaluates the fields against the context's current record and aliases. */
  build(ctx: EvalContext, type: string, timeMs: number): EventRecord {
    const values: Value[] = new Array(this.shape.size);
    const exprs = this.exprs;
    for (let i = 0; i < exprs.length; i++) values[this.slots[i]!] = exprs[i]!(ctx);
    return new EventRecord(type, timeMs, this.shape, values);
  }
}
