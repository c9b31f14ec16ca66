/**
 * The entry point of the expression runtime: compile plans once, evaluate them many times.
 *
 * ```ts
 * const exprs = createExpressionRuntime(plan.functions);
 * const where = exprs.compileCondition(whereExpr);      // once, at load
 * const ctx = new EvalContext({ report, globals });     // once per engine
 * ctx.record = event; ctx.nowMs = event.timeMs;         // per event
 * if (where(ctx)) …
 * ```
 *
 * Compiled evaluators never throw for VPL-level problems: runtime errors are reported on the context's
 * diagnostic sink and the failing expression is `null` (semantics §7.1, §17). A runaway evaluation is cut
 * off by the step budget and reported as VPL-R005.
 */

import type { ExprPlan, FunctionPlan, StmtPlan } from '../../plan/expression.js';
import type { SourceSpan } from '../../plan/source-span.js';
import type { Value } from '../values/value.js';
import { isBudgetFree } from './budget-free.js';
import { ExpressionCompiler } from './compile-expression.js';
import { compileBlock, RETURN } from './compile-statement.js';
import { BudgetExceeded, EMPTY_FRAME, type EvalContext, type Evaluator, Frame } from './context.js';
import { RuntimeCodes } from './diagnostics.js';
import { FunctionTable } from './functions.js';

/** A compiled expression: evaluates against the context's current record, aliases, globals, … */
export type CompiledExpression = (ctx: EvalContext) => Value;

/** A compiled condition (truthiness of semantics §2.4: only `true` passes; errors are reported). */
export type CompiledCondition = (ctx: EvalContext) => boolean;

/** Compiles expressions, conditions and statement blocks against the program's user functions. */
export interface ExpressionRuntime {
  /** the program's user functions */
  readonly functions: FunctionTable;
  /** Compiles an expression (a `.select`/`.emit` field, an aggregate argument, a global initialiser, …). */
  compile(plan: ExprPlan): CompiledExpression;
  /** Compiles a condition (`.where`, `.having`, step filters, join conditions, …). */
  compileCondition(plan: ExprPlan): CompiledCondition;
  /**
   * Compiles a statement block run in a fresh frame of `localCount` slots; its value follows the function
   * result rule (`return` value, else the last expression statement executed, else `null`).
   */
  compileBlock(statements: readonly StmtPlan[], localCount: number): CompiledExpression;
  /** Calls user function `name` with positional arguments (the engine API); `null` with R001 if unknown. */
  callFunction(ctx: EvalContext, name: string, args: readonly Value[], span: SourceSpan): Value;
}

function budgetExceeded(ctx: EvalContext, e: unknown): null {
  if (e instanceof BudgetExceeded) return ctx.fail(RuntimeCodes.budget, e.message, e.span);
  throw e;
}

/** Wraps a compiled node as a top-level evaluation with its own step budget. */
function root(ev: Evaluator): CompiledExpression {
  return (ctx) => {
    const steps = ctx.steps;
    const depth = ctx.depth;
    ctx.steps = 0;
    try {
      const v = ev(ctx, EMPTY_FRAME);
      ctx.steps = steps;
      return v;
    } catch (e) {
      ctx.steps = steps;
      ctx.depth = depth;
      return budgetExceeded(ctx, e);
    }
  };
}

/**
 * The runtimes created for the `functions` of a plan, which engines loaded from the same plan object share.
 * Compiled closures hold no engine state (they read everything from the context they are given), so sharing
 * them is invisible to programs; what it buys is that every engine calls the same closures, which keeps the
 * optimised code V8 built for one engine valid for the next (code that inlined a closure of an engine that
 * has been collected is thrown away).
 */
const sharedRuntimes = new WeakMap<readonly FunctionPlan[], ExpressionRuntime>();

/**
 * The expression runtime for a program with these user functions. Runtimes (and their compiled closures)
 * are shared by every call with the same `functions` array, e.g. engines loaded from one plan object.
 */
export function createExpressionRuntime(functions: readonly FunctionPlan[] = []): ExpressionRuntime {
  let runtime = sharedRuntimes.get(functions);
  if (runtime === undefined) {
    runtime = newExpressionRuntime(functions);
    sharedRuntimes.set(functions, runtime);
  }
  return runtime;
}

/** Memoises `compile` by the identity of the plan node. */
function memo<K extends object, V>(compile: (key: K) => V): (key: K) => V {
  const done = new WeakMap<K, V>();
  return (key) => {
    let v = done.get(key);
    if (v === undefined) {
      v = compile(key);
      done.set(key, v);
    }
    return v;
  };
}

function newExpressionRuntime(functions: readonly FunctionPlan[]): ExpressionRuntime {
  let compiler: ExpressionCompiler;
  const table = new FunctionTable(functions, () => compiler);
  compiler = new ExpressionCompiler(table);
  const blocks = new WeakMap<readonly StmtPlan[], Map<number, CompiledExpression>>();
  return {
    functions: table,
    compile: memo((plan: ExprPlan): CompiledExpression => {
      const ev = compiler.expr(plan);
      // an expression that cannot exhaust the budget is called directly (it reads no frame: `f` is unused)
      if (isBudgetFree(plan)) return ev as unknown as CompiledExpression;
      return root(ev);
    }),
    compileCondition: memo((plan: ExprPlan): CompiledCondition => {
      const cond = compiler.condition(plan);
      if (isBudgetFree(plan)) return cond as unknown as CompiledCondition;
      const r = root(cond);
      return (ctx) => r(ctx) === true;
    }),
    compileBlock(statements, localCount) {
      let byCount = blocks.get(statements);
      if (byCount === undefined) {
        byCount = new Map();
        blocks.set(statements, byCount);
      }
      let compiled = byCount.get(localCount);
      if (compiled === undefined) {
        const block = compileBlock(compiler, statements);
        compiled = root((ctx) => {
          const frame = new Frame(new Array(localCount).fill(null), null);
          const sig = block(ctx, frame);
          return sig === RETURN ? frame.result : frame.last;
        });
        byCount.set(localCount, compiled);
      }
      return compiled;
    },
    callFunction(ctx, name, args, span) {
      const fn = table.get(name);
      if (fn === undefined) return ctx.fail(RuntimeCodes.typeError, `Unknown function '${name}'.`, span);
      return root((c) => fn.call(c, args, span))(ctx);
    },
  };
}
