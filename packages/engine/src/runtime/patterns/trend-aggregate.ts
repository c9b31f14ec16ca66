/**
 * Trend aggregation (semantics §12, D11): counts and aggregates the trends of a sequence pattern under
 * skip-till-any-match, per tumbling window of length `within` and partition, online and without enumerating
 * trends. One result per (window, partition) with at least one trend, when the window fires.
 *
 * Online GRETA propagation (Poppe et al., VLDB 2017). A trend prefix ends at a *vertex*: a record playing a
 * step, together with the records bound to the aliases that later filters read (its *binding*). Vertices of a
 * step with the same binding are interchangeable for every future record, so per pane and step the state is
 * one aggregate ({@link Agg}: number of prefixes, Σ per sum slot, extremes) per binding: a *group*. A new
 * record x is offered to each step k of its type (highest first, so x never follows itself):
 *
 *   vertex(x, k, b) = [start unit] + Σ_{source groups g whose binding admits x} g + x's own contribution
 *
 * where the sources are the groups of step k−1 (and of earlier steps across skippable `*`/`?` steps) and, for
 * a Kleene step, of step k itself (the filter sees the group's previous record as the step's own alias). The
 * vertex joins the group of its binding in step k and, when every later step may be skipped, the window
 * result. Per record this costs O(groups of the source steps) filter evaluations; without alias references
 * there is one group per step, so O(1).
 *
 * *Simple* Kleene steps (filter reads only the candidate record, type used by no other step, alias read by
 * no later filter) are processed in bursts (see `trend-hub.ts`): m accepted records change the step's
 * aggregate S, given the (constant during the burst) predecessor aggregate P and u = S.n + P.n, by
 *   Δn = (2^m − 1)·u,   Δs = (2^m − 1)·(S.s + P.s) + 2^(m−1)·u·O,
 * O being the burst's Σ of the slot's per-record quantity (1 for count_events, the field for sum_trends).
 * `A -> all B` over one A and n B's is one burst: 2^n − 1 trends in O(n).
 *
 * See docs/architecture/trend-aggregation.md and docs/decisions/0021-trend-aggregation.md.
 */

import type { ExprPlan } from '../../plan/expression.js';
import type { MatcherPlan, TrendAggregateOpPlan } from '../../plan/plan.js';
import type { SourceSpan } from '../../plan/source-span.js';
import { Batch, type OperatorHost } from '../core.js';
import type { ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { decodeKey, encodeKey } from '../partitions.js';
import { decodeRecord, encodeRecord, type Json } from '../state-codec.js';
import type { Key } from '../values/keys.js';
import { EventRecord, Shape } from '../values/record.js';
import { INT64_MAX, INT64_MIN, makeFloat, type Value } from '../values/value.js';
import { compileStepDecider, compileStepFilter, type StepDecider, type StepFilter, UNDECIDED } from './step-filter.js';
import { type Group, type GroupKey, Groups, groupKey } from './trend-groups.js';
import { Burst, type HubMember, type HubPane, planSignature, type Signature, type TrendHub } from './trend-hub.js';
import { Agg, type AggLayout, addI, isFloatNum, isZero, mulI, type Num, numKey, pow2 } from './trend-num.js';

type GroupStore = Agg | Groups;

/** A query's state for one pane. */
interface Sub {
  /** (reassigned when a fired pane's state is recycled for a new pane) */
  pane: HubPane;
  /** per step: one aggregate (no live slots) or the groups by binding */
  readonly G: GroupStore[];
  /** the window result: the complete trends so far */
  readonly R: Agg;
  /** per step (simple steps): own burst summary (when the burst is not shared), cursor into the shared ones */
  readonly own: (Burst | null)[];
  readonly cursor: number[];
  lastSeq: number;
  last: EventRecord | null;
}

interface Step {
  readonly type: string;
  readonly slot: number;
  readonly kleene: boolean;
  readonly skippable: boolean;
  readonly filter: StepFilter | null;
  readonly firstFilter: StepFilter | null;
  /** the filter reads the step's own alias (a Kleene step's previous record must then be bound) */
  readonly readsOwn: boolean;
  /** live slots after this step: bindings a prefix ending here carries */
  readonly live: number[];
  /** earlier steps whose groups precede this step (k−1, and further back across skippable steps) */
  readonly sources: number[];
  /** proj[i] for source i (and proj[k] for the step itself): per live slot, index in the source's live slots, −1: x, −2: unbound */
  readonly proj: Map<number, Int32Array>;
  /** projection for a trend starting here */
  readonly startProj: Int32Array;
  readonly startable: boolean;
  readonly completes: boolean;
  /** processed in bursts (closed form), with this signature */
  sig: Signature | null;
  /** per signature field: the sum/extreme slots that read it */
  sigField: Int32Array;
  /**
   * A Kleene step that carries the bindings of the step before it unchanged and whose filter does not read its
   * own alias (so entering and continuing use the same filter, e.g. `A as a -> all B where v > a.v + c`): per
   * binding, one filter decision serves both the entering and the continuing prefixes (see `aligned`).
   */
  aligned: boolean;
  /** the fast decision of the filter (aligned steps) */
  decide: StepDecider | null;
}

/** Groups kept per step for reuse (fired panes give theirs back). */
const MAX_POOLED_GROUPS = 1024;
/** States of fired panes kept for reuse. */
const MAX_FREE_SUBS = 64;

type SlotKind = 'events' | 'sum';

interface SumSlot {
  readonly kind: SlotKind;
  readonly step: number;
  readonly field: string | null;
}

interface ExtSlot {
  readonly min: boolean;
  readonly step: number;
  readonly field: string;
}

/** Alias slots an expression plan reads; `null` when it may read any (a user function, a dynamic lookup). */
function aliasSlots(e: unknown, out: Set<number>): boolean {
  if (e === null || typeof e !== 'object') return true;
  const node = e as { kind?: string; slot?: number };
  if (node.kind === 'callFunction' || node.kind === 'dynamic') return false;
  if ((node.kind === 'alias' || node.kind === 'aliasField') && typeof node.slot === 'number') out.add(node.slot);
  for (const v of Object.values(e)) {
    if (Array.isArray(v)) {
      for (const x of v) if (!aliasSlots(x, out)) return false;
    } else if (v !== null && typeof v === 'object' && !aliasSlots(v, out)) return false;
  }
  return true;
}

export class TrendAggregateOperator implements Operator, HubMember {
  readonly buildsRecords = true;
  gen = 0;
  private readonly qi: number;
  private readonly steps: Step[];
  private readonly byType = new Map<string, number[]>();
  /** the entries of `byType` as parallel arrays (a handful of types: found by a scan, no hashing per record) */
  private readonly typeNames: string[] = [];
  private readonly typeSteps: number[][] = [];
  /** per type: the signature of its highest step (a simple Kleene step's), or null */
  private readonly typeSigs: (Signature | null)[] = [];
  /** per item: its position in the result shape */
  private readonly itemPos: number[] = [];
  // reusable lists of a watermark step's fired panes (this query's states and their partition ranks)
  private readonly firedSubs: Sub[] = [];
  /** the batch results are released in (reused: the pipeline is done with it when `next` returns) */
  private readonly outBatch = new Batch();
  private readonly firedRanks: number[] = [];
  private readonly simpleSteps: number[] = [];
  private readonly layout: AggLayout;
  private readonly sums: SumSlot[] = [];
  private readonly exts: ExtSlot[] = [];
  /** per item: [kind, slot] */
  private readonly itemSlots: { fn: TrendAggregateOpPlan['items'][number]['fn']; sum: number; ext: number }[] = [];
  private readonly shape: Shape;
  private readonly keyCount: number;
  /** per partition key: routing number of this query's first own record there (first appearance, §12.4) */
  private readonly first = new Map<Key, number>();
  /** the event types the stream subscribes to (a shared Kleene type only for its signature's leader) */
  readonly types = new Set<string>();
  /** runs `fn` as this stream (diagnostics of filters evaluated for records the leader hands over) */
  inStream: (fn: () => void) => void = (fn) => fn();
  private readonly caps: AliasBinding[];
  private overflowReported = false;
  /** the span for late refusals and R011 (the matcher's) */
  private readonly matcherSpan: SourceSpan;
  // scratch aggregates
  private readonly P: Agg;
  private readonly D: Agg;
  private readonly acc: Agg;
  private readonly targets = new Groups();
  /** per simple step: the composed pending bursts */
  private readonly scratchBursts: (Burst | null)[] = [];
  /** reusable target groups, per step (their binds have the step's live length) */
  private readonly pools: Group[][] = [];
  private pool: Group[] = [];
  /** states of fired panes, for reuse */
  private readonly freeSubs: Sub[] = [];
  /** per binding of an aligned step: the filter's decision for the record being processed */
  private decisions = new Uint8Array(16);

  constructor(
    matcher: MatcherPlan,
    private readonly op: TrendAggregateOpPlan,
    aliasNames: readonly string[],
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
    private readonly hub: TrendHub,
    private readonly next: Continuation,
  ) {
    this.matcherSpan = matcher.span;
    const pattern = matcher.pattern;
    if (pattern.kind !== 'seq') throw new Error('trend aggregation needs a sequence');
    const plans = pattern.steps;
    const n = plans.length;
    this.caps = new Array(aliasNames.length).fill(null);
    const stepOfSlot = new Map<number, number>();
    plans.forEach((s, i) => {
      if (s.slot !== null) stepOfSlot.set(s.slot, i);
    });
    // slots read by each step's filter
    const refs: Set<number>[] = plans.map((s, k) => {
      const out = new Set<number>();
      const known = aliasSlots(s.filter as ExprPlan | null, out) && aliasSlots(s.firstFilter as ExprPlan | null, out);
      if (!known) for (let i = 0; i <= k; i++) if (plans[i]!.slot !== null) out.add(plans[i]!.slot!);
      return out;
    });
    const kleene = plans.map((s) => s.quantifier === 'plus' || s.quantifier === 'star');
    const skippable = plans.map((s) => s.quantifier === 'star' || s.quantifier === 'optional');
    const live: number[][] = plans.map((_, j) => {
      const out: number[] = [];
      for (let i = 0; i <= j; i++) {
        const slot = plans[i]!.slot;
        if (slot === null) continue;
        let needed = false;
        for (let k = j; k < n && !needed; k++) {
          if (!refs[k]!.has(slot)) continue;
          if (k > j && i < k) needed = true;
          else if (k === j && kleene[j] && i <= j) needed = true;
        }
        if (needed) out.push(slot);
      }
      return out;
    });
    const typeCount = new Map<string, number>();
    for (const s of plans) typeCount.set(s.type, (typeCount.get(s.type) ?? 0) + 1);
    this.qi = hub.join(this);
    this.steps = plans.map((s, k): Step => {
      const sources: number[] = [];
      for (let i = k - 1; i >= 0; i--) {
        sources.push(i);
        if (!skippable[i]) break;
      }
      let startable = true;
      for (let i = 0; i < k; i++) if (!skippable[i]) startable = false;
      let completes = true;
      for (let i = k + 1; i < n; i++) if (!skippable[i]) completes = false;
      const slot = s.slot ?? -1;
      const projFrom = (from: number[] | null): Int32Array =>
        Int32Array.from(live[k]!, (sl) =>
          sl === slot ? -1 : from === null ? -2 : from.indexOf(sl) >= 0 ? from.indexOf(sl) : -2,
        );
      const proj = new Map<number, Int32Array>();
      for (const i of sources) proj.set(i, projFrom(live[i]!));
      if (kleene[k]) {
        // continuing: the step's own slot moves to the new record
        proj.set(k, projFrom(live[k]!));
      }
      // an ordinary step's own alias denotes the candidate; a Kleene step's is bound to its previous record
      const ownSlot = kleene[k] ? -1 : slot;
      return {
        type: s.type,
        slot,
        kleene: kleene[k]!,
        skippable: skippable[k]!,
        filter: compileStepFilter(s.filter, ownSlot, compiler, ctx),
        firstFilter: compileStepFilter(s.firstFilter, ownSlot, compiler, ctx),
        readsOwn: slot >= 0 && refs[k]!.has(slot),
        live: live[k]!,
        sources,
        proj,
        startProj: projFrom(null),
        startable,
        completes,
        sig: null,
        sigField: new Int32Array(0),
        aligned: false,
        decide: null,
      };
    });
    plans.forEach((s, k) => {
      let list = this.byType.get(s.type);
      if (list === undefined) {
        list = [];
        this.byType.set(s.type, list);
      }
      list.unshift(k);
    });
    // item slots
    const sumKey = new Map<string, number>();
    const extKey = new Map<string, number>();
    const stepOfAlias = (alias: string | null): number => {
      if (alias === null) return -1;
      return stepOfSlot.get(aliasNames.indexOf(alias)) ?? -1;
    };
    for (const item of op.items) {
      const step = stepOfAlias(item.alias);
      let sum = -1;
      let ext = -1;
      if (item.fn === 'count_events' || item.fn === 'sum_trends' || item.fn === 'avg_trends') {
        const kind: SlotKind = item.fn === 'count_events' ? 'events' : 'sum';
        const key = `${kind}|${step}|${item.field}`;
        sum = sumKey.get(key) ?? -1;
        if (sum < 0) {
          sum = this.sums.length;
          sumKey.set(key, sum);
          this.sums.push({ kind, step, field: item.field });
        }
      } else if (item.fn === 'min_trends' || item.fn === 'max_trends') {
        const key = `${item.fn}|${step}|${item.field}`;
        ext = extKey.get(key) ?? -1;
        if (ext < 0 && item.field !== null) {
          ext = this.exts.length;
          extKey.set(key, ext);
          this.exts.push({ min: item.fn === 'min_trends', step, field: item.field });
        }
      }
      this.itemSlots.push({ fn: item.fn, sum, ext });
    }
    this.layout = { sums: this.sums.length, extMin: this.exts.map((e) => e.min) };
    for (let k = 0; k < n; k++) this.pools.push([]);
    this.P = new Agg(this.layout);
    this.D = new Agg(this.layout);
    this.acc = new Agg(this.layout);
    // aligned Kleene steps: live slots and filter as described at Step.aligned
    plans.forEach((s, k) => {
      const st = this.steps[k]!;
      if (!st.kleene || k === 0 || st.startable || st.sources.length !== 1 || s.filter === null) return;
      const before = live[k - 1]!;
      const same = st.live.length > 0 && st.live.length === before.length && st.live.every((sl, t) => sl === before[t]);
      if (!same || st.live.includes(st.slot) || st.readsOwn) return;
      if (planSignature(s.filter) !== planSignature(s.firstFilter)) return;
      st.decide = compileStepDecider(s.filter, -1, ctx);
      st.aligned = st.decide !== null;
    });
    // simple steps join (or create) the hub's shared signatures
    plans.forEach((s, k) => {
      const st = this.steps[k]!;
      const own = st.slot >= 0 && refs[k]!.has(st.slot);
      const simple = st.kleene && refs[k]!.size === 0 && st.live.length === 0 && typeCount.get(s.type) === 1 && !own;
      if (!simple) return;
      const generic = s.filter === null ? null : compiler.compileCondition(s.filter);
      const sig = hub.signature(s.type, s.filter, generic, { op: this, step: k });
      st.sig = sig;
      // fields this query reads from the step's records, as signature field indexes
      const fields: number[] = [];
      for (const sl of this.sums)
        fields.push(sl.step === k && sl.kind === 'sum' && sl.field !== null ? sig.field(sl.field) : -1);
      for (const e of this.exts) fields.push(e.step === k ? sig.field(e.field) : -1);
      st.sigField = Int32Array.from(fields);
      this.simpleSteps.push(k);
      this.scratchBursts[k] = new Burst(0, false, sig.fields.length);
    });
    for (const st of this.steps) {
      if (st.sig === null || st.sig.memberSteps[0]!.op === this) this.types.add(st.type);
    }
    const names = [...matcher.partitionBy];
    this.keyCount = names.length;
    for (const item of op.items) if (!names.includes(item.name)) names.push(item.name);
    this.shape = Shape.of(names);
    for (const item of op.items) this.itemPos.push(this.shape.indexOf(item.name));
    for (const [type, ks] of this.byType) {
      this.typeNames.push(type);
      this.typeSteps.push(ks);
      this.typeSigs.push(this.steps[ks[0]!]!.sig);
    }
  }

  private get span(): SourceSpan {
    return this.op.span;
  }

  // ---- Records ----

  process(batch: Batch, late: boolean): void {
    if (late) {
      if (batch.length > 0) this.host.refuseLate(this.matcherSpan);
      batch.clear();
      return;
    }
    const n = batch.length;
    for (let i = 0; i < n; i++) this.offer(batch.records[i]!);
    batch.clear();
  }

  private offer(x: EventRecord): void {
    const hub = this.hub;
    const pane = hub.route(x, this);
    if (pane === null) {
      this.host.diagnostic(
        RuntimeCodes.lateDerived,
        `A record at ${x.timeMs} ms was dropped: every time window that would contain it has already fired.`,
        this.matcherSpan,
      );
      return;
    }
    const id = hub.lastId;
    const t = this.typeIndex(x.type);
    if (t < 0) return;
    const ks = this.typeSteps[t]!;
    const sig = this.typeSigs[t]!;
    if (sig !== null) {
      // this query leads the signature: the hub absorbed a shared burst's record, or every member takes it
      if (pane.sig[sig.index]!.cur!.shared) return;
      const members = sig.memberSteps;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        if (m.op === this) this.memberRecord(pane, m.step, x, id);
        else {
          const op = m.op as TrendAggregateOperator;
          op.inStream(() => op.memberRecord(pane, m.step, x, id));
        }
      }
      return;
    }
    const sub = this.subOf(pane);
    sub.lastSeq = id;
    sub.last = x;
    if (this.simpleSteps.length > 0) this.resolve(sub, Number.POSITIVE_INFINITY);
    for (let i = 0; i < ks.length; i++) this.general(sub, ks[i]!, x, id);
  }

  /** The index of `type` in `typeNames`, or −1. */
  private typeIndex(type: string): number {
    const names = this.typeNames;
    for (let i = 0; i < names.length; i++) if (names[i] === type) return i;
    return -1;
  }

  /** A record of an unshared burst of the simple step k (from this query's own subscription or its leader). */
  memberRecord(pane: HubPane, k: number, x: EventRecord, id: number): void {
    this.burstRecord(this.subOf(pane), k, this.steps[k]!, x, id);
  }

  /** The query's state for a pane, created on its first own record there. */
  private subOf(pane: HubPane): Sub {
    const sub = pane.subs[this.qi] as Sub | undefined;
    if (sub !== undefined) return sub;
    const key = pane.part.key;
    if (!this.first.has(key)) this.first.set(key, this.hub.routing);
    return this.newSub(pane);
  }

  /** Order of first appearance of a partition in this stream: its own records and the absorbed ones. */
  private rankOf(key: Key): number {
    let r = this.first.get(key) ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.simpleSteps.length; i++) {
      const k = this.simpleSteps[i]!;
      const f = this.hub.sigFirst(key, this.steps[k]!.sig!.index);
      if (f >= 0 && f < r) r = f;
    }
    return r;
  }

  private newSub(pane: HubPane): Sub {
    const free = this.freeSubs.pop();
    if (free !== undefined) {
      // a fired pane's state (its groups went back to the pools)
      free.pane = pane;
      const G = free.G;
      for (let k = 0; k < G.length; k++) {
        const store = G[k]!;
        if (this.steps[k]!.live.length === 0) (store as Agg).clear();
      }
      free.R.clear();
      for (let k = 0; k < free.own.length; k++) free.own[k] = null;
      for (let k = 0; k < free.cursor.length; k++) free.cursor[k] = 0;
      free.lastSeq = 0;
      free.last = null;
      pane.subs[this.qi] = free;
      return free;
    }
    const steps = this.steps;
    const sub: Sub = {
      pane,
      G: steps.map((s) => (s.live.length === 0 ? new Agg(this.layout) : new Groups())),
      R: new Agg(this.layout),
      own: steps.map(() => null),
      cursor: steps.map(() => 0),
      lastSeq: 0,
      last: null,
    };
    pane.subs[this.qi] = sub;
    return sub;
  }

  /** A record of a simple Kleene step: the shared burst already has it, or this query accumulates it. */
  private burstRecord(sub: Sub, k: number, st: Step, x: EventRecord, id: number): void {
    const sp = sub.pane.sig[st.sig!.index]!;
    const cur = sp.cur!;
    if (cur.shared) return;
    sub.lastSeq = id;
    sub.last = x;
    let own: Burst | null = sub.own[k]!;
    if (own !== null && own.id !== cur.id) {
      this.resolve(sub, cur.id);
      own = null;
    }
    if (own === null) {
      own = new Burst(cur.id, false, st.sig!.fields.length);
      sub.own[k] = own;
    }
    if (st.filter !== null && !st.filter(x, this.caps)) return;
    own.accept(x, st.sig!.fields);
  }

  /**
   * Applies the pending bursts (own and shared) of the simple steps with id < `upTo`, in id order.
   * Consecutive bursts of one step with no other pending burst between them are composed first (their
   * predecessor aggregate is the same): one closed form per run of bursts.
   */
  private resolve(sub: Sub, upTo: number): void {
    const simple = this.simpleSteps;
    let acc: Burst | null = null;
    let accStep = -1;
    for (;;) {
      let best: Burst | null = null;
      let bestStep = -1;
      let fromShared = false;
      for (let i = 0; i < simple.length; i++) {
        const k = simple[i]!;
        const own = sub.own[k]!;
        if (own !== null && own.id < upTo && (best === null || own.id < best.id)) {
          best = own;
          bestStep = k;
          fromShared = false;
        }
        const closed = sub.pane.sig[this.steps[k]!.sig!.index]!.closed;
        const c = sub.cursor[k]!;
        if (c < closed.length) {
          const b = closed[c]!;
          if (b.id < upTo && (best === null || b.id < best.id)) {
            best = b;
            bestStep = k;
            fromShared = true;
          }
        }
      }
      if (acc !== null && bestStep !== accStep) {
        this.applyBurst(sub, accStep, acc);
        acc = null;
      }
      if (best === null) return;
      if (fromShared) sub.cursor[bestStep] = sub.cursor[bestStep]! + 1;
      else sub.own[bestStep] = null;
      if (acc === null) {
        acc = this.scratchBursts[bestStep]!;
        acc.reset();
        accStep = bestStep;
      }
      acc.merge(best);
    }
  }

  /** The closed form of a burst on step k's aggregate (see the file comment). */
  private applyBurst(sub: Sub, k: number, b: Burst): void {
    const m = b.m;
    if (m === 0) return;
    const st = this.steps[k]!;
    const S = sub.G[k] as Agg;
    const P = this.P;
    P.clear();
    if (st.startable) P.addUnit();
    for (let q = 0; q < st.sources.length; q++) addStore(P, sub.G[st.sources[q]!]!);
    const u = addI(S.n, P.n);
    if (isZero(u)) return;
    const A = addI(pow2(m), -1);
    const B = pow2(m - 1);
    const D = this.D;
    D.clear();
    D.n = mulI(A, u);
    const sums = this.sums;
    const fieldOf = st.sigField;
    for (let t = 0; t < sums.length; t++) {
      const sl = sums[t]!;
      let O: Num = 0;
      let oFloat = false;
      if (sl.step === k) {
        if (sl.kind === 'events') O = m;
        else {
          const f = fieldOf[t]!;
          if (f >= 0) {
            O = b.fsum[f]!;
            oFloat = b.ffl[f]!;
          }
        }
      }
      if (oFloat || S.fl[t] || P.fl[t]) {
        D.s[t] = Number(A) * (Number(S.s[t]!) + Number(P.s[t]!)) + Number(B) * Number(u) * Number(O);
        D.fl[t] = true;
      } else {
        D.s[t] = addI(mulI(A, addI(S.s[t]!, P.s[t]!)), isZero(O) ? 0 : mulI(mulI(B, u), O));
      }
    }
    const exts = this.exts;
    for (let t = 0; t < exts.length; t++) {
      if (S.ex[t] !== null) D.extreme(t, S.ex[t]!, S.ev[t]!);
      if (P.ex[t] !== null) D.extreme(t, P.ex[t]!, P.ev[t]!);
      const e = exts[t]!;
      if (e.step === k) {
        const f = fieldOf[sums.length + t]!;
        if (f >= 0) {
          if (e.min && b.fmin[f] !== null) D.extreme(t, b.fmin[f]!, b.fminV[f]!);
          if (!e.min && b.fmax[f] !== null) D.extreme(t, b.fmax[f]!, b.fmaxV[f]!);
        }
      }
    }
    S.add(D);
    if (st.completes) sub.R.add(D);
  }

  /** GRETA propagation of record x into step k (see the file comment). */
  private general(sub: Sub, k: number, x: EventRecord, id: number): void {
    const st = this.steps[k]!;
    const ctx = this.ctx;
    ctx.record = x;
    ctx.aliases = this.caps;
    if (st.live.length === 0) {
      this.generalSingle(sub, k, st, x);
      return;
    }
    if (st.aligned && this.aligned(sub, k, st, x)) return;
    const targets = this.targets;
    targets.clear();
    this.pool = this.pools[k]!;
    // a trend starting here
    if (st.startable && this.accepts(st, x, null, true)) this.contribute(null, st.startProj, null, null, x, id);
    // entering from the source steps
    for (let q = 0; q < st.sources.length; q++) {
      const i = st.sources[q]!;
      const src = this.steps[i]!;
      const proj = st.proj.get(i)!;
      // (the step's kind of store, rather than `instanceof`, which walks the prototype chain)
      if (src.live.length === 0) {
        const store = sub.G[i] as Agg;
        if (!store.empty && this.accepts(st, x, null, true)) this.contribute(store, proj, null, null, x, id);
      } else {
        const store = sub.G[i] as Groups;
        for (let j = 0; j < store.size; j++) {
          const g = store.at(j);
          this.bind(src.live, g.binds);
          const ok = this.accepts(st, x, null, true);
          this.unbind(src.live);
          if (ok) this.contribute(g.agg, proj, g.binds, g.ids, x, id);
        }
      }
    }
    // continuing the Kleene step
    if (st.kleene) {
      const store = sub.G[k] as Groups;
      const proj = st.proj.get(k)!;
      const ownAt = st.live.indexOf(st.slot);
      const n = store.size;
      for (let j = 0; j < n; j++) {
        const g = store.at(j);
        this.bind(st.live, g.binds);
        const ok = this.accepts(st, x, ownAt >= 0 ? g.binds[ownAt]! : null, false);
        this.unbind(st.live);
        if (ok) this.contribute(g.agg, proj, g.binds, g.ids, x, id);
      }
    }
    const n = targets.size;
    if (n === 0) return;
    const store = sub.G[k] as Groups;
    for (let j = 0; j < n; j++) {
      const t = targets.at(j);
      const key = targets.keyAt(j);
      this.own(t.agg, k, x);
      const g = store.get(key);
      if (st.completes) sub.R.add(t.agg);
      if (g === undefined) store.add(key, t);
      else {
        g.agg.add(t.agg);
        this.pool.push(t);
      }
    }
    targets.clear();
  }

  /**
   * An aligned Kleene step (see Step.aligned): the bindings of step k are those of step k−1, so the new vertex
   * of binding b is G[k−1][b] + G[k][b] when the filter holds for b: one decision per binding, no vertex
   * table. The additions, their order and the groups created are those of {@link general}. A decision the fast
   * filter cannot make (a value only the generic evaluator handles) sends the record to {@link general}
   * instead, before anything changed, so that evaluations and diagnostics stay those of the general path.
   */
  private aligned(sub: Sub, k: number, st: Step, x: EventRecord): boolean {
    const from = sub.G[k - 1] as Groups;
    const n = from.size;
    if (n === 0) return true;
    if (this.decisions.length < n) this.decisions = new Uint8Array(2 * n);
    const ok = this.decisions;
    const decide = st.decide!;
    const live = st.live;
    const caps = this.caps;
    const single = live.length === 1 ? live[0]! : -1;
    for (let j = 0; j < n; j++) {
      const binds = from.at(j).binds;
      let d: number;
      if (single >= 0) {
        caps[single] = binds[0]!;
        d = decide(x, caps);
        caps[single] = null;
      } else {
        this.bind(live, binds);
        d = decide(x, caps);
        this.unbind(live);
      }
      if (d === UNDECIDED) return false;
      ok[j] = d;
    }
    const store = sub.G[k] as Groups;
    const R = sub.R;
    const pool = this.pools[k]!;
    for (let j = 0; j < n; j++) {
      if (ok[j] === 0) continue;
      const g0 = from.at(j);
      const key = from.keyAt(j);
      const g1 = store.get(key);
      let created: Group | null = null;
      let v: Agg;
      if (g1 === undefined) {
        // a new group with the binding of g0 (identity projection)
        created = pool.pop() ?? {
          binds: new Array(live.length),
          ids: new Array(live.length),
          agg: new Agg(this.layout),
        };
        for (let t = 0; t < live.length; t++) {
          created.binds[t] = g0.binds[t]!;
          created.ids[t] = g0.ids[t]!;
        }
        v = created.agg;
      } else {
        v = this.acc;
      }
      v.clear();
      v.add(g0.agg);
      if (g1 !== undefined) v.add(g1.agg);
      this.own(v, k, x);
      if (st.completes) R.add(v);
      if (created !== null) store.add(key, created);
      else g1!.agg.add(v);
    }
    return true;
  }

  /** A step without live slots: one aggregate, the sources' aggregates are summed. */
  private generalSingle(sub: Sub, k: number, st: Step, x: EventRecord): void {
    const acc = this.acc;
    acc.clear();
    let hit = false;
    if (st.startable && this.accepts(st, x, null, true)) {
      acc.addUnit();
      hit = true;
    }
    for (let q = 0; q < st.sources.length; q++) {
      const i = st.sources[q]!;
      const src = this.steps[i]!;
      if (src.live.length === 0) {
        const store = sub.G[i] as Agg;
        if (!store.empty && this.accepts(st, x, null, true)) {
          acc.add(store);
          hit = true;
        }
      } else {
        const store = sub.G[i] as Groups;
        for (let j = 0; j < store.size; j++) {
          const g = store.at(j);
          this.bind(src.live, g.binds);
          const ok = this.accepts(st, x, null, true);
          this.unbind(src.live);
          if (ok) {
            acc.add(g.agg);
            hit = true;
          }
        }
      }
    }
    if (st.kleene) {
      const store = sub.G[k] as Agg;
      if (!store.empty && this.accepts(st, x, null, false)) {
        acc.add(store);
        hit = true;
      }
    }
    if (!hit) return;
    this.own(acc, k, x);
    (sub.G[k] as Agg).add(acc);
    if (st.completes) sub.R.add(acc);
  }

  /** Adds a source group (or the start unit, `agg` null) to the new vertex of its projected binding. */
  private contribute(
    agg: Agg | null,
    proj: Int32Array,
    binds: readonly (EventRecord | null)[] | null,
    ids: readonly number[] | null,
    x: EventRecord,
    id: number,
  ): void {
    const np = proj.length;
    let key: GroupKey;
    if (np === 1) {
      const p = proj[0]!;
      key = p === -1 ? id : p === -2 || ids === null ? -1 : ids[p]!;
    } else {
      let s = '';
      for (let t = 0; t < np; t++) {
        const p = proj[t]!;
        s += `${p === -1 ? id : p === -2 || ids === null ? -1 : ids[p]!},`;
      }
      key = s;
    }
    let g = this.targets.get(key);
    if (g === undefined) {
      g = this.pool.pop() ?? { binds: new Array(np), ids: new Array(np), agg: new Agg(this.layout) };
      const nb = g.binds;
      const ni = g.ids;
      for (let t = 0; t < np; t++) {
        const p = proj[t]!;
        if (p === -1) {
          nb[t] = x;
          ni[t] = id;
        } else if (p === -2 || binds === null) {
          nb[t] = null;
          ni[t] = -1;
        } else {
          nb[t] = binds[p]!;
          ni[t] = ids![p]!;
        }
      }
      g.agg.clear();
      this.targets.add(key, g);
    }
    if (agg === null) g.agg.addUnit();
    else g.agg.add(agg);
  }

  private bind(live: readonly number[], binds: readonly (EventRecord | null)[]): void {
    const caps = this.caps;
    for (let t = 0; t < live.length; t++) caps[live[t]!] = binds[t]!;
  }

  private unbind(live: readonly number[]): void {
    const caps = this.caps;
    for (let t = 0; t < live.length; t++) caps[live[t]!] = null;
  }

  /** Whether x may play step st (entering it, or continuing a Kleene step whose previous record is `previous`). */
  private accepts(st: Step, x: EventRecord, previous: EventRecord | null, entering: boolean): boolean {
    const filter = st.kleene && entering ? st.firstFilter : st.filter;
    if (filter === null) return true;
    const caps = this.caps;
    // an ordinary step's own alias is the candidate (the compiled filter reads it so); a Kleene step's own
    // alias is its previous record, bound only when the filter reads it
    if (!st.kleene || !st.readsOwn) return filter(x, caps);
    const slot = st.slot;
    const saved = caps[slot]!;
    caps[slot] = entering ? null : previous;
    const ok = filter(x, caps);
    caps[slot] = saved;
    return ok;
  }

  /** x's own contribution to the vertex aggregate `v` of step k. */
  private own(v: Agg, k: number, x: EventRecord): void {
    const sums = this.sums;
    for (let t = 0; t < sums.length; t++) {
      const sl = sums[t]!;
      if (sl.step !== k) continue;
      if (sl.kind === 'events') v.addSum(t, v.n, false);
      else if (sl.field !== null) {
        const f = x.get(sl.field);
        const key = numKey(f);
        if (key !== null) {
          const float = isFloatNum(f);
          v.addSum(t, float ? Number(key) * Number(v.n) : mulI(key, v.n), float);
        }
      }
    }
    const exts = this.exts;
    for (let t = 0; t < exts.length; t++) {
      const e = exts[t]!;
      if (e.step !== k) continue;
      const f = x.get(e.field);
      const key = numKey(f);
      if (key !== null) v.extreme(t, key, f);
    }
  }

  // ---- Watermark ----

  onWatermark(w: number): void {
    const fired = this.hub.fire(w);
    if (fired.length === 0) return;
    // this query's states of the fired panes, ordered by window end, then first appearance of the partition
    const subs = this.firedSubs;
    const ranks = this.firedRanks;
    let n = 0;
    for (let i = 0; i < fired.length; i++) {
      const p = fired[i]!;
      let s = p.subs[this.qi] as Sub | undefined;
      if (s === undefined) {
        // only absorbed records of shared bursts reached this query in the pane
        let seen = false;
        for (let q = 0; q < this.simpleSteps.length; q++) {
          if (p.sig[this.steps[this.simpleSteps[q]!]!.sig!.index]!.lastSeq > 0) seen = true;
        }
        if (!seen) continue;
        s = this.newSub(p);
      }
      const rank = this.rankOf(p.part.key);
      // insertion sort (stable, as the sort it replaces): few panes fire at once
      let j = n++;
      for (; j > 0; j--) {
        const q = subs[j - 1]!;
        const d = q.pane.end - s.pane.end || ranks[j - 1]! - rank;
        if (!(d > 0)) break;
        subs[j] = q;
        ranks[j] = ranks[j - 1]!;
      }
      subs[j] = s;
      ranks[j] = rank;
    }
    for (let i = 0; i < n; i++) {
      const s = subs[i]!;
      const r = this.result(s);
      if (r !== null) {
        this.outBatch.setSingle(r, null);
        this.next(this.outBatch);
      }
      this.recycle(s);
    }
  }

  /** Keeps the state of a fired pane (never referenced again) for a new pane: its groups and aggregates. */
  private recycle(sub: Sub): void {
    const G = sub.G;
    for (let k = 0; k < G.length; k++) {
      if (this.steps[k]!.live.length === 0) continue;
      const store = G[k] as Groups;
      const pool = this.pools[k]!;
      for (let j = 0; j < store.size && pool.length < MAX_POOLED_GROUPS; j++) pool.push(store.at(j));
      store.clear();
    }
    for (let k = 0; k < sub.own.length; k++) sub.own[k] = null;
    if (this.freeSubs.length < MAX_FREE_SUBS) this.freeSubs.push(sub);
  }

  /** The trend result of a fired pane, or `null` when it has no trend (§12.4). */
  private result(sub: Sub): EventRecord | null {
    this.resolve(sub, Number.POSITIVE_INFINITY);
    const R = sub.R;
    if (R.empty) return null;
    let last = sub.last;
    let lastSeq = sub.lastSeq;
    for (let i = 0; i < this.simpleSteps.length; i++) {
      const k = this.simpleSteps[i]!;
      const sp = sub.pane.sig[this.steps[k]!.sig!.index]!;
      if (sp.lastSeq > lastSeq) {
        lastSeq = sp.lastSeq;
        last = sp.last;
      }
    }
    const values: Value[] = new Array(this.shape.size).fill(null);
    const kv = sub.pane.keyValues;
    for (let i = 0; i < this.keyCount; i++) values[i] = kv[i] ?? null;
    const pos = this.itemPos;
    for (let i = 0; i < pos.length; i++) values[pos[i]!] = this.itemValue(i, R);
    return new EventRecord(this.host.streamName, last!.timeMs, this.shape, values);
  }

  private itemValue(i: number, R: Agg): Value {
    const { fn, sum, ext } = this.itemSlots[i]!;
    switch (fn) {
      case 'count_trends':
        return this.intResult(R.n);
      case 'count_events':
        return sum < 0 ? 0 : this.intResult(R.s[sum]!);
      case 'sum_trends':
        if (sum < 0) return 0;
        return R.fl[sum] ? makeFloat(Number(R.s[sum]!)) : this.intResult(R.s[sum]!);
      case 'avg_trends':
        return makeFloat(sum < 0 ? 0 : ratio(R.s[sum]!, R.n, R.fl[sum]!));
      case 'min_trends':
      case 'max_trends':
        return ext < 0 ? null : R.ev[ext]!;
    }
  }

  /** An exact count as an int, or the nearest float with one VPL-R004 notice per stream when it overflows. */
  private intResult(v: Num): Value {
    if (typeof v === 'number') return v;
    if (v <= INT64_MAX && v >= INT64_MIN) return v;
    if (!this.overflowReported) {
      this.overflowReported = true;
      this.host.diagnostic(
        RuntimeCodes.overflow,
        'A trend count exceeds the int range; it is reported as a float.',
        this.span,
      );
    }
    return makeFloat(Number(v));
  }

  discard(): void {
    this.hub.discard();
  }

  // ---- Checkpoint ----

  checkpoint(): Json {
    const subs: Json[] = [];
    for (const pane of this.hub.panesInOrder()) {
      const s = pane.subs[this.qi] as Sub | undefined;
      if (s !== undefined) subs.push(this.subCheckpoint(s));
    }
    return {
      hub: this.qi === 0 ? this.hub.checkpoint() : null,
      first: [...this.first.entries()].map(([k, g]) => [encodeKey(k), g]),
      overflow: this.overflowReported,
      subs,
    };
  }

  private subCheckpoint(s: Sub): Json {
    const records = new Map<number, EventRecord>();
    const G = s.G.map((store): Json => {
      if (store instanceof Agg) return store.checkpoint();
      const groups: Group[] = [];
      for (let j = 0; j < store.size; j++) groups.push(store.at(j));
      return groups.map((g) => {
        g.ids.forEach((id, t) => {
          if (id >= 0) records.set(id, g.binds[t]!);
        });
        return [g.ids, g.agg.checkpoint()];
      });
    });
    return {
      key: encodeKey(s.pane.part.key),
      start: s.pane.start,
      G,
      R: s.R.checkpoint(),
      own: s.own.map((b) => (b === null ? null : b.checkpoint())),
      cursor: s.cursor,
      lastSeq: s.lastSeq,
      last: s.last === null ? null : encodeRecord(s.last),
      records: [...records.entries()].map(([id, r]) => [id, encodeRecord(r)]),
    };
  }

  restore(state: Json): void {
    type SubJson = {
      key: Json;
      start: number;
      G: Json[];
      R: Json;
      own: Json[];
      cursor: number[];
      lastSeq: number;
      last: Json;
      records: [number, Json][];
    };
    const s = state as { hub: Json; first: [Json, number][]; overflow: boolean; subs: SubJson[] };
    if (s.hub !== null) this.hub.restore(s.hub);
    this.first.clear();
    for (const [k, g] of s.first) this.first.set(decodeKey(k), g);
    this.overflowReported = s.overflow;
    for (const j of s.subs) {
      const pane = this.hub.paneFor(decodeKey(j.key), j.start);
      if (pane === undefined) throw new Error('trend checkpoint: unknown window');
      const sub = this.newSub(pane);
      const records = new Map(j.records.map(([id, r]) => [id, decodeRecord(r)]));
      j.G.forEach((g, k) => {
        const store = sub.G[k]!;
        if (store instanceof Agg) store.restore(g);
        else {
          for (const [ids, agg] of g as [number[], Json][]) {
            const a = new Agg(this.layout);
            a.restore(agg);
            store.add(groupKey(ids), {
              ids,
              binds: ids.map((id) => (id < 0 ? null : records.get(id)!)),
              agg: a,
            });
          }
        }
      });
      sub.R.restore(j.R);
      j.own.forEach((b, k) => {
        sub.own[k] = b === null ? null : Burst.restore(b);
      });
      j.cursor.forEach((c, k) => {
        sub.cursor[k] = c;
      });
      sub.lastSeq = j.lastSeq;
      sub.last = j.last === null ? null : decodeRecord(j.last);
    }
  }
}

function addStore(into: Agg, store: GroupStore): void {
  if (store instanceof Agg) {
    if (!store.empty) into.add(store);
    return;
  }
  for (let j = 0; j < store.size; j++) into.add(store.at(j).agg);
}

/** s / n as a float, exact enough for huge bigints. */
function ratio(s: Num, n: Num, float: boolean): number {
  if (float || (typeof n === 'number' && typeof s === 'number')) return Number(s) / Number(n);
  const scaled = (BigInt(s) << 64n) / BigInt(n);
  return Number(scaled) / 2 ** 64;
}
