/**
 * The plan of VPL expressions, imperative statements and user functions.
 *
 * This is a plain data structure: discriminated unions of readonly objects, with no functions, classes,
 * `bigint`s or non-finite numbers, so a whole plan survives `JSON.stringify`/`JSON.parse` unchanged. The
 * compiler (the only code that sees the Langium AST) produces it, having resolved every name statically
 * (semantics §5.2); the runtime compiles it once into closures (`runtime/expressions`).
 *
 * Conventions:
 * - every node has `kind` (the discriminant) and `span` (where it came from, for diagnostics);
 * - 64-bit integers and nanosecond counts are carried as decimal strings so they stay exact in JSON;
 * - local variables are numbered slots of a frame; the compiler allocates them (see `FunctionPlan.localCount`
 *   and `LambdaExpr.localCount`) and `depth` says how many lambda frames outward a local lives.
 */

import type { SourceSpan } from './source-span.js';

// ---- Literals ----

/**
 * A literal value with its value kind. Ints, durations and timestamps are exact decimal strings
 * (an int is an optionally `-`-signed 64-bit integer; durations and timestamps are nanoseconds,
 * timestamps since the Unix epoch, possibly negative). Floats from source text are always finite.
 */
export type LiteralValue =
  | { readonly type: 'null' }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: string }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'duration'; readonly ns: string }
  | { readonly type: 'timestamp'; readonly ns: string };

/** `42`, `2.5`, `"text"`, `true`, `null`, `5m`, `@2025-03-09T06:30:00Z`. */
export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: LiteralValue;
  readonly span: SourceSpan;
}

// ---- Names (resolved by the compiler, semantics §5.2 / §7.3) ----

/**
 * A local binding: function parameter, function-local `let`/`var`/`const`, `for` variable or lambda
 * parameter. `depth` 0 is the innermost frame (the current function, lambda or expression); 1 is the frame
 * enclosing the current lambda, and so on.
 */
export interface LocalRef {
  readonly kind: 'local';
  readonly name: string;
  readonly slot: number;
  readonly depth: number;
  readonly span: SourceSpan;
}

/**
 * A top-level `var` or `let` (the engine keeps globals in a slot array in declaration order; `name` is for
 * messages and checkpoints). `mutable` is true for `var`.
 */
export interface GlobalRef {
  readonly kind: 'global';
  readonly name: string;
  readonly slot: number;
  readonly mutable: boolean;
  readonly span: SourceSpan;
}

/** A top-level `const`: read from the same slot array as globals, but never changes after load. */
export interface ConstantRef {
  readonly kind: 'constant';
  readonly name: string;
  readonly slot: number;
  readonly span: SourceSpan;
}

/** A field of the current record (`null` when the record lacks it). */
export interface FieldRef {
  readonly kind: 'field';
  readonly name: string;
  readonly span: SourceSpan;
}

/**
 * A bare alias bound in the current stream (sequence step alias, `T as a`, join input): the captured event
 * as a map, or for a Kleene alias the array of its accepted events (`null` when unbound). `slot` indexes the
 * evaluation context's alias bindings, as numbered by the compiler for this stream.
 */
export interface AliasRef {
  readonly kind: 'alias';
  readonly name: string;
  readonly slot: number;
  readonly span: SourceSpan;
}

/**
 * `a.f` where `a` is an alias (or join input) of the current stream: field `f` of the captured event; for a
 * Kleene alias, of its most recent accepted event. The fast path for the most common access in patterns.
 */
export interface AliasFieldRef {
  readonly kind: 'aliasField';
  readonly alias: string;
  readonly slot: number;
  readonly field: string;
  readonly span: SourceSpan;
}

/**
 * A built-in variable provided by the operator that produced the record (`match_duration_ms`,
 * `forecast_probability`, `enrich_status`, …; language §12.5).
 */
export interface BuiltinVarRef {
  readonly kind: 'builtinVar';
  readonly name: string;
  readonly span: SourceSpan;
}

/**
 * A bare name in a function body that is not a local, global or constant: resolved at run time as an
 * alias of the calling stream, else a field of the record being processed, else `null` (semantics §14.2).
 */
export interface DynamicRef {
  readonly kind: 'dynamic';
  readonly name: string;
  readonly span: SourceSpan;
}

/** The current record itself as a map (e.g. a bare source name used as a value). */
export interface CurrentRecordRef {
  readonly kind: 'record';
  readonly span: SourceSpan;
}

/**
 * The value of the `index`-th aggregate call of an `.aggregate(...)` item expression
 * (`spread: max(x) - min(x)` compiles to `aggregate#0 - aggregate#1`); supplied by the aggregate operator
 * through the evaluation context.
 */
export interface AggregateRef {
  readonly kind: 'aggregate';
  readonly index: number;
  readonly span: SourceSpan;
}

// ---- Postfix ----

/** `x.f` and `x?.f` on a value (rule 4 of semantics §7.3): a map entry, `null` on `null`, else R001. */
export interface MemberExpr {
  readonly kind: 'member';
  readonly object: ExprPlan;
  readonly name: string;
  /** true for `?.` (same semantics; kept for round-tripping and messages) */
  readonly optional: boolean;
  readonly span: SourceSpan;
}

/** `e[i]`: array (negative from the end), string (by code point), map (by string key). */
export interface IndexExpr {
  readonly kind: 'index';
  readonly object: ExprPlan;
  readonly index: ExprPlan;
  readonly span: SourceSpan;
}

/** `e[a:b]`, `e[:b]`, `e[a:]`, `e[:]` on arrays and strings (bounds clamped). */
export interface SliceExpr {
  readonly kind: 'slice';
  readonly object: ExprPlan;
  readonly start: ExprPlan | null;
  readonly end: ExprPlan | null;
  readonly span: SourceSpan;
}

/** One call argument; `name` is set for a named argument (`f(x: 1)`). */
export interface ArgPlan {
  readonly name: string | null;
  readonly value: ExprPlan;
  readonly span: SourceSpan;
}

/** A call of a builtin scalar function (the registry in `runtime/builtins`). */
export interface BuiltinCallExpr {
  readonly kind: 'callBuiltin';
  readonly name: string;
  readonly args: readonly ArgPlan[];
  readonly span: SourceSpan;
}

/**
 * A call of a user function, by its declared name (looked up in the function table the runtime gets with
 * the plan). Arguments are given as written; the runtime binds positional ones in order and named ones by
 * parameter name, once, when it compiles the call.
 */
export interface FunctionCallExpr {
  readonly kind: 'callFunction';
  readonly name: string;
  readonly args: readonly ArgPlan[];
  readonly span: SourceSpan;
}

/** `recv.m(args)`: a collection method (`.len()`, `.filter(f)`, …; semantics §7.7 "Array methods"). */
export interface MethodCallExpr {
  readonly kind: 'callMethod';
  readonly receiver: ExprPlan;
  readonly name: string;
  readonly args: readonly ArgPlan[];
  readonly span: SourceSpan;
}

/** A call of a lambda value, e.g. a local or global that holds one (`let twice = x => x * 2` … `twice(3)`). */
export interface ValueCallExpr {
  readonly kind: 'callValue';
  readonly callee: ExprPlan;
  readonly args: readonly ArgPlan[];
  readonly span: SourceSpan;
}

// ---- Operators ----

export type UnaryOp = '-' | '~';

export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: ExprPlan;
  readonly span: SourceSpan;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '**';
export type BitwiseOp = '&' | '|' | '^' | '<<' | '>>';
export type BinaryOp = ArithmeticOp | BitwiseOp;

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: ExprPlan;
  readonly right: ExprPlan;
  readonly span: SourceSpan;
}

/** `a and b`, `a or b`: short-circuit, always a bool (semantics §2.4). */
export interface LogicalExpr {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly left: ExprPlan;
  readonly right: ExprPlan;
  readonly span: SourceSpan;
}

/** `not a`. */
export interface NotExpr {
  readonly kind: 'not';
  readonly operand: ExprPlan;
  readonly span: SourceSpan;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: ExprPlan;
  readonly right: ExprPlan;
  readonly span: SourceSpan;
}

/** The right operand of `is` / `is not`: `null` or a primitive type name. */
export type IsTest = 'null' | 'int' | 'float' | 'bool' | 'str' | 'timestamp' | 'duration';

/** `x is null`, `x is not int`, … */
export interface IsExpr {
  readonly kind: 'is';
  readonly operand: ExprPlan;
  readonly test: IsTest;
  readonly negated: boolean;
  readonly span: SourceSpan;
}

/** `a..b` (end excluded) and `a..=b` (end included): an array of ints. */
export interface RangeExpr {
  readonly kind: 'range';
  readonly start: ExprPlan;
  readonly end: ExprPlan;
  readonly inclusive: boolean;
  readonly span: SourceSpan;
}

/** `if c then a else b`. */
export interface ConditionalExpr {
  readonly kind: 'if';
  readonly condition: ExprPlan;
  readonly then: ExprPlan;
  readonly otherwise: ExprPlan;
  readonly span: SourceSpan;
}

// ---- Constructors ----

export interface ArrayExpr {
  readonly kind: 'array';
  readonly elements: readonly ExprPlan[];
  readonly span: SourceSpan;
}

export interface MapEntryPlan {
  readonly key: string;
  readonly value: ExprPlan;
  readonly span: SourceSpan;
}

/** `{k: v, "k2": v2}`; a repeated key keeps its first position and takes the last value. */
export interface MapExpr {
  readonly kind: 'map';
  readonly entries: readonly MapEntryPlan[];
  readonly span: SourceSpan;
}

/**
 * `x => e`, `(a, b) => e`, `(t) => { stmts }`. The lambda runs in its own frame of `localCount` slots whose
 * first slots are the parameters (`params[i]` in slot `i`); names of enclosing frames are `LocalRef`s with
 * `depth` ≥ 1. A block body's value is its last expression statement executed (or `null`).
 */
export interface LambdaExpr {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  readonly body:
    | { readonly kind: 'expr'; readonly expr: ExprPlan }
    | { readonly kind: 'block'; readonly statements: readonly StmtPlan[] };
  readonly localCount: number;
  readonly span: SourceSpan;
}

/**
 * `{name}` inside a declaration-loop body. The compiler substitutes these while expanding the loop; one
 * that survives into a plan evaluates to `null` with a diagnostic.
 */
export interface TemplateAtomExpr {
  readonly kind: 'template';
  readonly name: string;
  readonly span: SourceSpan;
}

/** Every expression form of VPL (language §11), after name resolution. */
export type ExprPlan =
  | LiteralExpr
  | LocalRef
  | GlobalRef
  | ConstantRef
  | FieldRef
  | AliasRef
  | AliasFieldRef
  | BuiltinVarRef
  | DynamicRef
  | CurrentRecordRef
  | AggregateRef
  | MemberExpr
  | IndexExpr
  | SliceExpr
  | BuiltinCallExpr
  | FunctionCallExpr
  | MethodCallExpr
  | ValueCallExpr
  | UnaryExpr
  | BinaryExpr
  | LogicalExpr
  | NotExpr
  | CompareExpr
  | IsExpr
  | RangeExpr
  | ConditionalExpr
  | ArrayExpr
  | MapExpr
  | LambdaExpr
  | TemplateAtomExpr;

export type ExprKind = ExprPlan['kind'];

// ---- Statements (language §10, semantics §14.3) ----

/** `let x = e`, `var x = e`, `const x = e` inside a function or lambda block: (re)binds a local slot. */
export interface LetStmt {
  readonly kind: 'let';
  readonly binding: 'let' | 'var' | 'const';
  readonly name: string;
  readonly slot: number;
  readonly value: ExprPlan;
  readonly span: SourceSpan;
}

/** Where `x := e` writes: a local slot of the current frame (or an enclosing one) or a global `var`. */
export type AssignTarget =
  | { readonly kind: 'local'; readonly slot: number; readonly depth: number }
  | { readonly kind: 'global'; readonly slot: number };

/** `x := e`. */
export interface AssignStmt {
  readonly kind: 'assign';
  readonly name: string;
  readonly target: AssignTarget;
  readonly value: ExprPlan;
  readonly span: SourceSpan;
}

export interface IfBranch {
  readonly condition: ExprPlan;
  readonly body: readonly StmtPlan[];
  readonly span: SourceSpan;
}

/** `if c: … elif c: … else: …` (the first branch is the `if`). */
export interface IfStmt {
  readonly kind: 'if';
  readonly branches: readonly IfBranch[];
  readonly otherwise: readonly StmtPlan[] | null;
  readonly span: SourceSpan;
}

export interface WhileStmt {
  readonly kind: 'while';
  readonly condition: ExprPlan;
  readonly body: readonly StmtPlan[];
  readonly span: SourceSpan;
}

/** `for x in e:`; `x` lives in local `slot`. */
export interface ForStmt {
  readonly kind: 'for';
  readonly name: string;
  readonly slot: number;
  readonly iterable: ExprPlan;
  readonly body: readonly StmtPlan[];
  readonly span: SourceSpan;
}

export interface ReturnStmt {
  readonly kind: 'return';
  readonly value: ExprPlan | null;
  readonly span: SourceSpan;
}

export interface BreakStmt {
  readonly kind: 'break';
  readonly span: SourceSpan;
}

export interface ContinueStmt {
  readonly kind: 'continue';
  readonly span: SourceSpan;
}

export interface EmitFieldPlan {
  readonly name: string;
  readonly value: ExprPlan;
  readonly span: SourceSpan;
}

/** `emit T(f: e, …)`: a record into the active emit collector (only `.process(...)` installs one). */
export interface EmitStmt {
  readonly kind: 'emit';
  readonly eventType: string;
  readonly fields: readonly EmitFieldPlan[];
  readonly span: SourceSpan;
}

export interface ExprStmt {
  readonly kind: 'expr';
  readonly expr: ExprPlan;
  readonly span: SourceSpan;
}

export type StmtPlan =
  | LetStmt
  | AssignStmt
  | IfStmt
  | WhileStmt
  | ForStmt
  | ReturnStmt
  | BreakStmt
  | ContinueStmt
  | EmitStmt
  | ExprStmt;

export type StmtKind = StmtPlan['kind'];

// ---- Functions (semantics §14.2) ----

export interface ParamPlan {
  readonly name: string;
  /** the declared type as written (`float`, `[int]`, `str?`); informative, not checked at run time */
  readonly type: string | null;
  readonly span: SourceSpan;
}

/**
 * `fn name(p: T, …) -> R:` + body. Parameter `i` lives in local slot `i`; the body's other locals use the
 * slots after them, `localCount` in all.
 */
export interface FunctionPlan {
  readonly kind: 'function';
  readonly name: string;
  readonly params: readonly ParamPlan[];
  readonly returnType: string | null;
  readonly body: readonly StmtPlan[];
  readonly localCount: number;
  readonly span: SourceSpan;
}
