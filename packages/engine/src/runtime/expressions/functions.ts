/**
 * User functions (semantics §14.2): a table of the program's functions, compiled lazily on first call so
 * that functions may call each other in any order and recurse.
 */

import type { FunctionPlan } from '../../plan/expression.js';
import type { SourceSpan } from '../../plan/source-span.js';
import type { Value } from '../values/value.js';
import { compileBlock, type ExpressionCompilerLike, RETURN, type StmtExec } from './compile-statement.js';
import { type EvalContext, Frame, tick } from './context.js';
import { recursionTooDeep } from './lambda.js';

/** One compiled user function. */
export class UserFunction {
  readonly arity: number;
  readonly localCount: number;
  /** parameter name → slot */
  readonly paramIndex: ReadonlyMap<string, number>;
  private body: StmtExec | null = null;

  constructor(
    readonly plan: FunctionPlan,
    private readonly compiler: () => ExpressionCompilerLike,
  ) {
    this.arity = plan.params.length;
    this.localCount = Math.max(plan.localCount, this.arity);
    this.paramIndex = new Map(plan.params.map((p, i) => [p.name, i]));
  }

  /**
   * Runs the function in a new frame whose slots the caller has filled (parameters first, `null` for the
   * rest; length `localCount`). The result is the value of an executed `return`, else the value of the last
   * statement executed when it is an expression statement, else `null`.
   */
  invoke(ctx: EvalContext, slots: Value[], span: SourceSpan): Value {
    if (ctx.depth >= ctx.limits.maxRecursionDepth) return recursionTooDeep(ctx, span);
    tick(ctx, 1, span);
    let body = this.body;
    if (body === null) body = this.body = compileBlock(this.compiler(), this.plan.body);
    const frame = new Frame(slots, null);
    ctx.depth++;
    const sig = body(ctx, frame);
    ctx.depth--;
    return sig === RETURN ? frame.result : frame.last;
  }

  /** Calls the function with positional arguments (missing ones are `null`, extra ones ignored). */
  call(ctx: EvalContext, args: readonly Value[], span: SourceSpan): Value {
    const slots: Value[] = new Array(this.localCount).fill(null);
    for (let i = 0; i < Math.min(args.length, this.arity); i++) slots[i] = args[i]!;
    return this.invoke(ctx, slots, span);
  }
}

/** The program's user functions by name. */
export class FunctionTable {
  private readonly byName = new Map<string, UserFunction>();

  constructor(plans: readonly FunctionPlan[], compiler: () => ExpressionCompilerLike) {
    for (const p of plans) this.byName.set(p.name, new UserFunction(p, compiler));
  }

  get(name: string): UserFunction | undefined {
    return this.byName.get(name);
  }

  get names(): IterableIterator<string> {
    return this.byName.keys();
  }
}
