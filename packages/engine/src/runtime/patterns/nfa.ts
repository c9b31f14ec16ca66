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

import type { ExprPlan } from '../../plan/expression.js';
import type { NegationPlan, Quantifier, SeqStepPlan, SequencePatternPlan } from '../../plan/plan.js';
import type { ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { decodeCaptures, decodeTime, encodeCaptures, encodeTime, type Json } from '../state-codec.js';
import type { EventRecord } from '../values/record.js';
import type { RunVisits } from './forecast.js';
import { type MatchReceiver, type PartitionState, PatternNode } from './pattern-node.js';
import { compileStepFilter, type StepFilter } from './step-filter.js';

/**
 * A partial match. When its node has no per-step time limit, its expiry never changes once scheduled, so the
 * run itself is the entry of the matcher's deadline queue (ordered by `expiry`, then `seq`).
 */
export class Run {
  constructor(
    /** creation number, unique in the stream (orders runs across partitions) */
    readonly id: number,
    /** the step the run considers next (for a Kleene step with events: the step it accumulates) */
    public pos: number,
    /** events accepted by the Kleene step at `pos` */
    public kcount: number,
    /** index of the last step the run took an event for */
    public last: number,
    public captures: AliasBinding[],
    /** time of the run's first event */
    public start: number,
    /** time of the run's previous event */
    public lastTime: number,
    /** start + within (or +∞) */
    public deadline: number,
    /** the earliest deadline that applies now (the run deadline or a per-step limit) */
    public expiry: number,
    /** every positive step is matched; the run waits for its trailing-`NOT` deadline */
    public waitingNot: boolean,
    /** the run is in a trailing Kleene step: each accepted record is a match */
    public trailing: boolean,
    public dead: boolean,
    /** the partition the run belongs to */
    public ps: PartitionState | null,
    /** the sequence node that owns the run */
    readonly node: SequenceNode,
  ) {}

  /** position of the run's entry in the matcher's deadline FIFO (−1: none) */
  dueAt = -1;
  /** what a forecasting model keeps of the run (§13.4), if any */
  model: RunVisits | null = null;

  /** deadline-queue tie-break: creation order */
  get seq(): number {
    return this.id;
  }
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
  runEnded(ps: PartitionState, run: Run): void;
  /** the run's expiry is finite: schedule it */
  schedule(run: Run, ps: PartitionState, node: SequenceNode): void;
  /** a Kleene alias dropped its oldest event */
  kleeneOverflow(): void;
  readonly maxKleeneEvents: number;
}

interface CompiledNegation {
  readonly type: string;
  readonly filter: StepFilter | null;
}

interface CompiledStep {
  readonly plan: SeqStepPlan;
  readonly type: string;
  readonly slot: number;
  readonly quantifier: Quantifier;
  readonly kleene: boolean;
  readonly skippable: boolean;
  /** `sequence(...)` per-step limit (null: none) */
  readonly withinMs: number | null;
  readonly filter: StepFilter | null;
  readonly firstFilter: StepFilter | null;
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
  /** whether `onRecord` tests the type (the matcher does it already when this is its only node) */
  checksTypes = true;
  /** per step: 1 when it takes the type of the record being processed */
  private readonly typeMatches: Uint8Array;
  readonly hasDeadline: boolean;
  /** notified of run lifecycle events (forecasting) */
  observer: RunObserver | null = null;
  /** whether completed matches go up to the matcher (a forecasting stream has no use for them) */
  reportsMatches = true;
  /** alias slots of `*` steps: unbound, they hold the empty array (§11.3) */
  private readonly starSlots: number[];
  /** whether any negation applies (global `.not`, `NOT` items): otherwise step 1 of `onRecord` is skipped */
  private readonly hasNegations: boolean;
  /** a step has a per-step time limit: a run's expiry may change after it was scheduled */
  readonly hasStepLimits: boolean;
  /** the bindings of a run that does not exist yet: first-step filters are evaluated against it (P7) */
  private readonly scratchCaptures: AliasBinding[];
  /** one null per alias slot (copied for each new run) */
  private readonly unbound: AliasBinding[];

  constructor(
    id: number,
    plan: SequencePatternPlan,
    globalNegations: readonly NegationPlan[],
    private readonly withinMs: number | null,
    aliasCount: number,
    compiler: ExpressionCompiler,
    private readonly host: SequenceHost,
  ) {
    super(id);
    const ctx = host.ctx;
    const filterOf = (e: ExprPlan | null, ownSlot: number): StepFilter | null =>
      compileStepFilter(e, ownSlot, compiler, ctx);
    const neg = (n: NegationPlan): CompiledNegation => ({ type: n.type, filter: filterOf(n.filter, -1) });
    this.steps = plan.steps.map((s) => {
      const kleene = s.quantifier === 'plus' || s.quantifier === 'star';
      const ownSlot = kleene || s.slot === null ? -1 : s.slot;
      return {
        plan: s,
        type: s.type,
        slot: s.slot ?? -1,
        quantifier: s.quantifier,
        kleene,
        skippable: s.quantifier === 'star' || s.quantifier === 'optional',
        withinMs: s.withinMs,
        filter: filterOf(s.filter, ownSlot),
        firstFilter: filterOf(s.firstFilter, ownSlot),
      };
    });
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
    this.hasStepLimits = plan.steps.some((s) => s.withinMs !== null);
    this.hasDeadline = withinMs !== null || this.hasStepLimits;
    this.starSlots = this.steps.filter((s) => s.quantifier === 'star' && s.slot >= 0).map((s) => s.slot);
    this.typeMatches = new Uint8Array(this.steps.length);
    this.hasNegations = this.globalNot.length > 0 || this.activeNots.some((a) => a.length > 0);
    this.unbound = new Array(aliasCount).fill(null);
    this.scratchCaptures = this.newCaptures();
  }

  /** The bindings of a new run: all unbound, `*` aliases the empty array. */
  private newCaptures(): AliasBinding[] {
    const n = this.unbound.length;
    // (literals for the usual few aliases: cheaper than copying)
    const captures: AliasBinding[] =
      n === 1 ? [null] : n === 2 ? [null, null] : n === 3 ? [null, null, null] : this.unbound.slice();
    const star = this.starSlots;
    for (let i = 0; i < star.length; i++) captures[star[i]!] = [];
    return captures;
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
    if (this.checksTypes && !this.types.has(record.type)) return;
    // which steps take this record's type (the record's type name is compared once, not once per run)
    const type = record.type;
    const steps = this.steps;
    const typeMatches = this.typeMatches;
    for (let j = 0; j < steps.length; j++) typeMatches[j] = steps[j]!.type === type ? 1 : 0;
    const state = ps.states[this.id] as SeqState;
    const runs = state.runs;
    // 1. negation
    if (this.hasNegations && runs.length > 0) {
      for (const run of runs) if (!run.dead && this.negates(run, record)) this.kill(run, ps);
    }
    // 2. advance, dropping the dead runs on the way (runs created by this record are appended afterwards)
    const count = runs.length;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const run = runs[i]!;
      if (!run.dead) this.advance(run, record, ps, up);
      if (!run.dead) runs[kept++] = run;
    }
    // (pop, not a length assignment: the array keeps its storage)
    for (let i = kept; i < count; i++) runs.pop();
    state.dead = 0;
    // 3. start (a run that completes at once is dropped right away)
    this.start(record, ps, up);
    if (runs.length > kept && runs[runs.length - 1]!.dead) runs.pop();
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
    return n.filter === null || n.filter(record, run.captures);
  }

  /** Whether `record` satisfies step `j` for `run` (type, per-step limit, filter with the run's captures). */
  private stepAccepts(
    run: Run | null,
    captures: AliasBinding[],
    j: number,
    record: EventRecord,
    firstOfStep: boolean,
  ): boolean {
    if (this.typeMatches[j] === 0) return false;
    const step = this.steps[j]!;
    if (run !== null && step.withinMs !== null && !step.kleene && record.timeMs > run.lastTime + step.withinMs) {
      return false;
    }
    const filter = step.kleene && firstOfStep ? step.firstFilter : step.filter;
    return filter === null || filter(record, captures);
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
        if (this.reportsMatches) up.matchedRun(this, ps, copyOf(run.captures), run.start, t);
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
          if (events.length === 1 && this.host.maxKleeneEvents >= 2) {
            // (a two-element array rather than a push, which would reserve room for 17)
            run.captures[step.slot] = [events[0]!, record];
          } else {
            events.push(record);
            if (events.length > this.host.maxKleeneEvents) {
              events.shift();
              this.host.kleeneOverflow();
            }
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
    if (this.reportsMatches) {
      up.matchedRun(this, ps, continues ? copyOf(run.captures) : run.captures, run.start, t);
    }
    if (!continues) this.kill(run, ps);
    else this.updateExpiry(run, ps);
  }

  private updateExpiry(run: Run, ps: PartitionState): void {
    // without per-step limits the expiry is the deadline, scheduled once when the run started
    if (!this.hasStepLimits) return;
    let expiry = run.deadline;
    if (!run.waitingNot && !run.trailing) {
      const next = this.steps[run.pos];
      if (next !== undefined && next.withinMs !== null && !(next.kleene && run.kcount > 0)) {
        expiry = Math.min(expiry, run.lastTime + next.withinMs);
      }
    }
    if (expiry !== run.expiry || !Number.isFinite(expiry)) {
      run.expiry = expiry;
      if (Number.isFinite(expiry)) this.host.schedule(run, ps, this);
    }
  }

  private start(record: EventRecord, ps: PartitionState, up: MatchReceiver): void {
    const steps = this.steps;
    for (let j = 0; j < steps.length; j++) {
      const step = steps[j]!;
      if (this.typeMatches[j] === 1) {
        // the first step's filter sees a run with no bindings yet: the shared scratch bindings (the captures
        // are allocated only for a run that starts)
        const filter = step.kleene ? step.firstFilter : step.filter;
        if (filter === null || filter(record, this.scratchCaptures)) {
          if (!this.host.mayStartRun(ps)) return;
          const t = record.timeMs;
          const deadline = this.withinMs === null ? Number.POSITIVE_INFINITY : t + this.withinMs;
          const run = new Run(
            this.host.nextRunId(),
            j,
            0,
            -1,
            this.newCaptures(),
            t,
            t,
            deadline,
            // the expiry is the deadline (+∞ without one: then never scheduled); a number known from the start
            // keeps the field's representation small
            deadline,
            false,
            false,
            false,
            ps,
            this,
          );
          (ps.states[this.id] as SeqState).runs.push(run);
          this.host.runStarted(ps);
          if (Number.isFinite(deadline)) this.host.schedule(run, ps, this);
          this.take(run, j, record);
          this.afterTake(run, j, t, ps, up);
          return;
        }
      }
      if (!step.skippable) return;
    }
  }

  private kill(run: Run, ps: PartitionState): void {
    if (run.dead) return;
    run.dead = true;
    this.host.runEnded(ps, run);
    this.observer?.ended(run);
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
    if (completes && this.reportsMatches) up.matchedRun(this, ps, run.captures, run.start, run.deadline);
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
      (r): Run =>
        new Run(
          r.id as number,
          r.pos as number,
          r.kcount as number,
          r.last as number,
          decodeCaptures(r.captures!) as AliasBinding[],
          r.start as number,
          r.lastTime as number,
          decodeTime(r.deadline!),
          decodeTime(r.expiry!),
          r.waitingNot as boolean,
          r.trailing as boolean,
          false,
          null,
          this,
        ),
    );
    return { runs, dead: 0 };
  }
}

/** A run's bindings as they are now, for a match while the run goes on (a Kleene alias's array is copied). */
export function copyOf(captures: readonly AliasBinding[]): AliasBinding[] {
  const out: AliasBinding[] = new Array(captures.length);
  for (let i = 0; i < captures.length; i++) {
    const b = captures[i]!;
    out[i] = Array.isArray(b) ? b.slice() : b;
  }
  return out;
}

/** Removes the dead runs of a state, keeping creation order. */
function compact(state: SeqState): void {
  const runs = state.runs;
  let kept = 0;
  for (const r of runs) if (!r.dead) runs[kept++] = r;
  runs.length = kept;
  state.dead = 0;
}
