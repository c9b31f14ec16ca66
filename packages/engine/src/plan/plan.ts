/**
 * The program plan: the plain, serialisable description of a VPL program that the runtime executes.
 *
 * The compiler (`compiler/`) builds it from a checked syntax tree; the runtime (`runtime/`) only ever sees
 * this. Like the expression plan (`expression.ts`) it is made of readonly objects, arrays, strings, finite
 * numbers, booleans and `null` only, so `JSON.parse(JSON.stringify(plan))` is the same plan, and every node
 * keeps the `SourceSpan` it came from.
 *
 * Shape (semantics §1, §6): a program is global variables, user functions, connectors and a list of
 * streams in declaration order. A stream is a source (event type / stream, merge, join, timer or a pattern
 * matcher) followed by an ordered list of operations. Names have been resolved: a source or step names its
 * **route key** (an event type name, a stream name, `Late_<T>` or `Timer_<S>`), because the records a
 * stream outputs carry the stream's name as their type.
 *
 * Time bounds are whole milliseconds (`…Ms` fields, ruling R8).
 */

import type { ExprPlan, FunctionPlan, LiteralValue } from './expression.js';
import type { SourceSpan } from './source-span.js';

/**
 * Version of the plan format. A checkpoint records it; restoring a checkpoint written for another plan
 * version is refused.
 */
export const PLAN_VERSION = 1;

/** The whole program. */
export interface ProgramPlan {
  readonly kind: 'program';
  readonly version: typeof PLAN_VERSION;
  /**
   * Identifies the program for checkpoints (semantics §15): a hash of its normalised source after import
   * resolution and loop expansion. Two plans with the same fingerprint accept each other's checkpoints.
   */
  readonly fingerprint: string;
  /** Declared event schemas (informative for the runtime; used by tools). */
  readonly events: readonly EventTypePlan[];
  /** Global variables, constants and top-level assignments, in source order (evaluated once at load). */
  readonly globals: readonly GlobalPlan[];
  /** Number of global slots (`GlobalRef.slot` / `ConstantRef.slot` index into them). */
  readonly globalCount: number;
  readonly functions: readonly FunctionPlan[];
  readonly connectors: readonly ConnectorPlan[];
  readonly contexts: readonly ContextPlan[];
  /** Named `pattern` declarations (each stream that uses one carries its own compiled copy). */
  readonly patterns: readonly NamedPatternPlan[];
  /** Streams in declaration order. */
  readonly streams: readonly StreamPlan[];
  /**
   * Allowed lateness in ms (semantics §4.1): the largest `.allowed_lateness` + `.watermark(out_of_order:)`
   * sum over all streams; 0 by default. The engine options may override it.
   */
  readonly allowedLatenessMs: number;
}

// ---- Declarations ----

export interface EventFieldPlan {
  readonly name: string;
  /** the declared type as written (`float`, `[str]`, `int?`) */
  readonly type: string;
}

export interface EventTypePlan {
  readonly kind: 'event';
  readonly name: string;
  readonly fields: readonly EventFieldPlan[];
  readonly span: SourceSpan;
}

/**
 * `let x = e` / `var x = e` / `const x = e` at top level (binds `slot`), or a top-level `x := e`
 * (assigns `slot`, which the compiler has checked is a `var`).
 */
export type GlobalPlan =
  | {
      readonly kind: 'global';
      readonly binding: 'let' | 'var' | 'const';
      readonly name: string;
      readonly slot: number;
      readonly init: ExprPlan;
      readonly span: SourceSpan;
    }
  | {
      readonly kind: 'assign';
      readonly name: string;
      readonly slot: number;
      readonly value: ExprPlan;
      readonly span: SourceSpan;
    };

/** A JSON-compatible configuration value (connector parameters, `.to` parameters). */
export type ConfigValue = null | boolean | number | string | readonly ConfigValue[];

export interface ConnectorPlan {
  readonly kind: 'connector';
  readonly name: string;
  /** `file`, `console`, `mqtt`, `kafka`, `http`, … */
  readonly connectorKind: string;
  readonly params: Readonly<Record<string, ConfigValue>>;
  readonly span: SourceSpan;
}

export interface ContextPlan {
  readonly kind: 'context';
  readonly name: string;
  readonly cores: readonly number[];
  readonly span: SourceSpan;
}

export interface NamedPatternPlan {
  readonly kind: 'namedPattern';
  readonly name: string;
  readonly pattern: PatternPlan;
  readonly withinMs: number | null;
  /** the `partition by` field, if any */
  readonly partitionBy: string | null;
  readonly span: SourceSpan;
}

// ---- Streams ----

/**
 * An alias slot of a stream (`AliasRef.slot` / `AliasFieldRef.slot` index this table): a sequence step
 * alias, the alias of `T as a`, or a join input. `kleene` aliases hold an array of events.
 */
export interface AliasPlan {
  readonly name: string;
  readonly kleene: boolean;
}

export interface StreamPlan {
  readonly kind: 'stream';
  readonly name: string;
  readonly source: SourcePlan;
  /** the operations after the source (after the matcher for pattern sources), in order */
  readonly ops: readonly OperationPlan[];
  /** alias slots visible in this stream's expressions */
  readonly aliases: readonly AliasPlan[];
  /** `.context(name)`, informative: one-context execution gives the same results (§8.17) */
  readonly context: string | null;
  readonly span: SourceSpan;
}

// ---- Sources ----

/**
 * Records of one route key: an event type (declared or not, `Late_<T>` included) or another stream's output.
 * `alias` is set for `T as a` (slot of the alias bound to the record itself).
 */
export interface RouteSourcePlan {
  readonly kind: 'route';
  readonly name: string;
  /** what the name resolved to (informative; routing is by name either way) */
  readonly resolved: 'event' | 'stream' | 'late' | 'timer';
  readonly alias: { readonly name: string; readonly slot: number } | null;
  /** `T.from(C, …)`: in replay the events still come from the input (ruling R9) */
  readonly from: { readonly connector: string; readonly params: Readonly<Record<string, ConfigValue>> } | null;
  readonly span: SourceSpan;
}

/** One item of `merge(...)`: the route key and an optional filter (`stream X = T.where(c)`). */
export interface MergeItemPlan {
  readonly name: string;
  readonly label: string | null;
  readonly filter: ExprPlan | null;
  readonly span: SourceSpan;
}

export interface MergeSourcePlan {
  readonly kind: 'merge';
  readonly items: readonly MergeItemPlan[];
  readonly span: SourceSpan;
}

/** One input of `join(...)`: its route key and its name inside the join (`label` or the route key). */
export interface JoinInputPlan {
  readonly name: string;
  readonly type: string;
  /** the alias slot under which this input's record is bound in join conditions and later operations */
  readonly slot: number;
  readonly span: SourceSpan;
}

/**
 * One top-level `and`-conjunct of the join condition, with the indexes of the inputs it mentions
 * (semantics §8.11b: a conjunct is tested as soon as all the inputs it mentions are chosen).
 */
export interface JoinConjunctPlan {
  readonly expr: ExprPlan;
  readonly inputs: readonly number[];
}

export interface JoinSourcePlan {
  readonly kind: 'join';
  readonly inputs: readonly JoinInputPlan[];
  readonly conjuncts: readonly JoinConjunctPlan[];
  /** |t1 − t2| ≤ windowMs (the stream's `.window(D)`, default 60 000) */
  readonly windowMs: number;
  readonly span: SourceSpan;
}

/** `timer(interval, initial_delay: d)`: subscribes to `Timer_<stream>` records (§8.18). */
export interface TimerSourcePlan {
  readonly kind: 'timer';
  readonly type: string;
  readonly intervalMs: number;
  readonly initialDelayMs: number;
  readonly span: SourceSpan;
}

/**
 * A pattern matcher: a stream-level sequence (`A as a -> B …`), a `sequence(...)` source or a stream whose
 * source is a named pattern. The operations of the stream run on its match records.
 */
export interface MatcherSourcePlan {
  readonly kind: 'matcher';
  readonly matcher: MatcherPlan;
  readonly span: SourceSpan;
}

export type SourcePlan = RouteSourcePlan | MergeSourcePlan | JoinSourcePlan | TimerSourcePlan | MatcherSourcePlan;

// ---- Patterns (semantics §11) ----

/** `+` one or more, `*` zero or more, `?` zero or one, or exactly one. */
export type Quantifier = 'one' | 'plus' | 'star' | 'optional';

/** A negated item: `.not(X where F)`, or a `NOT X where F` item of a `SEQ(...)`. */
export interface NegationPlan {
  readonly type: string;
  readonly filter: ExprPlan | null;
  readonly span: SourceSpan;
}

export interface SeqStepPlan {
  /** route key of the records this step takes */
  readonly type: string;
  readonly alias: string | null;
  readonly slot: number | null;
  readonly quantifier: Quantifier;
  /** the step filter (with any `.where` written right after the step folded in) */
  readonly filter: ExprPlan | null;
  /**
   * Kleene steps only: the filter to use while the step has no event yet, i.e. `filter` without its
   * top-level conjuncts that mention the step's own alias (§11.3). Equal to `filter` otherwise.
   */
  readonly firstFilter: ExprPlan | null;
  /** `sequence(...)` per-step limit: this step's event must come at most this long after the previous one */
  readonly withinMs: number | null;
  /** `NOT` items written between the previous step and this one */
  readonly notBefore: readonly NegationPlan[];
  readonly span: SourceSpan;
}

/** `SEQ(...)`, a stream-level sequence, or a single-event pattern (one step). */
export interface SequencePatternPlan {
  readonly kind: 'seq';
  readonly steps: readonly SeqStepPlan[];
  /** `NOT` items after the last positive step (they need a deadline) */
  readonly trailingNot: readonly NegationPlan[];
  readonly span: SourceSpan;
}

export interface AndPatternPlan {
  readonly kind: 'and';
  readonly left: PatternPlan;
  readonly right: PatternPlan;
  readonly span: SourceSpan;
}

export interface OrPatternPlan {
  readonly kind: 'or';
  readonly left: PatternPlan;
  readonly right: PatternPlan;
  readonly span: SourceSpan;
}

export type PatternPlan = SequencePatternPlan | AndPatternPlan | OrPatternPlan;

export interface MatcherPlan {
  readonly pattern: PatternPlan;
  /** deadline of every run: its first event time + withinMs (`.within`, or the pattern's `within`) */
  readonly withinMs: number | null;
  /** stream-level `.not(...)`: discards any run of the partition for which the filter holds */
  readonly negations: readonly NegationPlan[];
  /** partition key fields; several when a pattern's `partition by` and a stream's `.partition_by` compose (R6) */
  readonly partitionBy: readonly string[];
  /** the named pattern this matcher runs, if any (informative) */
  readonly patternName: string | null;
  readonly span: SourceSpan;
}

// ---- Operations ----

export interface NamedExprPlan {
  readonly name: string;
  readonly expr: ExprPlan;
  readonly span: SourceSpan;
}

/** `.where(c)`, `.filter(c)`, `.having(c)`: keeps records whose condition is true. */
export interface WhereOpPlan {
  readonly kind: 'where';
  readonly operation: 'where' | 'filter' | 'having';
  readonly condition: ExprPlan;
  readonly span: SourceSpan;
}

export interface SelectOpPlan {
  readonly kind: 'select';
  readonly fields: readonly NamedExprPlan[];
  readonly span: SourceSpan;
}

/** `.emit(...)`; `fields` is `null` for `.emit()` (the record as it is). */
export interface EmitOpPlan {
  readonly kind: 'emit';
  readonly fields: readonly NamedExprPlan[] | null;
  /** `.emit as T(...)`: informative (the event is still named after the stream) */
  readonly asType: string | null;
  /** `context: c` argument (informative) */
  readonly context: string | null;
  readonly span: SourceSpan;
}

export interface PrintOpPlan {
  readonly kind: 'print';
  readonly args: readonly ExprPlan[];
  readonly span: SourceSpan;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface LogOpPlan {
  readonly kind: 'log';
  readonly level: LogLevel;
  /** default: the record type */
  readonly message: ExprPlan | null;
  /** the field whose value is logged (default: all fields) */
  readonly data: string | null;
  readonly span: SourceSpan;
}

export type WindowPlan =
  | { readonly kind: 'count'; readonly size: number }
  | { readonly kind: 'slidingCount'; readonly size: number; readonly slide: number }
  | { readonly kind: 'tumbling'; readonly sizeMs: number }
  | { readonly kind: 'sliding'; readonly sizeMs: number; readonly slideMs: number }
  | { readonly kind: 'session'; readonly gapMs: number };

export interface WindowOpPlan {
  readonly kind: 'window';
  readonly window: WindowPlan;
  /** the `.partition_by` field written before this window, if any */
  readonly partitionBy: string | null;
  readonly span: SourceSpan;
}

export type AggregateFunction =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'stddev'
  | 'first'
  | 'last'
  | 'count_distinct'
  | 'ema';

/** One aggregate call of an `.aggregate(...)` item (`AggregateRef.index` numbers them across the operation). */
export interface AggregateCallPlan {
  readonly fn: AggregateFunction;
  /** the per-record argument; `null` for `count()` */
  readonly arg: ExprPlan | null;
  /** `ema` period */
  readonly period: number | null;
  readonly span: SourceSpan;
}

/**
 * `.aggregate(alias: expr, …)`. Each item's `expr` refers to the calls through `AggregateRef`s; the calls
 * are listed once for the whole operation.
 */
export interface AggregateOpPlan {
  readonly kind: 'aggregate';
  readonly calls: readonly AggregateCallPlan[];
  readonly items: readonly NamedExprPlan[];
  /** the `.partition_by` field written before this aggregate, if any */
  readonly partitionBy: string | null;
  /** true when a `.window(...)` precedes it (otherwise a running aggregate, ruling R4) */
  readonly windowed: boolean;
  readonly span: SourceSpan;
}

export interface DistinctOpPlan {
  readonly kind: 'distinct';
  /** `null`: the whole record (field names and values) */
  readonly key: ExprPlan | null;
  readonly span: SourceSpan;
}

/** `.limit(n)`, `.first()` (= `.limit(1)`). */
export interface LimitOpPlan {
  readonly kind: 'limit';
  readonly count: number;
  readonly span: SourceSpan;
}

export interface ProcessOpPlan {
  readonly kind: 'process';
  readonly call: ExprPlan;
  readonly span: SourceSpan;
}

export interface ToOpPlan {
  readonly kind: 'to';
  readonly connector: string;
  readonly params: Readonly<Record<string, ConfigValue>>;
  readonly span: SourceSpan;
}

/** `.pattern(name: events => predicate)`: keeps or clears the whole batch. */
export interface BatchPatternOpPlan {
  readonly kind: 'batchPattern';
  readonly name: string;
  /**
   * The lambda's parameter name. The compiler resolves the parameter inside the body as a `builtinVar` of
   * that name, which the operator binds to the batch's array of events.
   */
  readonly parameter: string;
  /** the lambda's body; `null` for the sequence form, which always passes (VPL-P030) */
  readonly predicate: ExprPlan | null;
  readonly span: SourceSpan;
}

export interface EnrichOpPlan {
  readonly kind: 'enrich';
  readonly connector: string;
  readonly key: ExprPlan;
  readonly fields: readonly string[];
  readonly cacheTtlMs: number;
  readonly timeoutMs: number;
  readonly fallback: LiteralValue | null;
  readonly span: SourceSpan;
}

export interface ScoreOpPlan {
  readonly kind: 'score';
  readonly model: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly span: SourceSpan;
}

export interface ForecastOpPlan {
  readonly kind: 'forecast';
  readonly params: Readonly<Record<string, ConfigValue>>;
  readonly span: SourceSpan;
}

export type TrendFunction = 'count_trends' | 'count_events' | 'sum_trends' | 'avg_trends' | 'min_trends' | 'max_trends';

export interface TrendItemPlan {
  readonly name: string;
  readonly fn: TrendFunction;
  /** the alias argument (`count_events(a)`, `sum_trends(a.f)`) */
  readonly alias: string | null;
  readonly field: string | null;
  readonly span: SourceSpan;
}

export interface TrendAggregateOpPlan {
  readonly kind: 'trendAggregate';
  readonly items: readonly TrendItemPlan[];
  readonly span: SourceSpan;
}

/** `.tap(...)`, `.context(...)`, `.watermark(...)`, `.allowed_lateness(...)`: no run-time effect here. */
export interface NoOpPlan {
  readonly kind: 'noop';
  readonly operation: string;
  readonly span: SourceSpan;
}

export type OperationPlan =
  | WhereOpPlan
  | SelectOpPlan
  | EmitOpPlan
  | PrintOpPlan
  | LogOpPlan
  | WindowOpPlan
  | AggregateOpPlan
  | DistinctOpPlan
  | LimitOpPlan
  | ProcessOpPlan
  | ToOpPlan
  | BatchPatternOpPlan
  | EnrichOpPlan
  | ScoreOpPlan
  | ForecastOpPlan
  | TrendAggregateOpPlan
  | NoOpPlan;

export type OperationKind = OperationPlan['kind'];
