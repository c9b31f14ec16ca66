import type { ast } from '@varpulis/language';
import { sourceText } from './ast-walk.js';
import { typeText } from './type-inference.js';

/**
 * Builds event sequences for one stream: a witness that should make it emit, and a near miss that differs in one
 * small way (one comparison violated by the smallest margin, one event too few, the last step too late) and should
 * not. The caller verifies both by running them through the engine.
 *
 * The solver handles conjunctions of simple comparisons in `.where` and step filters (`field OP constant`,
 * `field == alias.field`, `field in [...]`, bare and negated boolean fields), count and time windows, and `.having`
 * over `count()`, `sum`, `avg`, `min`, `max`, `first`, `last` of a field. Other conditions are left to the
 * verification run.
 */

type Scalar = number | string | boolean | null;
type Op = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

interface Atom {
  field: string;
  op: Op;
  /** a constant, a list (for `in`), or another step's field */
  value: Scalar | Scalar[] | { alias: string; field: string };
  float: boolean;
}

export interface GeneratedEvent {
  type: string;
  timeMs: number;
  fields: Record<string, Scalar>;
}

interface Step {
  type: string;
  alias?: string;
  atoms: Atom[];
  kleene: boolean;
}

export interface GenerationPlan {
  stream: string;
  strategy: 'filter' | 'aggregate' | 'sequence';
  /** candidate witnesses, best first (the caller keeps the first that emits) */
  witnesses: GeneratedEvent[][];
  /** builds near misses from the verified witness, best first, each with what differs */
  nearMisses: (witness: GeneratedEvent[]) => { events: GeneratedEvent[]; change: string }[];
  notes: string[];
}

const FLIP: Record<string, Op> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const NEGATE: Record<string, Op> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' };

export class UnsupportedStream extends Error {}

/** Plans witnesses and near misses for `streamName`, or throws {@link UnsupportedStream} with the reason. */
export function planSamples(program: ast.Program, streamName: string): GenerationPlan {
  const statements = program.statements;
  const stream = statements.find((s): s is ast.StreamDecl => s.$type === 'StreamDecl' && s.name === streamName);
  if (!stream) {
    const names = statements.filter((s): s is ast.StreamDecl => s.$type === 'StreamDecl').map((s) => s.name);
    throw new UnsupportedStream(
      `No stream named '${streamName}'. Streams of this program: ${names.join(', ') || 'none'}.`,
    );
  }
  const consts = new Map<string, ast.VarDecl>();
  for (const s of statements)
    if (s.$type === 'VarDecl' && (s as ast.VarDecl).kind !== 'var')
      consts.set((s as ast.VarDecl).name, s as ast.VarDecl);
  const events = new Map<string, ast.EventDecl>();
  for (const s of statements) if (s.$type === 'EventDecl') events.set((s as ast.EventDecl).name, s as ast.EventDecl);
  const cx = new Solver(consts, events);

  const source = stream.source;
  if (source.$type !== 'EventSource' && source.$type !== 'ConnectorSource') {
    throw new UnsupportedStream(
      `Stream '${streamName}' reads a ${source.$type.replace('Source', '').toLowerCase()} source; sample generation supports streams that read an event type directly (filters, windows and aggregates, and -> sequences).`,
    );
  }
  const firstType =
    source.$type === 'EventSource'
      ? (source as ast.EventSource).target.$refText
      : (source as ast.ConnectorSource).event.$refText;
  const firstTarget =
    source.$type === 'EventSource' ? (source as ast.EventSource).target.ref : (source as ast.ConnectorSource).event.ref;
  if (firstTarget?.$type === 'StreamDecl' || firstTarget?.$type === 'PatternDecl') {
    throw new UnsupportedStream(
      `Stream '${streamName}' reads the ${firstTarget.$type === 'StreamDecl' ? 'stream' : 'pattern'} '${firstType}'; generate samples for a stream that reads event types directly (e.g. '${firstType}' itself).`,
    );
  }
  const steps: Step[] = [
    {
      type: firstType,
      ...(source.$type === 'EventSource' && (source as ast.EventSource).alias
        ? { alias: (source as ast.EventSource).alias!.name }
        : {}),
      atoms: [],
      kleene: source.$type === 'EventSource' && (source as ast.EventSource).all,
    },
  ];
  const aliases = new Set<string>(steps[0]!.alias ? [steps[0]!.alias] : []);
  const matchAtoms: Atom[] = [];
  let within: number | undefined;
  let countWindow: number | undefined;
  let timeWindowMs: number | undefined;
  const aggregates = new Map<string, { fn: string; field?: string }>();
  const havingAtoms: Atom[] = [];
  let afterAggregate = false;
  const notes: string[] = [];
  const isSequence = stream.ops.some((o) => o.$type === 'FollowedBy');
  let stepsDone = false;
  for (const op of stream.ops) {
    switch (op.$type) {
      case 'FollowedBy': {
        const f = op as ast.FollowedBy;
        const step: Step = {
          type: f.target.$refText,
          atoms: [],
          kleene: f.all,
          ...(f.alias ? { alias: f.alias.name } : {}),
        };
        if (f.alias) aliases.add(f.alias.name);
        if (f.condition) step.atoms.push(...cx.atoms(f.condition, aliases, step.alias));
        steps.push(step);
        break;
      }
      case 'WhereOp':
      case 'FilterOp': {
        const condition = (op as ast.WhereOp).condition;
        if (afterAggregate) havingAtoms.push(...cx.atoms(condition, aliases, undefined));
        else if (isSequence && stepsDone) matchAtoms.push(...cx.atoms(condition, aliases, undefined));
        else steps[steps.length - 1]!.atoms.push(...cx.atoms(condition, aliases, steps[steps.length - 1]!.alias));
        break;
      }
      case 'WithinOp':
        within = cx.durationMs((op as ast.WithinOp).duration);
        break;
      case 'WindowOp': {
        const w = op as ast.WindowOp;
        if (w.session) timeWindowMs = cx.durationMs(w.gap) ?? 60_000;
        else if (
          w.size?.$type === 'IntLiteral' ||
          (typeof cx.constant(w.size) === 'number' && w.size?.$type !== 'DurationLiteral')
        )
          countWindow = Number(cx.constant(w.size));
        else timeWindowMs = cx.durationMs(w.size);
        break;
      }
      case 'AggregateOp':
        afterAggregate = true;
        for (const item of (op as ast.AggregateOp).items) aggregates.set(item.name, aggregateOf(item.value));
        break;
      case 'HavingOp':
        havingAtoms.push(...cx.atoms((op as ast.HavingOp).condition, aliases, undefined));
        break;
      case 'TrendAggregateOp':
      case 'ForecastOp':
        notes.push(
          `.${op.$type.replace('Op', '').replace(/^./, (c) => c.toLowerCase())}(...) results depend on many runs; the witness is only a plain match.`,
        );
        break;
      case 'EmitOp':
      case 'SelectOp':
      case 'ProcessOp':
        stepsDone = true;
        break;
      default:
        break;
    }
    if (
      op.$type !== 'FollowedBy' &&
      op.$type !== 'WhereOp' &&
      op.$type !== 'FilterOp' &&
      op.$type !== 'PartitionByOp' &&
      op.$type !== 'WithinOp' &&
      op.$type !== 'NotOp'
    ) {
      if (isSequence && steps.length > 1) stepsDone = true;
    }
  }
  // Atoms that filter match records (after the steps) refer to aliases: attach them to the steps.
  for (const a of matchAtoms) {
    const m = /^([^.]+)\.(.+)$/.exec(a.field);
    const step = m ? steps.find((s) => s.alias === m[1]) : steps[steps.length - 1];
    if (step) step.atoms.push({ ...a, field: m ? m[2]! : a.field });
  }

  if (isSequence) return sequencePlan(stream.name, steps, within, cx, notes);
  return aggregatePlan(
    stream.name,
    steps[0]!,
    { countWindow, timeWindowMs, aggregates, havingAtoms, hasAggregate: afterAggregate },
    cx,
    notes,
  );
}

function aggregateOf(expr: ast.Expr): { fn: string; field?: string } {
  if (expr.$type === 'CallExpr') {
    const call = expr as ast.CallExpr;
    const fn = call.callee.$type === 'NameRef' ? (call.callee as ast.NameRef).target.$refText : '?';
    const arg = call.args[0]?.value;
    if (arg?.$type === 'NameRef') return { fn, field: (arg as ast.NameRef).target.$refText };
    return { fn };
  }
  return { fn: '?' };
}

// ---- plans ----

function sequencePlan(
  stream: string,
  steps: Step[],
  within: number | undefined,
  cx: Solver,
  notes: string[],
): GenerationPlan {
  const gap = within !== undefined ? Math.max(1, Math.min(1000, Math.floor(within / (steps.length + 1)))) : 1000;
  const build = (violate?: { step: number; atom: number }, timeShift?: number): GeneratedEvent[] => {
    const bound = new Map<string, Record<string, Scalar>>();
    const out: GeneratedEvent[] = [];
    steps.forEach((step, i) => {
      const atoms = step.atoms.map((a, j) =>
        violate && violate.step === i && violate.atom === j ? cx.violated(a) : a,
      );
      const fields = cx.fieldsFor(step.type, atoms, bound, i + 1);
      if (step.alias) bound.set(step.alias, fields);
      let t = 1000 + i * gap;
      if (timeShift !== undefined && i === steps.length - 1) t = 1000 + timeShift;
      out.push({ type: step.type, timeMs: t, fields });
    });
    return out;
  };
  const witness = build();
  return {
    stream,
    strategy: 'sequence',
    witnesses: [witness, build(undefined, undefined).map((e, i) => ({ ...e, timeMs: 1000 + i }))],
    nearMisses: () => {
      const misses: { events: GeneratedEvent[]; change: string }[] = [];
      const last = steps.length - 1;
      // Comparisons with constants first (the most instructive near miss), then joins on earlier steps' fields.
      const rank = (a: Atom) =>
        typeof a.value === 'number' ? 0 : typeof a.value === 'boolean' || typeof a.value === 'string' ? 1 : 2;
      for (let s = last; s >= 1 && misses.length < 6; s--) {
        steps[s]!.atoms.map((a, j) => ({ a, j }))
          .sort((x, y) => rank(x.a) - rank(y.a))
          .forEach(({ a, j }) => {
            misses.push({
              events: build({ step: s, atom: j }),
              change: `the ${steps[s]!.type} event (step ${s + 1}) violates ${describeAtom(a)} by the smallest margin`,
            });
          });
      }
      if (within !== undefined) {
        misses.push({
          events: build(undefined, within + 1000),
          change: `the last event (${steps[last]!.type}) arrives ${within + 1000} ms after the first, beyond the .within(${within} ms)`,
        });
      }
      misses.push({ events: build().slice(0, -1), change: `the last step's ${steps[last]!.type} event is missing` });
      steps[0]!.atoms.forEach((a, j) => {
        misses.push({ events: build({ step: 0, atom: j }), change: `the first event violates ${describeAtom(a)}` });
      });
      return misses;
    },
    notes,
  };
}

function aggregatePlan(
  stream: string,
  step: Step,
  w: {
    countWindow?: number | undefined;
    timeWindowMs?: number | undefined;
    aggregates: Map<string, { fn: string; field?: string }>;
    havingAtoms: Atom[];
    hasAggregate: boolean;
  },
  cx: Solver,
  notes: string[],
): GenerationPlan {
  // How many events the window needs, and per-event atoms derived from `.having`.
  let n = w.countWindow ?? 1;
  const derived: Atom[] = [];
  let countAtom: Atom | undefined;
  for (const a of w.havingAtoms) {
    const agg = w.aggregates.get(a.field);
    if (!agg || typeof a.value !== 'number') continue;
    if (agg.fn === 'count' || agg.fn === 'count_distinct') {
      const need = a.op === '>' ? a.value + 1 : a.op === '>=' || a.op === '==' ? a.value : 1;
      if (w.countWindow === undefined) n = Math.max(n, Math.ceil(need));
      countAtom = a;
    }
  }
  for (const a of w.havingAtoms) {
    const agg = w.aggregates.get(a.field);
    if (!agg?.field || typeof a.value !== 'number') continue;
    if (agg.fn === 'sum') derived.push({ field: agg.field, op: a.op, value: a.value / n, float: true });
    else if (['avg', 'min', 'max', 'first', 'last', 'ema'].includes(agg.fn))
      derived.push({ field: agg.field, op: a.op, value: a.value, float: a.float });
  }
  const spacing =
    w.timeWindowMs !== undefined ? Math.max(1, Math.min(1000, Math.floor(w.timeWindowMs / (n + 1)))) : 1000;
  const build = (count: number, atoms: Atom[]): GeneratedEvent[] => {
    const out: GeneratedEvent[] = [];
    for (let i = 0; i < count; i++) {
      // Align to the epoch window start: windows are [k·size, (k+1)·size).
      const start = w.timeWindowMs !== undefined ? w.timeWindowMs : 1000;
      out.push({ type: step.type, timeMs: start + i * spacing, fields: cx.fieldsFor(step.type, atoms, new Map(), 1) });
    }
    return out;
  };
  const atoms = [...step.atoms, ...derived];
  const witnesses = [build(n, atoms)];
  if (w.countWindow === undefined && w.hasAggregate) witnesses.push(build(n * 2, atoms), build(n + 5, atoms));
  return {
    stream,
    strategy: w.hasAggregate || w.countWindow !== undefined ? 'aggregate' : 'filter',
    witnesses,
    nearMisses: (witness) => {
      const count = witness.length;
      const misses: { events: GeneratedEvent[]; change: string }[] = [];
      if (countAtom || w.countWindow !== undefined) {
        misses.push({
          events: build(count - 1, atoms),
          change: `one event fewer (${count - 1} instead of ${count})${countAtom ? `, so ${describeAtom(countAtom)} fails` : ', so the count window never fills'}`,
        });
      }
      atoms.forEach((a, j) => {
        const violated = atoms.map((x, k) => (k === j ? cx.violated(x) : x));
        misses.push({
          events: build(count, violated),
          change: `every event violates ${describeAtom(a)} by the smallest margin`,
        });
        const one = build(count, atoms);
        const lastFields = cx.fieldsFor(step.type, violated, new Map(), 1);
        one[one.length - 1] = { ...one[one.length - 1]!, fields: lastFields };
        misses.push({ events: one, change: `the last event violates ${describeAtom(a)}` });
      });
      if (misses.length === 0 && count > 0)
        misses.push({ events: [], change: 'no events at all (the stream has no condition to violate)' });
      return misses;
    },
    notes,
  };
}

function describeAtom(a: Atom): string {
  const v = a.value;
  const shown =
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? `${v.alias}.${v.field}`
      : Array.isArray(v)
        ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]`
        : JSON.stringify(v);
  return `${a.field} ${a.op} ${shown}`;
}

// ---- solver ----

class Solver {
  constructor(
    private readonly consts: Map<string, ast.VarDecl>,
    private readonly events: Map<string, ast.EventDecl>,
  ) {}

  /** A constant value of an expression (literals, consts, arithmetic), or undefined. */
  constant(expr: ast.Expr | ast.Expression | undefined, depth = 0): Scalar | Scalar[] | undefined {
    if (!expr || depth > 10) return undefined;
    switch (expr.$type) {
      case 'IntLiteral':
        return Number((expr as ast.IntLiteral).value);
      case 'FloatLiteral':
        return Number((expr as ast.FloatLiteral).value);
      case 'StringLiteral': {
        const raw = String((expr as ast.StringLiteral).value);
        try {
          return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
        } catch {
          return raw.replace(/^"|"$/g, '');
        }
      }
      case 'BoolLiteral':
        return (expr as ast.BoolLiteral).value === true;
      case 'NullLiteral':
        return null;
      case 'DurationLiteral':
        return this.durationMs(expr as ast.Expr) ?? undefined;
      case 'ParenExpr':
        return this.constant((expr as ast.ParenExpr).inner, depth + 1);
      case 'UnaryExpr': {
        const v = this.constant((expr as ast.UnaryExpr).operand, depth + 1);
        return typeof v === 'number' && (expr as ast.UnaryExpr).operator === '-' ? -v : undefined;
      }
      case 'ArrayLiteral': {
        const items = (expr as ast.ArrayLiteral).elements.map((e) => this.constant(e, depth + 1));
        return items.every((i) => i !== undefined && !Array.isArray(i)) ? (items as Scalar[]) : undefined;
      }
      case 'NameRef': {
        const decl = this.consts.get((expr as ast.NameRef).target.$refText);
        return decl ? this.constant(decl.value, depth + 1) : undefined;
      }
      case 'BinaryExpr': {
        const b = expr as ast.BinaryExpr;
        const l = this.constant(b.left, depth + 1);
        const r = this.constant(b.right, depth + 1);
        if (typeof l !== 'number' || typeof r !== 'number') return undefined;
        switch (b.operator as string) {
          case '+':
            return l + r;
          case '-':
            return l - r;
          case '*':
            return l * r;
          case '/':
            return r === 0 ? undefined : l / r;
          default:
            return undefined;
        }
      }
      default:
        return undefined;
    }
  }

  durationMs(expr: ast.Expr | ast.Expression | undefined): number | undefined {
    if (!expr) return undefined;
    if (expr.$type === 'DurationLiteral') {
      const m = /^(\d+)(ns|us|ms|s|m|h|d)$/.exec(String((expr as ast.DurationLiteral).value));
      if (!m) return undefined;
      const factor: Record<string, number> = {
        ns: 1e-6,
        us: 1e-3,
        ms: 1,
        s: 1000,
        m: 60_000,
        h: 3_600_000,
        d: 86_400_000,
      };
      return Number(m[1]) * factor[m[2]!]!;
    }
    const v = this.constant(expr);
    return typeof v === 'number' ? v : undefined;
  }

  private isFloatExpr(expr: ast.Expression | ast.Expr): boolean {
    return expr.$type === 'FloatLiteral' || /\d\.\d/.test(sourceText(expr));
  }

  /** The field a condition operand names: a bare field, or `alias.field` of the current step's own alias. */
  private fieldOf(
    expr: ast.Expression | ast.Expr,
    aliases: ReadonlySet<string>,
    own: string | undefined,
  ): string | undefined {
    if (expr.$type === 'NameRef') {
      const name = (expr as ast.NameRef).target.$refText;
      if (this.consts.has(name) || aliases.has(name)) return undefined;
      return name;
    }
    if (expr.$type === 'MemberAccess') {
      const m = expr as ast.MemberAccess;
      if (m.receiver.$type === 'NameRef') {
        const receiver = (m.receiver as ast.NameRef).target.$refText;
        if (receiver === own) return m.member;
        if (own === undefined && aliases.has(receiver)) return `${receiver}.${m.member}`;
      }
    }
    return undefined;
  }

  private aliasField(
    expr: ast.Expression | ast.Expr,
    aliases: ReadonlySet<string>,
    own: string | undefined,
  ): { alias: string; field: string } | undefined {
    if (expr.$type !== 'MemberAccess') return undefined;
    const m = expr as ast.MemberAccess;
    if (m.receiver.$type !== 'NameRef') return undefined;
    const receiver = (m.receiver as ast.NameRef).target.$refText;
    return aliases.has(receiver) && receiver !== own ? { alias: receiver, field: m.member } : undefined;
  }

  /** The conjunctive atoms of a condition (the left branch of an `or`; unsupported parts are dropped). */
  atoms(
    expr: ast.Expression | ast.Expr | undefined,
    aliases: ReadonlySet<string>,
    own: string | undefined,
    negated = false,
  ): Atom[] {
    if (!expr) return [];
    switch (expr.$type) {
      case 'ParenExpr':
        return this.atoms((expr as ast.ParenExpr).inner, aliases, own, negated);
      case 'NotExpr':
        return this.atoms((expr as ast.NotExpr).operand, aliases, own, !negated);
      case 'LogicalExpr': {
        const l = expr as ast.LogicalExpr;
        const isAnd = (l.operator === 'and') !== negated;
        if (isAnd) return [...this.atoms(l.left, aliases, own, negated), ...this.atoms(l.right, aliases, own, negated)];
        return this.atoms(l.left, aliases, own, negated);
      }
      case 'NameRef':
      case 'MemberAccess': {
        const field = this.fieldOf(expr, aliases, own);
        return field ? [{ field, op: '==', value: !negated, float: false }] : [];
      }
      case 'ComparisonExpr': {
        const c = expr as ast.ComparisonExpr;
        let op = c.operator as string;
        if (op === 'is') return [];
        if (op === 'in') {
          if (negated || c.negated) return [];
          const field = this.fieldOf(c.left, aliases, own);
          const list = this.constant(c.right);
          return field && Array.isArray(list) && list.length > 0
            ? [{ field, op: 'in', value: list, float: false }]
            : [];
        }
        let field = this.fieldOf(c.left, aliases, own);
        let other = c.right;
        if (!field) {
          field = this.fieldOf(c.right, aliases, own);
          other = c.left;
          op = FLIP[op] ?? op;
        }
        if (!field) return [];
        if (negated) op = NEGATE[op] ?? op;
        const ref = this.aliasField(other, aliases, own);
        if (ref) return op === '==' || op === '!=' ? [{ field, op: op as Op, value: ref, float: false }] : [];
        const value = this.constant(other);
        if (value === undefined || Array.isArray(value)) return [];
        return [{ field, op: op as Op, value, float: this.isFloatExpr(other) }];
      }
      default:
        return [];
    }
  }

  /** An atom that fails by the smallest margin. */
  violated(a: Atom): Atom {
    const v = a.value;
    if (typeof v === 'number') {
      const step = a.float || !Number.isInteger(v) ? 0.5 : 1;
      switch (a.op) {
        case '>':
          return { ...a, op: '==', value: v };
        case '>=':
          return { ...a, op: '==', value: v - step };
        case '<':
          return { ...a, op: '==', value: v };
        case '<=':
          return { ...a, op: '==', value: v + step };
        case '==':
          return { ...a, op: '==', value: v + step };
        case '!=':
          return { ...a, op: '==', value: v };
        default:
          return a;
      }
    }
    if (typeof v === 'boolean') return { ...a, op: '==', value: a.op === '==' ? !v : v };
    if (typeof v === 'string') return { ...a, op: '==', value: a.op === '==' ? `${v}-other` : v };
    if (Array.isArray(v)) return { ...a, op: '==', value: 'not-in-list' };
    if (v !== null && typeof v === 'object') return { ...a, op: a.op === '==' ? '!=' : '==' };
    return a;
  }

  /** Field values for one event of `type` that satisfy `atoms`. */
  fieldsFor(
    type: string,
    atoms: readonly Atom[],
    bound: ReadonlyMap<string, Record<string, Scalar>>,
    variant: number,
  ): Record<string, Scalar> {
    const fields: Record<string, Scalar> = {};
    const declared = this.events.get(type);
    const declaredTypes = new Map<string, string>();
    for (const f of declared?.fields ?? []) declaredTypes.set(f.name, typeText(f.type).replace(/\?$/, ''));
    const names = [
      ...declaredTypes.keys(),
      ...atoms.map((a) => a.field).filter((f) => !declaredTypes.has(f) && !f.includes('.')),
    ];
    for (const name of new Set(names)) {
      const mine = atoms.filter((a) => a.field === name);
      fields[name] = this.solve(name, declaredTypes.get(name), mine, bound, variant);
    }
    return fields;
  }

  private solve(
    name: string,
    type: string | undefined,
    atoms: readonly Atom[],
    bound: ReadonlyMap<string, Record<string, Scalar>>,
    variant: number,
  ): Scalar {
    const ref = (a: Atom) =>
      a.value !== null && typeof a.value === 'object' && !Array.isArray(a.value) ? a.value : undefined;
    for (const a of atoms) {
      const r = ref(a);
      if (a.op === '==' && r) {
        const v = bound.get(r.alias)?.[r.field];
        if (v !== undefined) return v;
      }
      if (a.op === '==' && !r && !Array.isArray(a.value)) {
        const v = a.value as Scalar;
        return typeof v === 'number' && (a.float || type === 'float') ? (new FloatMarker(v) as unknown as number) : v;
      }
      if (a.op === 'in' && Array.isArray(a.value)) return a.value[0] ?? null;
    }
    const numeric = atoms.filter((a) => typeof a.value === 'number');
    const isFloat = type === 'float' || numeric.some((a) => a.float || !Number.isInteger(a.value as number));
    let result: Scalar;
    if (type === 'int' || type === 'float' || numeric.length > 0) {
      let lo = Number.NEGATIVE_INFINITY;
      let hi = Number.POSITIVE_INFINITY;
      const step = isFloat ? 1.0 : 1;
      for (const a of numeric) {
        const v = a.value as number;
        if (a.op === '>') lo = Math.max(lo, v + step);
        if (a.op === '>=') lo = Math.max(lo, v);
        if (a.op === '<') hi = Math.min(hi, v - step);
        if (a.op === '<=') hi = Math.min(hi, v);
      }
      if (lo > hi && isFloat) {
        // the float interval is narrower than one unit: take its middle
        const l = Math.max(...numeric.filter((a) => a.op === '>' || a.op === '>=').map((a) => a.value as number));
        const h = Math.min(...numeric.filter((a) => a.op === '<' || a.op === '<=').map((a) => a.value as number));
        result = (l + h) / 2;
      } else if (Number.isFinite(lo)) result = lo;
      else if (Number.isFinite(hi)) result = Math.min(hi, isFloat ? 1.5 : 1);
      else result = isFloat ? 1.5 : 1;
      for (const a of numeric) if (a.op === '!=' && a.value === result) result = (result as number) + step;
      if (isFloat && typeof result === 'number') result = new FloatMarker(result) as unknown as number;
      return result;
    }
    if (type === 'bool') return !atoms.some((a) => a.op === '!=' && a.value === true);
    // strings (and undeclared fields without numeric atoms)
    let s = `${name}-${1}`;
    for (const a of atoms) {
      const r = ref(a);
      if (a.op === '!=' && r) {
        const v = bound.get(r.alias)?.[r.field];
        if (v === s) s = `${name}-${variant + 1}`;
      }
      if (a.op === '!=' && typeof a.value === 'string' && a.value === s) s = `${name}-other`;
    }
    return s;
  }
}

/** A float value, so that `2.0` is written with its decimal point in `.evt` text and JSON. */
export class FloatMarker {
  constructor(readonly value: number) {}
}

function formatScalar(v: Scalar | FloatMarker): string {
  if (v instanceof FloatMarker) return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  return String(v);
}

/** Events as `.evt` text (`@<ms>ms Type { f: v, … }`). */
export function toEvtText(events: readonly GeneratedEvent[]): string {
  return events
    .map(
      (e) =>
        `@${e.timeMs}ms ${e.type} { ${Object.entries(e.fields)
          .map(([k, v]) => `${k}: ${formatScalar(v as Scalar | FloatMarker)}`)
          .join(', ')} }`,
    )
    .join('\n');
}

/** Events as plain JSON objects (`{"event_type", "timestamp", "data"}`). */
export function toJsonEvents(
  events: readonly GeneratedEvent[],
): { event_type: string; timestamp: number; data: Record<string, Scalar> }[] {
  return events.map((e) => ({
    event_type: e.type,
    timestamp: e.timeMs,
    data: Object.fromEntries(
      Object.entries(e.fields).map(([k, v]) => [
        k,
        (v as unknown) instanceof FloatMarker ? (v as unknown as FloatMarker).value : v,
      ]),
    ),
  }));
}

export { describeAtom };
