/**
 * Test helper: evaluates VPL expression text against a record, globals, aliases and functions, and
 * collects the runtime diagnostics.
 */

import {
  type AliasBinding,
  createExpressionRuntime,
  EvalContext,
  type EvalLimits,
  type RuntimeDiagnostic,
} from '../../src/runtime/expressions/index.js';
import { EventRecord } from '../../src/runtime/values/record.js';
import type { Value } from '../../src/runtime/values/value.js';
import { parseExpr, parseFunctions } from './mini-vpl.js';

export interface EvalOptions {
  /** fields of the current record */
  record?: Record<string, Value>;
  /** global variables, in slot order */
  globals?: Record<string, Value>;
  /** aliases, in slot order */
  aliases?: Record<string, AliasBinding>;
  /** `fn` declarations */
  functions?: string;
  /** built-in variables */
  builtinVars?: Record<string, Value>;
  limits?: Partial<EvalLimits>;
  nowMs?: number | null;
  emit?: EventRecord[];
}

export interface EvalResult {
  value: Value;
  diagnostics: RuntimeDiagnostic[];
  /** the diagnostic codes, in order */
  codes: string[];
}

function setup(options: EvalOptions) {
  const diagnostics: RuntimeDiagnostic[] = [];
  const globalNames = Object.keys(options.globals ?? {});
  const env = {
    globals: globalNames,
    aliases: Object.keys(options.aliases ?? {}),
    builtinVars: Object.keys(options.builtinVars ?? {}),
  };
  const fns = options.functions ? parseFunctions(options.functions, env) : [];
  const runtime = createExpressionRuntime(fns);
  const ctx = new EvalContext({
    report: (d) => diagnostics.push(d),
    limits: options.limits,
    globals: Object.values(options.globals ?? {}),
  });
  ctx.record = EventRecord.of('Test', 1000, options.record ?? {});
  ctx.aliases = Object.values(options.aliases ?? {});
  ctx.aliasNames = Object.keys(options.aliases ?? {});
  if (options.builtinVars) ctx.builtinVars = new Map(Object.entries(options.builtinVars));
  ctx.nowMs = options.nowMs === undefined ? 1000 : options.nowMs;
  if (options.emit) {
    const sink = options.emit;
    ctx.emitCollector = (r) => sink.push(r);
  }
  return { diagnostics, env: { ...env, functions: fns.map((f) => f.name) }, runtime, ctx };
}

/** Evaluates one expression. */
export function evaluate(src: string, options: EvalOptions = {}): EvalResult {
  const { diagnostics, env, runtime, ctx } = setup(options);
  const compiled = runtime.compile(parseExpr(src, env));
  const value = compiled(ctx);
  return { value, diagnostics, codes: diagnostics.map((d) => d.code) };
}

/** Evaluates a condition (truthiness applied). */
export function test(src: string, options: EvalOptions = {}): { value: boolean; codes: string[] } {
  const { diagnostics, env, runtime, ctx } = setup(options);
  const value = runtime.compileCondition(parseExpr(src, env))(ctx);
  return { value, codes: diagnostics.map((d) => d.code) };
}

/** The value of an expression, failing the test if it reported anything. */
export function value(src: string, options: EvalOptions = {}): Value {
  const r = evaluate(src, options);
  if (r.diagnostics.length > 0) {
    throw new Error(
      `unexpected diagnostics for ${src}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`,
    );
  }
  return r.value;
}
