/**
 * The matcher of one `SEQ(...)` (a stream-level sequence, a `sequence(...)` source, a `SEQ` of a named
 * pattern, or a single-event pattern): a SASE+-style automaton over runs (semantics §11.2–§11.6), in the
 * spirit of Flink CEP's NFA (and the SASE papers it cites), with Flink's three transition actions:
 * a run **takes** a record that satisfies its next step, **ignores** any other record, and a skippable step
 * (`*`, `?`, or a Kleene step that already has an event) lets the run **proceed** to the step after it.
 *
 * Selection strategy (D10): every record that satisfies the first step opens a new run; each run takes the
 * first later record that satisfies its next step (skip-till-next-match, relaxed contiguity, no after-match
 * skip); Kleene steps are greedy and end as soon as the step after them matches. For each record:
 * 1. negation discards the runs the record forbids (stream `.not(...)`, `NOT` items between steps, a
 *    trailing `NOT` before its deadline);
 * 2. every existing run, oldest first, takes or ignores the record;
 * 3. the record may start a new run (it does not advance that run further);
 * 4. completed runs report their matches in creation order.
 */

import type { NegationPlan, Quantifier, SeqStepPlan, SequencePatternPlan } from '../../plan/plan.js';
import type { CompiledCondition, ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { decodeCaptures, decodeTime, encodeCaptures, encodeTime, type Json } from '../state-codec.js';
import type { EventRecord } from '../values/record.js';
import { type MatchReceiver, type PartialMatch, type PartitionState, PatternNode } from './pattern-node.js';

/** A partial match. */
export interface Run {
  /** creation number, unique in the stream (orders runs across partitions) */
  readonly id: number;
  /** the step the run considers next (for a Kleene step with events: the step it accumulates) */
  pos: number;
  /** events accepted by the Kleene step at `pos` */
  kcount: number;
  /** index of the last step the run took an event for */
  last: number;
  captures: AliasBinding[];
  /** time of the run's first event */
  start: number;
  /** time of the run's previous event */
  lastTime: number;
  /** start + within (or +∞) */
  deadline: number;
  /** the earliest deadline that applies now (the run deadline or a per-step limit) */
  expiry: number;
  /** every positive step is matched; the run waits for its trailing-`NOT` deadline */
  waitingNot: boolean;
  /** the run is in a trailing Kleene step: each accepted record is a match */
  trailing: boolean;
  dead: boolean;
}

/** Watches the life of runs (the forecasting model learns from it, semantics §13.4). */
export interface RunObserver {
  /** the run took a record for `step` at `time` */
  taken(run: Run, step: number, time: number): void;
  /** the run completed (its first match) at `time` */
  completed(run: Run, time: number): void;
  /** the run ended (after completing, or discarded) */
  ended(run: Run): void;
}

/** What the sequence node needs from the matcher that owns it. */
export interface SequenceHost {
  readonly ctx: EvalContext;
  nextRunId(): number;
  /** whether a new run may start in this partition (limits of §11.9); reports when it may not */
  mayStartRun(ps: PartitionState): boolean;
  runStarted(ps: PartitionState): void;
  runEnded(ps: PartitionState): void;
  /** the run's expiry is finite: schedule it */
  schedule(run: Run, ps: PartitionState, node: SequenceNode): void;
  /** a Kleene alias dropped its oldest event */
  kleeneOverflow(): void;
  readonly maxKleeneEvents: number;
}

interface CompiledNegation {
  readonly type: string;
  readonly filter: CompiledCondition | null;
}

interface CompiledStep {
  readonly plan: SeqStepPlan;
  readonly type: string;
  readonly slot: number;
  readonly quantifier: Quantifier;
  readonly kleene: boolean;
  readonly skippable: boolean;
  readonly filter: CompiledCondition | null;
  readonly firstFilter: CompiledCondition | null;
}

interface SeqState {
  runs: Run[];
  /** runs in `runs` that died in a watermark step and are not compacted away yet */
  dead: number;
}

export class SequenceNode extends PatternNode {
  private readonly steps: CompiledStep[];
  private readonly trailingNot: CompiledNegation[];
  private readonly globalNot: CompiledNegation[];
  /** active negations by the index of the run's last taken step */
  private readonly activeNots: CompiledNegation[][];
  /** restSkippable[j]: every step after j may be skipped */
  private readonly restSkippable: boolean[];
  /** types this node reacts to */
  readonly types: ReadonlySet<string>;
  readonly hasDeadline: boolean;
  /** notified of run lifecycle events (forecasting) */
  observer: RunObserver | null = null;
  /** alias slots of `*` steps: unbound, they hold the empty array (§11.3) */
  private readonly starSlots: number[];

  constructor(
    id: number,
    plan: SequencePatternPlan,
    globalNegations: readonly NegationPlan[],
    private readonly withinMs: number | null,
    private readonly aliasCount: number,
    compiler: ExpressionCompiler,
    private readonly host: SequenceHost,
  ) {
    super(id);
    const neg = (n: NegationPlan): CompiledNegation => ({
      type: n.type,
      filter: n.filter === null ? null : compiler.compileCondition(n.filter),
    });
    this.steps = plan.steps.map((s) => ({
      plan: s,
      type: s.type,
      slot: s.slot ?? -1,
      quantifier: s.quantifier,
      kleene: s.quantifier === 'plus' || s.quantifier === 'star',
      skippable: s.quantifier === 'star' || s.quantifier === 'optional',
      filter: s.filter === null ? null : compiler.compileCondition(s.filter),
      firstFilter: s.firstFilter === null ? null : compiler.compileCondition(s.firstFilter),
    }));
    this.trailingNot = plan.trailingNot.map(neg);
    this.globalNot = globalNegations.map(neg);
    const n = this.steps.length;
    const gaps: CompiledNegation[][] = plan.steps.map((s) => s.notBefore.map(neg));
    gaps.push(this.trailingNot);
    this.activeNots = [];
    for (let l = 0; l < n; l++) {
      const active: CompiledNegation[] = [];
      // gap g (between steps g-1 and g) is active when every step between l and g is skippable
      for (let g = l + 1; g <= n; g++) {
        active.push(...gaps[g]!);
        if (g < n && !this.steps[g]!.skippable) break;
      }
      this.activeNots.push(active);
    }
    this.restSkippable = [];
    for (let j = 0; j < n; j++) {
      let all = true;
      for (let k = j + 1; k < n; k++) if (!this.steps[k]!.skippable) all = false;
      this.restSkippable.push(all);
    }
    const types = new Set<string>();
    for (const s of plan.steps) types.add(s.type);
    for (const g of gaps) for (const x of g) types.add(x.type);
    for (const x of this.globalNot) types.add(x.type);
    this.types = types;
    this.hasDeadline = withinMs !== null || plan.steps.some((s) => s.withinMs !== null);
    this.starSlots = this.steps.filter((s) => s.quantifier === 'star' && s.slot >= 0).map((s) => s.slot);
  }

  newState(): SeqState {
    return { runs: [], dead: 0 };
  }

  isEmpty(state: unknown): boolean {
    const s = state as SeqState;
    return s.runs.length <= s.dead;
  }

  // ---- Record processing ----

  onRecord(ps: PartitionState, record: EventRecord, up: MatchReceiver): void {
    if (!this.types.has(record.type)) return;
    const state = ps.states[this.id] as SeqState;
    const runs = state.runs;
    let died = false;
    // 1. negation
    if (runs.length > 0) {
      for (const run of runs) {
        if (!run.dead && this.negates(run, record)) {
          this.kill(run, ps);
          died = true;
        }
      }
    }
    // 2. advance (runs created by this record are appended after `count`)
    const count = runs.length;
    for (let i = 0; i < count; i++) {
      const run = runs[i]!;
      if (run.dead) continue;
      this.advance(run, record, ps, up);
      if (run.dead) died = true;
    }
    // 3. start
    this.start(record, ps, up);
    if (died || state.dead > 0) {
      compact(state);
    } else if (runs.length > 0 && runs[runs.length - 1]!.dead) {
      runs.length--;
    }
  }

  private negates(run: Run, record: EventRecord): boolean {
    const type = record.type;
    for (const n of this.globalNot) {
      if (n.type === type && this.negationHolds(n, run, record)) return true;
    }
    if (run.last < 0) return false;
    if (run.waitingNot && record.timeMs > run.deadline) return false;
    for (const n of this.activeNots[run.last]!) {
      if (n.type === type && this.negationHolds(n, run, record)) return true;
    }
    return false;
  }

  private negationHolds(n: CompiledNegation, run: Run, record: EventRecord): boolean {
    if (n.filter === null) return true;
    const ctx = this.host.ctx;
    ctx.record = record;
    ctx.aliases = run.captures;
    return n.filter(ctx);
  }

  /** Whether `record` satisfies step `j` for `run` (type, per-step limit, filter with the run's captures). */
  private stepAccepts(
    run: Run | null,
    captures: AliasBinding[],
    j: number,
    record: EventRecord,
    firstOfStep: boolean,
  ): boolean {
    const step = this.steps[j]!;
    if (step.type !== record.type) return false;
    if (
      run !== null &&
      step.plan.withinMs !== null &&
      !step.kleene &&
      record.timeMs > run.lastTime + step.plan.withinMs
    ) {
      return false;
    }
    const filter = step.kleene && firstOfStep ? step.firstFilter : step.filter;
    if (filter === null) return true;
    const ctx = this.host.ctx;
    ctx.record = record;
    ctx.aliases = captures;
    if (step.kleene || step.slot < 0) return filter(ctx);
    // an ordinary step's own alias denotes the candidate itself
    const previous = captures[step.slot]!;
    captures[step.slot] = record;
    const ok = filter(ctx);
    captures[step.slot] = previous;
    return ok;
  }

  private advance(run: Run, record: EventRecord, ps: PartitionState, up: MatchReceiver): void {
    const t = record.timeMs;
    if (t < run.lastTime || t > run.expiry) return;
    const steps = this.steps;
    if (run.waitingNot) {
      // a Kleene step before the trailing NOT keeps accumulating (the match is reported at the deadline)
      const l = run.last;
      if (steps[l]!.kleene && this.stepAccepts(run, run.captures, l, record, false)) this.take(run, l, record);
      return;
    }
    if (run.trailing) {
      const p = run.pos;
      if (this.stepAccepts(run, run.captures, p, record, run.kcount === 0)) {
        this.take(run, p, record);
        this.observer?.completed(run, t);
        up.matched(this, ps, this.matchOf(run, t, true));
      }
      return;
    }
    const p = run.pos;
    const step = steps[p]!;
    const accumulating = step.kleene && run.kcount > 0;
    if (accumulating || step.skippable) {
      // proceed: the steps after a skippable (or satisfied Kleene) step are tried first
      for (let j = p + 1; j < steps.length; j++) {
        if (this.stepAccepts(run, run.captures, j, record, true)) {
          this.takeAndCheck(run, j, record, ps, up);
          return;
        }
        if (!steps[j]!.skippable) break;
      }
    }
    if (this.stepAccepts(run, run.captures, p, record, !accumulating)) this.takeAndCheck(run, p, record, ps, up);
  }

  /** Records `record` as the run's event for step `j`. */
  private take(run: Run, j: number, record: EventRecord): void {
    const step = this.steps[j]!;
    const t = record.timeMs;
    if (step.kleene) {
      const continuing = run.pos === j && run.kcount > 0;
      if (step.slot >= 0) {
        if (continuing) {
          const events = run.captures[step.slot] as EventRecord[];
          events.push(record);
          if (events.length > this.host.maxKleeneEvents) {
            events.shift();
            this.host.kleeneOverflow();
          }
        } else {
          run.captures[step.slot] = [record];
        }
      }
      run.kcount = continuing ? run.kcount + 1 : 1;
      run.pos = j;
    } else {
      if (step.slot >= 0) run.captures[step.slot] = record;
      run.pos = j + 1;
      run.kcount = 0;
    }
    run.last = j;
    run.lastTime = t;
    this.observer?.taken(run, j, t);
  }

  private takeAndCheck(run: Run, j: number, record: EventRecord, ps: PartitionState, up: MatchReceiver): void {
    this.take(run, j, record);
    this.afterTake(run, j, record.timeMs, ps, up);
  }

  /** Completion rules after a run took step `j` at time `t` (§11.3, S36, §11.4). */
  private afterTake(run: Run, j: number, t: number, ps: PartitionState, up: MatchReceiver): void {
    const steps = this.steps;
    const n = steps.length;
    if (!this.restSkippable[j]) {
      this.updateExpiry(run, ps);
      return;
    }
    if (this.trailingNot.length > 0) {
      run.waitingNot = true;
      this.updateExpiry(run, ps);
      return;
    }
    const step = steps[j]!;
    let continues = false;
    if (step.kleene) {
      run.trailing = true;
      continues = true;
    } else if (j < n - 1 && steps[n - 1]!.quantifier === 'star') {
      run.trailing = true;
      run.pos = n - 1;
      run.kcount = 0;
      continues = true;
    }
    this.observer?.completed(run, t);
    up.matched(this, ps, this.matchOf(run, t, continues));
    if (!continues) this.kill(run, ps);
    else this.updateExpiry(run, ps);
  }

  private updateExpiry(run: Run, ps: PartitionState): void {
    let expiry = run.deadline;
    if (!run.waitingNot && !run.trailing) {
      const next = this.steps[run.pos];
      if (next !== undefined && next.plan.withinMs !== null && !(next.kleene && run.kcount > 0)) {
        expiry = Math.min(expiry, run.lastTime + next.plan.withinMs);
      }
    }
    if (expiry !== run.expiry || !Number.isFinite(expiry)) {
      run.expiry = expiry;
      if (Number.isFinite(expiry)) this.host.schedule(run, ps, this);
    }
  }

  private start(record: EventRecord, ps: PartitionState, up: MatchReceiver): void {
    const steps = this.steps;
    let captures: AliasBinding[] | null = null;
    for (let j = 0; j < steps.length; j++) {
      if (steps[j]!.type === record.type) {
        if (captures === null) {
          captures = new Array(this.aliasCount).fill(null);
          for (const slot of this.starSlots) captures[slot] = [];
        }
        if (this.stepAccepts(null, captures, j, record, true)) {
          if (!this.host.mayStartRun(ps)) return;
          const t = record.timeMs;
          const deadline = this.withinMs === null ? Number.POSITIVE_INFINITY : t + this.withinMs;
          const run: Run = {
            id: this.host.nextRunId(),
            pos: j,
            kcount: 0,
            last: -1,
            captures,
            start: t,
            lastTime: t,
            deadline,
            expiry: Number.POSITIVE_INFINITY,
            waitingNot: false,
            trailing: false,
            dead: false,
          };
          (ps.states[this.id] as SeqState).runs.push(run);
          this.host.runStarted(ps);
          if (Number.isFinite(deadline)) {
            run.expiry = deadline;
            this.host.schedule(run, ps, this);
          }
          this.take(run, j, record);
          this.afterTake(run, j, t, ps, up);
          return;
        }
      }
      if (!steps[j]!.skippable) return;
    }
  }

  private kill(run: Run, ps: PartitionState): void {
    if (run.dead) return;
    run.dead = true;
    this.host.runEnded(ps);
    this.observer?.ended(run);
  }

  private matchOf(run: Run, time: number, copy: boolean): PartialMatch {
    const captures = copy ? run.captures.map((b) => (Array.isArray(b) ? b.slice() : b)) : run.captures;
    return {
      captures,
      first: run.start,
      time,
      durationMs: time - run.start,
      deadline: Number.POSITIVE_INFINITY,
    };
  }

  // ---- Watermark ----

  /**
   * The run's expiry is below the watermark: a run waiting on its trailing `NOT` completes (stamped with its
   * deadline, `match_duration_ms` = within); any other run is discarded (§11.4, §11.6).
   */
  expire(run: Run, ps: PartitionState, up: MatchReceiver): void {
    if (run.dead) return;
    const state = ps.states[this.id] as SeqState;
    const completes = run.waitingNot && run.expiry === run.deadline;
    if (completes) this.observer?.completed(run, run.deadline);
    this.kill(run, ps);
    // compacted lazily: runs usually expire oldest first, and splicing each one would be quadratic
    if (++state.dead * 2 > state.runs.length) compact(state);
    if (completes) up.matched(this, ps, this.matchOf(run, run.deadline, false));
  }

  /** Runs of a partition (for checkpoints and end of input). */
  runsOf(ps: PartitionState): readonly Run[] {
    return (ps.states[this.id] as SeqState).runs;
  }

  checkpointState(state: unknown): Json {
    return (state as SeqState).runs
      .filter((r) => !r.dead)
      .map((r) => ({
        id: r.id,
        pos: r.pos,
        kcount: r.kcount,
        last: r.last,
        captures: encodeCaptures(r.captures),
        start: r.start,
        lastTime: r.lastTime,
        deadline: encodeTime(r.deadline),
        expiry: encodeTime(r.expiry),
        waitingNot: r.waitingNot,
        trailing: r.trailing,
      }));
  }

  restoreState(j: Json): SeqState {
    const runs = (j as Record<string, Json>[]).map(
      (r): Run => ({
        id: r.id as number,
        pos: r.pos as number,
        kcount: r.kcount as number,
        last: r.last as number,
        captures: decodeCaptures(r.captures!) as AliasBinding[],
        start: r.start as number,
        lastTime: r.lastTime as number,
        deadline: decodeTime(r.deadline!),
        expiry: decodeTime(r.expiry!),
        waitingNot: r.waitingNot as boolean,
        trailing: r.trailing as boolean,
        dead: false,
      }),
    );
    return { runs, dead: 0 };
  }
}

/** Removes the dead runs of a state, keeping creation order. */
function compact(state: SeqState): void {
  const runs = state.runs;
  let kept = 0;
  for (const r of runs) if (!r.dead) runs[kept++] = r;
  runs.length = kept;
  state.dead = 0;
}
