/**
 * Compiles expressions, statements and function bodies of the syntax tree into the expression plan,
 * resolving every name statically (semantics §5.2, §7.3):
 * locals → stream aliases → globals → built-in variables → fields of the current record; inside a function
 * body a name that is not a local or global is resolved at run time (an alias of the calling stream or a
 * field, §14.2).
 */

import { type ast, durationLiteralToNanos, intLiteralValue, timestampLiteralToNanos } from '@varpulis/language';
import type { ArgPlan, BinaryOp, ExprPlan, FunctionPlan, IsTest, LiteralValue, StmtPlan } from '../plan/expression.js';
import type { AggregateCallPlan, AggregateFunction } from '../plan/plan.js';
import type { SourceSpan } from '../plan/source-span.js';
import { type ErrorCollector, spanOf } from './compile-error.js';
import type { ConstantFolder } from './constants.js';

/** A global variable or constant. */
export interface GlobalInfo {
  readonly slot: number;
  readonly kind: 'let' | 'var' | 'const';
}

/** A stream alias slot. */
export interface AliasInfo {
  readonly slot: number;
  readonly kleene: boolean;
}

/** A frame of local slots (a function body or a lambda). */
class LocalFrame {
  readonly names = new Map<string, number>();
  count = 0;

  constructor(params: readonly string[]) {
    for (const p of params) this.declare(p);
  }

  declare(name: string): number {
    const existing = this.names.get(name);
    if (existing !== undefined) return existing;
    const slot = this.count++;
    this.names.set(name, slot);
    return slot;
  }
}

/** Collects the aggregate calls of one `.aggregate(...)` operation. */
export class AggregateCollector {
  readonly calls: AggregateCallPlan[] = [];
}

/** Names built into streams (language §12.5): read from the operator's variables or the record. */
const BUILTIN_VARIABLES = new Set([
  'match_duration_ms',
  'forecast_probability',
  'forecast_confidence',
  'forecast_time',
  'forecast_expected_time',
  'forecast_state',
  'forecast_context_depth',
  'forecast_lower',
  'forecast_upper',
  'active_runs',
  'enrich_status',
  'enrich_latency_ms',
]);

const AGGREGATES = new Set<string>([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'stddev',
  'first',
  'last',
  'count_distinct',
  'ema',
]);

const IS_TESTS = new Set<string>(['int', 'float', 'bool', 'str', 'timestamp', 'duration']);

/** Where an expression is compiled: what its names can mean. */
export interface ExprScope {
  /** stream aliases (sequence steps, `T as a`, join inputs), by name */
  readonly aliases: ReadonlyMap<string, AliasInfo>;
  /** extra names of join inputs (their event types), mapping to alias slots */
  readonly joinTypes?: ReadonlyMap<string, number>;
  /** the stream's source name when `Source.field` names the current record (not in sequences) */
  readonly sourceName?: string | null;
  /** the names of the fields of a joined record, `Input.field` resolves to its alias */
  /** set when compiling an `.aggregate(...)` item: aggregate calls are collected here */
  readonly aggregates?: AggregateCollector;
  /** names bound as built-in variables (the `.pattern` lambda parameter) */
  readonly boundVariables?: ReadonlySet<string>;
  /** an alias whose bare name means "the previous accepted event" in a Kleene step filter: nothing special */
}

export class ExpressionCompiler {
  private frames: LocalFrame[] = [];
  private inFunction = false;
  private scope: ExprScope = { aliases: new Map() };

  constructor(
    private readonly globals: ReadonlyMap<string, GlobalInfo>,
    private readonly functions: ReadonlySet<string>,
    private readonly errors: ErrorCollector,
    private readonly constants: ConstantFolder,
  ) {}

  /** Compiles a stream expression in `scope`. */
  expression(node: ast.Expr | ast.Expression, scope: ExprScope): ExprPlan {
    const saved = this.scope;
    const savedFrames = this.frames;
    const savedIn = this.inFunction;
    this.scope = scope;
    this.frames = [];
    this.inFunction = false;
    try {
      return this.expr(node);
    } finally {
      this.scope = saved;
      this.frames = savedFrames;
      this.inFunction = savedIn;
    }
  }

  /** Compiles a global initialiser (no aliases, no record). */
  global(node: ast.Expr): ExprPlan {
    return this.expression(node, { aliases: new Map() });
  }

  /** Compiles a user function. */
  fn(decl: ast.FnDecl): FunctionPlan {
    const saved = this.scope;
    this.scope = { aliases: new Map() };
    this.inFunction = true;
    const frame = new LocalFrame(decl.params.map((p) => p.name));
    this.frames = [frame];
    try {
      const body = this.block(decl.body);
      return {
        kind: 'function',
        name: decl.name,
        params: decl.params.map((p) => ({ name: p.name, type: p.type?.$cstNode?.text ?? null, span: spanOf(p) })),
        returnType: decl.returnType?.$cstNode?.text ?? null,
        body,
        localCount: frame.count,
        span: spanOf(decl),
      };
    } finally {
      this.frames = [];
      this.inFunction = false;
      this.scope = saved;
    }
  }

  // ---- Statements ----

  private block(statements: readonly ast.Statement[]): StmtPlan[] {
    const out: StmtPlan[] = [];
    for (const s of statements) {
      const p = this.statement(s);
      if (p !== null) out.push(p);
    }
    return out;
  }

  private statement(s: ast.Statement): StmtPlan | null {
    const span = spanOf(s);
    switch (s.$type) {
      case 'VarDecl': {
        const value = this.expr(s.value);
        const slot = this.frame().declare(s.name);
        return { kind: 'let', binding: s.kind, name: s.name, slot, value, span };
      }
      case 'AssignStmt': {
        const name = s.target.$refText;
        const value = this.expr(s.value);
        const local = this.lookupLocal(name);
        if (local !== null) return { kind: 'assign', name, target: { kind: 'local', ...local }, value, span };
        const g = this.globals.get(name);
        if (g !== undefined) return { kind: 'assign', name, target: { kind: 'global', slot: g.slot }, value, span };
        // assigning an undeclared name inside a function declares a local (VPL-S042 is reported statically)
        const slot = this.frame().declare(name);
        return { kind: 'assign', name, target: { kind: 'local', slot, depth: 0 }, value, span };
      }
      case 'IfStmt': {
        const branches = [{ condition: this.expr(s.condition), body: this.block(s.then), span }];
        for (const e of s.elifs)
          branches.push({ condition: this.expr(e.condition), body: this.block(e.body), span: spanOf(e) });
        return { kind: 'if', branches, otherwise: s.else.length > 0 ? this.block(s.else) : null, span };
      }
      case 'WhileStmt':
        return { kind: 'while', condition: this.expr(s.condition), body: this.block(s.body), span };
      case 'ForStmt': {
        const iterable = this.expr(s.iterable);
        const slot = this.frame().declare(s.variable.name);
        return { kind: 'for', name: s.variable.name, slot, iterable, body: this.block(s.body), span };
      }
      case 'ReturnStmt':
        return { kind: 'return', value: s.value === undefined ? null : this.expr(s.value), span };
      case 'BreakStmt':
        return { kind: 'break', span };
      case 'ContinueStmt':
        return { kind: 'continue', span };
      case 'EmitStmt':
        return {
          kind: 'emit',
          eventType: s.type.$refText,
          fields: s.args.map((a) => ({ name: a.name, value: this.expr(a.value), span: spanOf(a) })),
          span,
        };
      case 'ExprStmt':
        return { kind: 'expr', expr: this.expr(s.expr), span };
      default:
        this.errors.error('VPL-S010', `A ${s.$type} cannot appear inside a function body.`, s);
        return null;
    }
  }

  private frame(): LocalFrame {
    return this.frames[this.frames.length - 1]!;
  }

  private lookupLocal(name: string): { slot: number; depth: number } | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const slot = this.frames[i]!.names.get(name);
      if (slot !== undefined) return { slot, depth: this.frames.length - 1 - i };
    }
    return null;
  }

  // ---- Expressions ----

  private expr(node: ast.Expr | ast.Expression): ExprPlan {
    const span = spanOf(node);
    switch (node.$type) {
      case 'IntLiteral': {
        const v = intLiteralValue(node.value);
        if (v === undefined)
          this.errors.error('VPL-P001', `The integer literal ${node.value} does not fit in 64 bits.`, node);
        return lit({ type: 'int', value: (v ?? 0n).toString() }, span);
      }
      case 'FloatLiteral':
        return lit({ type: 'float', value: node.value }, span);
      case 'StringLiteral':
        return lit({ type: 'str', value: node.value }, span);
      case 'BoolLiteral':
        return lit({ type: 'bool', value: node.value }, span);
      case 'NullLiteral':
        return lit({ type: 'null' }, span);
      case 'DurationLiteral': {
        const ns = durationLiteralToNanos(node.value);
        if (ns === undefined) this.errors.error('VPL-P001', `The duration ${node.value} is out of range.`, node);
        return lit({ type: 'duration', ns: (ns ?? 0n).toString() }, span);
      }
      case 'TimestampLiteral': {
        const ns = timestampLiteralToNanos(node.value);
        if (typeof ns !== 'bigint') {
          this.errors.error('VPL-P001', `Invalid timestamp ${node.value}: ${ns.error}.`, node);
          return lit({ type: 'null' }, span);
        }
        return lit({ type: 'timestamp', ns: ns.toString() }, span);
      }
      case 'NameRef':
        return this.name(node.target.$refText, span);
      case 'TemplateAtom':
        return { kind: 'template', name: node.variable, span };
      case 'ParenExpr':
        return this.expr(node.inner);
      case 'MemberAccess':
        return this.member(node, span);
      case 'IndexExpr': {
        const object = this.expr(node.receiver);
        if (node.slice) {
          return {
            kind: 'slice',
            object,
            start: node.index === undefined ? null : this.expr(node.index),
            end: node.end === undefined ? null : this.expr(node.end),
            span,
          };
        }
        return {
          kind: 'index',
          object,
          index: node.index === undefined ? lit({ type: 'null' }, span) : this.expr(node.index),
          span,
        };
      }
      case 'CallExpr':
        return this.call(node, span);
      case 'BinaryExpr':
        return {
          kind: 'binary',
          op: node.operator as BinaryOp,
          left: this.expr(node.left),
          right: this.expr(node.right),
          span,
        };
      case 'LogicalExpr':
        return { kind: 'logical', op: node.operator, left: this.expr(node.left), right: this.expr(node.right), span };
      case 'NotExpr':
        return { kind: 'not', operand: this.expr(node.operand), span };
      case 'UnaryExpr':
        return { kind: 'unary', op: node.operator, operand: this.expr(node.operand), span };
      case 'ComparisonExpr': {
        if (node.operator === 'is') return this.isExpr(node, span);
        const op = node.operator === 'in' && node.negated ? 'not in' : node.operator;
        return { kind: 'compare', op, left: this.expr(node.left), right: this.expr(node.right), span };
      }
      case 'RangeExpr':
        return {
          kind: 'range',
          start: this.expr(node.start),
          end: this.expr(node.end),
          inclusive: node.operator === '..=',
          span,
        };
      case 'IfExpr':
        return {
          kind: 'if',
          condition: this.expr(node.condition),
          // biome-ignore lint/suspicious/noThenProperty: the expression plan (plan/expression.ts) names this branch `then`
          then: this.expr(node.then),
          otherwise: this.expr(node.else),
          span,
        };
      case 'ArrayLiteral':
        return { kind: 'array', elements: node.elements.map((e) => this.expr(e)), span };
      case 'MapLiteral':
        return {
          kind: 'map',
          entries: node.entries.map((e) => ({ key: e.key, value: this.expr(e.value), span: spanOf(e) })),
          span,
        };
      case 'Lambda':
        return this.lambda(node, span);
      default:
        this.errors.error('VPL-P001', `Unsupported expression ${(node as { $type: string }).$type}.`, node);
        return lit({ type: 'null' }, span);
    }
  }

  private lambda(node: ast.Lambda, span: SourceSpan): ExprPlan {
    const frame = new LocalFrame(node.params.map((p) => p.name));
    this.frames.push(frame);
    try {
      const body: Extract<ExprPlan, { kind: 'lambda' }>['body'] = node.blockBody
        ? { kind: 'block', statements: this.block(node.statements) }
        : { kind: 'expr', expr: this.expr(node.body!) };
      return { kind: 'lambda', params: node.params.map((p) => p.name), body, localCount: frame.count, span };
    } finally {
      this.frames.pop();
    }
  }

  private isExpr(node: ast.ComparisonExpr, span: SourceSpan): ExprPlan {
    const right = node.right as ast.Expression;
    let test: IsTest | null = null;
    if (right.$type === 'NullLiteral') test = 'null';
    else if (right.$type === 'NameRef' && IS_TESTS.has(right.target.$refText)) test = right.target.$refText as IsTest;
    if (test === null) {
      this.errors.error(
        'VPL-E020',
        'The right operand of `is` must be null or one of int, float, bool, str, timestamp, duration.',
        right,
      );
      test = 'null';
    }
    return { kind: 'is', operand: this.expr(node.left), test, negated: node.negated, span };
  }

  /** A bare name (§5.2). */
  private name(name: string, span: SourceSpan): ExprPlan {
    const local = this.lookupLocal(name);
    if (local !== null) return { kind: 'local', name, slot: local.slot, depth: local.depth, span };
    const scope = this.scope;
    const alias = scope.aliases.get(name);
    if (alias !== undefined) return { kind: 'alias', name, slot: alias.slot, span };
    const g = this.globals.get(name);
    if (g !== undefined) {
      return g.kind === 'const'
        ? { kind: 'constant', name, slot: g.slot, span }
        : { kind: 'global', name, slot: g.slot, mutable: g.kind === 'var', span };
    }
    if (scope.boundVariables?.has(name)) return { kind: 'builtinVar', name, span };
    if (this.inFunction) return { kind: 'dynamic', name, span };
    if (BUILTIN_VARIABLES.has(name))
      return { kind: 'builtinVar', name: name === 'forecast_expected_time' ? 'forecast_time' : name, span };
    if (scope.sourceName === name) return { kind: 'record', span };
    return { kind: 'field', name, span };
  }

  /** `x.f` (§7.3). */
  private member(node: ast.MemberAccess, span: SourceSpan): ExprPlan {
    const receiver = node.receiver;
    const field = node.member;
    if (receiver.$type === 'NameRef') {
      const name = receiver.target.$refText;
      if (this.lookupLocal(name) === null) {
        const alias = this.scope.aliases.get(name);
        if (alias !== undefined) return { kind: 'aliasField', alias: name, slot: alias.slot, field, span };
        const joinSlot = this.scope.joinTypes?.get(name);
        if (joinSlot !== undefined) return { kind: 'aliasField', alias: name, slot: joinSlot, field, span };
        if (!this.globals.has(name) && this.scope.sourceName === name && !this.inFunction) {
          return { kind: 'field', name: field, span };
        }
      }
    }
    return { kind: 'member', object: this.expr(receiver), name: field, optional: node.optional, span };
  }

  private args(args: readonly ast.Argument[]): ArgPlan[] {
    return args.map((a) => ({ name: a.name ?? null, value: this.expr(a.value), span: spanOf(a) }));
  }

  private call(node: ast.CallExpr, span: SourceSpan): ExprPlan {
    const callee = node.callee;
    if (callee.$type === 'NameRef') {
      const name = callee.target.$refText;
      if (this.lookupLocal(name) !== null || (this.globals.has(name) && !this.functions.has(name))) {
        return { kind: 'callValue', callee: this.expr(callee), args: this.args(node.args), span };
      }
      const collector = this.scope.aggregates;
      if (collector !== undefined && !this.functions.has(name)) {
        const agg = this.aggregateCall(name, node, span, collector);
        if (agg !== null) return agg;
      }
      if (this.functions.has(name)) return { kind: 'callFunction', name, args: this.args(node.args), span };
      return { kind: 'callBuiltin', name, args: this.args(node.args), span };
    }
    if (callee.$type === 'MemberAccess') {
      return {
        kind: 'callMethod',
        receiver: this.expr(callee.receiver),
        name: callee.member,
        args: this.args(node.args),
        span,
      };
    }
    return { kind: 'callValue', callee: this.expr(callee), args: this.args(node.args), span };
  }

  /** An aggregate call inside an `.aggregate(...)` item (§10), or `null` when the call is a scalar one. */
  private aggregateCall(
    name: string,
    node: ast.CallExpr,
    span: SourceSpan,
    collector: AggregateCollector,
  ): ExprPlan | null {
    if (!AGGREGATES.has(name)) return null;
    const args = node.args;
    if ((name === 'min' || name === 'max') && args.length !== 1) return null;
    let fn = name as AggregateFunction;
    let argNode: ast.Expr | undefined = args[0]?.value;
    // count(distinct(x)) is count_distinct(x)
    if (name === 'count' && argNode !== undefined && argNode.$type === 'CallExpr') {
      const inner = argNode as ast.CallExpr;
      if (inner.callee.$type === 'NameRef' && inner.callee.target.$refText === 'distinct' && inner.args.length === 1) {
        fn = 'count_distinct';
        argNode = inner.args[0]!.value;
      }
    }
    let period: number | null = null;
    if (fn === 'ema') {
      const p = args[1]?.value;
      const v = p === undefined ? undefined : this.constants.int(p);
      if (v === undefined || v < 1) {
        this.errors.error('E072', 'ema(e, p) needs a positive integer constant period p.', node);
        period = 1;
      } else {
        period = v;
      }
    }
    // The argument is evaluated per record, with no aggregate collection inside it (no nesting).
    const saved = this.scope;
    this.scope = { ...saved, aggregates: undefined };
    let arg: ExprPlan | null;
    try {
      arg = argNode === undefined ? null : this.expr(argNode);
    } finally {
      this.scope = saved;
    }
    if (arg === null && fn !== 'count') {
      this.errors.error('E071', `The aggregate ${name}() needs an argument.`, node);
    }
    const index = collector.calls.length;
    collector.calls.push({ fn, arg, period, span });
    return { kind: 'aggregate', index, span };
  }
}

function lit(value: LiteralValue, span: SourceSpan): ExprPlan {
  return { kind: 'literal', value, span };
}
