import type { AstNode } from 'langium';
import {
  type Expr,
  type FnDecl,
  isBinaryExpr,
  isBoolLiteral,
  isDurationLiteral,
  isFloatLiteral,
  isForStmt,
  isIntLiteral,
  isNameRef,
  isNullLiteral,
  isParenExpr,
  isProgram,
  isStringLiteral,
  isTemplateAtom,
  isTimestampLiteral,
  isUnaryExpr,
  isVarDecl,
  type NameRef,
  type VarDecl,
} from '../generated/ast.js';
import { durationLiteralToNanos, intLiteralValue, timestampLiteralToNanos } from './literals.js';

/**
 * The value of a constant expression (language guide §8.3, L42). Integers, durations and timestamps are exact
 * (bigint); a `template` value is the `{v}` atom of a declaration loop, an integer known only per expansion.
 */
export type ConstValue =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'duration'; readonly nanos: bigint }
  | { readonly kind: 'timestamp'; readonly nanos: bigint }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'template' };

/** How a bare name that the linker did not resolve is looked up among the globals (imports included). */
export type GlobalLookup = (nameRef: NameRef) => VarDecl | FnDecl | undefined;

/** Nanoseconds in one millisecond: the unit every time bound must be a whole multiple of (ruling R8). */
export const NANOS_PER_MILLI = 1_000_000n;

/** Whether a declaration is a top-level one (directly in the program or in a declaration loop). */
export function isGlobalDeclaration(node: AstNode): boolean {
  let container = node.$container;
  while (container && isForStmt(container)) container = container.$container;
  return container !== undefined && isProgram(container);
}

/**
 * Evaluates a constant expression: literals, `const` and `let` globals (declared anywhere), parentheses, unary
 * minus and arithmetic (L42). Returns undefined when the expression is not constant: a `var` global, a field, an
 * alias, a local, a function call, or arithmetic that fails (division by zero, an undefined mix of kinds).
 */
export function evaluateConstant(expr: Expr | AstNode | undefined, lookup?: GlobalLookup): ConstValue | undefined {
  return evaluate(expr, lookup, new Set());
}

function evaluate(
  expr: AstNode | undefined,
  lookup: GlobalLookup | undefined,
  visiting: Set<AstNode>,
): ConstValue | undefined {
  if (!expr) return undefined;
  if (isIntLiteral(expr)) {
    const value = intLiteralValue(expr.value);
    return value === undefined ? undefined : { kind: 'int', value };
  }
  if (isFloatLiteral(expr)) return { kind: 'float', value: expr.value };
  if (isDurationLiteral(expr)) {
    const nanos = durationLiteralToNanos(expr.value);
    return nanos === undefined ? undefined : { kind: 'duration', nanos };
  }
  if (isTimestampLiteral(expr)) {
    const nanos = timestampLiteralToNanos(expr.value);
    return typeof nanos === 'bigint' ? { kind: 'timestamp', nanos } : undefined;
  }
  if (isStringLiteral(expr)) return { kind: 'string', value: expr.value };
  if (isBoolLiteral(expr)) return { kind: 'bool', value: expr.value };
  if (isNullLiteral(expr)) return { kind: 'null' };
  if (isTemplateAtom(expr)) return { kind: 'template' };
  if (isParenExpr(expr)) return evaluate(expr.inner, lookup, visiting);
  if (isUnaryExpr(expr)) {
    if (expr.operator !== '-') return undefined;
    return negate(evaluate(expr.operand, lookup, visiting));
  }
  if (isBinaryExpr(expr)) {
    const left = evaluate(expr.left, lookup, visiting);
    if (!left) return undefined;
    const right = evaluate(expr.right, lookup, visiting);
    if (!right) return undefined;
    return arithmetic(expr.operator as string, left, right);
  }
  if (isNameRef(expr)) {
    const target = expr.target?.ref ?? lookup?.(expr);
    if (!target || !isVarDecl(target) || target.kind === 'var' || !isGlobalDeclaration(target)) return undefined;
    if (visiting.has(target)) return undefined;
    visiting.add(target);
    try {
      return evaluate(target.value, lookup, visiting);
    } finally {
      visiting.delete(target);
    }
  }
  return undefined;
}

function negate(value: ConstValue | undefined): ConstValue | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'int':
      return { kind: 'int', value: -value.value };
    case 'float':
      return { kind: 'float', value: -value.value };
    case 'duration':
      return { kind: 'duration', nanos: -value.nanos };
    case 'template':
      return value;
    default:
      return undefined;
  }
}

function toFloat(value: ConstValue): number | undefined {
  if (value.kind === 'int') return Number(value.value);
  if (value.kind === 'float') return value.value;
  return undefined;
}

function arithmetic(operator: string, left: ConstValue, right: ConstValue): ConstValue | undefined {
  if (left.kind === 'template' || right.kind === 'template') {
    const other = left.kind === 'template' ? right : left;
    return other.kind === 'int' || other.kind === 'template' ? { kind: 'template' } : undefined;
  }
  if (left.kind === 'int' && right.kind === 'int') return intArithmetic(operator, left.value, right.value);
  if (left.kind === 'string' && right.kind === 'string' && operator === '+')
    return { kind: 'string', value: left.value + right.value };
  if (
    left.kind === 'duration' ||
    right.kind === 'duration' ||
    left.kind === 'timestamp' ||
    right.kind === 'timestamp'
  ) {
    return timeArithmetic(operator, left, right);
  }
  const a = toFloat(left);
  const b = toFloat(right);
  if (a === undefined || b === undefined) return undefined;
  switch (operator) {
    case '+':
      return { kind: 'float', value: a + b };
    case '-':
      return { kind: 'float', value: a - b };
    case '*':
      return { kind: 'float', value: a * b };
    case '/':
      return b === 0 ? undefined : { kind: 'float', value: a / b };
    case '%':
      return b === 0 ? undefined : { kind: 'float', value: a % b };
    case '**':
      return { kind: 'float', value: a ** b };
    default:
      return undefined;
  }
}

function intArithmetic(operator: string, a: bigint, b: bigint): ConstValue | undefined {
  switch (operator) {
    case '+':
      return { kind: 'int', value: a + b };
    case '-':
      return { kind: 'int', value: a - b };
    case '*':
      return { kind: 'int', value: a * b };
    case '/':
      return b === 0n ? undefined : { kind: 'int', value: a / b };
    case '%':
      return b === 0n ? undefined : { kind: 'int', value: a % b };
    case '**':
      if (b < 0n) return { kind: 'float', value: Number(a) ** Number(b) };
      return b > 64n ? undefined : { kind: 'int', value: a ** b };
    default:
      return undefined;
  }
}

/** `duration ± duration`, `duration * int`, `int * duration`, `duration / int`, `timestamp ± duration` (§11.5). */
function timeArithmetic(operator: string, left: ConstValue, right: ConstValue): ConstValue | undefined {
  if (left.kind === 'duration' && right.kind === 'duration') {
    if (operator === '+') return { kind: 'duration', nanos: left.nanos + right.nanos };
    if (operator === '-') return { kind: 'duration', nanos: left.nanos - right.nanos };
    return undefined;
  }
  if (left.kind === 'duration' && right.kind === 'int') {
    if (operator === '*') return { kind: 'duration', nanos: left.nanos * right.value };
    if (operator === '/') return right.value === 0n ? undefined : { kind: 'duration', nanos: left.nanos / right.value };
    return undefined;
  }
  if (left.kind === 'int' && right.kind === 'duration' && operator === '*')
    return { kind: 'duration', nanos: left.value * right.nanos };
  if (left.kind === 'timestamp' && right.kind === 'duration') {
    if (operator === '+') return { kind: 'timestamp', nanos: left.nanos + right.nanos };
    if (operator === '-') return { kind: 'timestamp', nanos: left.nanos - right.nanos };
  }
  return undefined;
}

/** A readable form of a constant value for messages (`5m`, `1500us`, `10`). */
export function describeConstant(value: ConstValue): string {
  switch (value.kind) {
    case 'int':
      return value.value.toString();
    case 'float':
      return String(value.value);
    case 'duration':
      return describeNanos(value.nanos);
    case 'timestamp':
      return `a timestamp`;
    case 'string':
      return JSON.stringify(value.value);
    case 'bool':
      return String(value.value);
    case 'null':
      return 'null';
    case 'template':
      return 'the loop value';
  }
}

/** A duration in the largest unit that divides it exactly (`90s` → `90s`, `1500000ns` → `1500us`). */
export function describeNanos(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const units: [string, bigint][] = [
    ['d', 86_400_000_000_000n],
    ['h', 3_600_000_000_000n],
    ['m', 60_000_000_000n],
    ['s', 1_000_000_000n],
    ['ms', 1_000_000n],
    ['us', 1_000n],
    ['ns', 1n],
  ];
  for (const [unit, size] of units) {
    if (nanos % size === 0n) return `${nanos / size}${unit}`;
  }
  return `${nanos}ns`;
}
