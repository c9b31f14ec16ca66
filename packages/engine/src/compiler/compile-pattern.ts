/**
 * Compiles named `pattern` declarations (`SEQ`, `AND`, `OR`, `NOT` items, Kleene markers; semantics §11)
 * into pattern plans, allocating the pattern's aliases in the alias table of the stream that runs it.
 */

import type { ast } from '@varpulis/language';
import type { ExprPlan } from '../plan/expression.js';
import type { NegationPlan, PatternPlan, Quantifier, SeqStepPlan } from '../plan/plan.js';
import { spanOf } from './compile-error.js';
import type { AliasInfo, ExprScope } from './compile-expression.js';
import type { CompileContext } from './context.js';

/** The alias table of a stream under construction. */
export class AliasTable {
  readonly byName = new Map<string, AliasInfo>();
  readonly list: { name: string; kleene: boolean }[] = [];

  add(name: string, kleene: boolean): number {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing.slot;
    const slot = this.list.length;
    this.list.push({ name, kleene });
    this.byName.set(name, { slot, kleene });
    return slot;
  }
}

/** Splits a condition into its top-level `and` conjuncts. */
export function conjuncts(node: ast.Expr | ast.Expression): (ast.Expr | ast.Expression)[] {
  if (node.$type === 'LogicalExpr' && node.operator === 'and')
    return [...conjuncts(node.left), ...conjuncts(node.right)];
  if (node.$type === 'ParenExpr') {
    const inner = node.inner;
    if (inner.$type === 'LogicalExpr' && inner.operator === 'and') return conjuncts(inner);
  }
  return [node];
}

/** Whether the expression mentions `name` as a bare name or as the receiver of a member access. */
export function mentions(node: unknown, name: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  const n = node as { $type?: string; target?: { $refText?: string } };
  if (n.$type === 'NameRef' && n.target?.$refText === name) return true;
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('$')) continue;
    if (Array.isArray(v)) {
      for (const e of v) if (mentions(e, name)) return true;
    } else if (v !== null && typeof v === 'object' && '$type' in (v as object)) {
      if (mentions(v, name)) return true;
    }
  }
  return false;
}

/** `a and b and …` of already compiled conjuncts (`null` for none). */
export function andAll(parts: readonly ExprPlan[]): ExprPlan | null {
  if (parts.length === 0) return null;
  let acc = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const right = parts[i]!;
    acc = { kind: 'logical', op: 'and', left: acc, right, span: acc.span };
  }
  return acc;
}

/**
 * One step's filter and, for a Kleene step, its filter without the conjuncts that mention the step's own
 * alias (used while the step has no event yet, §11.3).
 */
export function stepFilters(
  cx: CompileContext,
  conditions: readonly (ast.Expr | ast.Expression)[],
  alias: string | null,
  kleene: boolean,
  scope: ExprScope,
): { filter: ExprPlan | null; firstFilter: ExprPlan | null } {
  const all: ExprPlan[] = [];
  const first: ExprPlan[] = [];
  for (const c of conditions) {
    for (const part of conjuncts(c)) {
      const p = cx.expression(part, scope);
      all.push(p);
      if (!(kleene && alias !== null && mentions(part, alias))) first.push(p);
    }
  }
  const filter = andAll(all);
  return { filter, firstFilter: kleene ? andAll(first) : filter };
}

function quantifierOf(k: ast.SaseItem['kleene']): Quantifier {
  return k === '+' ? 'plus' : k === '*' ? 'star' : k === '?' ? 'optional' : 'one';
}

/** Compiles a pattern declaration's body for a stream whose aliases are in `aliases`. */
export function compilePatternBody(
  cx: CompileContext,
  decl: ast.PatternDecl,
  aliases: AliasTable,
  scopeOf: () => ExprScope,
): PatternPlan {
  // allocate every alias first, so that filters can see them all
  const allocate = (e: ast.SaseExpr | ast.SaseBinary): void => {
    switch (e.$type) {
      case 'SaseBinary':
        allocate(e.left);
        allocate(e.right);
        return;
      case 'SaseGroup':
        allocate(e.inner);
        return;
      case 'SaseNot':
        allocate(e.operand);
        return;
      case 'SaseSeq':
        for (const i of e.items) if (!i.negated && i.item.alias) aliases.add(i.item.alias.name, isKleene(i.item));
        return;
      case 'SaseItem':
        if (e.alias) aliases.add(e.alias.name, isKleene(e));
        return;
    }
  };
  allocate(decl.body);
  const compile = (e: ast.SaseExpr | ast.SaseBinary): PatternPlan => {
    const span = spanOf(e);
    switch (e.$type) {
      case 'SaseBinary':
        return {
          kind: e.operator === 'AND' ? 'and' : 'or',
          left: compile(e.left),
          right: compile(e.right),
          span,
        };
      case 'SaseGroup':
        return compile(e.inner);
      case 'SaseNot':
        cx.errors.error('VPL-P041', 'NOT outside SEQ(...) has no defined meaning; use a NOT item inside a SEQ.', e);
        return compile(e.operand);
      case 'SaseSeq':
        return compileSeq(cx, e.items, aliases, scopeOf(), decl.within !== undefined, e);
      case 'SaseItem':
        return compileSeq(cx, [{ item: e, negated: false } as ast.SaseSeqItem], aliases, scopeOf(), true, e);
    }
  };
  return compile(decl.body);
}

function isKleene(item: ast.SaseItem): boolean {
  return item.kleene === '+' || item.kleene === '*';
}

function compileSeq(
  cx: CompileContext,
  items: readonly ast.SaseSeqItem[],
  aliases: AliasTable,
  scope: ExprScope,
  hasWithin: boolean,
  node: ast.SaseExpr,
): PatternPlan {
  const steps: SeqStepPlan[] = [];
  let pending: NegationPlan[] = [];
  for (const it of items) {
    const item = it.item;
    const type = item.target.$refText;
    if (cx.patterns.has(type)) {
      cx.errors.error('VPL-N006', `The pattern '${type}' cannot be used as an item of another pattern.`, item);
    }
    if (it.negated) {
      if (item.kleene !== undefined || item.alias !== undefined) {
        cx.errors.error('VPL-P042', 'A NOT item takes neither a Kleene marker nor an alias.', item);
      }
      if (steps.length === 0) {
        cx.errors.error('VPL-P040', 'A NOT item cannot come first in SEQ(...): nothing anchors it.', item);
      }
      pending.push({
        type,
        filter: item.condition === undefined ? null : cx.expression(item.condition, scope),
        span: spanOf(item),
      });
      continue;
    }
    const quantifier = quantifierOf(item.kleene);
    const kleene = quantifier === 'plus' || quantifier === 'star';
    const alias = item.alias?.name ?? null;
    const f = stepFilters(cx, item.condition === undefined ? [] : [item.condition], alias, kleene, scope);
    steps.push({
      type,
      alias,
      slot: alias === null ? null : aliases.add(alias, kleene),
      quantifier,
      filter: f.filter,
      firstFilter: f.firstFilter,
      withinMs: null,
      notBefore: pending,
      span: spanOf(item),
    });
    pending = [];
  }
  if (pending.length > 0 && !hasWithin) {
    cx.errors.error(
      'VPL-P040',
      'A trailing NOT item needs a `within` deadline: without one it could never complete.',
      node,
    );
  }
  return { kind: 'seq', steps, trailingNot: pending, span: spanOf(node) };
}
