/**
 * Compiles stream declarations (language §8, semantics §6, §8, §9, §11.1) into stream plans: the source,
 * the pattern matcher of sequence streams (steps, `.where` folded into step filters, `.within`, `.not`,
 * `.partition_by`), and the operations applied to records or match records, in order.
 */

import type { ast } from '@varpulis/language';
import type { ExprPlan } from '../plan/expression.js';
import type {
  AggregateOpPlan,
  JoinConjunctPlan,
  JoinInputPlan,
  LogLevel,
  MatcherPlan,
  NegationPlan,
  OperationPlan,
  SeqStepPlan,
  SourcePlan,
  StreamPlan,
  TrendFunction,
  WindowPlan,
} from '../plan/plan.js';
import { spanOf } from './compile-error.js';
import { AggregateCollector, type ExprScope } from './compile-expression.js';
import { AliasTable, compilePatternBody, conjuncts, mentions, stepFilters } from './compile-pattern.js';
import { type CompileContext, configParams } from './context.js';
import { literalPlan } from './literals.js';

const RESERVED_OPS: Record<string, string> = {
  MapOp: 'map',
  OrderByOp: 'order_by',
  ConcurrentOp: 'concurrent',
  OnErrorOp: 'on_error',
  CollectOp: 'collect',
  ForkOp: 'fork',
  AnyOp: 'any',
  AllOp: 'all',
};

const TREND_FUNCTIONS = new Set<string>([
  'count_trends',
  'count_events',
  'sum_trends',
  'avg_trends',
  'min_trends',
  'max_trends',
]);

/** The result of compiling one stream. */
export interface CompiledStream {
  readonly plan: StreamPlan;
  /** `.allowed_lateness` + `.watermark(out_of_order:)` of this stream, in ms */
  readonly latenessMs: number;
}

interface StreamState {
  readonly decl: ast.StreamDecl;
  readonly aliases: AliasTable;
  latenessMs: number;
  context: string | null;
}

export function compileStream(cx: CompileContext, decl: ast.StreamDecl): CompiledStream {
  const st: StreamState = { decl, aliases: new AliasTable(), latenessMs: 0, context: null };
  const src = decl.source;
  let source: SourcePlan;
  let ops: OperationPlan[];
  const followedBy = decl.ops.some((o) => o.$type === 'FollowedBy');
  if (src.$type === 'SequenceSource' || followedBy) {
    ({ source, ops } = compileSequenceStream(cx, st));
  } else if (src.$type === 'EventSource' && cx.patterns.has(src.target.$refText)) {
    ({ source, ops } = compilePatternStream(cx, st, cx.patterns.get(src.target.$refText)!));
  } else if (src.$type === 'JoinSource') {
    ({ source, ops } = compileJoinStream(cx, st, src));
  } else {
    ({ source, ops } = compileSimpleStream(cx, st));
  }
  if (ops.some((o) => o.kind === 'process') && !ops.some((o) => o.kind === 'emit')) {
    // S33: a stream with .process(...) and no .emit(...) emits what reaches the end of its pipeline
    ops.push({ kind: 'emit', fields: null, asType: null, context: null, span: spanOf(decl) });
  }
  return {
    plan: {
      kind: 'stream',
      name: decl.name,
      source,
      ops,
      aliases: st.aliases.list,
      context: st.context,
      span: spanOf(decl),
    },
    latenessMs: st.latenessMs,
  };
}

function routeSource(
  cx: CompileContext,
  name: string,
  node: ast.StreamSource,
  alias: { name: string; slot: number } | null,
): SourcePlan {
  const r = cx.resolveName(name);
  return { kind: 'route', name, resolved: r === 'pattern' ? 'event' : r, alias, from: null, span: spanOf(node) };
}

// ---- Simple streams: event type / stream / merge / timer / connector sources ----

function compileSimpleStream(cx: CompileContext, st: StreamState): { source: SourcePlan; ops: OperationPlan[] } {
  const src = st.decl.source;
  let source: SourcePlan;
  let sourceName: string | null = null;
  switch (src.$type) {
    case 'EventSource': {
      const name = src.target.$refText;
      sourceName = name;
      const alias =
        src.alias === undefined ? null : { name: src.alias.name, slot: st.aliases.add(src.alias.name, false) };
      if (src.all)
        cx.errors.error('E090', '`all T` is only meaningful as the first step of a sequence (add a `->` step).', src);
      source = routeSource(cx, name, src, alias);
      break;
    }
    case 'ConnectorSource': {
      const name = src.event.$refText;
      sourceName = name;
      source = {
        kind: 'route',
        name,
        resolved: cx.resolveName(name) === 'stream' ? 'stream' : 'event',
        alias: null,
        from: { connector: src.connector.$refText, params: configParams(src.params) },
        span: spanOf(src),
      };
      break;
    }
    case 'MergeSource':
      source = {
        kind: 'merge',
        items: src.items.map((item) =>
          item.$type === 'SourceRef'
            ? { name: item.target.$refText, label: null, filter: null, span: spanOf(item) }
            : {
                name: item.target.$refText,
                label: item.name,
                filter: item.condition === undefined ? null : cx.expression(item.condition, { aliases: new Map() }),
                span: spanOf(item),
              },
        ),
        span: spanOf(src),
      };
      break;
    case 'TimerSource': {
      const interval = cx.timeBound(src.interval, 'A timer interval');
      let initialDelay = 0;
      for (const a of src.args) {
        if (a.name === 'initial_delay') initialDelay = cx.timeBound(a.value, 'A timer initial delay');
        else cx.errors.error('VPL-O030', `timer(...) takes only initial_delay, not '${a.name}'.`, a);
      }
      source = {
        kind: 'timer',
        type: `Timer_${st.decl.name}`,
        intervalMs: interval,
        initialDelayMs: initialDelay,
        span: spanOf(src),
      };
      break;
    }
    default:
      throw new Error(`unexpected source ${src.$type}`);
  }
  const scope: ExprScope = { aliases: st.aliases.byName, sourceName };
  return {
    source,
    ops: compileOps(cx, st, st.decl.ops as ast.DotOp[], scope, { partitionBy: null, inSequence: false }),
  };
}

// ---- Sequence streams (§11.1) ----

function compileSequenceStream(cx: CompileContext, st: StreamState): { source: SourcePlan; ops: OperationPlan[] } {
  const decl = st.decl;
  const src = decl.source;
  const aliases = st.aliases;
  interface StepDraft {
    type: string;
    alias: string | null;
    kleene: boolean;
    conditions: (ast.Expr | ast.Expression)[];
    within: ast.Expr | undefined;
    node: ast.StreamSource | ast.FollowedBy | ast.SequenceStep;
  }
  const drafts: StepDraft[] = [];
  if (src.$type === 'SequenceSource') {
    for (const s of src.steps) {
      drafts.push({
        type: s.target.$refText,
        alias: s.name,
        kleene: false,
        conditions: s.condition === undefined ? [] : [s.condition],
        within: s.within,
        node: s,
      });
    }
  } else if (src.$type === 'EventSource') {
    drafts.push({
      type: src.target.$refText,
      alias: src.alias?.name ?? null,
      kleene: src.all,
      conditions: [],
      within: undefined,
      node: src,
    });
  } else if (src.$type === 'ConnectorSource') {
    drafts.push({ type: src.event.$refText, alias: null, kleene: false, conditions: [], within: undefined, node: src });
  } else {
    cx.errors.error('VPL-J005', 'Followed-by steps need an event-type or stream source.', src);
    drafts.push({ type: '?', alias: null, kleene: false, conditions: [], within: undefined, node: src });
  }
  const lastStepIndex = decl.ops.reduce((acc, o, i) => (o.$type === 'FollowedBy' ? i : acc), -1);
  const trendIndex = decl.ops.findIndex((o) => o.$type === 'TrendAggregateOp');
  const negationNodes: ast.NotOp[] = [];
  let withinNode: ast.WithinOp | undefined;
  let partitionBy: string | null = null;
  const post: ast.DotOp[] = [];
  decl.ops.forEach((op, i) => {
    if (op.$type === 'FollowedBy') {
      if (cx.patterns.has(op.target.$refText)) {
        cx.errors.error('VPL-N006', `The pattern '${op.target.$refText}' cannot be used as a followed-by step.`, op);
      }
      drafts.push({
        type: op.target.$refText,
        alias: op.alias?.name ?? null,
        kleene: op.all,
        conditions: op.condition === undefined ? [] : [op.condition],
        within: undefined,
        node: op,
      });
      return;
    }
    switch (op.$type) {
      case 'WhereOp':
      case 'FilterOp':
        if (i < lastStepIndex || (trendIndex >= 0 && i < trendIndex)) {
          drafts[drafts.length - 1]!.conditions.push(op.condition);
          return;
        }
        post.push(op);
        return;
      case 'WithinOp':
        withinNode = op;
        return;
      case 'NotOp':
        negationNodes.push(op);
        return;
      case 'PartitionByOp':
        partitionBy = partitionField(cx, op, partitionBy);
        return;
      case 'WatermarkOp':
      case 'AllowedLatenessOp':
        lateness(cx, st, op);
        return;
      case 'ContextOp':
        st.context = op.context.$refText;
        return;
      default:
        post.push(op);
    }
  });
  // aliases first (step order), so that every filter sees every alias
  for (const d of drafts) if (d.alias !== null) aliases.add(d.alias, d.kleene);
  const scope: ExprScope = { aliases: aliases.byName };
  const steps: SeqStepPlan[] = drafts.map((d) => {
    const f = stepFilters(cx, d.conditions, d.alias, d.kleene, scope);
    return {
      type: d.type,
      alias: d.alias,
      slot: d.alias === null ? null : aliases.byName.get(d.alias)!.slot,
      quantifier: d.kleene ? 'plus' : 'one',
      filter: f.filter,
      firstFilter: f.firstFilter,
      withinMs: d.within === undefined ? null : cx.timeBound(d.within, 'A step `.within`'),
      notBefore: [],
      span: spanOf(d.node),
    };
  });
  const negations: NegationPlan[] = negationNodes.map((n) => ({
    type: n.target.$refText,
    filter: n.condition === undefined ? null : cx.expression(n.condition, scope),
    span: spanOf(n),
  }));
  const matcher: MatcherPlan = {
    pattern: { kind: 'seq', steps, trailingNot: [], span: spanOf(decl) },
    withinMs: withinNode === undefined ? null : cx.timeBound(withinNode.duration, '`.within`'),
    negations,
    partitionBy: partitionBy === null ? [] : [partitionBy],
    patternName: null,
    span: spanOf(decl),
  };
  const ops = compileOps(cx, st, post, { aliases: aliases.byName }, { partitionBy, inSequence: true });
  return { source: { kind: 'matcher', matcher, span: spanOf(src) }, ops };
}

/** A stream whose source is a named pattern (§11.8): the pattern's matcher, partition keys composed (R6). */
function compilePatternStream(
  cx: CompileContext,
  st: StreamState,
  pattern: ast.PatternDecl,
): { source: SourcePlan; ops: OperationPlan[] } {
  const decl = st.decl;
  const aliases = st.aliases;
  const src = decl.source as ast.EventSource;
  if (src.alias !== undefined) {
    cx.errors.error('E090', 'A pattern source takes no alias; its items carry the aliases.', src.alias);
  }
  let partitionBy: string | null = null;
  const negationNodes: ast.NotOp[] = [];
  let withinNode: ast.WithinOp | undefined;
  const post: ast.DotOp[] = [];
  for (const op of decl.ops as ast.DotOp[]) {
    switch (op.$type) {
      case 'PartitionByOp':
        partitionBy = partitionField(cx, op, partitionBy);
        break;
      case 'NotOp':
        negationNodes.push(op);
        break;
      case 'WithinOp':
        withinNode = op;
        break;
      case 'WatermarkOp':
      case 'AllowedLatenessOp':
        lateness(cx, st, op);
        break;
      case 'ContextOp':
        st.context = op.context.$refText;
        break;
      default:
        post.push(op);
    }
  }
  const scopeOf = (): ExprScope => ({ aliases: aliases.byName });
  const body = compilePatternBody(cx, pattern, aliases, scopeOf);
  const patternWithin =
    pattern.within === undefined
      ? null
      : cx.constants.durationMs({ $type: 'DurationLiteral', value: pattern.within } as ast.DurationLiteral);
  let within = patternWithin ?? null;
  if (withinNode !== undefined) {
    const w = cx.timeBound(withinNode.duration, '`.within`');
    within = within === null ? w : Math.min(within, w);
  }
  const keys: string[] = [];
  if (pattern.partitionKey !== undefined) keys.push(pattern.partitionKey);
  if (partitionBy !== null && !keys.includes(partitionBy)) keys.push(partitionBy);
  const matcher: MatcherPlan = {
    pattern: body,
    withinMs: within,
    negations: negationNodes.map((n) => ({
      type: n.target.$refText,
      filter: n.condition === undefined ? null : cx.expression(n.condition, scopeOf()),
      span: spanOf(n),
    })),
    partitionBy: keys,
    patternName: pattern.name,
    span: spanOf(decl),
  };
  const ops = compileOps(cx, st, post, scopeOf(), { partitionBy, inSequence: true });
  return { source: { kind: 'matcher', matcher, span: spanOf(src) }, ops };
}

// ---- Joins (§8.11b) ----

function compileJoinStream(
  cx: CompileContext,
  st: StreamState,
  src: ast.JoinSource,
): { source: SourcePlan; ops: OperationPlan[] } {
  const aliases = st.aliases;
  const inputs: JoinInputPlan[] = [];
  const joinTypes = new Map<string, number>();
  const conditions: (ast.Expr | ast.Expression)[] = [];
  for (const item of src.items) {
    const type = item.target.$refText;
    const name = item.$type === 'InlineStream' ? item.name : type;
    const slot = aliases.add(name, false);
    if (name !== type && !joinTypes.has(type)) joinTypes.set(type, slot);
    inputs.push({ name, type, slot, span: spanOf(item) });
    if (item.$type === 'InlineStream' && item.condition !== undefined) conditions.push(item.condition);
  }
  let windowMs = 60_000;
  const post: ast.DotOp[] = [];
  for (const op of st.decl.ops as ast.DotOp[]) {
    switch (op.$type) {
      case 'OnOp':
        conditions.push(op.condition);
        break;
      case 'WindowOp': {
        const w = windowOf(cx, op);
        if (w === null) break;
        if (w.kind === 'tumbling') windowMs = w.sizeMs;
        else if (w.kind === 'sliding' || w.kind === 'session') {
          cx.errors.error(
            'VPL-J006',
            'A join window is a duration: sliding and session windows are not allowed on a join.',
            op,
          );
        }
        break;
      }
      case 'AggregateOp':
        cx.errors.error(
          'VPL-J005',
          '.aggregate is not allowed in a join stream; aggregate its output in another stream.',
          op,
        );
        break;
      case 'WatermarkOp':
      case 'AllowedLatenessOp':
        lateness(cx, st, op);
        break;
      case 'ContextOp':
        st.context = op.context.$refText;
        break;
      default:
        post.push(op);
    }
  }
  if (conditions.length === 0) {
    cx.errors.error('VPL-J001', 'A join needs a condition: add .on(...).', src);
  }
  const scope: ExprScope = { aliases: aliases.byName, joinTypes };
  const conj: JoinConjunctPlan[] = [];
  for (const c of conditions) {
    for (const part of conjuncts(c)) {
      const used: number[] = [];
      inputs.forEach((input, i) => {
        if (mentions(part, input.name) || mentions(part, input.type)) used.push(i);
      });
      conj.push({ expr: cx.expression(part, scope), inputs: used });
    }
  }
  const ops = compileOps(cx, st, post, scope, { partitionBy: null, inSequence: false, join: true });
  return { source: { kind: 'join', inputs, conjuncts: conj, windowMs, span: spanOf(src) }, ops };
}

// ---- Operations ----

interface OpState {
  partitionBy: string | null;
  readonly inSequence: boolean;
  readonly join?: boolean;
}

function partitionField(cx: CompileContext, op: ast.PartitionByOp, previous: string | null): string | null {
  if (previous !== null) cx.errors.error('VPL-O061', 'A stream takes at most one .partition_by(...).', op);
  const key = op.key;
  if (key.$type === 'NameRef') return key.target.$refText;
  cx.errors.error('VPL-O060', '.partition_by(...) takes a field name.', op);
  return previous;
}

function lateness(cx: CompileContext, st: StreamState, op: ast.WatermarkOp | ast.AllowedLatenessOp): void {
  if (op.$type === 'AllowedLatenessOp') {
    st.latenessMs += cx.timeBound(op.duration, 'The allowed lateness');
    return;
  }
  for (const a of op.args) {
    if (a.name === 'out_of_order') st.latenessMs += cx.timeBound(a.value, 'The out-of-order bound');
    else cx.errors.error('E080', `.watermark(...) takes only out_of_order, not '${a.name}'.`, a);
  }
}

function windowOf(cx: CompileContext, op: ast.WindowOp): WindowPlan | null {
  let slide: ast.Expr | undefined;
  let session: ast.Expr | undefined = op.session ? op.gap : undefined;
  for (const o of op.options) {
    if (o.name === 'sliding') slide = o.value;
    else if (o.name === 'session') session = o.value;
  }
  if (session !== undefined) return { kind: 'session', gapMs: cx.timeBound(session, 'A session gap') };
  const size = op.size!;
  const v = cx.constants.evaluate(size);
  if (v?.kind === 'int') {
    const n = Number(v.value);
    let s: number | null = null;
    if (slide !== undefined) {
      const sv = cx.constants.evaluate(slide);
      if (sv?.kind !== 'int' || sv.value < 1n) {
        cx.errors.error('VPL-O034', 'A count-window slide must be a positive integer constant.', slide);
        s = 1;
      } else {
        s = Number(sv.value);
      }
    }
    if (n < 1) {
      cx.errors.error('VPL-O034', 'A count-window size must be a positive integer constant.', size);
      return null;
    }
    return s === null ? { kind: 'count', size: n } : { kind: 'slidingCount', size: n, slide: s };
  }
  if (v?.kind === 'duration') {
    const sizeMs = cx.timeBound(size, 'A window size');
    if (slide === undefined) return { kind: 'tumbling', sizeMs };
    return { kind: 'sliding', sizeMs, slideMs: cx.timeBound(slide, 'A window slide') };
  }
  cx.errors.error('VPL-O034', 'A window size must be a constant: an integer count or a duration.', size);
  return null;
}

function compileOps(
  cx: CompileContext,
  st: StreamState,
  nodes: readonly ast.DotOp[],
  initialScope: ExprScope,
  state: OpState,
): OperationPlan[] {
  const out: OperationPlan[] = [];
  let scope = initialScope;
  let windowed = false;
  for (const op of nodes) {
    const span = spanOf(op);
    switch (op.$type) {
      case 'WhereOp':
        out.push({ kind: 'where', operation: 'where', condition: cx.expression(op.condition, scope), span });
        break;
      case 'FilterOp':
        out.push({ kind: 'where', operation: 'filter', condition: cx.expression(op.condition, scope), span });
        break;
      case 'HavingOp':
        out.push({ kind: 'where', operation: 'having', condition: cx.expression(op.condition, scope), span });
        break;
      case 'SelectOp':
        out.push({
          kind: 'select',
          fields: op.items.map((i) => ({
            name: i.name,
            expr:
              i.value === undefined
                ? cx.expression({ $type: 'NameRef', target: { $refText: i.name } } as unknown as ast.NameRef, scope)
                : cx.expression(i.value, scope),
            span: spanOf(i),
          })),
          span,
        });
        break;
      case 'EmitOp': {
        let context: string | null = null;
        const fields = op.args.filter((a) => {
          if (a.name === 'context' && a.value.$type === 'NameRef' && cx.contexts.has(a.value.target.$refText)) {
            context = a.value.target.$refText;
            return false;
          }
          return true;
        });
        out.push({
          kind: 'emit',
          fields:
            op.args.length === 0
              ? null
              : fields.map((a) => ({ name: a.name, expr: cx.expression(a.value, scope), span: spanOf(a) })),
          asType: op.asType?.$refText ?? null,
          context,
          span,
        });
        break;
      }
      case 'PrintOp':
        out.push({ kind: 'print', args: op.args.map((a) => cx.expression(a, scope)), span });
        break;
      case 'LogOp': {
        let level: LogLevel = 'info';
        let message: ExprPlan | null = null;
        let data: string | null = null;
        for (const a of op.args) {
          if (a.name === 'level') {
            const v = a.value.$type === 'StringLiteral' ? a.value.value : 'info';
            level =
              v === 'warning'
                ? 'warn'
                : ((['error', 'warn', 'info', 'debug', 'trace'].includes(v) ? v : 'info') as LogLevel);
          } else if (a.name === 'message') {
            message = cx.expression(a.value, scope);
          } else if (a.name === 'data') {
            data =
              a.value.$type === 'NameRef'
                ? a.value.target.$refText
                : a.value.$type === 'StringLiteral'
                  ? a.value.value
                  : null;
          } else {
            cx.errors.error('E080', `.log(...) takes level, message and data, not '${a.name}'.`, a);
          }
        }
        out.push({ kind: 'log', level, message, data, span });
        break;
      }
      case 'WindowOp': {
        const w = windowOf(cx, op);
        if (w !== null) {
          if (state.join) break;
          out.push({ kind: 'window', window: w, partitionBy: state.partitionBy, span });
          windowed = true;
        }
        break;
      }
      case 'AggregateOp': {
        const collector = new AggregateCollector();
        const itemScope: ExprScope = { ...scope, aggregates: collector };
        const items = op.items.map((i) => ({ name: i.name, expr: cx.expression(i.value, itemScope), span: spanOf(i) }));
        const agg: AggregateOpPlan = {
          kind: 'aggregate',
          calls: collector.calls,
          items,
          partitionBy: state.partitionBy,
          windowed,
          span,
        };
        out.push(agg);
        // S30: aliases end at .aggregate
        scope = { aliases: new Map() };
        break;
      }
      case 'PartitionByOp':
        state.partitionBy = partitionField(cx, op, state.partitionBy);
        break;
      case 'DistinctOp':
        out.push({ kind: 'distinct', key: op.key === undefined ? null : cx.expression(op.key, scope), span });
        break;
      case 'LimitOp': {
        const n = cx.constants.int(op.count);
        if (n === undefined || n < 0)
          cx.errors.error('VPL-O090', '.limit(n) takes a constant non-negative integer.', op);
        out.push({ kind: 'limit', count: n ?? 0, span });
        break;
      }
      case 'FirstOp':
        out.push({ kind: 'limit', count: 1, span });
        break;
      case 'ProcessOp':
        out.push({ kind: 'process', call: cx.expression(op.expr, scope), span });
        break;
      case 'ToOp':
        out.push({ kind: 'to', connector: op.connector.$refText, params: configParams(op.params), span });
        break;
      case 'PatternOp': {
        const body = op.body;
        if (body.$type === 'Lambda') {
          const param = body.params[0]?.name ?? '_';
          const bound = new Set([param]);
          const predicate = body.blockBody ? null : cx.expression(body.body!, { ...scope, boundVariables: bound });
          out.push({ kind: 'batchPattern', name: op.name, parameter: param, predicate, span });
        } else {
          out.push({ kind: 'batchPattern', name: op.name, parameter: '_', predicate: null, span });
        }
        break;
      }
      case 'EnrichOp': {
        let key: ExprPlan | null = null;
        let fields: string[] = [];
        let cacheTtlMs = 300_000;
        let timeoutMs = 5_000;
        let fallback = null as ReturnType<typeof literalPlan>;
        for (const p of op.params) {
          if (p.key === 'key' && p.value !== undefined) key = cx.expression(p.value, scope);
          else if (p.key === 'fields') fields = p.fields;
          else if (p.key === 'cache_ttl' && p.value !== undefined) cacheTtlMs = cx.timeBound(p.value, 'cache_ttl');
          else if (p.key === 'timeout' && p.value !== undefined) timeoutMs = cx.timeBound(p.value, 'timeout');
          else if (p.key === 'fallback' && p.value !== undefined) fallback = literalPlan(p.value as ast.Literal);
        }
        out.push({
          kind: 'enrich',
          connector: op.connector.$refText,
          key: key ?? { kind: 'literal', value: { type: 'null' }, span },
          fields,
          cacheTtlMs,
          timeoutMs,
          fallback,
          span,
        });
        break;
      }
      case 'ScoreOp': {
        const get = (k: string) => op.params.find((p) => p.key === k);
        out.push({
          kind: 'score',
          model: get('model')?.value ?? '',
          inputs: get('inputs')?.names ?? [],
          outputs: get('outputs')?.names ?? [],
          span,
        });
        break;
      }
      case 'ForecastOp': {
        if (!state.inSequence) cx.errors.error('VPL-O172', '.forecast(...) needs a followed-by sequence.', op);
        const params: Record<string, string | number | boolean> = {};
        for (const a of op.args) {
          const c = cx.constants.evaluate(a.value);
          if (a.value.$type === 'StringLiteral') params[a.name] = a.value.value;
          else if (a.value.$type === 'BoolLiteral') params[a.name] = a.value.value;
          else if (c?.kind === 'int') params[a.name] = Number(c.value);
          else if (c?.kind === 'float') params[a.name] = c.value;
          else if (c?.kind === 'duration') params[a.name] = Number(c.ns / 1_000_000n);
        }
        out.push({ kind: 'forecast', params, span });
        break;
      }
      case 'TrendAggregateOp': {
        if (!state.inSequence)
          cx.errors.error('VPL-O160', '.trend_aggregate(...) needs a sequence with .within(...).', op);
        out.push({
          kind: 'trendAggregate',
          items: op.items.map((i) => {
            if (!TREND_FUNCTIONS.has(i.function)) {
              cx.errors.error('VPL-O162', `Unknown trend function '${i.function}'.`, i);
            }
            const arg = i.argument;
            let alias: string | null = null;
            let field: string | null = null;
            if (arg?.$type === 'NameRef') alias = arg.target.$refText;
            else if (arg?.$type === 'MemberAccess' && arg.receiver.$type === 'NameRef') {
              alias = arg.receiver.target.$refText;
              field = arg.member;
            }
            return { name: i.name, fn: i.function as TrendFunction, alias, field, span: spanOf(i) };
          }),
          span,
        });
        scope = { aliases: new Map() };
        break;
      }
      case 'TapOp':
        out.push({ kind: 'noop', operation: 'tap', span });
        break;
      case 'ContextOp':
        st.context = op.context.$refText;
        break;
      case 'WatermarkOp':
      case 'AllowedLatenessOp':
        lateness(cx, st, op);
        break;
      case 'OnOp':
        cx.errors.error('VPL-J004', '.on(...) is only allowed in a join(...) stream.', op);
        break;
      case 'WithinOp':
        cx.errors.error(
          'E020',
          '.within(...) needs a sequence: a `->` step, a .not(...) or a sequence(...) source.',
          op,
        );
        break;
      case 'NotOp':
        cx.errors.error('VPL-O080', '.not(...) needs a followed-by sequence.', op);
        break;
      default: {
        const name = RESERVED_OPS[op.$type];
        cx.errors.error('E090', `.${name ?? op.$type}(...) is not implemented.`, op);
      }
    }
  }
  return out;
}
