/**
 * The evaluation context: everything a compiled expression reads besides its own locals.
 *
 * One context is created per engine (or per stream) and reused: the operator sets `record`, `aliases`, …
 * before calling a compiled expression. Nothing here allocates per evaluation.
 */

import type { SourceSpan } from '../../plan/source-span.js';
import type { EventRecord } from '../values/record.js';
import type { Value } from '../values/value.js';
import { type DiagnosticSink, type RuntimeCode, type RuntimeDiagnostic, severityOf } from './diagnostics.js';

/** Budgets of semantics §14.3 / §16. */
export interface EvalLimits {
  /** `while` iterations per loop execution (default 10 000; `--max-loop-iterations`) */
  readonly maxLoopIterations: number;
  /** nested user-function and lambda calls (default 256) */
  readonly maxRecursionDepth: number;
  /** operations (calls, loop iterations, generated elements) per top-level evaluation (default 10 000 000) */
  readonly maxSteps: number;
}

export const DEFAULT_LIMITS: EvalLimits = Object.freeze({
  maxLoopIterations: 10_000,
  maxRecursionDepth: 256,
  maxSteps: 10_000_000,
});

/**
 * What an alias slot holds: the captured event, the accepted events of a Kleene alias (most recent last),
 * or `null` when unbound.
 */
export type AliasBinding = EventRecord | EventRecord[] | null;

/** Options of {@link EvalContext}. */
export interface EvalContextOptions {
  /** where runtime diagnostics go (default: dropped) */
  readonly report?: DiagnosticSink;
  readonly limits?: Partial<EvalLimits>;
  /** the global variable slots (shared with the engine, which may write `var`s) */
  readonly globals?: Value[];
}

const dropDiagnostic: DiagnosticSink = () => {};

/**
 * The mutable state a compiled expression evaluates against. The engine owns it and sets the public fields
 * before each evaluation; compiled code never keeps references to what it reads.
 */
export class EvalContext {
  /** the current record (fields by bare name, semantics §5.2 rule 4) */
  record: EventRecord | null = null;
  /** alias bindings by the slot numbers of the plan's `alias`/`aliasField` nodes */
  aliases: AliasBinding[] = [];
  /** the names of the alias slots, for function bodies that look aliases up by name (`dynamic` nodes) */
  aliasNames: readonly string[] = [];
  /** the global variable and constant slots */
  globals: Value[];
  /** built-in variables (`match_duration_ms`, `forecast_*`, …); a missing one is read from the record */
  builtinVars: Map<string, Value> | null = null;
  /** aggregate results for `aggregate` nodes of an `.aggregate(...)` item */
  aggregates: Value[] = [];
  /**
   * `now()`: the event time of the input event being processed, or the largest event time seen in the
   * end-of-input step; `null` when there is none (semantics §7.7, S32)
   */
  nowMs: number | null = null;
  /** where `emit` statements put their records; only `.process(...)` installs one */
  emitCollector: ((record: EventRecord) => void) | null = null;

  readonly limits: EvalLimits;
  /**
   * Where diagnostics go. An operator may point it elsewhere for the duration of an evaluation whose
   * diagnostics it reports later (a fused count window holds them until its release).
   */
  report: DiagnosticSink;

  /** @internal operations used by the current top-level evaluation */
  steps = 0;
  /** @internal current call depth */
  depth = 0;

  constructor(options: EvalContextOptions = {}) {
    this.report = options.report ?? dropDiagnostic;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.globals = options.globals ?? [];
  }

  /** Reports a runtime error and returns `null`, the value of the failed expression. */
  fail(code: RuntimeCode, message: string, span: SourceSpan): null {
    const d: RuntimeDiagnostic = { code, severity: severityOf(code), message, span };
    this.report(d);
    return null;
  }
}

/** @internal thrown (and caught by the top-level evaluator) when the step budget runs out */
export class BudgetExceeded {
  constructor(
    readonly message: string,
    readonly span: SourceSpan,
  ) {}
}

/** @internal charges `n` operations to the current evaluation */
export function tick(ctx: EvalContext, n: number, span: SourceSpan): void {
  ctx.steps += n;
  if (ctx.steps > ctx.limits.maxSteps) {
    throw new BudgetExceeded(
      `Evaluation stopped: it exceeded the budget of ${ctx.limits.maxSteps} operations; the expression is null.`,
      span,
    );
  }
}

/** A frame of local slots (a function call, a lambda call, or the empty frame of a stream expression). */
export class Frame {
  /** the value of the last expression statement executed (a function's implicit result) */
  last: Value = null;
  /** the value of an executed `return` */
  result: Value = null;
  constructor(
    readonly slots: Value[],
    readonly parent: Frame | null,
  ) {}
}

/** The frame of expressions outside functions and lambdas: it has no slots. */
export const EMPTY_FRAME = new Frame([], null);

/** A compiled expression node. */
export type Evaluator = (ctx: EvalContext, frame: Frame) => Value;
