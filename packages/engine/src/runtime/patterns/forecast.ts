/**
 * Forecasting (semantics §13, D12): after each record the matcher processed, predicts whether the most
 * advanced live run of the record's partition will complete, and outputs a forecast record instead of
 * matches.
 *
 * The model is a variable-order Markov model over the stream's *transition symbols* (for each routed record:
 * the deepest step a run took with it, or −1), stored like a prediction suffix tree: statistics are kept for
 * every (state, context suffix) pair up to `max_depth`, where the state is the number of steps a run has
 * matched. Every run records the (state, context) pairs it passes through; when it completes, each of them
 * counts a completion (and the time it took from there), when it is discarded, a failure. A prediction uses
 * the longest context suffix with observations and the Krichevsky–Trofimov estimate (c + ½) / (n + 1), which
 * converges to the observed completion frequency. `hawkes` adds an expected time to completion (the mean
 * observed remaining time from that state), `conformal` a 90 % Wilson score interval. Everything is a
 * function of the input and the program: no randomness, no wall clock, and the whole model is checkpointed.
 * See docs/decisions/0022-forecasting-model.md.
 */

import type { ForecastOpPlan, MatcherPlan, SeqStepPlan } from '../../plan/plan.js';
import type { Json } from '../state-codec.js';
import { EventRecord, Shape } from '../values/record.js';
import { makeFloat, type Value } from '../values/value.js';
import type { Run, RunObserver } from './nfa.js';
import type { PartitionState } from './pattern-node.js';

interface Stat {
  n: number;
  c: number;
  /** Σ of (completion time − visit time) over completions, and their count */
  dur: number;
}

interface Visit {
  readonly key: string;
  readonly time: number;
}

interface RunVisits {
  visits: Visit[];
  state: number;
  completed: boolean;
}

const MODES: Record<string, { warmup: number; maxDepth: number; hawkes: boolean; conformal: boolean }> = {
  fast: { warmup: 50, maxDepth: 3, hawkes: false, conformal: false },
  balanced: { warmup: 100, maxDepth: 3, hawkes: true, conformal: true },
  accurate: { warmup: 200, maxDepth: 5, hawkes: true, conformal: true },
};

const Z90 = 1.6448536269514722;

export class Forecaster implements RunObserver {
  readonly warmup: number;
  readonly maxDepth: number;
  readonly hawkes: boolean;
  readonly conformal: boolean;
  readonly confidence: number;
  readonly horizonMs: number;
  private history: number[] = [];
  private readonly stats = new Map<string, Stat>();
  private readonly runs = new Map<number, RunVisits>();
  private seen = 0;
  /** the deepest step taken with the record being processed (−1: none) */
  private symbol = -1;
  private readonly shape: Shape;
  private readonly steps: readonly SeqStepPlan[];

  constructor(
    op: ForecastOpPlan,
    matcher: MatcherPlan,
    private readonly streamName: string,
    private readonly aliases: readonly string[],
  ) {
    const p = op.params;
    const mode = MODES[typeof p.mode === 'string' ? p.mode : 'balanced'] ?? MODES.balanced!;
    this.warmup = typeof p.warmup === 'number' ? p.warmup : mode.warmup;
    this.maxDepth = typeof p.max_depth === 'number' ? Math.max(1, p.max_depth) : mode.maxDepth;
    this.hawkes = typeof p.hawkes === 'boolean' ? p.hawkes : mode.hawkes;
    this.conformal = typeof p.conformal === 'boolean' ? p.conformal : mode.conformal;
    this.confidence = typeof p.confidence === 'number' ? p.confidence : 0.5;
    this.horizonMs = typeof p.horizon === 'number' ? p.horizon : (matcher.withinMs ?? 300_000);
    this.steps = matcher.pattern.kind === 'seq' ? matcher.pattern.steps : [];
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

  // ---- RunObserver ----

  taken(run: Run, step: number, time: number): void {
    if (step > this.symbol) this.symbol = step;
    let v = this.runs.get(run.id);
    if (v === undefined) {
      v = { visits: [], state: 0, completed: false };
      this.runs.set(run.id, v);
    }
    const state = step + 1;
    if (state === v.state) return;
    v.state = state;
    const ctx = this.history;
    for (let k = 0; k <= Math.min(this.maxDepth, ctx.length); k++) {
      v.visits.push({ key: `${state}|${ctx.slice(ctx.length - k).join(',')}`, time });
    }
  }

  completed(run: Run, time: number): void {
    const v = this.runs.get(run.id);
    if (v === undefined || v.completed) return;
    v.completed = true;
    for (const visit of v.visits) {
      const s = this.stat(visit.key);
      s.n++;
      s.c++;
      s.dur += time - visit.time;
    }
  }

  ended(run: Run): void {
    const v = this.runs.get(run.id);
    if (v === undefined) return;
    this.runs.delete(run.id);
    if (v.completed) return;
    for (const visit of v.visits) this.stat(visit.key).n++;
  }

  private stat(key: string): Stat {
    let s = this.stats.get(key);
    if (s === undefined) {
      s = { n: 0, c: 0, dur: 0 };
      this.stats.set(key, s);
    }
    return s;
  }

  // ---- Forecasts (§13.2, §13.3) ----

  /**
   * Called once per record the matcher processed. Returns the forecast record and the candidate's captures,
   * or `null` when the conditions of §13.2 do not hold.
   */
  afterRecord(ps: PartitionState, record: EventRecord, live: readonly Run[]): { record: EventRecord; run: Run } | null {
    this.seen++;
    this.history.push(this.symbol);
    if (this.history.length > this.maxDepth) this.history.shift();
    this.symbol = -1;
    if (this.seen < this.warmup) return null;
    let candidate: Run | null = null;
    let active = 0;
    for (const r of live) {
      if (r.dead) continue;
      active++;
      if (candidate === null || r.last > candidate.last || (r.last === candidate.last && r.id < candidate.id))
        candidate = r;
    }
    if (candidate === null) return null;
    const state = candidate.last + 1;
    const ctx = this.history;
    let depth = 0;
    let stat: Stat | undefined;
    for (let k = Math.min(this.maxDepth, ctx.length); k >= 0; k--) {
      const s = this.stats.get(`${state}|${ctx.slice(ctx.length - k).join(',')}`);
      if (s !== undefined && s.n > 0) {
        stat = s;
        depth = k;
        break;
      }
    }
    const n = stat?.n ?? 0;
    const c = stat?.c ?? 0;
    const p = (c + 0.5) / (n + 1);
    if (p < this.confidence) return null;
    let time: number | null = null;
    if (this.hawkes && stat !== undefined && stat.c > 0) {
      time = Math.max(0, Math.round(stat.dur / stat.c - (record.timeMs - candidate.lastTime)));
    }
    if (time !== null && time > this.horizonMs) return null;
    let lower = 0;
    let upper = 1;
    if (this.conformal && n > 0) {
      const phat = c / n;
      const z2 = Z90 * Z90;
      const centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
      const half = (Z90 * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
      lower = Math.min(p, Math.max(0, centre - half));
      upper = Math.max(p, Math.min(1, centre + half));
    }
    const values: Value[] = [
      ...ps.keyValues,
      makeFloat(p),
      makeFloat(n / (n + 10)),
      makeFloat(lower),
      makeFloat(upper),
      time,
      this.stateLabel(candidate.last),
      depth,
      active,
    ];
    const out = new EventRecord(this.streamName, record.timeMs, this.shape, values);
    for (const step of this.steps) {
      if (step.slot === null) continue;
      const b = candidate.captures[step.slot];
      const e = Array.isArray(b) ? b[b.length - 1] : b;
      if (e === null || e === undefined) continue;
      const prefix = `${this.aliases[step.slot]}_`;
      for (const [k, v] of e.entries()) out.set(prefix + k, v);
    }
    return { record: out, run: candidate };
  }

  private stateLabel(last: number): string {
    const step = this.steps[last];
    return step === undefined ? '' : (step.alias ?? step.type);
  }

  // ---- Checkpoint ----

  checkpoint(): Json {
    return {
      seen: this.seen,
      history: this.history,
      stats: [...this.stats.entries()].map(([k, s]) => [k, s.n, s.c, s.dur]),
      runs: [...this.runs.entries()].map(([id, v]) => [id, v.state, v.completed, v.visits.map((x) => [x.key, x.time])]),
    };
  }

  restore(state: Json): void {
    const s = state as {
      seen: number;
      history: number[];
      stats: [string, number, number, number][];
      runs: [number, number, boolean, [string, number][]][];
    };
    this.seen = s.seen;
    this.history = [...s.history];
    this.stats.clear();
    for (const [k, n, c, dur] of s.stats) this.stats.set(k, { n, c, dur });
    this.runs.clear();
    for (const [id, st, completed, visits] of s.runs) {
      this.runs.set(id, { state: st, completed, visits: visits.map(([key, time]) => ({ key, time })) });
    }
  }
}
