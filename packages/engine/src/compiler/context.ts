/**
 * What every part of the compiler shares: the program's declarations by name, the expression compiler,
 * the constant folder and the error collector.
 */

import type { ast } from '@varpulis/language';
import type { ConfigValue } from '../plan/plan.js';
import { ErrorCollector } from './compile-error.js';
import { ExpressionCompiler, type ExprScope, type GlobalInfo } from './compile-expression.js';
import { ConstantFolder } from './constants.js';

export class CompileContext {
  readonly errors = new ErrorCollector();
  readonly globals = new Map<string, GlobalInfo>();
  readonly globalDecls = new Map<string, ast.VarDecl>();
  readonly functions = new Set<string>();
  readonly streams = new Map<string, ast.StreamDecl>();
  readonly patterns = new Map<string, ast.PatternDecl>();
  readonly events = new Map<string, ast.EventDecl>();
  readonly connectors = new Map<string, ast.ConnectorDecl>();
  readonly contexts = new Set<string>();
  readonly constants: ConstantFolder;
  readonly exprs: ExpressionCompiler;

  constructor() {
    this.constants = new ConstantFolder(this.globalDecls);
    this.exprs = new ExpressionCompiler(this.globals, this.functions, this.errors, this.constants);
  }

  /** How a source/step name resolves (language §8.2.1): pattern, stream, else event type. */
  resolveName(name: string): 'pattern' | 'stream' | 'late' | 'timer' | 'event' {
    if (this.patterns.has(name)) return 'pattern';
    if (this.streams.has(name)) return 'stream';
    if (name.startsWith('Late_')) return 'late';
    if (name.startsWith('Timer_')) return 'timer';
    return 'event';
  }

  /** A time bound in ms (durations or ints as ms), reporting VPL-O032 when it is not a constant ≥ 1 ms. */
  timeBound(node: ast.Expr, what: string): number {
    const ms = this.constants.durationMs(node);
    if (ms === undefined || Number.isNaN(ms) || ms < 1 || !Number.isInteger(ms)) {
      this.errors.error(
        'VPL-O032',
        `${what} must be a constant duration of at least 1 ms, in whole milliseconds.`,
        node,
      );
      return 1;
    }
    return ms;
  }

  expression(node: ast.Expr | ast.Expression, scope: ExprScope) {
    return this.exprs.expression(node, scope);
  }
}

/** A connector/`.to` configuration value as plain JSON. */
export function configValue(v: ast.ConfigValue): ConfigValue {
  switch (v.$type) {
    case 'ConfigList':
      return v.items.map(configValue);
    case 'ConfigFloat':
      return v.value;
    case 'ConfigInt':
      return Number(v.value);
    case 'ConfigDuration':
    case 'ConfigString':
    case 'ConfigName':
      return v.value;
    case 'ConfigBool':
      return v.value;
  }
}

export function configParams(params: readonly ast.ConfigParam[]): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  for (const p of params) out[p.key] = configValue(p.value);
  return out;
}
