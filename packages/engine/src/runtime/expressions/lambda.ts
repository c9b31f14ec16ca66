/**
 * Lambda values (language §10.9): a compiled body plus the frame it was created in.
 */

import type { SourceSpan } from '../../plan/source-span.js';
import { LambdaValue, type Value } from '../values/value.js';
import { type EvalContext, type Evaluator, Frame, tick } from './context.js';
import { RuntimeCodes } from './diagnostics.js';

/** A lambda created by evaluating a `lambda` plan node. Callable any number of times, from anywhere. */
export class Lambda extends LambdaValue {
  constructor(
    readonly arity: number,
    readonly localCount: number,
    /** evaluates the body in a fresh frame whose first `arity` slots hold the arguments */
    readonly body: Evaluator,
    /** the frame the lambda was created in (its enclosing locals) */
    readonly parent: Frame,
    readonly span: SourceSpan,
  ) {
    super();
  }

  /** Calls the lambda with one argument (the common case of collection methods). */
  call1(ctx: EvalContext, a: Value, callSpan: SourceSpan): Value {
    if (ctx.depth >= ctx.limits.maxRecursionDepth) return recursionTooDeep(ctx, callSpan);
    tick(ctx, 1, callSpan);
    const slots: Value[] = new Array(this.localCount).fill(null);
    if (this.arity > 0) slots[0] = a;
    ctx.depth++;
    const v = this.body(ctx, new Frame(slots, this.parent));
    ctx.depth--;
    return v;
  }

  /** Calls the lambda; missing arguments are `null`, extra ones are ignored. */
  call(ctx: EvalContext, args: readonly Value[], callSpan: SourceSpan): Value {
    if (ctx.depth >= ctx.limits.maxRecursionDepth) return recursionTooDeep(ctx, callSpan);
    tick(ctx, 1, callSpan);
    const slots: Value[] = new Array(this.localCount).fill(null);
    const n = Math.min(this.arity, args.length);
    for (let i = 0; i < n; i++) slots[i] = args[i]!;
    ctx.depth++;
    const v = this.body(ctx, new Frame(slots, this.parent));
    ctx.depth--;
    return v;
  }
}

/** Reports an exceeded recursion budget (VPL-R005) and returns `null`. */
export function recursionTooDeep(ctx: EvalContext, span: SourceSpan): null {
  return ctx.fail(
    RuntimeCodes.budget,
    `Call not made: the recursion depth limit of ${ctx.limits.maxRecursionDepth} nested calls was reached; the call is null.`,
    span,
  );
}
