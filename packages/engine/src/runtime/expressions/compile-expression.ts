/**
 * Compiles expression plans (semantics §7) into closures, once; evaluating a closure walks no plan.
 *
 * Every closure has the signature `(ctx, frame) => Value`. Runtime errors are reported through
 * `ctx.fail(...)` and the failing node evaluates to `null`; only the step budget unwinds (to the top-level
 * evaluator, which turns it into VPL-R005 and `null`).
 *
 * A few shapes get specialised closures: field reads cache the record shape's slot (an inline cache), and
 * comparisons against a number or string literal skip the generic dispatch.
 */

import type {
  ArgPlan,
  BuiltinCallExpr,
  CompareExpr,
  ExprPlan,
  FunctionCallExpr,
  LambdaExpr,
  LiteralValue,
  MethodCallExpr,
} from '../../plan/expression.js';
import type { SourceSpan } from '../../plan/source-span.js';
import { intRange } from '../builtins/collections.js';
import { lookupBuiltin, lookupMethod } from '../builtins/registry.js';
import { equals } from '../values/equality.js';
import { EventRecord, type Shape } from '../values/record.js';
import { Duration, Timestamp } from '../values/time.js';
import { FloatValue, isFloat, isInt, makeFloat, parseIntText, type Value } from '../values/value.js';
import { indexOf, memberOf, sliceOf } from './access.js';
import { compileBlock, type ExpressionCompilerLike, frameAt, RETURN } from './compile-statement.js';
import type { EvalContext, Evaluator, Frame } from './context.js';
import { RuntimeCodes } from './diagnostics.js';
import type { FunctionTable } from './functions.js';
import { Lambda } from './lambda.js';
import {
  add,
  bitAnd,
  bitNot,
  bitOr,
  bitXor,
  divide,
  membership,
  modulo,
  multiply,
  negate,
  ordering,
  power,
  shiftLeft,
  shiftRight,
  subtract,
  typeName,
} from './operators.js';

type BinaryImpl = (ctx: EvalContext, span: SourceSpan, a: Value, b: Value) => Value;

const BINARY: Record<string, BinaryImpl> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  '%': modulo,
  '**': power,
  '&': bitAnd,
  '|': bitOr,
  '^': bitXor,
  '<<': shiftLeft,
  '>>': shiftRight,
};

/** The value of a literal. Throws on a malformed plan (a programming error of the compiler). */
export function literalValue(lit: LiteralValue): Value {
  switch (lit.type) {
    case 'null':
      return null;
    case 'bool':
    case 'str':
      return lit.value;
    case 'float':
      return makeFloat(lit.value);
    case 'int': {
      const v = parseIntText(lit.value);
      if (v === undefined) throw new Error(`int literal out of range in plan: ${lit.value}`);
      return v;
    }
    case 'duration': {
      const d = Duration.fromNanos(BigInt(lit.ns));
      if (d === undefined) throw new Error(`duration literal out of range in plan: ${lit.ns}`);
      return d;
    }
    case 'timestamp': {
      const t = Timestamp.fromNanos(BigInt(lit.ns));
      if (t === undefined) throw new Error(`timestamp literal out of range in plan: ${lit.ns}`);
      return t;
    }
  }
}

/** Reads field `name` of a record through a one-entry shape cache. */
function fieldReader(name: string): (r: EventRecord) => Value {
  let shape: Shape | null = null;
  let slot = -1;
  return (r) => {
    if (r.shape !== shape) {
      shape = r.shape;
      slot = shape.indexOf(name);
    }
    return slot < 0 ? null : r.values[slot]!;
  };
}

function conditionError(ctx: EvalContext, v: Value, span: SourceSpan): void {
  ctx.fail(
    RuntimeCodes.typeError,
    `A condition must be a bool (or null), not ${typeName(v)}; it counts as false.`,
    span,
  );
}

/** Compiles expression plans against one function table. */
export class ExpressionCompiler implements ExpressionCompilerLike {
  constructor(readonly functions: FunctionTable) {}

  /** A closure that evaluates the condition with the truthiness rules of §2.4 (errors reported, count as false). */
  condition(plan: ExprPlan): (ctx: EvalContext, frame: Frame) => boolean {
    const e = this.expr(plan);
    const span = plan.span;
    return (ctx, f) => {
      const v = e(ctx, f);
      if (v === true) return true;
      if (v !== false && v !== null) conditionError(ctx, v, span);
      return false;
    };
  }

  expr(plan: ExprPlan): Evaluator {
    const span = plan.span;
    switch (plan.kind) {
      case 'literal': {
        const v = literalValue(plan.value);
        return () => v;
      }
      case 'local': {
        const slot = plan.slot;
        switch (plan.depth) {
          case 0:
            return (_ctx, f) => f.slots[slot]!;
          case 1:
            return (_ctx, f) => f.parent!.slots[slot]!;
          default: {
            const depth = plan.depth;
            return (_ctx, f) => frameAt(f, depth).slots[slot]!;
          }
        }
      }
      case 'global':
      case 'constant': {
        const slot = plan.slot;
        return (ctx) => ctx.globals[slot] ?? null;
      }
      case 'field': {
        // the hottest node: the shape cache is inlined rather than delegated to a fieldReader
        const name = plan.name;
        let shape: Shape | null = null;
        let slot = -1;
        return (ctx) => {
          const r = ctx.record;
          if (r === null) return null;
          if (r.shape !== shape) {
            shape = r.shape;
            slot = shape.indexOf(name);
          }
          return slot < 0 ? null : r.values[slot]!;
        };
      }
      case 'alias': {
        const slot = plan.slot;
        return (ctx) => ctx.aliases[slot] ?? null;
      }
      case 'aliasField': {
        const aliasSlot = plan.slot;
        const name = plan.field;
        let shape: Shape | null = null;
        let slot = -1;
        return (ctx) => {
          const b = ctx.aliases[aliasSlot];
          if (b === undefined || b === null) return null;
          let r: EventRecord;
          if (b instanceof EventRecord) r = b;
          else if (b.length === 0) return null;
          else r = b[b.length - 1]!;
          if (r.shape !== shape) {
            shape = r.shape;
            slot = shape.indexOf(name);
          }
          return slot < 0 ? null : r.values[slot]!;
        };
      }
      case 'builtinVar': {
        const name = plan.name;
        const read = fieldReader(name);
        return (ctx) => {
          const vars = ctx.builtinVars;
          if (vars !== null) {
            const v = vars.get(name);
            if (v !== undefined) return v;
          }
          const r = ctx.record;
          return r === null ? null : read(r);
        };
      }
      case 'dynamic': {
        const name = plan.name;
        const read = fieldReader(name);
        return (ctx) => {
          const i = ctx.aliasNames.indexOf(name);
          if (i >= 0) return ctx.aliases[i] ?? null;
          const r = ctx.record;
          return r === null ? null : read(r);
        };
      }
      case 'record':
        return (ctx) => ctx.record;
      case 'aggregate': {
        const index = plan.index;
        return (ctx) => ctx.aggregates[index] ?? null;
      }
      case 'member': {
        const obj = this.expr(plan.object);
        const name = plan.name;
        const read = fieldReader(name);
        return (ctx, f) => {
          const o = obj(ctx, f);
          if (o instanceof EventRecord) return read(o);
          return memberOf(ctx, span, o, name);
        };
      }
      case 'index': {
        const obj = this.expr(plan.object);
        const idx = this.expr(plan.index);
        return (ctx, f) => {
          const o = obj(ctx, f);
          return indexOf(ctx, span, o, idx(ctx, f));
        };
      }
      case 'slice': {
        const obj = this.expr(plan.object);
        const start = plan.start === null ? null : this.expr(plan.start);
        const end = plan.end === null ? null : this.expr(plan.end);
        return (ctx, f) => {
          const o = obj(ctx, f);
          const s = start === null ? undefined : start(ctx, f);
          const e = end === null ? undefined : end(ctx, f);
          return sliceOf(ctx, span, o, s, e);
        };
      }
      case 'callBuiltin':
        return this.builtinCall(plan);
      case 'callFunction':
        return this.functionCall(plan);
      case 'callMethod':
        return this.methodCall(plan);
      case 'callValue': {
        const callee = this.expr(plan.callee);
        const args = plan.args.map((a) => this.expr(a.value));
        return (ctx, f) => {
          const fn = callee(ctx, f);
          const values = args.map((a) => a(ctx, f));
          if (fn instanceof Lambda) return fn.call(ctx, values, span);
          if (fn === null) return null;
          return ctx.fail(RuntimeCodes.typeError, `A ${typeName(fn)} cannot be called; only lambdas can.`, span);
        };
      }
      case 'unary': {
        const operand = this.expr(plan.operand);
        if (plan.op === '-') return (ctx, f) => negate(ctx, span, operand(ctx, f));
        return (ctx, f) => bitNot(ctx, span, operand(ctx, f));
      }
      case 'binary': {
        const l = this.expr(plan.left);
        const r = this.expr(plan.right);
        const impl = BINARY[plan.op]!;
        if (plan.op === '+') return (ctx, f) => add(ctx, span, l(ctx, f), r(ctx, f));
        if (plan.op === '-') return (ctx, f) => subtract(ctx, span, l(ctx, f), r(ctx, f));
        if (plan.op === '*') return (ctx, f) => multiply(ctx, span, l(ctx, f), r(ctx, f));
        return (ctx, f) => impl(ctx, span, l(ctx, f), r(ctx, f));
      }
      case 'logical': {
        const l = this.condition(plan.left);
        const r = this.condition(plan.right);
        if (plan.op === 'and') return (ctx, f) => l(ctx, f) && r(ctx, f);
        return (ctx, f) => l(ctx, f) || r(ctx, f);
      }
      case 'not': {
        const c = this.condition(plan.operand);
        return (ctx, f) => !c(ctx, f);
      }
      case 'compare':
        return this.comparison(plan);
      case 'is': {
        const operand = this.expr(plan.operand);
        const test = isTest(plan.test);
        if (plan.negated) return (ctx, f) => !test(operand(ctx, f));
        return (ctx, f) => test(operand(ctx, f));
      }
      case 'range': {
        const start = this.expr(plan.start);
        const end = this.expr(plan.end);
        const inclusive = plan.inclusive;
        return (ctx, f) => {
          const a = start(ctx, f);
          const b = end(ctx, f);
          if (a === null || b === null) return null;
          if (!isInt(a) || !isInt(b)) {
            return ctx.fail(
              RuntimeCodes.typeError,
              `A range needs two ints, not ${typeName(a)} and ${typeName(b)}.`,
              span,
            );
          }
          return intRange(ctx, span, a, b, inclusive);
        };
      }
      case 'if': {
        const c = this.condition(plan.condition);
        const t = this.expr(plan.then);
        const e = this.expr(plan.otherwise);
        return (ctx, f) => (c(ctx, f) ? t(ctx, f) : e(ctx, f));
      }
      case 'array': {
        const elements = plan.elements.map((e) => this.expr(e));
        return (ctx, f) => {
          const out: Value[] = new Array(elements.length);
          for (let i = 0; i < elements.length; i++) out[i] = elements[i]!(ctx, f);
          return out;
        };
      }
      case 'map': {
        const keys = plan.entries.map((e) => e.key);
        const values = plan.entries.map((e) => this.expr(e.value));
        return (ctx, f) => {
          const m = new Map<string, Value>();
          for (let i = 0; i < keys.length; i++) m.set(keys[i]!, values[i]!(ctx, f));
          return m;
        };
      }
      case 'lambda':
        return this.lambda(plan);
      case 'template': {
        const name = plan.name;
        return (ctx) =>
          ctx.fail(
            RuntimeCodes.typeError,
            `The template atom {${name}} is only meaningful inside a declaration loop.`,
            span,
          );
      }
    }
  }

  private comparison(plan: CompareExpr): Evaluator {
    const span = plan.span;
    const l = this.expr(plan.left);
    const op = plan.op;
    // Comparison with a literal number or string on the right: the overwhelmingly common filter shape. A
    // float literal with an integral value (`50.0`) is a FloatValue box; it is unboxed once here, and so are
    // FloatValue operands below (ordering and equality are numeric across int and float, §2.3).
    if (plan.right.kind === 'literal') {
      const lit = literalValue(plan.right.value);
      const c = typeof lit === 'number' ? lit : lit instanceof FloatValue ? lit.value : undefined;
      if (c !== undefined) {
        switch (op) {
          case '==':
            return (ctx, f) => {
              const a = l(ctx, f);
              return typeof a === 'number' ? a === c : equals(a, lit);
            };
          case '!=':
            return (ctx, f) => {
              const a = l(ctx, f);
              return !(typeof a === 'number' ? a === c : equals(a, lit));
            };
          case '<':
            return (ctx, f) => {
              const a = l(ctx, f);
              if (typeof a === 'number') return a < c;
              return a instanceof FloatValue ? a.value < c : ordering(ctx, span, op, a, lit);
            };
          case '<=':
            return (ctx, f) => {
              const a = l(ctx, f);
              if (typeof a === 'number') return a <= c;
              return a instanceof FloatValue ? a.value <= c : ordering(ctx, span, op, a, lit);
            };
          case '>':
            return (ctx, f) => {
              const a = l(ctx, f);
              if (typeof a === 'number') return a > c;
              return a instanceof FloatValue ? a.value > c : ordering(ctx, span, op, a, lit);
            };
          case '>=':
            return (ctx, f) => {
              const a = l(ctx, f);
              if (typeof a === 'number') return a >= c;
              return a instanceof FloatValue ? a.value >= c : ordering(ctx, span, op, a, lit);
            };
        }
      } else if (typeof lit === 'string') {
        if (op === '==') return (ctx, f) => l(ctx, f) === lit;
        if (op === '!=') return (ctx, f) => l(ctx, f) !== lit;
      }
    }
    const r = this.expr(plan.right);
    switch (op) {
      case '==':
        return (ctx, f) => equals(l(ctx, f), r(ctx, f));
      case '!=':
        return (ctx, f) => !equals(l(ctx, f), r(ctx, f));
      case '<':
      case '<=':
      case '>':
      case '>=':
        return (ctx, f) => ordering(ctx, span, op, l(ctx, f), r(ctx, f));
      case 'in':
        return (ctx, f) => {
          const x = l(ctx, f);
          return membership(ctx, span, op, x, r(ctx, f));
        };
      case 'not in':
        return (ctx, f) => {
          const x = l(ctx, f);
          const c = r(ctx, f);
          if (c === null) return false;
          const m = membership(ctx, span, op, x, c);
          return m === null ? null : !m;
        };
    }
  }

  private lambda(plan: LambdaExpr): Evaluator {
    const arity = plan.params.length;
    const localCount = Math.max(plan.localCount, arity);
    const span = plan.span;
    let body: Evaluator;
    if (plan.body.kind === 'expr') {
      body = this.expr(plan.body.expr);
    } else {
      const block = compileBlock(this, plan.body.statements);
      body = (ctx, f) => {
        const sig = block(ctx, f);
        return sig === RETURN ? f.result : f.last;
      };
    }
    return (_ctx, f) => new Lambda(arity, localCount, body, f, span);
  }

  private builtinCall(plan: BuiltinCallExpr): Evaluator {
    const span = plan.span;
    const name = plan.name;
    const b = lookupBuiltin(name);
    if (b === undefined) {
      return (ctx) => ctx.fail(RuntimeCodes.typeError, `Unknown function '${name}'.`, span);
    }
    const sig = b.signature;
    const n = plan.args.length;
    if (n < sig.minArgs || (sig.maxArgs !== null && n > sig.maxArgs)) {
      const expected =
        sig.maxArgs === null
          ? `at least ${sig.minArgs}`
          : sig.minArgs === sig.maxArgs
            ? `${sig.minArgs}`
            : `${sig.minArgs} to ${sig.maxArgs}`;
      return (ctx) => ctx.fail(RuntimeCodes.typeError, `'${name}' takes ${expected} argument(s), not ${n}.`, span);
    }
    const args = plan.args.map((a) => this.expr(a.value));
    const acceptsNull = sig.acceptsNull === true;
    if (b.variadic) {
      const impl = b.impl;
      return (ctx, f) => {
        const values: Value[] = new Array(args.length);
        for (let i = 0; i < args.length; i++) {
          const v = args[i]!(ctx, f);
          values[i] = v;
        }
        if (!acceptsNull) for (const v of values) if (v === null) return null;
        return impl(ctx, span, values);
      };
    }
    const impl = b.impl;
    const u = undefined as unknown as Value; // an argument that was not given
    switch (n) {
      case 0:
        return (ctx) => impl(ctx, span, u, u, u);
      case 1: {
        const a0 = args[0]!;
        if (acceptsNull) return (ctx, f) => impl(ctx, span, a0(ctx, f), u, u);
        return (ctx, f) => {
          const a = a0(ctx, f);
          return a === null ? null : impl(ctx, span, a, u, u);
        };
      }
      case 2: {
        const [a0, a1] = args as [Evaluator, Evaluator];
        if (acceptsNull) return (ctx, f) => impl(ctx, span, a0(ctx, f), a1(ctx, f), u);
        return (ctx, f) => {
          const a = a0(ctx, f);
          const b2 = a1(ctx, f);
          return a === null || b2 === null ? null : impl(ctx, span, a, b2, u);
        };
      }
      default: {
        const [a0, a1, a2] = args as [Evaluator, Evaluator, Evaluator];
        if (acceptsNull) return (ctx, f) => impl(ctx, span, a0(ctx, f), a1(ctx, f), a2(ctx, f));
        return (ctx, f) => {
          const a = a0(ctx, f);
          const b2 = a1(ctx, f);
          const c = a2(ctx, f);
          return a === null || b2 === null || c === null ? null : impl(ctx, span, a, b2, c);
        };
      }
    }
  }

  private methodCall(plan: MethodCallExpr): Evaluator {
    const span = plan.span;
    const name = plan.name;
    const receiver = this.expr(plan.receiver);
    const m = lookupMethod(name);
    const n = plan.args.length;
    const arg = n > 0 ? this.expr(plan.args[0]!.value) : null;
    if (m === undefined || n < m.signature.minArgs || n > (m.signature.maxArgs ?? n)) {
      const message =
        m === undefined
          ? `Unknown method '.${name}()'.`
          : `'.${name}()' takes ${m.signature.maxArgs} argument(s), not ${n}.`;
      return (ctx, f) => {
        const r = receiver(ctx, f);
        return r === null ? null : ctx.fail(RuntimeCodes.typeError, message, span);
      };
    }
    const impl = m.impl;
    const u = undefined as unknown as Value;
    return (ctx, f) => {
      const r = receiver(ctx, f);
      if (r === null) return null;
      if (!Array.isArray(r)) {
        return ctx.fail(RuntimeCodes.typeError, `'.${name}()' is a method of arrays, not of a ${typeName(r)}.`, span);
      }
      if (arg === null) return impl(ctx, span, r, u);
      const a = arg(ctx, f);
      return a === null ? null : impl(ctx, span, r, a);
    };
  }

  private functionCall(plan: FunctionCallExpr): Evaluator {
    const span = plan.span;
    const fn = this.functions.get(plan.name);
    if (fn === undefined) {
      const name = plan.name;
      return (ctx) => ctx.fail(RuntimeCodes.typeError, `Unknown function '${name}'.`, span);
    }
    const targets = bindArguments(plan.args, fn.paramIndex, fn.arity);
    const evals = plan.args.map((a) => this.expr(a.value));
    const localCount = fn.localCount;
    return (ctx, f) => {
      const slots: Value[] = new Array(localCount).fill(null);
      for (let i = 0; i < evals.length; i++) {
        const v = evals[i]!(ctx, f);
        const t = targets[i]!;
        if (t >= 0) slots[t] = v;
      }
      return fn.invoke(ctx, slots, span);
    };
  }
}

/**
 * Binds call arguments to parameter slots (semantics §7.6): positional ones in order, named ones by
 * parameter name. An argument with no parameter (an extra one or an unknown name, static error E051) is
 * still evaluated but dropped (target -1).
 */
function bindArguments(args: readonly ArgPlan[], paramIndex: ReadonlyMap<string, number>, arity: number): number[] {
  const targets: number[] = [];
  let position = 0;
  for (const a of args) {
    if (a.name === null) {
      targets.push(position < arity ? position : -1);
      position++;
    } else {
      targets.push(paramIndex.get(a.name) ?? -1);
    }
  }
  return targets;
}

function isTest(test: string): (v: Value) => boolean {
  switch (test) {
    case 'null':
      return (v) => v === null;
    case 'int':
      return isInt;
    case 'float':
      return isFloat;
    case 'bool':
      return (v) => typeof v === 'boolean';
    case 'str':
      return (v) => typeof v === 'string';
    case 'timestamp':
      return (v) => v instanceof Timestamp;
    case 'duration':
      return (v) => v instanceof Duration;
    default:
      return () => false;
  }
}
