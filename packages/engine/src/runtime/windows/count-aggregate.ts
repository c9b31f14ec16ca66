/**
 * A count window fused with the `.aggregate(...)` right after it (semantics §9.2, §9.3, §10), used when the
 * aggregate is partitioned like the window and its arguments are context-free (`isContextFree`): the
 * arguments are evaluated once, when a record arrives, instead of for every release that contains it, and
 * no batch of records is built or copied per release.
 *
 * - Tumbling (`.window(N)`): each partition feeds its records to accumulators as they arrive; the N-th record
 *   releases the result and the accumulators are reset for the next window.
 * - Sliding (`.window(N, sliding: S)`): each partition keeps a ring of its last N records with their argument
 *   values; a release resets one set of accumulators and feeds it the N values, oldest first.
 *
 * The outputs and diagnostics are those of the separate window and aggregate: accumulators see the same
 * values in the same order, and a diagnostic raised while a record's arguments are evaluated (or while a
 * tumbling accumulator takes them) is held back and reported when the window releases — in the same order
 * and at the same event — or dropped with a partial window at the end of input (ruling R2), exactly when the
 * separate aggregate would have reported it. The checkpoint keeps the format of the separate count window. Results
 * carry the key value of the partition's first record (§2.5), kept after its windows were released.
 */

import { Batch, type Captures } from '../core.js';
import type { AliasBinding, EvalContext } from '../expressions/context.js';
import type { DiagnosticSink, RuntimeDiagnostic } from '../expressions/diagnostics.js';
import { FirstSeenPartitions } from '../first-seen.js';
import type { AggregateOperator, GroupState } from '../operators/aggregate.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { KeyExtractor } from '../partitions.js';
import { decodeCaptures, decodeRecord, encodeCaptures, encodeRecord, type Json } from '../state-codec.js';
import { type Key, keyOf } from '../values/keys.js';
import type { EventRecord } from '../values/record.js';
import { FloatValue, type Value } from '../values/value.js';
import { type CountWindowCheckpoint, readCountWindowCheckpoint } from './count-window.js';

const NO_ALIASES: AliasBinding[] = [];

/** The state of one partition. */
class CountPartition {
  /** the key value of the partition's first record, which the results carry */
  keyValue: Value = null;
  /** the records of the current window (tumbling: in arrival order; sliding: a ring starting at `head`) */
  readonly records: EventRecord[] = [];
  readonly captures: Captures[] = [];
  head = 0;
  length = 0;
  /** records arrived since the last release (sliding) */
  sinceRelease = 0;
  /** tumbling: the accumulators fed so far */
  group: GroupState | null = null;
  /** sliding: the argument values of the ring's records, `slot * calls + call` */
  readonly values: Value[] = [];
  /** sliding: the same values as numbers; NaN where a value is not a number (or is NaN) */
  numbers: Float64Array | null = null;
  /**
   * sliding: per ring slot, 1 when its record may make the aggregate report something (a value that is not a
   * number, or a diagnostic held back from its arguments); `irregular` counts those slots
   */
  flags: Uint8Array | null = null;
  irregular = 0;
  /** diagnostics held back until the release: tumbling, in order; sliding, per `slot * calls + call` */
  deferred: (RuntimeDiagnostic[] | undefined)[] | null = null;
}

export class CountWindowAggregate implements Operator {
  private readonly partitions = new Map<Key, CountPartition>();
  private readonly keys: KeyExtractor | null;
  /** every partition seen, with the key value of its first record (kept after its windows were released) */
  readonly seen = new FirstSeenPartitions();
  private readonly args: readonly (((ctx: EvalContext) => Value) | null)[];
  private readonly calls: number;
  /** partitions released by a tumbling window, reused by the next partitions that start */
  private readonly spares: CountPartition[] = [];
  /** sliding: whether the accumulator of each call takes plain numbers (`addNumber`) */
  private readonly numeric: boolean[];
  /** sliding: the accumulators every release resets and feeds */
  private slidingGroup: GroupState | null = null;
  /** diagnostics raised while a record is taken in, before they are stored with its partition */
  private readonly captured: RuntimeDiagnostic[] = [];
  private readonly capture: DiagnosticSink = (d) => {
    this.captured.push(d);
  };
  private readonly out = new Batch();
  private releasing = false;

  constructor(
    private readonly size: number,
    private readonly slide: number | null,
    partitionBy: string | null,
    private readonly aggregate: AggregateOperator,
    private readonly ctx: EvalContext,
    private readonly next: Continuation,
  ) {
    this.keys = partitionBy === null ? null : new KeyExtractor([partitionBy]);
    this.args = aggregate.argumentEvaluators;
    this.calls = this.args.length;
    this.numeric = aggregate.fresh(null).accs.map((a) => a.addNumber !== undefined);
  }

  process(batch: Batch, _late: boolean): void {
    const n = batch.length;
    if (n === 1) {
      const r = batch.records[0]!;
      const c = batch.captures[0]!;
      batch.clear();
      this.add(r, c);
      return;
    }
    // records are released one by one below; take the batch's contents first
    const records = batch.recordList();
    const captures = batch.captureList();
    batch.clear();
    for (let i = 0; i < n; i++) this.add(records[i]!, captures[i]!);
  }

  /**
   * The partition of `record` (key `key`, key field value `keyValue`), created (or a released one reused) when
   * absent.
   */
  private partition(key: Key, keyValue: Value): CountPartition {
    let p = this.partitions.get(key);
    if (p === undefined) {
      p = this.spares.pop() ?? new CountPartition();
      p.keyValue = this.keys === null ? null : this.seen.valueAt(this.seen.see(key, keyValue));
      this.partitions.set(key, p);
    }
    return p;
  }

  private add(record: EventRecord, captures: Captures): void {
    let key: Key = null;
    let keyValue: Value = null;
    if (this.keys !== null) {
      keyValue = this.keys.first(record);
      key = keyOf(keyValue);
    }
    const p = this.partition(key, keyValue);
    if (this.slide === null) {
      this.takeTumbling(p, record, captures);
      if (p.length >= this.size) this.releaseTumbling(key, p, record);
      return;
    }
    this.takeSliding(p, record, captures);
    p.sinceRelease++;
    if (p.length === this.size && p.sinceRelease >= this.slide) {
      p.sinceRelease = 0;
      this.releaseSliding(p);
    }
  }

  // ---- tumbling ----

  private takeTumbling(p: CountPartition, record: EventRecord, captures: Captures): void {
    const n = p.length;
    if (n === 0) {
      if (p.group === null) p.group = this.aggregate.fresh(p.keyValue);
      else resetGroup(p.group, p.keyValue);
      if (p.deferred !== null) p.deferred.length = 0;
    }
    p.records[n] = record;
    p.captures[n] = captures;
    p.length = n + 1;
    const ctx = this.ctx;
    const report = ctx.report;
    ctx.report = this.capture;
    try {
      ctx.record = record;
      ctx.aliases = captures ?? NO_ALIASES;
      const args = this.args;
      const accs = p.group!.accs;
      for (let c = 0; c < accs.length; c++) {
        const a = args[c]!;
        accs[c]!.add(a === null ? null : a(ctx), ctx);
      }
    } finally {
      ctx.report = report;
    }
    const captured = this.captured;
    if (captured.length > 0) {
      if (p.deferred === null) p.deferred = [];
      p.deferred.push(captured.slice());
      captured.length = 0;
    }
  }

  private releaseTumbling(key: Key, p: CountPartition, last: EventRecord): void {
    this.partitions.delete(key);
    this.replay(p.deferred);
    const result = this.aggregate.result(p.group!, last);
    p.length = 0;
    this.spares.push(p);
    this.emit(result);
  }

  // ---- sliding ----

  private takeSliding(p: CountPartition, record: EventRecord, captures: Captures): void {
    const size = this.size;
    let slot: number;
    if (p.length < size) {
      slot = p.head + p.length;
      if (slot >= size) slot -= size;
      p.length++;
    } else {
      slot = p.head;
      p.head = slot + 1 === size ? 0 : slot + 1;
    }
    p.records[slot] = record;
    p.captures[slot] = captures;
    const calls = this.calls;
    const base = slot * calls;
    let numbers = p.numbers;
    let flags = p.flags;
    if (numbers === null || flags === null) {
      numbers = p.numbers = new Float64Array(size * calls);
      flags = p.flags = new Uint8Array(size);
    }
    let irregular = 0;
    const ctx = this.ctx;
    const report = ctx.report;
    ctx.report = this.capture;
    const captured = this.captured;
    const deferred = p.deferred;
    try {
      ctx.record = record;
      ctx.aliases = captures ?? NO_ALIASES;
      const args = this.args;
      for (let c = 0; c < calls; c++) {
        const a = args[c]!;
        const v = a === null ? null : a(ctx);
        const x = numberOf(v);
        p.values[base + c] = v;
        numbers[base + c] = x;
        if (Number.isNaN(x) && a !== null) irregular = 1;
        if (captured.length > 0) {
          if (p.deferred === null) p.deferred = [];
          p.deferred[base + c] = captured.slice();
          captured.length = 0;
          irregular = 1;
        } else if (deferred !== null) {
          deferred[base + c] = undefined;
        }
      }
    } finally {
      ctx.report = report;
    }
    p.irregular += irregular - flags[slot]!;
    flags[slot] = irregular;
  }

  private releaseSliding(p: CountPartition): void {
    const size = this.size;
    const head = p.head;
    const keyValue = p.keyValue;
    let g = this.slidingGroup;
    if (g === null) g = this.slidingGroup = this.aggregate.fresh(keyValue);
    else resetGroup(g, keyValue);
    const accs = g.accs;
    const calls = this.calls;
    const values = p.values;
    const numbers = p.numbers!;
    const numeric = this.numeric;
    const ctx = this.ctx;
    if (p.irregular === 0) {
      // nothing in the window can make an accumulator report: each takes its values alone, oldest first
      for (let c = 0; c < calls; c++) {
        const acc = accs[c]!;
        if (numeric[c]) {
          acc.addNumbers!(numbers, head * calls + c, size - head, calls);
          acc.addNumbers!(numbers, c, head, calls);
          continue;
        }
        if (acc.addValues !== undefined) {
          acc.addValues(values, head * calls + c, size - head, calls);
          acc.addValues(values, c, head, calls);
          continue;
        }
        for (let i = 0; i < size; i++) {
          let slot = head + i;
          if (slot >= size) slot -= size;
          acc.add(values[slot * calls + c]!, ctx);
        }
      }
    } else {
      // record by record, call by call, with the diagnostics held back from the arguments: the order in
      // which the separate aggregate reports
      const deferred = p.deferred;
      for (let i = 0; i < size; i++) {
        let slot = head + i;
        if (slot >= size) slot -= size;
        const base = slot * calls;
        for (let c = 0; c < calls; c++) {
          if (deferred !== null) this.replayOne(deferred[base + c]);
          const k = base + c;
          const x = numbers[k]!;
          if (numeric[c] && !Number.isNaN(x)) accs[c]!.addNumber!(x);
          else accs[c]!.add(values[k]!, ctx);
        }
      }
    }
    let lastSlot = head + size - 1;
    if (lastSlot >= size) lastSlot -= size;
    this.emit(this.aggregate.result(g, p.records[lastSlot]!));
  }

  // ---- release ----

  private replay(deferred: (RuntimeDiagnostic[] | undefined)[] | null): void {
    if (deferred === null) return;
    for (let i = 0; i < deferred.length; i++) this.replayOne(deferred[i]);
  }

  private replayOne(list: RuntimeDiagnostic[] | undefined): void {
    if (list === undefined) return;
    const report = this.ctx.report;
    for (let i = 0; i < list.length; i++) report(list[i]!);
  }

  /** Runs the rest of the pipeline on the aggregate's result record. */
  private emit(result: EventRecord): void {
    if (this.releasing) {
      this.next(Batch.of(result));
      return;
    }
    this.releasing = true;
    try {
      this.out.setSingle(result, null);
      this.next(this.out);
    } finally {
      this.releasing = false;
    }
  }

  discard(): void {
    this.partitions.clear();
    this.spares.length = 0;
  }

  /** The records of each partition's current window, in the format of {@link CountWindow}'s checkpoint. */
  checkpoint(): Json {
    const parts: CountWindowCheckpoint['parts'] = [];
    for (const [, p] of this.partitions) {
      const records: Json[] = [];
      const captures: Json[] = [];
      for (let i = 0; i < p.length; i++) {
        let slot = p.head + i;
        if (slot >= this.size) slot -= this.size;
        records.push(encodeRecord(p.records[slot]!));
        captures.push(encodeCaptures(p.captures[slot]!));
      }
      parts.push({ records, captures, since: p.sinceRelease });
    }
    const state: CountWindowCheckpoint = {
      parts,
      order: this.seen.checkpointOrder(),
      keyValues: this.seen.checkpointValues(),
    };
    return state;
  }

  restore(state: Json): void {
    this.discard();
    const st = readCountWindowCheckpoint(state);
    this.seen.restore(st.order, st.keyValues);
    for (const s of st.parts) {
      const records = s.records.map(decodeRecord);
      const captures = s.captures.map(decodeCaptures);
      if (records.length === 0) continue;
      const keyValue = this.keys === null ? null : this.keys.first(records[0]!);
      const p = this.partition(this.keys === null ? null : keyOf(keyValue), keyValue);
      for (let i = 0; i < records.length; i++) {
        if (this.slide === null) this.takeTumbling(p, records[i]!, captures[i]!);
        else this.takeSliding(p, records[i]!, captures[i]!);
      }
      p.sinceRelease = s.since;
    }
  }
}

/** The number a numeric value stands for, or NaN for any other value (and for NaN itself). */
function numberOf(v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof FloatValue) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return Number.NaN;
}

function resetGroup(g: GroupState, keyValue: Value): void {
  g.keyValue = keyValue;
  const accs = g.accs;
  for (let c = 0; c < accs.length; c++) accs[c]!.reset();
}
