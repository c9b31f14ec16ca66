/**
 * The expression runtime: compiles expression, statement and function plans into closures and evaluates
 * them with the exact semantics of §7 and §14 (null propagation, runtime errors as diagnostics, budgets).
 */

export { codePointLength, hasSurrogates, indexOf, memberOf, sliceOf } from './access.js';
export { literalValue } from './compile-expression.js';
export {
  type AliasBinding,
  DEFAULT_LIMITS,
  EvalContext,
  type EvalContextOptions,
  type EvalLimits,
  type Evaluator,
  Frame,
} from './context.js';
export {
  type DiagnosticSink,
  type RuntimeCode,
  RuntimeCodes,
  type RuntimeDiagnostic,
  type RuntimeSeverity,
  severityOf,
} from './diagnostics.js';
export { FunctionTable, UserFunction } from './functions.js';
export { Lambda } from './lambda.js';
export {
  add,
  divide,
  membership,
  modulo,
  multiply,
  negate,
  ordering,
  power,
  subtract,
  typeName,
} from './operators.js';
export {
  type CompiledCondition,
  type CompiledExpression,
  createExpressionRuntime,
  type ExpressionRuntime,
} from './runtime.js';
