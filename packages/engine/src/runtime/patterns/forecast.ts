/**
 * Forecasting (semantics §13, D12): after each record the matcher processed, predicts whether the most
 * advanced live run of the record's partition will complete, and outputs a forecast record instead of
 * matches.
 *
 * Model (docs/architecture/forecasting.md):
 *
 * - **Symbols.** Each record routed to the stream becomes one symbol of its partition's history: the deepest
 *   step a run took with it, `KILL` when it discarded runs (negation) without advancing any, or `NONE`.
 * - **Prediction suffix tree.** A run's *state* is the number of steps it has matched. When a run reaches a
 *   new state, it registers the nodes (state, last k symbols of its partition, this record's included) for
 *   k = 0…max_depth; when it completes, each registered node counts an observation and a completion (and the
 *   event time from the visit to the completion), when it is discarded, an observation. The tree is a map
 *   from integer-coded (state, k, suffix) to counts.
 * - **Probability.** The deepest node of the candidate's state and current context with at least one
 *   observation: n observations, c completions, p = (c + ½)/(n + 1) (Krichevsky–Trofimov), ½ without data.
 * - **Conformal interval.** p ± q·√(p(1−p)/(n+1)), q the conformal (1−α) quantile (α = 0.1) of prequential
 *   nonconformity scores: every 16 outcomes of a node, the block's frequency is compared with the estimate
 *   from the node's earlier outcomes, |f − p̂₀| / √(p̂₀(1−p̂₀)(1/16 + 1/n₀)). For exchangeable outcomes the
 *   score is ≈ |N(0,1)| and q ≈ 1.645; dependence or drift widen the interval. Scores and quantiles are kept
 *   per context depth (Mondrian categories): a prediction at depth k uses the quantile of depth-k nodes.
 *   Without `conformal`: [0, 1].
 * - **Hawkes time.** A self-exciting intensity over the stream's advancing records,
 *   λ(t) = μ + Σ α·e^{−β(t−tᵢ)}, branching ratio α/β = ½, β the inverse mean gap, μ fitted so that the
 *   stationary intensity 2μ is the observed rate. `forecast_time` = the node's mean observed time to
 *   completion minus the time already spent, scaled by λ̄/λ(t) (clamped to [¼, 4]), λ̄ the running average of
 *   λ at advancing records: bursts of activity shorten the expected time, lulls lengthen it. Without
 *   `hawkes`, or without completions: null.
 *
 * Everything is a function of the input and the program: no randomness, no wall clock; the whole model is
 * checkpointed.
 */

import type { ForecastOpPlan, MatcherPlan, SeqStepPlan } from '../../plan/plan.js';
import { decodeKey, encodeKey } from '../partitions.js';
import { decodeTime, encodeTime, type Json } from '../state-codec.js';
import type { Key } from '../values/keys.js';
import { EventRecord, Shape } from '../values/record.js';
import { makeFloat, type Value } from '../values/value.js';
import { kthSmallest } from './kth-smallest.js';
import type { Run, RunObserver } from './nfa.js';
import type { PartitionState } from './pattern-node.js';

/** Counts of one node of the prediction suffix tree. */
interface Node {
  n: number;
  c: number;
  /** Σ over completions of (completion time − visit time) */
  dur: number;
  /** the current block of fresh outcomes (conformal scores) */
  bN: number;
  bC: number;
  /** the node's context length k (its conformal category) */
  readonly d: number;
}

/** What the model keeps of a live run (also reachable from the run itself: `Run.model`). */
export interface RunVisits {
  /** node keys and visit times, flat: key, time, key, time… */
  readonly visits: number[];
  state: number;
  completed: boolean;
}

const MODES: Record<string, { warmup: number; maxDepth: number; hawkes: boolean; conformal: boolean }> = {
  fast: { warmup: 50, maxDepth: 3, hawkes: false, conformal: false },
  balanced: { warmup: 100, maxDepth: 3, hawkes: true, conformal: true },
  accurate: { warmup: 200, maxDepth: 5, hawkes: true, conformal: true },
};

/** Miscoverage of the conformal interval (a 90 % interval). */
export const CONFORMAL_ALPHA = 0.1;
const Z90 = 1.6448536269514722;
/** scores kept for the conformal quantile (the most recent ones) */
const SCORES = 1024;
/** new scores between two recomputations of the quantile */
const REQUANTILE = 256;
/** scores needed before the quantile replaces the normal one */
const MIN_SCORES = 32;
/** outcomes per conformal block */
const BLOCK = 16;
/** fields of a forecast record after the partition key fields (§13.3) */
const FORECAST_FIELDS = 8;

export class Forecaster implements RunObserver {
  readonly warmup: number;
  readonly maxDepth: number;
  readonly hawkes: boolean;
  readonly conformal: boolean;
  readonly confidence: number;
  readonly horizonMs: number;
  /** symbol alphabet size (+1: 0 stands for "before the history") */
  private readonly base: number;
  /** base^maxDepth: contexts are the last maxDepth symbols, packed in base `base` */
  private readonly span: number;
  /** base^k for k = 0…maxDepth */
  private readonly pow: number[] = [];
  private readonly kill: number;
  /** single-entry cache of the forecast record's shape: the capture shapes it was built for */
  private lastCaptureShapes: (Shape | null)[] = [];
  private lastShape: Shape | null = null;
  private readonly capturedSlots: { slot: number; prefix: string }[] = [];
  private readonly nodes = new Map<number, Node>();
  private readonly runs = new Map<number, RunVisits>();
  /** per partition key: its context code */
  private readonly contexts = new Map<Key, number>();
  private seen = 0;
  // the record being processed
  private ps: PartitionState | null = null;
  private symbol = -1;
  private killed = false;
  /** runs that reached a new state with the record being processed (the first `movedCount`) */
  private readonly moved: Run[] = [];
  private movedCount = 0;
  /** the run the last forecast record is about */
  candidate: Run | null = null;
  /**
   * Nothing after `.forecast` reads the `<alias>_<field>` fields: forecast records are built without them
   * (set by the matcher, which knows the stream's operations).
   */
  headOnly = false;
  /** scratch: the captured record of each captured slot */
  private readonly captured: (EventRecord | null)[] = [];
  /** scratch for the conformal quantile (selection in place) */
  private readonly selection = new Float64Array(SCORES);
  // conformal scores (ring buffers) and cached quantiles, per context depth (Mondrian categories)
  private readonly scores: Float64Array[] = [];
  private readonly scoreCount: number[] = [];
  private readonly sinceQuantile: number[] = [];
  private readonly quantile: number[] = [];
  // Hawkes intensity over advancing records
  private hFirst = Number.NaN;
  private hLast = Number.NaN;
  private hCount = 0;
  /** Σ e^{−β(t_last − tᵢ)} over advancing records up to hLast (with β at the time) */
  private hExcite = 0;
  /** running average (EWMA, 1/256) of λ at the advancing records: the reference intensity */
  private hAvg = 0;
  private readonly shape: Shape;
  private readonly steps: readonly SeqStepPlan[];

  constructor(
    op: ForecastOpPlan,
    matcher: MatcherPlan,
    private readonly streamName: string,
    aliases: readonly string[],
  ) {
    const p = op.params;
    const mode = MODES[typeof p.mode === 'string' ? p.mode : 'balanced'] ?? MODES.balanced!;
    this.warmup = typeof p.warmup === 'number' ? p.warmup : mode.warmup;
    this.steps = matcher.pattern.kind === 'seq' ? matcher.pattern.steps : [];
    // symbols: NONE → 1, step j → j + 2, KILL → n + 2; 0 = no symbol yet
    this.base = this.steps.length + 3;
    this.kill = this.steps.length + 2;
    // keys must stay exact doubles: (depth, suffix, state) packed below 2^52
    let depth = typeof p.max_depth === 'number' ? Math.max(1, Math.floor(p.max_depth)) : mode.maxDepth;
    while (depth > 1 && this.base ** depth * (depth + 1) * (this.steps.length + 2) > 2 ** 52) depth--;
    this.maxDepth = depth;
    this.span = this.base ** depth;
    for (let k = 0; k <= depth; k++) {
      this.pow.push(this.base ** k);
      this.scores.push(new Float64Array(SCORES));
      this.scoreCount.push(0);
      this.sinceQuantile.push(0);
      this.quantile.push(Z90);
    }
    for (const step of this.steps) {
      if (step.slot !== null && !this.capturedSlots.some((c) => c.slot === step.slot)) {
        this.capturedSlots.push({ slot: step.slot, prefix: `${aliases[step.slot]}_` });
      }
    }
    this.hawkes = typeof p.hawkes === 'boolean' ? p.hawkes : mode.hawkes;
    this.conformal = typeof p.conformal === 'boolean' ? p.conformal : mode.conformal;
    this.confidence = typeof p.confidence === 'number' ? p.confidence : 0.5;
    this.horizonMs = typeof p.horizon === 'number' ? p.horizon : (matcher.withinMs ?? 300_000);
    for (let i = 0; i < this.capturedSlots.length; i++) this.captured.push(null);
    this.shape = Shape.of([
      ...matcher.partitionBy,
      'forecast_probability',
      'forecast_confidence',
      'forecast_lower',
      'forecast_upper',
      'forecast_time',
      'forecast_state',
      'forecast_context_depth',
      'active_runs',
    ]);
  }

  /** The head fields of a forecast record (before the candidate's `<alias>_<field>` fields). */
  get fieldNames(): readonly string[] {
    return this.shape.names;
  }

  /** The key of node (state, k last symbols of `code`). */
  private key(state: number, k: number, code: number): number {
    const suffix = k === 0 ? 0 : code % this.pow[k]!;
    return (k * this.span + suffix) * (this.steps.length + 2) + state;
  }

  // ---- RunObserver ----

  /** The matcher is about to process a record of partition `ps`. */
  beginRecord(ps: PartitionState): void {
    this.ps = ps;
    this.symbol = -1;
    this.killed = false;
    this.movedCount = 0;
  }

  taken(run: Run, step: number, _time: number): void {
    if (step > this.symbol) this.symbol = step;
    let v = run.model;
    if (v === null) {
      v = { visits: [], state: 0, completed: false };
      this.runs.set(run.id, v);
      run.model = v;
    }
    if (step + 1 !== v.state) {
      v.state = step + 1;
      this.moved[this.movedCount++] = run;
    }
  }

  /** Links a restored run to what the model kept of it. */
  attach(run: Run): void {
    run.model = this.runs.get(run.id) ?? null;
  }

  completed(run: Run, time: number): void {
    const v = run.model;
    if (v === null || v.completed) return;
    v.completed = true;
    const visits = v.visits;
    for (let i = 0; i < visits.length; i += 2) {
      const node = this.node(visits[i]!);
      node.dur += time - visits[i + 1]!;
      this.observe(node, 1);
    }
  }

  ended(run: Run): void {
    const v = run.model;
    if (v === null) return;
    run.model = null;
    this.runs.delete(run.id);
    if (v.completed) return;
    if (this.ps !== null) this.killed = true;
    const visits = v.visits;
    for (let i = 0; i < visits.length; i += 2) this.observe(this.node(visits[i]!), 0);
  }

  private node(key: number): Node {
    let s = this.nodes.get(key);
    if (s === undefined) {
      s = { n: 0, c: 0, dur: 0, bN: 0, bC: 0, d: Math.floor(Math.floor(key / (this.steps.length + 2)) / this.span) };
      this.nodes.set(key, s);
    }
    return s;
  }

  /**
   * One outcome (1: completed) for a node. Every BLOCK outcomes give one conformal score: the block's
   * frequency against the estimate from the node's earlier outcomes, standardised,
   * |f − p̂| / √(p̂(1−p̂)(1/B + 1/n₀)). Blocks are disjoint and each is compared with data before it, so under
   * stationarity the scores are exchangeable and ≈ |N(0,1)|.
   */
  private observe(s: Node, y: number): void {
    s.n++;
    s.c += y;
    if (!this.conformal) return;
    s.bN++;
    s.bC += y;
    if (s.bN < BLOCK) return;
    const n0 = s.n - BLOCK;
    const c0 = s.c - s.bC;
    const f = s.bC / BLOCK;
    s.bN = 0;
    s.bC = 0;
    if (n0 < BLOCK) return;
    const p0 = (c0 + 0.5) / (n0 + 1);
    const se = Math.sqrt(p0 * (1 - p0) * (1 / BLOCK + 1 / n0));
    const d = s.d;
    this.scores[d]![this.scoreCount[d]! % SCORES] = Math.abs(f - p0) / se;
    this.scoreCount[d]!++;
    if (++this.sinceQuantile[d]! >= REQUANTILE) this.updateQuantile(d);
  }

  /** The conformal quantile of depth d: the ⌈(m+1)(1−α)⌉-th smallest of its m kept scores. */
  private updateQuantile(d: number): void {
    this.sinceQuantile[d] = 0;
    const m = Math.min(this.scoreCount[d]!, SCORES);
    if (m < MIN_SCORES) return;
    const rank = Math.min(m, Math.ceil((m + 1) * (1 - CONFORMAL_ALPHA)));
    const a = this.selection;
    a.set(this.scores[d]!.subarray(0, m));
    this.quantile[d] = kthSmallest(a, m, rank - 1);
  }

  // ---- Forecasts (§13.2, §13.3) ----

  /**
   * Called once per record the matcher processed. Returns the forecast record (its candidate is then in
   * {@link candidate}), or `null` when the conditions of §13.2 do not hold.
   */
  afterRecord(ps: PartitionState, record: EventRecord, live: readonly Run[]): EventRecord | null {
    this.ps = null;
    this.seen++;
    const t = record.timeMs;
    // the partition's context with this record's symbol
    const sym = this.symbol >= 0 ? this.symbol + 2 : this.killed ? this.kill : 1;
    // (the partition's context is kept on its state; the map, which outlives dropped partitions, gets a new
    // partition at once, to keep its order, and current values when a partition is dropped or checkpointed)
    let previous = ps.forecastContext;
    if (previous < 0) previous = this.contexts.get(ps.key) ?? -1;
    const known = previous >= 0;
    const code = ((known ? previous : 0) * this.base + sym) % this.span;
    ps.forecastContext = code;
    if (!known) this.contexts.set(ps.key, code);
    if (this.symbol >= 0 && this.hawkes) this.excite(t);
    // runs that reached a new state register their nodes
    const moved = this.moved;
    for (let i = 0; i < this.movedCount; i++) {
      const run = moved[i]!;
      moved[i] = null as unknown as Run;
      const v = run.model;
      if (v === null || v.completed || run.dead) continue;
      for (let k = 0; k <= this.maxDepth; k++) v.visits.push(this.key(v.state, k, code), t);
    }
    this.movedCount = 0;
    if (this.seen < this.warmup) return null;
    let candidate: Run | null = null;
    let active = 0;
    for (let i = 0; i < live.length; i++) {
      const r = live[i]!;
      if (r.dead) continue;
      active++;
      if (candidate === null || r.last > candidate.last || (r.last === candidate.last && r.id < candidate.id))
        candidate = r;
    }
    if (candidate === null) return null;
    const state = candidate.last + 1;
    let depth = 0;
    let node: Node | undefined;
    for (let k = this.maxDepth; k >= 0; k--) {
      const s = this.nodes.get(this.key(state, k, code));
      if (s !== undefined && s.n > 0) {
        node = s;
        depth = k;
        break;
      }
    }
    const n = node?.n ?? 0;
    const c = node?.c ?? 0;
    const p = (c + 0.5) / (n + 1);
    if (p < this.confidence) return null;
    let time: number | null = null;
    if (this.hawkes && node !== undefined && node.c > 0) {
      const remaining = Math.max(0, node.dur / node.c - (t - candidate.lastTime));
      time = Math.round(remaining * this.timeScale(t));
    }
    if (time !== null && time > this.horizonMs) return null;
    let lower = 0;
    let upper = 1;
    if (this.conformal && n > 0) {
      const half = this.quantile[depth]! * Math.sqrt((p * (1 - p)) / (n + 1));
      lower = Math.max(0, p - half);
      upper = Math.min(1, p + half);
    }
    const kv = ps.keyValues;
    const head = kv.length + FORECAST_FIELDS;
    // sized for the record when only the head is built or the capture shapes are those of the last record
    const values: Value[] = new Array(this.headOnly || this.lastShape === null ? head : this.lastShape.size);
    for (let i = 0; i < kv.length; i++) values[i] = kv[i]!;
    let at = kv.length;
    values[at++] = makeFloat(p);
    values[at++] = makeFloat(n / (n + 10));
    values[at++] = makeFloat(lower);
    values[at++] = makeFloat(upper);
    values[at++] = time;
    values[at++] = this.stateLabel(candidate.last);
    values[at++] = depth;
    values[at++] = active;
    this.candidate = candidate;
    if (this.headOnly) return new EventRecord(this.streamName, t, this.shape, values);
    return this.withCaptures(t, values, candidate);
  }

  /** The forecast record: the forecast fields, then the candidate's captures as `<alias>_<field>` (§13.3). */
  private withCaptures(t: number, values: Value[], candidate: Run): EventRecord {
    const slots = this.capturedSlots;
    const captured = this.captured;
    let same = this.lastShape !== null;
    for (let i = 0; i < slots.length; i++) {
      const b = candidate.captures[slots[i]!.slot];
      const e = (Array.isArray(b) ? b[b.length - 1] : b) ?? null;
      captured[i] = e;
      if (same && (e === null ? null : e.shape) !== this.lastCaptureShapes[i]) same = false;
    }
    const head = this.shape.size;
    if (same) {
      // `values` was sized for the last record's shape: fill the captured fields in place
      let at = head;
      for (let k = 0; k < slots.length; k++) {
        const e = captured[k];
        if (e === null || e === undefined) continue;
        const v = e.values;
        for (let i = 0; i < v.length; i++) values[at++] = v[i]!;
      }
      if (at === values.length) return new EventRecord(this.streamName, t, this.lastShape!, values);
    }
    values.length = head;
    const out = new EventRecord(this.streamName, t, this.shape, values);
    for (let i = 0; i < slots.length; i++) {
      const e = captured[i];
      if (e === null || e === undefined) continue;
      const names = e.shape.names;
      for (let j = 0; j < names.length; j++) out.set(slots[i]!.prefix + names[j]!, e.values[j]!);
    }
    this.lastCaptureShapes = captured.map((e) => (e === null ? null : e.shape));
    this.lastShape = out.fieldCount === out.values.length ? out.shape : null;
    for (let i = 0; i < captured.length; i++) captured[i] = null;
    return out;
  }

  // ---- Hawkes intensity ----

  /** β: the inverse of the mean gap between advancing records. */
  private beta(): number {
    const span = this.hLast - this.hFirst;
    return span > 0 ? this.hCount / span : 0;
  }

  private excite(t: number): void {
    if (Number.isNaN(this.hFirst)) {
      this.hFirst = t;
      this.hLast = t;
      this.hCount = 1;
      this.hExcite = 1;
      return;
    }
    const decay = Math.exp(-this.beta() * Math.max(0, t - this.hLast));
    this.hExcite = this.hExcite * decay + 1;
    this.hLast = Math.max(this.hLast, t);
    this.hCount++;
    const lambda = this.intensity(t);
    this.hAvg = this.hAvg === 0 ? lambda : this.hAvg + (lambda - this.hAvg) / 256;
  }

  /** λ(t) = μ + α·Σ e^{−β(t−tᵢ)}, with α/β = ½ and μ = rate/2 (stationary intensity = the observed rate). */
  private intensity(t: number): number {
    const beta = this.beta();
    if (beta <= 0) return 0;
    const rate = this.hCount / (this.hLast - this.hFirst);
    return rate / 2 + (beta / 2) * this.hExcite * Math.exp(-beta * Math.max(0, t - this.hLast));
  }

  /**
   * λ̄/λ(t), clamped to [¼, 4]: > 1 when the stream is quieter than usual. λ̄ is the average intensity at
   * advancing records (the points where completion times were observed), so a stationary stream scales by ≈ 1.
   */
  private timeScale(t: number): number {
    const lambda = this.intensity(t);
    if (lambda <= 0 || this.hAvg <= 0) return 1;
    return Math.min(4, Math.max(0.25, this.hAvg / lambda));
  }

  private stateLabel(last: number): string {
    const step = this.steps[last];
    return step === undefined ? '' : (step.alias ?? step.type);
  }

  // ---- Checkpoint ----

  /** Writes a partition's context back to the map (the partition is dropped, or about to be checkpointed). */
  flushContext(ps: PartitionState): void {
    if (ps.forecastContext >= 0) this.contexts.set(ps.key, ps.forecastContext);
  }

  checkpoint(): Json {
    return {
      seen: this.seen,
      nodes: [...this.nodes.entries()].map(([k, s]) => [k, s.n, s.c, s.dur, s.bN, s.bC]),
      runs: [...this.runs.entries()].map(([id, v]) => [id, v.state, v.completed, v.visits]),
      contexts: [...this.contexts.entries()].map(([k, c]) => [encodeKey(k), c]),
      scores: this.scores.map((x, d) => [...x.slice(0, Math.min(this.scoreCount[d]!, SCORES))]),
      scoreCount: this.scoreCount,
      sinceQuantile: this.sinceQuantile,
      quantile: this.quantile,
      hawkes: [nanOrTime(this.hFirst), nanOrTime(this.hLast), this.hCount, this.hExcite, this.hAvg],
    };
  }

  restore(state: Json): void {
    const s = state as {
      seen: number;
      nodes: number[][];
      runs: [number, number, boolean, number[]][];
      contexts: [Json, number][];
      scores: number[][];
      scoreCount: number[];
      sinceQuantile: number[];
      quantile: number[];
      hawkes: [Json, Json, number, number, number];
    };
    this.seen = s.seen;
    this.nodes.clear();
    for (const [k, n, c, dur, bN, bC] of s.nodes) {
      this.node(k!);
      Object.assign(this.nodes.get(k!)!, { n: n!, c: c!, dur: dur!, bN: bN!, bC: bC! });
    }
    this.runs.clear();
    for (const [id, st, completed, visits] of s.runs) this.runs.set(id, { state: st, completed, visits: [...visits] });
    this.contexts.clear();
    for (const [k, c] of s.contexts) this.contexts.set(decodeKey(k), c);
    s.scores.forEach((x, d) => {
      this.scores[d]!.set(x);
      this.scoreCount[d] = s.scoreCount[d]!;
      this.sinceQuantile[d] = s.sinceQuantile[d]!;
      this.quantile[d] = s.quantile[d]!;
    });
    this.hFirst = nanTime(s.hawkes[0]);
    this.hLast = nanTime(s.hawkes[1]);
    this.hCount = s.hawkes[2];
    this.hExcite = s.hawkes[3];
    this.hAvg = s.hawkes[4];
  }
}

function nanOrTime(t: number): Json {
  return Number.isNaN(t) ? null : encodeTime(t);
}

function nanTime(j: Json): number {
  return j === null ? Number.NaN : decodeTime(j);
}
