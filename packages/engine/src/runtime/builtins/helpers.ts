/**
 * Shared pieces of the builtin implementations: the implementation types and argument errors.
 */

import type { SourceSpan } from '../../plan/source-span.js';
import type { EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { typeName } from '../expressions/operators.js';
import { FloatValue, type Value } from '../values/value.js';

/**
 * A builtin with at most three parameters. Arguments not given are `undefined` (only for optional
 * parameters; the compiler checks arities). A `null` argument never reaches a function that does not accept
 * null (the caller returns `null` first).
 */
export type FixedImpl = (ctx: EvalContext, span: SourceSpan, a: Value, b: Value, c: Value) => Value;

/** A variadic builtin (`min`, `max`, `concat`, `coalesce`). */
export type VariadicImpl = (ctx: EvalContext, span: SourceSpan, args: readonly Value[]) => Value;

/** An array method: the receiver is a non-null array; `a` is the argument if any. */
export type MethodImpl = (ctx: EvalContext, span: SourceSpan, receiver: Value[], a: Value) => Value;

/** Reports an argument of the wrong kind (VPL-R001) and returns `null`. */
export function badArg(
  ctx: EvalContext,
  span: SourceSpan,
  fn: string,
  position: number,
  expected: string,
  got: Value,
): null {
  return ctx.fail(
    RuntimeCodes.typeError,
    `Argument ${position} of '${fn}' must be ${expected}, not ${typeName(got)}.`,
    span,
  );
}

/** Reports an argument outside a function's domain (VPL-R003) and returns `null`. */
export function domainError(ctx: EvalContext, span: SourceSpan, message: string): null {
  return ctx.fail(RuntimeCodes.domain, message, span);
}

/** The JavaScript number of an int or float, or `undefined` for other kinds. */
export function numberOf(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof FloatValue) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}
