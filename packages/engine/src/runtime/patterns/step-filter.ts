/**
 * Compiled step filters: the common shapes of pattern filters (`field op literal`, `field op alias.field`,
 * `field op alias.field ± literal`, their conjunctions, disjunctions and negations) evaluated straight from
 * the candidate record and the run's alias bindings, without the evaluation context, with a shape → slot
 * cache per field access and numeric fast paths (an integral float is a `FloatValue` box, compared by its
 * number).
 *
 * Semantics never change: each node decides only what it can decide exactly like the generic evaluator and
 * without a diagnostic (numbers, strings and `null` for `==`/`!=`; numbers and `null` for the orderings; an
 * arithmetic result only while it is a safe number). Anything else makes the whole filter fall back to the
 * generic compiled condition, which evaluates it from the start (filters are pure, and the fast nodes report
 * nothing, so the fallback sees what the generic path alone would have seen).
 */

import type { CompareExpr, ExprPlan } from '../../plan/expression.js';
import type { ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { equals } from '../values/equality.js';
import type { EventRecord, Shape } from '../values/record.js';
import { FloatValue, parseIntText, type Value } from '../values/value.js';

/** A step filter: whether `record` passes, with the run's alias bindings. */
export type StepFilter = (record: EventRecord, captures: AliasBinding[]) => boolean;

/** Outcome of a compiled node: false, true, or "not decided here" (the generic condition decides). */
export type Tri = 0 | 1 | 2;
const FALSE: Tri = 0;
const TRUE: Tri = 1;
export const UNDECIDED: Tri = 2;

/**
 * A filter's fast part alone: 1 (passes) or 0 (fails) when decided without the generic evaluator (and so
 * without any diagnostic), {@link UNDECIDED} otherwise.
 */
export type StepDecider = (record: EventRecord, captures: AliasBinding[]) => Tri;
type Node = StepDecider;
/** Reads an operand; `undefined` when it cannot be computed here. */
type Reader = (record: EventRecord, captures: AliasBinding[]) => Value | undefined;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** How aliases are read by a compiled filter. */
interface StepFilterOptions {
  /** the alias slot that denotes the candidate record itself (an ordinary step's own alias), or −1 */
  readonly ownSlot: number;
  /** the context (globals and constants are read from it) */
  readonly ctx: EvalContext;
}

/**
 * Compiles a step filter (null: none). An ordinary step's own alias (`ownSlot` ≥ 0) denotes the candidate
 * record; any other alias is read from the bindings. Shapes the fast nodes do not handle, and values they do
 * not decide, go to the generic compiled condition (with the context set as the generic path sets it).
 */
export function compileStepFilter(
  plan: ExprPlan | null,
  ownSlot: number,
  compiler: ExpressionCompiler,
  ctx: EvalContext,
): StepFilter | null {
  if (plan === null) return null;
  const generic = compiler.compileCondition(plan);
  const fallback: StepFilter =
    ownSlot < 0
      ? (record, captures) => {
          ctx.record = record;
          ctx.aliases = captures;
          return generic(ctx);
        }
      : (record, captures) => {
          // the own alias denotes the candidate itself
          ctx.record = record;
          ctx.aliases = captures;
          const previous = captures[ownSlot]!;
          captures[ownSlot] = record;
          const ok = generic(ctx);
          captures[ownSlot] = previous;
          return ok;
        };
  // a filter that is one fused comparison: decided in place, without a node to call
  const fused = fusedOrdering(plan, { ownSlot, ctx });
  if (fused !== null) {
    return (record, captures) => {
      const r = fused.decide(record, captures);
      return r === UNDECIDED ? fallback(record, captures) : r === TRUE;
    };
  }
  const node = compileNode(plan, { ownSlot, ctx });
  if (node === null) return fallback;
  return (record, captures) => {
    const r = node(record, captures);
    return r === UNDECIDED ? fallback(record, captures) : r === TRUE;
  };
}

/** The fast part of a step filter alone (see {@link StepDecider}), or `null` when its shape is not handled. */
export function compileStepDecider(plan: ExprPlan, ownSlot: number, ctx: EvalContext): StepDecider | null {
  const fused = fusedOrdering(plan, { ownSlot, ctx });
  if (fused !== null) return (rec, caps) => fused.decide(rec, caps);
  return compileNode(plan, { ownSlot, ctx });
}

function compileNode(plan: ExprPlan, o: StepFilterOptions): Node | null {
  const node = compileUncached(plan, o);
  // a condition that reads only the candidate record is decided once per record, not once per run
  return node !== null && plan.kind !== 'literal' && readsCandidateOnly(plan, o.ownSlot) ? perRecord(node) : node;
}

function compileUncached(plan: ExprPlan, o: StepFilterOptions): Node | null {
  switch (plan.kind) {
    case 'logical': {
      const l = compileNode(plan.left, o);
      const r = compileNode(plan.right, o);
      if (l === null || r === null) return null;
      if (plan.op === 'and') {
        return (rec, caps) => {
          const a = l(rec, caps);
          return a === TRUE ? r(rec, caps) : a;
        };
      }
      return (rec, caps) => {
        const a = l(rec, caps);
        return a === FALSE ? r(rec, caps) : a;
      };
    }
    case 'not': {
      const c = compileNode(plan.operand, o);
      if (c === null) return null;
      return (rec, caps) => {
        const a = c(rec, caps);
        return a === UNDECIDED ? a : a === TRUE ? FALSE : TRUE;
      };
    }
    case 'is': {
      if (plan.test !== 'null') return null;
      const v = reader(plan.operand, o);
      if (v === null) return null;
      const negated = plan.negated;
      return (rec, caps) => {
        const x = v(rec, caps);
        if (x === undefined) return UNDECIDED;
        return (x === null) !== negated ? TRUE : FALSE;
      };
    }
    case 'literal':
      if (plan.value.type === 'bool') return plan.value.value ? () => TRUE : () => FALSE;
      return null;
    case 'compare':
      return plan.op === '==' || plan.op === '!=' ? equality(plan, o) : ordering(plan, o);
    default:
      return null;
  }
}

/** Memoises a node on the identity of the candidate record (records are immutable). */
function perRecord(node: Node): Node {
  let last: EventRecord | null = null;
  let result: Tri = UNDECIDED;
  return (rec, caps) => {
    if (rec !== last) {
      result = node(rec, caps);
      last = rec;
    }
    return result;
  };
}

/** Whether a condition reads nothing but the candidate record and literals. */
function readsCandidateOnly(plan: ExprPlan, ownSlot: number): boolean {
  switch (plan.kind) {
    case 'literal':
    case 'field':
      return true;
    case 'aliasField':
      return plan.slot === ownSlot;
    case 'logical':
    case 'compare':
    case 'binary':
      return readsCandidateOnly(plan.left, ownSlot) && readsCandidateOnly(plan.right, ownSlot);
    case 'not':
    case 'is':
      return readsCandidateOnly(plan.operand, ownSlot);
    default:
      return false;
  }
}

function equality(plan: CompareExpr, o: StepFilterOptions): Node | null {
  const l = reader(plan.left, o);
  const r = reader(plan.right, o);
  if (l === null || r === null) return null;
  if (plan.op === '==') {
    return (rec, caps) => {
      const a = l(rec, caps);
      const b = r(rec, caps);
      if (a === undefined || b === undefined) return UNDECIDED;
      return same(a, b) ? TRUE : FALSE;
    };
  }
  return (rec, caps) => {
    const a = l(rec, caps);
    const b = r(rec, caps);
    if (a === undefined || b === undefined) return UNDECIDED;
    return same(a, b) ? FALSE : TRUE;
  };
}

/** `<`, `<=`, `>`, `>=` on numbers (boxed or not) and `null`; anything else is left to the generic path. */
function ordering(plan: CompareExpr, o: StepFilterOptions): Node | null {
  const fused = fusedOrdering(plan, o);
  if (fused !== null) return (rec, caps) => fused.decide(rec, caps);
  const l = numReader(plan.left, o);
  const r = numReader(plan.right, o);
  if (l === null || r === null) return null;
  switch (plan.op) {
    case '<':
      return (rec, caps) => {
        const a = l(rec, caps);
        const b = r(rec, caps);
        if (typeof a === 'number' && typeof b === 'number') return a < b ? TRUE : FALSE;
        return a === undefined || b === undefined ? UNDECIDED : FALSE;
      };
    case '<=':
      return (rec, caps) => {
        const a = l(rec, caps);
        const b = r(rec, caps);
        if (typeof a === 'number' && typeof b === 'number') return a <= b ? TRUE : FALSE;
        return a === undefined || b === undefined ? UNDECIDED : FALSE;
      };
    case '>':
      return (rec, caps) => {
        const a = l(rec, caps);
        const b = r(rec, caps);
        if (typeof a === 'number' && typeof b === 'number') return a > b ? TRUE : FALSE;
        return a === undefined || b === undefined ? UNDECIDED : FALSE;
      };
    case '>=':
      return (rec, caps) => {
        const a = l(rec, caps);
        const b = r(rec, caps);
        if (typeof a === 'number' && typeof b === 'number') return a >= b ? TRUE : FALSE;
        return a === undefined || b === undefined ? UNDECIDED : FALSE;
      };
    default:
      return null;
  }
}

/** A candidate field compared with an alias field plus a constant: `v > a.v + 2`, `a.v - 1 <= v`, `p > a.p`. */
interface FusedShape {
  /** the candidate's field */
  readonly field: string;
  readonly aliasSlot: number;
  readonly aliasField: string;
  /** the constant added to the alias field (null: no addition) */
  readonly offset: number | null;
  /** the candidate is the right operand */
  readonly swapped: boolean;
}

/** The shape {@link fusedOrdering} handles, or null. */
function fusedShape(plan: CompareExpr, o: StepFilterOptions): FusedShape | null {
  const candidate = (e: ExprPlan): string | null =>
    e.kind === 'field' ? e.name : e.kind === 'aliasField' && e.slot === o.ownSlot ? e.field : null;
  const alias = (e: ExprPlan): { slot: number; field: string; offset: number | null } | null => {
    if (e.kind === 'aliasField' && e.slot !== o.ownSlot) return { slot: e.slot, field: e.field, offset: null };
    if (e.kind !== 'binary' || (e.op !== '+' && e.op !== '-') || e.right.kind !== 'literal') return null;
    const base = e.left;
    if (base.kind !== 'aliasField' || base.slot === o.ownSlot) return null;
    const k = num(literal(e.right.value));
    if (typeof k !== 'number') return null;
    return { slot: base.slot, field: base.field, offset: e.op === '+' ? k : -k };
  };
  let f = candidate(plan.left);
  let a = f === null ? null : alias(plan.right);
  let swapped = false;
  if (f === null || a === null) {
    f = candidate(plan.right);
    a = f === null ? null : alias(plan.left);
    swapped = true;
  }
  if (f === null || a === null) return null;
  return { field: f, aliasSlot: a.slot, aliasField: a.field, offset: a.offset, swapped };
}

const LT = 0;
const LE = 1;
const GT = 2;
const GE = 3;

/**
 * The commonest pattern filter, `field op alias.field [± constant]`, decided in one method: the same decisions
 * as the general nodes (the candidate's number cached per record, the alias's read through its shape cache,
 * the sum only while safe), without a call per operand. Its state is one object, so that every filter of this
 * shape runs the same (inlinable) code.
 */
class FusedOrdering {
  private readonly op: number;
  private readonly hasOffset: boolean;
  private readonly offset: number;
  private fShape: Shape | null = null;
  private fSlot = -1;
  private last: EventRecord | null = null;
  private fValue: number | null | undefined = undefined;
  private aShape: Shape | null = null;
  private aSlot = -1;

  constructor(
    private readonly shape: FusedShape,
    op: CompareExpr['op'],
  ) {
    this.op = op === '<' ? LT : op === '<=' ? LE : op === '>' ? GT : GE;
    this.hasOffset = shape.offset !== null;
    this.offset = shape.offset ?? 0;
  }

  decide(rec: EventRecord, caps: AliasBinding[]): Tri {
    let x: number | null | undefined;
    if (rec === this.last) x = this.fValue;
    else {
      if (rec.shape !== this.fShape) {
        this.fShape = rec.shape;
        this.fSlot = rec.shape.indexOf(this.shape.field);
      }
      const slot = this.fSlot;
      x = num(slot < 0 ? null : rec.values[slot]!);
      this.last = rec;
      this.fValue = x;
    }
    let y: number | null | undefined = null;
    let b = caps[this.shape.aliasSlot];
    if (b !== null && b !== undefined && Array.isArray(b)) b = b.length === 0 ? null : b[b.length - 1]!;
    if (b !== null && b !== undefined) {
      if (b.shape !== this.aShape) {
        this.aShape = b.shape;
        this.aSlot = b.shape.indexOf(this.shape.aliasField);
      }
      const slot = this.aSlot;
      y = num(slot < 0 ? null : b.values[slot]!);
    }
    if (this.hasOffset) y = sum(y, this.offset);
    if (typeof x !== 'number' || typeof y !== 'number') return x === undefined || y === undefined ? UNDECIDED : FALSE;
    const swapped = this.shape.swapped;
    const l = swapped ? y : x;
    const r = swapped ? x : y;
    const op = this.op;
    return (op === GT ? l > r : op === LT ? l < r : op === GE ? l >= r : l <= r) ? TRUE : FALSE;
  }
}

/** The fused form of an ordering (see {@link FusedOrdering}), or null when the shape is another. */
function fusedOrdering(plan: ExprPlan, o: StepFilterOptions): FusedOrdering | null {
  if (plan.kind !== 'compare' || plan.op === '==' || plan.op === '!=' || plan.op === 'in' || plan.op === 'not in')
    return null;
  const shape = fusedShape(plan, o);
  return shape === null ? null : new FusedOrdering(shape, plan.op);
}

/** `a == b` (semantics §2.3); `equals` never reports. */
function same(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (typeof a === 'number' && typeof b === 'number') return false; // NaN, or different numbers
  return equals(a, b);
}

/**
 * The number an ordering compares (an int or float, boxed or not), `null` for a null operand (the
 * ordering is then false, without a diagnostic), `undefined` for anything the generic path must order.
 */
function num(v: Value | undefined): number | null | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof FloatValue) return v.value;
  if (v === null) return null;
  return undefined;
}

/** Reads an operand of an ordering as a number (see {@link num}). */
type NumReader = (record: EventRecord, captures: AliasBinding[]) => number | null | undefined;

/** A numeric reader of an operand, or `null` when its shape is not handled here. */
function numReader(plan: ExprPlan, o: StepFilterOptions): NumReader | null {
  switch (plan.kind) {
    case 'literal': {
      if (plan.value.type === 'str') return null; // strings are ordered by the generic path (code points)
      const v = literal(plan.value);
      if (v === undefined) return null;
      const n = num(v);
      return () => n;
    }
    case 'field':
      return numberOfRecord(plan.name);
    case 'aliasField':
      return plan.slot === o.ownSlot ? numberOfRecord(plan.field) : numberOfAlias(plan.slot, plan.field);
    case 'binary': {
      if (plan.op !== '+' && plan.op !== '-') return null;
      const l = numReader(plan.left, o);
      const r = numReader(plan.right, o);
      if (l === null || r === null) return null;
      if (plan.op === '+') return (rec, caps) => sum(l(rec, caps), r(rec, caps));
      return (rec, caps) => {
        const b = r(rec, caps);
        return sum(l(rec, caps), typeof b === 'number' ? -b : b);
      };
    }
  }
  const v = reader(plan, o);
  if (v === null) return null;
  return (rec, caps) => num(v(rec, caps));
}

/** A reader of an operand, or `null` when the operand has a shape this compiler does not handle. */
function reader(plan: ExprPlan, o: StepFilterOptions): Reader | null {
  switch (plan.kind) {
    case 'literal': {
      const v = literal(plan.value);
      if (v === undefined) return null;
      return () => v;
    }
    case 'field':
      return fieldOfRecord(plan.name);
    case 'aliasField':
      return plan.slot === o.ownSlot ? fieldOfRecord(plan.field) : fieldOfAlias(plan.slot, plan.field);
    case 'global':
    case 'constant': {
      const slot = plan.slot;
      const ctx = o.ctx;
      return () => ctx.globals[slot] ?? null;
    }
    case 'binary': {
      const n = numReader(plan, o);
      return n === null ? null : (rec, caps) => n(rec, caps) ?? undefined;
    }
    default:
      return null;
  }
}

/**
 * The numeric value of `a + b` for two numbers while it is a safe number (then int or float, it orders and
 * compares like the generic result); `undefined` otherwise (null operands, overflow: the generic path).
 */
function sum(a: number | null | undefined, b: number | null | undefined): number | undefined {
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  const r = a + b;
  return r <= MAX_SAFE && r >= -MAX_SAFE ? r : undefined;
}

/** The value of a literal the fast nodes handle (numbers, strings, bools, null), else `undefined`. */
function literal(lit: Extract<ExprPlan, { kind: 'literal' }>['value']): Value | undefined {
  switch (lit.type) {
    case 'null':
      return null;
    case 'bool':
    case 'str':
      return lit.value;
    case 'float':
      return Number.isInteger(lit.value) ? new FloatValue(lit.value) : lit.value;
    case 'int': {
      const v = parseIntText(lit.value);
      return typeof v === 'number' ? v : undefined;
    }
    default:
      return undefined;
  }
}

/** Field `name` of the candidate record (shape → slot cached; the value cached for the last record). */
function fieldOfRecord(name: string): Reader {
  let shape: Shape | null = null;
  let slot = -1;
  let last: EventRecord | null = null;
  let value: Value = null;
  return (rec) => {
    if (rec === last) return value;
    if (rec.shape !== shape) {
      shape = rec.shape;
      slot = shape.indexOf(name);
    }
    last = rec;
    value = slot < 0 ? null : rec.values[slot]!;
    return value;
  };
}

/** Field `name` of the candidate record as a number (see {@link num}), cached for the last record. */
function numberOfRecord(name: string): NumReader {
  let shape: Shape | null = null;
  let slot = -1;
  let last: EventRecord | null = null;
  let value: number | null | undefined;
  return (rec) => {
    if (rec === last) return value;
    if (rec.shape !== shape) {
      shape = rec.shape;
      slot = shape.indexOf(name);
    }
    last = rec;
    value = num(slot < 0 ? null : rec.values[slot]!);
    return value;
  };
}

/** Field `name` of the record bound to alias `aliasSlot` (a Kleene alias: its most recent record). */
function fieldOfAlias(aliasSlot: number, name: string): Reader {
  let shape: Shape | null = null;
  let slot = -1;
  return (_rec, caps) => {
    let b = caps[aliasSlot];
    if (b === null || b === undefined) return null;
    // (an instance-type check: `instanceof` walks an array's prototype chain)
    if (Array.isArray(b)) {
      if (b.length === 0) return null;
      b = b[b.length - 1]!;
    }
    if (b.shape !== shape) {
      shape = b.shape;
      slot = shape.indexOf(name);
    }
    return slot < 0 ? null : b.values[slot]!;
  };
}

/** Field `name` of the record bound to alias `aliasSlot`, as a number (see {@link num}). */
function numberOfAlias(aliasSlot: number, name: string): NumReader {
  let shape: Shape | null = null;
  let slot = -1;
  return (_rec, caps) => {
    let b = caps[aliasSlot];
    if (b === null || b === undefined) return null;
    if (Array.isArray(b)) {
      if (b.length === 0) return null;
      b = b[b.length - 1]!;
    }
    if (b.shape !== shape) {
      shape = b.shape;
      slot = shape.indexOf(name);
    }
    if (slot < 0) return null;
    const v = b.values[slot]!;
    if (typeof v === 'number') return v;
    if (v instanceof FloatValue) return v.value;
    return v === null ? null : undefined;
  };
}
