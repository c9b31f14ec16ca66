/**
 * The bridge between operators and compiled expressions: operators hold closures compiled once at load
 * from the expression plan (by the expression runtime) and evaluate them against the engine's shared
 * `EvalContext`.
 */

export type {
  CompiledCondition,
  CompiledExpression as Compiled,
  ExpressionRuntime as ExpressionCompiler,
} from './expressions/runtime.js';
