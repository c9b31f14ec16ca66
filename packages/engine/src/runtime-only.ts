/**
 * `@varpulis/engine/runtime` — the engine without its compiler: run a plan (`createEngine`), read and write
 * events, cache plans. Nothing here imports `@varpulis/language`, Langium or Chevrotain, so a program whose plan
 * is at hand (the plan cache, a saved plan) starts in a fraction of the time and memory a compile takes.
 * `@varpulis/engine` exports all of this plus the compiler and the program loader.
 */

export { compilerIdentity } from './cache/compiler-identity.js';
export {
  type CachedFile,
  type CachedProblem,
  type CachedProgram,
  defaultCacheDir,
  MAX_CACHED_PLANS,
  PlanCache,
} from './cache/plan-cache.js';
export * from './connectors/index.js';
export type * from './plan/expression.js';
export type * from './plan/plan.js';
export { PLAN_VERSION } from './plan/plan.js';
export { NO_SPAN, type SourceSpan } from './plan/source-span.js';
export { type Clock, ManualClock, SystemClock } from './runtime/clock.js';
export type {
  EmittedEvent,
  EngineDiagnostic,
  EngineSinks,
  LogLine,
  SinkRecord,
} from './runtime/core.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CheckpointError,
  createEngine,
  DEFAULT_ENGINE_LIMITS,
  Engine,
  type EngineCheckpoint,
  type EngineCounters,
  type EngineLimits,
  EngineLoadError,
  type EngineOptions,
  EngineUsageError,
  type InputEvent,
  type LoadError,
} from './runtime/engine.js';
export type { RuntimeCode, RuntimeSeverity } from './runtime/expressions/diagnostics.js';
export {
  display,
  displayFields,
  EventRecord,
  fieldsJson,
  renderJsonlLine,
  Shape,
  toJson,
  type Value,
} from './runtime/values/index.js';
