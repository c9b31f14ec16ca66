/**
 * @varpulis/engine — compiles VPL programs to a plan and runs them in deterministic event time.
 *
 * ```ts
 * const { plan, ok, errors } = await compileSource(text);
 * const engine = createEngine(plan, { sinks: { emit: (e) => console.log(e.stream, e.timestamp) } });
 * engine.push({ type: 'Reading', timestamp: 1000, fields: { kw: 3 } });
 * engine.end();
 * ```
 *
 * See docs/engine/api.md.
 */

export {
  type CompileOptions,
  type CompileResult,
  type CompileSourceResult,
  compile,
  compileSource,
  fingerprint,
} from './compiler/compile.js';
export { type CompileError, spanOf } from './compiler/compile-error.js';
export { expandDeclarationLoops } from './compiler/declaration-loops.js';
export {
  createEventReader,
  detectEventFormat,
  type EventFormat,
  type EventHandlers,
  formatEvtLine,
  formatInputError,
  formatJsonlLine,
  formatTextLine,
  type InputError,
  type InputWarning,
  LineBuffer,
  type LineReader,
  type ParsedEvents,
  parseEventText,
  pumpStream,
  type ReadSummary,
  readEventFile,
} from './connectors/index.js';
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
