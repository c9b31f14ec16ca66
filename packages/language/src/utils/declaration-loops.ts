import { type Expr, type ForStmt, isIntLiteral, isRangeExpr, isUnaryExpr } from '../generated/ast.js';

/** The most iterations one declaration loop may have (§6.12). */
export const MAX_LOOP_ITERATIONS = 10_000;
/** The deepest nesting of declaration loops (§6.12). */
export const MAX_LOOP_NESTING = 10;

function integerLiteral(expr: Expr | undefined): number | undefined {
  if (!expr) return undefined;
  if (isIntLiteral(expr)) return Number(expr.value);
  if (isUnaryExpr(expr) && expr.operator === '-' && isIntLiteral(expr.operand)) return -Number(expr.operand.value);
  return undefined;
}

/**
 * The values of a declaration loop (`for v in A..B:` with integer-literal bounds at top level, §6.12), or undefined
 * when the `for` is an ordinary loop.
 */
export function declarationLoopValues(loop: ForStmt): { from: number; to: number; count: number } | undefined {
  const range = loop.iterable;
  if (!isRangeExpr(range)) return undefined;
  const from = integerLiteral(range.start);
  const end = integerLiteral(range.end);
  if (from === undefined || end === undefined) return undefined;
  const to = range.operator === '..=' ? end : end - 1;
  return { from, to, count: Math.max(0, to - from + 1) };
}

/** Replaces every `{variable}` in a template text by the value (§6.12). */
export function expandTemplate(text: string, variable: string, value: number): string {
  return text.split(`{${variable}}`).join(String(value));
}
