/**
 * Constant expressions (language §8.3, L42): window sizes, slides, gaps, `.within`, lateness, `.limit`, timer
 * intervals and `ema` periods are built from literals, `const`/`let` globals, parentheses, unary minus and
 * arithmetic, and are evaluated once at compile time.
 */

import { type ast, durationLiteralToNanos, intLiteralValue } from '@varpulis/language';

/** A constant: an int, a float, or a duration in nanoseconds. */
export type Constant =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'duration'; readonly ns: bigint };

export class ConstantFolder {
  private readonly visiting = new Set<string>();

  constructor(private readonly globals: ReadonlyMap<string, ast.VarDecl>) {}

  /** The constant value of `node`, or `undefined` when it is not a constant expression. */
  evaluate(node: ast.Expr | ast.Expression): Constant | undefined {
    switch (node.$type) {
      case 'IntLiteral': {
        const v = intLiteralValue(node.value);
        return v === undefined ? undefined : { kind: 'int', value: v };
      }
      case 'FloatLiteral':
        return { kind: 'float', value: node.value };
      case 'DurationLiteral': {
        const ns = durationLiteralToNanos(node.value);
        return ns === undefined ? undefined : { kind: 'duration', ns };
      }
      case 'ParenExpr':
        return this.evaluate(node.inner);
      case 'NameRef': {
        const name = node.target.$refText;
        const decl = this.globals.get(name);
        if (decl === undefined || decl.kind === 'var' || this.visiting.has(name)) return undefined;
        this.visiting.add(name);
        try {
          return this.evaluate(decl.value);
        } finally {
          this.visiting.delete(name);
        }
      }
      case 'UnaryExpr': {
        if (node.operator !== '-') return undefined;
        const v = this.evaluate(node.operand);
        if (v === undefined) return undefined;
        if (v.kind === 'int') return { kind: 'int', value: -v.value };
        if (v.kind === 'float') return { kind: 'float', value: -v.value };
        return undefined;
      }
      case 'BinaryExpr': {
        const a = this.evaluate(node.left);
        const b = this.evaluate(node.right);
        if (a === undefined || b === undefined) return undefined;
        return arithmetic(node.operator, a, b);
      }
      default:
        return undefined;
    }
  }

  /** A constant integer as a number, or `undefined`. */
  int(node: ast.Expr | ast.Expression): number | undefined {
    const v = this.evaluate(node);
    return v?.kind === 'int' ? Number(v.value) : undefined;
  }

  /**
   * A time bound in milliseconds: a duration, or an integer (counted as milliseconds, §4.1). `undefined`
   * when not constant; `NaN` when not a whole number of milliseconds (VPL-O032, ruling R8).
   */
  durationMs(node: ast.Expr | ast.Expression): number | undefined {
    const v = this.evaluate(node);
    if (v === undefined) return undefined;
    if (v.kind === 'int') return Number(v.value);
    if (v.kind === 'duration') return v.ns % 1_000_000n === 0n ? Number(v.ns / 1_000_000n) : Number.NaN;
    return undefined;
  }
}

function arithmetic(op: string, a: Constant, b: Constant): Constant | undefined {
  if (a.kind === 'int' && b.kind === 'int') {
    switch (op) {
      case '+':
        return { kind: 'int', value: a.value + b.value };
      case '-':
        return { kind: 'int', value: a.value - b.value };
      case '*':
        return { kind: 'int', value: a.value * b.value };
      case '/':
        return b.value === 0n ? undefined : { kind: 'int', value: a.value / b.value };
      case '%':
        return b.value === 0n ? undefined : { kind: 'int', value: a.value % b.value };
    }
    return undefined;
  }
  if (a.kind === 'duration' || b.kind === 'duration') {
    if (a.kind === 'duration' && b.kind === 'duration') {
      if (op === '+') return { kind: 'duration', ns: a.ns + b.ns };
      if (op === '-') return a.ns >= b.ns ? { kind: 'duration', ns: a.ns - b.ns } : undefined;
      return undefined;
    }
    const d = a.kind === 'duration' ? a : (b as { kind: 'duration'; ns: bigint });
    const k = a.kind === 'duration' ? b : a;
    if (k.kind !== 'int') return undefined;
    if (op === '*') return { kind: 'duration', ns: d.ns * k.value };
    if (op === '/' && a.kind === 'duration')
      return k.value === 0n ? undefined : { kind: 'duration', ns: d.ns / k.value };
    return undefined;
  }
  const x = a.kind === 'int' ? Number(a.value) : (a as { value: number }).value;
  const y = b.kind === 'int' ? Number(b.value) : (b as { value: number }).value;
  switch (op) {
    case '+':
      return { kind: 'float', value: x + y };
    case '-':
      return { kind: 'float', value: x - y };
    case '*':
      return { kind: 'float', value: x * y };
    case '/':
      return { kind: 'float', value: x / y };
  }
  return undefined;
}
