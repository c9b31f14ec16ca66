/**
 * `join(A, B, …)` sources (semantics §8.11b, D17): correlation with the latest qualifying partner.
 *
 * Each arriving record `e` of input X is stored in X's buffer; then, for every other input Y in input
 * order, the most recently arrived buffered `y` with `|t_e − t_y| ≤ D` for which every conjunct of the
 * condition that mentions only `e`, the partners already chosen and `y` holds is chosen. When every input
 * has a partner and the whole condition holds, one joined record is produced: type = the stream, time =
 * `e`'s, fields `<Input>_<field>` for each input in order, then each plain field name not yet present
 * (from the first input that has it). Inside the join stream the inputs are bound as aliases.
 *
 * A join is an event-time operator: it refuses late records. A buffered record is evicted when
 * `t < W − D` and at the end of input; at most 10 000 records per input are kept (oldest first, VPL-R006).
 */

import type { JoinSourcePlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { CompiledCondition, ExpressionCompiler } from '../expr.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { decodeRecord, encodeRecord, type Json } from '../state-codec.js';
import { EventRecord, Shape } from '../values/record.js';
import type { Operator } from './operator.js';

export const JOIN_BUFFER_LIMIT = 10_000;

interface Conjunct {
  readonly test: CompiledCondition;
  /** bit set of the inputs it mentions */
  readonly mask: number;
}

export class JoinOperator implements Operator {
  readonly buildsRecords = true;
  private readonly buffers: EventRecord[][];
  private readonly inputOf = new Map<string, number>();
  private readonly conjuncts: Conjunct[];
  private readonly whole: Conjunct[];
  private readonly prefixes: string[];
  private minTime = Number.POSITIVE_INFINITY;
  private reported = false;

  constructor(
    private readonly plan: JoinSourcePlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
    private readonly aliasCount: number,
    private readonly limit = JOIN_BUFFER_LIMIT,
  ) {
    this.buffers = plan.inputs.map(() => []);
    plan.inputs.forEach((input, i) => {
      if (!this.inputOf.has(input.type)) this.inputOf.set(input.type, i);
    });
    this.conjuncts = plan.conjuncts.map((c) => ({
      test: compiler.compileCondition(c.expr),
      mask: c.inputs.reduce((m, i) => m | (1 << i), 0),
    }));
    this.whole = this.conjuncts;
    this.prefixes = plan.inputs.map((i) => `${i.name}_`);
  }

  /** The route keys the join listens to. */
  get types(): Iterable<string> {
    return this.inputOf.keys();
  }

  process(batch: Batch, late: boolean): void {
    if (late) {
      if (batch.length > 0) this.host.refuseLate(this.plan.span);
      batch.clear();
      return;
    }
    const n = batch.length;
    const records = n === 1 ? [batch.records[0]!] : batch.recordList();
    batch.clear();
    for (const r of records) this.arrive(r, batch);
  }

  private arrive(e: EventRecord, out: Batch): void {
    const x = this.inputOf.get(e.type);
    if (x === undefined) return;
    const buf = this.buffers[x]!;
    buf.push(e);
    if (e.timeMs < this.minTime) {
      this.minTime = e.timeMs;
      this.host.wakeAt(e.timeMs + this.plan.windowMs);
    }
    if (buf.length > this.limit) {
      buf.shift();
      if (!this.reported) {
        this.reported = true;
        this.host.diagnostic(
          RuntimeCodes.resourceLimit,
          `A join buffer keeps at most ${this.limit} records per input; the oldest are being evicted.`,
          this.plan.span,
        );
      }
    }
    const D = this.plan.windowMs;
    const inputs = this.plan.inputs;
    const chosen: AliasBinding[] = new Array(this.aliasCount).fill(null);
    chosen[inputs[x]!.slot] = e;
    let mask = 1 << x;
    const ctx = this.ctx;
    ctx.record = e;
    ctx.aliases = chosen;
    for (let y = 0; y < inputs.length; y++) {
      if (y === x) continue;
      const ybuf = this.buffers[y]!;
      const ybit = 1 << y;
      const slot = inputs[y]!.slot;
      let found = false;
      for (let i = ybuf.length - 1; i >= 0; i--) {
        const cand = ybuf[i]!;
        if (Math.abs(cand.timeMs - e.timeMs) > D) continue;
        chosen[slot] = cand;
        let ok = true;
        for (const c of this.conjuncts) {
          if ((c.mask & ybit) === 0 || (c.mask & ~(mask | ybit)) !== 0) continue;
          if (!c.test(ctx)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          found = true;
          break;
        }
      }
      if (!found) return;
      mask |= ybit;
    }
    for (const c of this.whole) if (!c.test(ctx)) return;
    out.push(this.joined(e.timeMs, chosen), chosen);
  }

  private joined(time: number, chosen: AliasBinding[]): EventRecord {
    const r = new EventRecord(this.host.streamName, time, Shape.EMPTY, []);
    const inputs = this.plan.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const rec = chosen[inputs[i]!.slot] as EventRecord;
      const names = rec.shape.names;
      for (let k = 0; k < names.length; k++) r.set(this.prefixes[i]! + names[k]!, rec.values[k]!);
    }
    for (let i = 0; i < inputs.length; i++) {
      const rec = chosen[inputs[i]!.slot] as EventRecord;
      const names = rec.shape.names;
      for (let k = 0; k < names.length; k++) if (!r.has(names[k]!)) r.set(names[k]!, rec.values[k]!);
    }
    return r;
  }

  /** records are evicted once W > minTime + D; visiting at W = minTime + D is harmless */
  dueAt(): number {
    return this.minTime + this.plan.windowMs;
  }

  onWatermark(w: number): void {
    const limit = w - this.plan.windowMs;
    if (!(this.minTime < limit)) return;
    let min = Number.POSITIVE_INFINITY;
    for (const buf of this.buffers) {
      let kept = 0;
      for (const r of buf) {
        if (r.timeMs < limit) continue;
        buf[kept++] = r;
        if (r.timeMs < min) min = r.timeMs;
      }
      buf.length = kept;
    }
    this.minTime = min;
  }

  discard(): void {
    for (const b of this.buffers) b.length = 0;
    this.minTime = Number.POSITIVE_INFINITY;
  }

  checkpoint(): Json {
    return { buffers: this.buffers.map((b) => b.map(encodeRecord)), reported: this.reported };
  }

  restore(state: Json): void {
    const s = state as { buffers: Json[][]; reported: boolean };
    this.discard();
    s.buffers.forEach((b, i) => {
      const buf = this.buffers[i];
      if (buf === undefined) return;
      for (const j of b) {
        const r = decodeRecord(j);
        buf.push(r);
        if (r.timeMs < this.minTime) this.minTime = r.timeMs;
      }
    });
    this.reported = s.reported;
  }
}
