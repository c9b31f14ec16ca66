/**
 * The trend hub: the work that concurrent trend-aggregation queries of one engine share (Hamlet, Poppe et al.,
 * SIGMOD 2021). Queries with the same partition fields and the same `within` join one hub, which
 *
 * - routes each record once: partition key, tumbling window ("pane" = window × partition, semantics §12.2),
 *   the record's sequence number in its pane, the R011 check for derived records whose window has fired;
 * - keeps the panes' due order and pops the panes a watermark step fires, once for all its queries;
 * - computes the **shared Kleene sub-patterns** once: a *simple* Kleene step (see `trend-aggregate.ts`) is
 *   identified by its signature σ = (event type, step filter); per pane and σ, a maximal run of σ-typed
 *   records with no other record of the hub in between is a **burst**. A burst's effect on every query that
 *   has σ is a closed form of its length m and of per-field Σ/min/max over its accepted records
 *   ({@link Burst}); with sharing, the hub evaluates the filter and accumulates the burst once and each query
 *   applies it lazily (Hamlet's graphlet with per-query snapshots); without sharing, each query accumulates
 *   the same summary itself. The **per-burst decision** (made when a burst starts) follows Hamlet's
 *   cost model: share when (K − 1)·m̂ ≥ 2·K, K the queries with σ, m̂ an exponential average of σ's past
 *   burst lengths. Both ways give the same summaries, so the decision never changes a result.
 *
 * See docs/architecture/trend-aggregation.md.
 */

import type { ExprPlan } from '../../plan/expression.js';
import type { CompiledCondition } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { MinHeap } from '../min-heap.js';
import { decodeKey, encodeKey, KeyExtractor } from '../partitions.js';
import {
  decodeRecord,
  decodeTime,
  decodeValue,
  encodeRecord,
  encodeTime,
  encodeValue,
  type Json,
} from '../state-codec.js';
import type { Key } from '../values/keys.js';
import type { EventRecord } from '../values/record.js';
import type { Value } from '../values/value.js';
import { addI, decodeNum, encodeNum, isFloatNum, type Num, numKey } from './trend-num.js';

/** The summary of one burst of a signature in a pane: what a query needs to apply it (closed form). */
export class Burst {
  /** records of σ's type routed during the burst (burst length for the cost model) */
  routed = 0;
  /** records accepted by σ's filter */
  m = 0;
  readonly fsum: Num[];
  readonly ffl: boolean[];
  readonly fmin: (Num | null)[];
  readonly fminV: Value[];
  readonly fmax: (Num | null)[];
  readonly fmaxV: Value[];

  constructor(
    /** hub-wide burst number: pending bursts of a query are applied in this order */
    readonly id: number,
    readonly shared: boolean,
    fields: number,
  ) {
    this.fsum = new Array(fields).fill(0);
    this.ffl = new Array(fields).fill(false);
    this.fmin = new Array(fields).fill(null);
    this.fminV = new Array(fields).fill(null);
    this.fmax = new Array(fields).fill(null);
    this.fmaxV = new Array(fields).fill(null);
  }

  /** Adds an accepted record. */
  accept(x: EventRecord, fields: readonly string[]): void {
    this.m++;
    for (let f = 0; f < fields.length; f++) {
      const v = x.get(fields[f]!);
      const key = numKey(v);
      if (key === null) continue;
      if (this.ffl[f] || isFloatNum(v)) {
        this.fsum[f] = Number(this.fsum[f]!) + Number(key);
        this.ffl[f] = true;
      } else {
        this.fsum[f] = addI(this.fsum[f]!, key);
      }
      const lo = this.fmin[f]!;
      if (lo === null || key < lo) {
        this.fmin[f] = key;
        this.fminV[f] = v;
      }
      const hi = this.fmax[f]!;
      if (hi === null || key > hi) {
        this.fmax[f] = key;
        this.fmaxV[f] = v;
      }
    }
  }

  /** Appends burst `b` (same signature, applied right after this one with nothing in between): m and Σ add up. */
  merge(b: Burst): void {
    this.m += b.m;
    for (let f = 0; f < this.fsum.length; f++) {
      if (this.ffl[f] || b.ffl[f]) {
        this.fsum[f] = Number(this.fsum[f]!) + Number(b.fsum[f]!);
        this.ffl[f] = true;
      } else {
        this.fsum[f] = addI(this.fsum[f]!, b.fsum[f]!);
      }
      const lo = b.fmin[f]!;
      if (lo !== null && (this.fmin[f] === null || lo < this.fmin[f]!)) {
        this.fmin[f] = lo;
        this.fminV[f] = b.fminV[f]!;
      }
      const hi = b.fmax[f]!;
      if (hi !== null && (this.fmax[f] === null || hi > this.fmax[f]!)) {
        this.fmax[f] = hi;
        this.fmaxV[f] = b.fmaxV[f]!;
      }
    }
  }

  /** Resets to an empty burst (a reusable scratch summary). */
  reset(): void {
    this.m = 0;
    this.routed = 0;
    this.fsum.fill(0);
    this.ffl.fill(false);
    this.fmin.fill(null);
    this.fminV.fill(null);
    this.fmax.fill(null);
    this.fmaxV.fill(null);
  }

  checkpoint(): Json {
    return [
      this.id,
      this.shared,
      this.routed,
      this.m,
      this.fsum.map(encodeNum),
      this.ffl,
      this.fminV.map(encodeValue),
      this.fmaxV.map(encodeValue),
    ];
  }

  static restore(j: Json): Burst {
    const [id, shared, routed, m, fsum, ffl, fminV, fmaxV] = j as [
      number,
      boolean,
      number,
      number,
      Json[],
      boolean[],
      Json[],
      Json[],
    ];
    const b = new Burst(id, shared, fsum.length);
    b.routed = routed;
    b.m = m;
    fsum.forEach((x, f) => {
      b.fsum[f] = decodeNum(x) as Num;
      b.ffl[f] = ffl[f]!;
      const lo = decodeValue(fminV[f]!);
      const hi = decodeValue(fmaxV[f]!);
      b.fminV[f] = lo;
      b.fmaxV[f] = hi;
      b.fmin[f] = numKey(lo);
      b.fmax[f] = numKey(hi);
    });
    return b;
  }
}

/** A query's simple Kleene step of a signature (the leader hands it the records of unshared bursts). */
export interface SigMember {
  readonly op: HubMember;
  readonly step: number;
}

/** A shared Kleene signature: event type and step filter (identical plans), with the fields queries read. */
export class Signature {
  readonly fields: string[] = [];
  /** queries of the hub with this signature; the first one (the leader) alone subscribes to the type */
  readonly memberSteps: SigMember[] = [];
  get members(): number {
    return this.memberSteps.length;
  }
  /** exponential average of the burst lengths (records routed), Hamlet's burst statistics */
  ewma = 0;

  constructor(
    readonly index: number,
    readonly type: string,
    readonly key: string,
    /** the filter, compiled once (the hub evaluates it for shared bursts) */
    readonly filter: CompiledCondition | null,
  ) {}

  field(name: string): number {
    let i = this.fields.indexOf(name);
    if (i < 0) {
      i = this.fields.length;
      this.fields.push(name);
    }
    return i;
  }
}

/** Per pane and signature: the open burst, the closed shared bursts, the last σ-typed record. */
export interface SigPane {
  cur: Burst | null;
  /** closed shared bursts, in id order (queries keep a cursor into it) */
  readonly closed: Burst[];
  /** the current burst must end before the next record (a shared evaluation reported a diagnostic) */
  closeAfter: boolean;
  lastSeq: number;
  last: EventRecord | null;
}

export interface HubPartition {
  readonly key: Key;
  readonly panes: Map<number, HubPane>;
  /** the pane used last (records of a partition mostly go to its newest window) */
  cur: HubPane | null;
}

/** One window of one partition, shared by the hub's queries. */
export interface HubPane {
  readonly start: number;
  readonly end: number;
  readonly part: HubPartition;
  /** creation number (heap tie-break) */
  readonly serial: number;
  /** the partition field values of the pane's first record */
  readonly keyValues: Value[];
  /** sequence number of the last record routed to the pane (record ids within the pane) */
  seq: number;
  /** per query (by its index in the hub): its state for this pane */
  readonly subs: unknown[];
  readonly sig: SigPane[];
}

/** A query as the hub sees it. */
export interface HubMember {
  /** the routing generation of the last record this query received */
  gen: number;
  /** a record of an unshared burst of a signature this query has at `step`, handed over by the leader */
  memberRecord(pane: HubPane, step: number, x: EventRecord, id: number): void;
}

/** The result of a watermark step that fires no pane (shared, never modified). */
const NONE_FIRED: readonly HubPane[] = [];

const before = (a: HubPane, b: HubPane): boolean => a.end < b.end || (a.end === b.end && a.serial < b.serial);

/** Strips source spans, so that equal filters written in different places compare equal. */
export function planSignature(e: ExprPlan | null): string {
  return JSON.stringify(e, (k, v) => (k === 'span' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}

export class TrendHub {
  readonly members: HubMember[] = [];
  readonly sigs: Signature[] = [];
  private readonly keys: KeyExtractor | null;
  private readonly partitions = new Map<Key, HubPartition>();
  /** per partition key, per signature: routing number of its first record (kept, like first-seen orders) */
  private readonly firstSig = new Map<Key, number[]>();
  private readonly due = new MinHeap<HubPane>(before);
  private serial = 0;
  private burstSeq = 0;
  /** the watermark last processed (windows ending at or before it have fired) */
  private processed = Number.NEGATIVE_INFINITY;
  private firedAt = Number.NaN;
  private fired: readonly HubPane[] = NONE_FIRED;
  // routing cache: the record routed last, its pane and its id
  private gen = 0;
  private lastRecord: EventRecord | null = null;
  private lastPane: HubPane | null = null;
  lastId = 0;
  /** bursts opened shared / not shared (statistics for benchmarks and tests) */
  readonly stats = { shared: 0, unshared: 0 };

  constructor(
    readonly partitionBy: readonly string[],
    readonly withinMs: number,
    private readonly ctx: EvalContext,
  ) {
    this.keys = partitionBy.length === 0 ? null : new KeyExtractor(partitionBy);
  }

  join(member: HubMember): number {
    this.members.push(member);
    return this.members.length - 1;
  }

  /** The signature for a simple Kleene step (created on first use). */
  signature(type: string, filter: ExprPlan | null, compiled: CompiledCondition | null, member: SigMember): Signature {
    const key = `${type}\u0000${planSignature(filter)}`;
    let s = this.sigs.find((x) => x.key === key);
    if (s === undefined) {
      s = new Signature(this.sigs.length, type, key, compiled);
      this.sigs.push(s);
    }
    s.memberSteps.push(member);
    return s;
  }

  /**
   * Routing number of the first record of signature σ in partition `key` (−1: none yet): with the queries'
   * own first records, it orders partitions by first appearance in each stream (§12.4).
   */
  sigFirst(key: Key, sig: number): number {
    return this.firstSig.get(key)?.[sig] ?? -1;
  }

  /** the routing number of the record routed last */
  get routing(): number {
    return this.gen;
  }

  /**
   * The pane of record `x` for `member` (routing it when `member` is the first query to see it), or `null`
   * when every window that would contain it has fired (VPL-R011 for derived records).
   */
  route(x: EventRecord, member: HubMember): HubPane | null {
    if (x === this.lastRecord && member.gen !== this.gen) {
      member.gen = this.gen;
      return this.lastPane;
    }
    const gen = ++this.gen;
    member.gen = gen;
    this.lastRecord = x;
    const pane = this.paneOf(x);
    this.lastPane = pane;
    if (pane === null) return null;
    const id = ++pane.seq;
    this.lastId = id;
    const sigs = this.sigs;
    for (let i = 0; i < sigs.length; i++) {
      const sg = sigs[i]!;
      const sp = pane.sig[i]!;
      if (sg.type !== x.type) {
        if (sp.cur !== null) this.close(sg, sp);
        continue;
      }
      sp.lastSeq = id;
      sp.last = x;
      if (sp.closed.length === 0 && sp.cur === null) this.noteFirst(pane.part.key, i, gen);
      let b = sp.cur;
      if (b === null || sp.closeAfter) {
        if (b !== null) this.close(sg, sp);
        b = this.open(sg, sp);
      }
      b.routed++;
      if (b.shared) this.absorb(sg, sp, b, x);
    }
    return pane;
  }

  private noteFirst(key: Key, sig: number, gen: number): void {
    let f = this.firstSig.get(key);
    if (f === undefined) {
      f = this.sigs.map(() => -1);
      this.firstSig.set(key, f);
    }
    if (f[sig] === -1) f[sig] = gen;
  }

  private paneOf(x: EventRecord): HubPane | null {
    const t = x.timeMs;
    const D = this.withinMs;
    const start = Math.floor(t / D) * D;
    const end = start + D;
    if (end <= this.processed) return null;
    const key = this.keys === null ? null : this.keys.key(x);
    let part = this.partitions.get(key);
    if (part === undefined) {
      part = { key, panes: new Map(), cur: null };
      this.partitions.set(key, part);
    }
    const cur = part.cur;
    if (cur !== null && cur.start === start) return cur;
    let pane = part.panes.get(start);
    if (pane === undefined) {
      pane = this.newPane(part, start, this.keys === null ? [] : this.keys.values(x));
      this.due.push(pane);
    }
    part.cur = pane;
    return pane;
  }

  private newPane(part: HubPartition, start: number, keyValues: Value[]): HubPane {
    const pane: HubPane = {
      start,
      end: start + this.withinMs,
      part,
      serial: this.serial++,
      keyValues,
      seq: 0,
      // one slot per query, sized up front (queries fill theirs on their first record in the pane)
      subs: new Array(this.members.length).fill(undefined),
      sig: this.sigs.map(() => ({ cur: null, closed: [], closeAfter: false, lastSeq: 0, last: null })),
    };
    part.panes.set(start, pane);
    return pane;
  }

  /** Starts a burst of σ: Hamlet's per-burst decision to share it or not. */
  private open(sg: Signature, sp: SigPane): Burst {
    const k = sg.members;
    const shared = k >= 2 && (k - 1) * sg.ewma >= 2 * k;
    const b = new Burst(++this.burstSeq, shared, sg.fields.length);
    if (shared) this.stats.shared++;
    else this.stats.unshared++;
    sp.cur = b;
    sp.closeAfter = false;
    return b;
  }

  private close(sg: Signature, sp: SigPane): void {
    const b = sp.cur!;
    sp.cur = null;
    sp.closeAfter = false;
    sg.ewma += (b.routed - sg.ewma) / 8;
    if (b.shared) sp.closed.push(b);
  }

  /** The hub evaluates the shared filter once; a record whose evaluation reports a diagnostic is left to each query. */
  private absorb(sg: Signature, sp: SigPane, b: Burst, x: EventRecord): void {
    let ok = true;
    if (sg.filter !== null) {
      const ctx = this.ctx;
      let failed = false;
      const report = ctx.report;
      (ctx as { report: EvalContext['report'] }).report = () => {
        failed = true;
      };
      try {
        ctx.record = x;
        ctx.aliases = [];
        ok = sg.filter(ctx);
      } finally {
        (ctx as { report: EvalContext['report'] }).report = report;
      }
      if (failed) {
        // every query evaluates this record itself (and reports), in a burst of its own
        b.routed--;
        this.close(sg, sp);
        const own = new Burst(++this.burstSeq, false, sg.fields.length);
        own.routed = 1;
        sp.cur = own;
        sp.closeAfter = true;
        return;
      }
    }
    if (ok) b.accept(x, sg.fields);
  }

  /** The panes that fire at watermark `w` (popped once per watermark step for all queries), in end order. */
  fire(w: number): readonly HubPane[] {
    if (w === this.firedAt) return this.fired;
    this.firedAt = w;
    if (w > this.processed) this.processed = w;
    const due = this.due;
    const next = due.peek();
    if (next === undefined || next.end > w) {
      // nothing fires (most watermark steps)
      this.fired = NONE_FIRED;
      this.lastRecord = null;
      return NONE_FIRED;
    }
    const out: HubPane[] = [];
    for (let top = due.peek(); top !== undefined && top.end <= w; top = due.peek()) {
      due.pop();
      const part = top.part;
      part.panes.delete(top.start);
      if (part.cur === top) part.cur = null;
      if (part.panes.size === 0) this.partitions.delete(part.key);
      for (let i = 0; i < this.sigs.length; i++) {
        const sp = top.sig[i]!;
        if (sp.cur !== null) this.close(this.sigs[i]!, sp);
      }
      out.push(top);
    }
    this.fired = out;
    this.lastRecord = null;
    return out;
  }

  discard(): void {
    this.partitions.clear();
    this.due.clear();
    this.lastRecord = null;
    this.lastPane = null;
  }

  // ---- Checkpoint ----

  /** Finds or creates a pane (restore). */
  paneFor(key: Key, start: number): HubPane | undefined {
    return this.partitions.get(key)?.panes.get(start);
  }

  /** Open panes in creation order. */
  panesInOrder(): HubPane[] {
    return [...this.due.toArray()].sort((a, b) => a.serial - b.serial);
  }

  checkpoint(): Json {
    const panes = [...this.due.toArray()].sort((a, b) => a.serial - b.serial);
    return {
      processed: encodeTime(this.processed),
      gen: this.gen,
      firstSig: [...this.firstSig.entries()].map(([k, f]) => [encodeKey(k), f]),
      serial: this.serial,
      burstSeq: this.burstSeq,
      ewma: this.sigs.map((s) => s.ewma),
      panes: panes.map((p) => ({
        key: encodeKey(p.part.key),
        start: p.start,
        serial: p.serial,
        seq: p.seq,
        keyValues: p.keyValues.map(encodeValue),
        sig: p.sig.map((sp) => ({
          cur: sp.cur === null ? null : sp.cur.checkpoint(),
          closed: sp.closed.map((b) => b.checkpoint()),
          closeAfter: sp.closeAfter,
          lastSeq: sp.lastSeq,
          last: sp.last === null ? null : encodeRecord(sp.last),
        })),
      })),
    };
  }

  restore(state: Json): void {
    type SigJson = { cur: Json; closed: Json[]; closeAfter: boolean; lastSeq: number; last: Json };
    type PaneJson = { key: Json; start: number; serial: number; seq: number; keyValues: Json[]; sig: SigJson[] };
    const s = state as {
      processed: Json;
      gen: number;
      firstSig: [Json, number[]][];
      serial: number;
      burstSeq: number;
      ewma: number[];
      panes: PaneJson[];
    };
    this.discard();
    this.processed = decodeTime(s.processed);
    this.gen = s.gen;
    this.firstSig.clear();
    for (const [k, f] of s.firstSig) this.firstSig.set(decodeKey(k), f);
    this.serial = s.serial;
    this.burstSeq = s.burstSeq;
    s.ewma.forEach((e, i) => {
      this.sigs[i]!.ewma = e;
    });
    for (const p of s.panes) {
      const key = decodeKey(p.key);
      let part = this.partitions.get(key);
      if (part === undefined) {
        part = { key, panes: new Map(), cur: null };
        this.partitions.set(key, part);
      }
      const pane: HubPane = {
        start: p.start,
        end: p.start + this.withinMs,
        part,
        serial: p.serial,
        keyValues: p.keyValues.map(decodeValue),
        seq: p.seq,
        subs: [],
        sig: p.sig.map((x) => ({
          cur: x.cur === null ? null : Burst.restore(x.cur),
          closed: x.closed.map(Burst.restore),
          closeAfter: x.closeAfter,
          lastSeq: x.lastSeq,
          last: x.last === null ? null : decodeRecord(x.last),
        })),
      };
      part.panes.set(p.start, pane);
      this.due.push(pane);
    }
  }
}

/** One hub per engine, partition fields and `within` (queries over derived streams get a hub of their own). */
const registry = new WeakMap<object, Map<string, TrendHub>>();

/** The shared hubs of an engine (statistics). */
export function hubsOf(owner: object): TrendHub[] {
  return [...(registry.get(owner)?.values() ?? [])];
}

export function hubFor(
  owner: object,
  partitionBy: readonly string[],
  withinMs: number,
  ctx: EvalContext,
  shareable: boolean,
): TrendHub {
  if (!shareable) return new TrendHub(partitionBy, withinMs, ctx);
  let hubs = registry.get(owner);
  if (hubs === undefined) {
    hubs = new Map();
    registry.set(owner, hubs);
  }
  const key = `${JSON.stringify(partitionBy)}|${withinMs}`;
  let hub = hubs.get(key);
  if (hub === undefined) {
    hub = new TrendHub(partitionBy, withinMs, ctx);
    hubs.set(key, hub);
  }
  return hub;
}
