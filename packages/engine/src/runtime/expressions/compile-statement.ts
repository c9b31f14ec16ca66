/**
 * Compiles imperative statements (semantics §14.3) into closures. A statement closure returns a completion
 * signal; `return` values and the value of the last expression statement live in the frame.
 */

import type { EmitStmt, ExprPlan, ForStmt, IfStmt, StmtPlan, WhileStmt } from '../../plan/expression.js';
import type { SourceSpan } from '../../plan/source-span.js';
import { EventRecord, Shape } from '../values/record.js';
import type { Value } from '../values/value.js';
import { type EvalContext, type Evaluator, type Frame, tick } from './context.js';
import { RuntimeCodes } from './diagnostics.js';
import { typeName } from './operators.js';

/** Completion signals of a statement. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Signal = 0 | 1 | 2 | 3;

/** A compiled statement or block. */
export type StmtExec = (ctx: EvalContext, frame: Frame) => Signal;

/** What the statement compiler needs from the expression compiler. */
export interface ExpressionCompilerLike {
  expr(plan: ExprPlan): Evaluator;
  condition(plan: ExprPlan): (ctx: EvalContext, frame: Frame) => boolean;
}

/** The frame `depth` lambda levels out. */
export function frameAt(frame: Frame, depth: number): Frame {
  let f = frame;
  for (let d = 0; d < depth; d++) f = f.parent!;
  return f;
}

/** Compiles a block (a statement list) into one closure. */
export function compileBlock(c: ExpressionCompilerLike, statements: readonly StmtPlan[]): StmtExec {
  const execs = statements.map((s) => compileStatement(c, s));
  switch (execs.length) {
    case 0:
      return () => NORMAL;
    case 1:
      return execs[0]!;
    case 2: {
      const [a, b] = execs as [StmtExec, StmtExec];
      return (ctx, f) => {
        const s = a(ctx, f);
        return s !== NORMAL ? s : b(ctx, f);
      };
    }
    default:
      return (ctx, f) => {
        for (let i = 0; i < execs.length; i++) {
          const s = execs[i]!(ctx, f);
          if (s !== NORMAL) return s;
        }
        return NORMAL;
      };
  }
}

function compileStatement(c: ExpressionCompilerLike, s: StmtPlan): StmtExec {
  switch (s.kind) {
    case 'expr': {
      const e = c.expr(s.expr);
      return (ctx, f) => {
        f.last = e(ctx, f);
        return NORMAL;
      };
    }
    case 'let': {
      const e = c.expr(s.value);
      const slot = s.slot;
      return (ctx, f) => {
        f.last = null;
        f.slots[slot] = e(ctx, f);
        return NORMAL;
      };
    }
    case 'assign': {
      const e = c.expr(s.value);
      const target = s.target;
      const slot = target.slot;
      if (target.kind === 'global') {
        return (ctx, f) => {
          f.last = null;
          ctx.globals[slot] = e(ctx, f);
          return NORMAL;
        };
      }
      const depth = target.depth;
      return (ctx, f) => {
        f.last = null;
        const v = e(ctx, f);
        frameAt(f, depth).slots[slot] = v;
        return NORMAL;
      };
    }
    case 'if':
      return compileIf(c, s);
    case 'while':
      return compileWhile(c, s);
    case 'for':
      return compileFor(c, s);
    case 'return': {
      const e = s.value === null ? null : c.expr(s.value);
      return (ctx, f) => {
        f.last = null;
        f.result = e === null ? null : e(ctx, f);
        return RETURN;
      };
    }
    case 'break':
      return (_ctx, f) => {
        f.last = null;
        return BREAK;
      };
    case 'continue':
      return (_ctx, f) => {
        f.last = null;
        return CONTINUE;
      };
    case 'emit':
      return compileEmit(c, s);
  }
}

function compileIf(c: ExpressionCompilerLike, s: IfStmt): StmtExec {
  const conds = s.branches.map((b) => c.condition(b.condition));
  const bodies = s.branches.map((b) => compileBlock(c, b.body));
  const otherwise = s.otherwise === null ? null : compileBlock(c, s.otherwise);
  if (conds.length === 1) {
    const cond = conds[0]!;
    const body = bodies[0]!;
    return (ctx, f) => {
      f.last = null;
      if (cond(ctx, f)) return body(ctx, f);
      return otherwise === null ? NORMAL : otherwise(ctx, f);
    };
  }
  return (ctx, f) => {
    f.last = null;
    for (let i = 0; i < conds.length; i++) if (conds[i]!(ctx, f)) return bodies[i]!(ctx, f);
    return otherwise === null ? NORMAL : otherwise(ctx, f);
  };
}

function compileWhile(c: ExpressionCompilerLike, s: WhileStmt): StmtExec {
  const cond = c.condition(s.condition);
  const body = compileBlock(c, s.body);
  const span = s.span;
  return (ctx, f) => {
    f.last = null;
    const max = ctx.limits.maxLoopIterations;
    let iterations = 0;
    while (cond(ctx, f)) {
      if (iterations === max) {
        ctx.fail(
          RuntimeCodes.budget,
          `Loop stopped after ${max} iterations (the while-loop budget; see --max-loop-iterations).`,
          span,
        );
        break;
      }
      iterations++;
      tick(ctx, 1, span);
      const sig = body(ctx, f);
      if (sig === BREAK) break;
      if (sig === RETURN) return RETURN;
    }
    return NORMAL;
  };
}

function compileFor(c: ExpressionCompilerLike, s: ForStmt): StmtExec {
  const iterable = c.expr(s.iterable);
  const body = compileBlock(c, s.body);
  const slot = s.slot;
  const span = s.span;
  const iterSpan = s.iterable.span;
  return (ctx, f) => {
    f.last = null;
    const it = iterable(ctx, f);
    if (it === null) return NORMAL;
    if (Array.isArray(it)) {
      for (let i = 0; i < it.length; i++) {
        tick(ctx, 1, span);
        f.slots[slot] = it[i]!;
        const sig = body(ctx, f);
        if (sig === BREAK) break;
        if (sig === RETURN) return RETURN;
      }
      return NORMAL;
    }
    if (typeof it === 'number' && Number.isInteger(it)) {
      for (let i = 0; i < it; i++) {
        tick(ctx, 1, span);
        f.slots[slot] = i;
        const sig = body(ctx, f);
        if (sig === BREAK) break;
        if (sig === RETURN) return RETURN;
      }
      return NORMAL;
    }
    if (it instanceof Map || it instanceof EventRecord) {
      const entries: Value[] = [];
      for (const [k, v] of it.entries()) entries.push([k, v]);
      for (let i = 0; i < entries.length; i++) {
        tick(ctx, 1, span);
        f.slots[slot] = entries[i]!;
        const sig = body(ctx, f);
        if (sig === BREAK) break;
        if (sig === RETURN) return RETURN;
      }
      return NORMAL;
    }
    if (typeof it === 'bigint') return forTooLong(ctx, iterSpan);
    ctx.fail(
      RuntimeCodes.typeError,
      `'for' iterates over an array, a map, a range or an int, not a ${typeName(it)}.`,
      iterSpan,
    );
    return NORMAL;
  };
}

function forTooLong(ctx: EvalContext, span: SourceSpan): Signal {
  ctx.fail(RuntimeCodes.budget, 'Loop not run: its int bound exceeds the evaluation budget.', span);
  return NORMAL;
}

function compileEmit(c: ExpressionCompilerLike, s: EmitStmt): StmtExec {
  const names = s.fields.map((x) => x.name);
  const distinct = new Set(names).size === names.length;
  const shape = distinct ? Shape.of(names) : null;
  const evals = s.fields.map((x) => c.expr(x.value));
  const type = s.eventType;
  return (ctx, f) => {
    f.last = null;
    const collector = ctx.emitCollector;
    if (collector === null) return NORMAL;
    const values: Value[] = new Array(evals.length);
    for (let i = 0; i < evals.length; i++) values[i] = evals[i]!(ctx, f);
    const time = ctx.record?.timeMs ?? ctx.nowMs ?? 0;
    let rec: EventRecord;
    if (shape !== null) {
      rec = new EventRecord(type, time, shape, values);
    } else {
      rec = new EventRecord(type, time, Shape.EMPTY, []);
      for (let i = 0; i < names.length; i++) rec.set(names[i]!, values[i]!);
    }
    collector(rec);
    return NORMAL;
  };
}
