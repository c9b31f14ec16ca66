/**
 * Tumbling and sliding (hopping) time windows (semantics §9.1, §9.4, §9.5).
 *
 * Windows are aligned to the Unix epoch: a tumbling window of size D covers `[k·D, (k+1)·D)`, a sliding one
 * of size D and slide S covers `[k·S, k·S + D)` for every integer k. Each non-empty window ("pane") fires
 * when the watermark reaches its end (W ≥ end, ruling R5), in ascending order of end and, for equal ends,
 * in the order in which the partitions were first seen. A heap of panes by end keeps the watermark step
 * proportional to what is due.
 *
 * Time windows are event-time operators: a record with the late mark is refused (§4.2); a record built by
 * another stateful operator whose windows have all fired already is dropped with a VPL-R011 notice (§9.1).
 */

import type { SourceSpan } from '../../plan/source-span.js';
import { Batch, type OperatorHost } from '../core.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { FirstSeenPartitions } from '../first-seen.js';
import { MinHeap } from '../min-heap.js';
import type { AggregateOperator, GroupState } from '../operators/aggregate.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { KeyExtractor } from '../partitions.js';
import {
  decodeCaptures,
  decodeRecord,
  decodeTime,
  decodeValue,
  encodeCaptures,
  encodeRecord,
  encodeTime,
  encodeValue,
  type Json,
} from '../state-codec.js';
import { type Key, keyOf } from '../values/keys.js';
import type { EventRecord } from '../values/record.js';
import type { Value } from '../values/value.js';

interface Pane {
  readonly start: number;
  readonly end: number;
  readonly key: Key;
  readonly rank: number;
  /** the records (when the window is not fused with an aggregate) */
  readonly batch: Batch;
  /** the aggregate's accumulators (fused window + aggregate) */
  group: GroupState | null;
  /** the pane's last record in arrival order (fused) */
  last: EventRecord | null;
  fired: boolean;
}

/** shared by fused panes, which keep no records */
const EMPTY_BATCH = new Batch();

const paneBefore = (a: Pane, b: Pane): boolean => a.end < b.end || (a.end === b.end && a.rank < b.rank);

export class TimeWindow implements Operator {
  /** per partition: open panes by start */
  private readonly partitions = new Map<Key, Map<number, Pane>>();
  private readonly due = new MinHeap<Pane>(paneBefore);
  /** every partition seen: its first-seen rank and key value (kept after its panes fired) */
  readonly seen = new FirstSeenPartitions();
  private readonly keys: KeyExtractor | null;
  /** the watermark this operator last processed in its `onWatermark` (see {@link wo}) */
  private processed = Number.NEGATIVE_INFINITY;

  /** Wₒ of §9.1: the watermark this operator last processed, including steps the engine skipped */
  private get wo(): number {
    const settled = this.host.settledWatermark;
    return Math.max(settled, this.processed);
  }

  /**
   * @param sizeMs window length D
   * @param slideMs S for a sliding window; `null` (or equal to D) for a tumbling one
   */
  constructor(
    private readonly sizeMs: number,
    slideMs: number | null,
    partitionBy: string | null,
    private readonly host: OperatorHost,
    private readonly span: SourceSpan,
    private readonly next: Continuation,
    /**
     * When set, the `.aggregate(...)` that directly follows the window: panes keep its accumulators instead of
     * their records, and a fired pane releases the aggregate's one result record (`next` continues after it).
     */
    private readonly aggregate: AggregateOperator | null = null,
  ) {
    this.slideMs = slideMs ?? sizeMs;
    this.keys = partitionBy === null ? null : new KeyExtractor([partitionBy]);
  }

  private readonly slideMs: number;

  process(batch: Batch, late: boolean): void {
    if (late) {
      if (batch.length > 0) this.host.refuseLate(this.span);
      batch.clear();
      return;
    }
    const n = batch.length;
    for (let i = 0; i < n; i++) this.add(batch.records[i]!, batch.captures[i]!);
    batch.clear();
  }

  private add(record: EventRecord, captures: Batch['captures'][number]): void {
    const t = record.timeMs;
    const D = this.sizeMs;
    const S = this.slideMs;
    // windows [k·S, k·S + D) containing t: k from floor((t − D)/S) + 1 to floor(t/S)
    const kLast = Math.floor(t / S);
    const kFirst = Math.floor((t - D) / S) + 1;
    // a slide longer than the size leaves gaps: a record in a gap belongs to no window (VPL-O033)
    if (kFirst > kLast) return;
    const processed = this.wo;
    if (kLast * S + D <= processed) {
      this.host.diagnostic(
        RuntimeCodes.lateDerived,
        `A record at ${t} ms was dropped: every time window that would contain it has already fired.`,
        this.span,
      );
      return;
    }
    const keyValue = this.keys === null ? null : this.keys.first(record);
    const key = this.keys === null ? null : keyOf(keyValue);
    let panes = this.partitions.get(key);
    if (panes === undefined) {
      panes = new Map();
      this.partitions.set(key, panes);
    }
    for (let k = kFirst; k <= kLast; k++) {
      const start = k * S;
      const end = start + D;
      if (end <= processed) continue;
      let pane = panes.get(start);
      if (pane === undefined) {
        pane = this.newPane(start, key, keyValue);
        panes.set(start, pane);
        this.due.push(pane);
        this.host.wakeAt(end);
      }
      const agg = this.aggregate;
      if (agg === null) {
        pane.batch.push(record, captures);
      } else {
        agg.feedRecord(pane.group!, record, captures);
        pane.last = record;
      }
    }
  }

  dueAt(): number {
    return this.due.peek()?.end ?? Number.POSITIVE_INFINITY;
  }

  onWatermark(w: number): void {
    const wo = this.wo;
    this.processed = Math.max(w, wo);
    const due = this.due;
    for (let top = due.peek(); top !== undefined && top.end <= w; top = due.peek()) {
      due.pop();
      const panes = this.partitions.get(top.key);
      if (panes !== undefined) {
        panes.delete(top.start);
        if (panes.size === 0) this.partitions.delete(top.key);
      }
      top.fired = true;
      if (this.aggregate === null) this.next(top.batch);
      else this.next(Batch.of(this.aggregate.result(top.group!, top.last!)));
    }
  }

  discard(): void {
    this.partitions.clear();
    this.due.clear();
  }

  checkpoint(): Json {
    const panes = [...this.due.toArray()].sort((a, b) => (paneBefore(a, b) ? -1 : paneBefore(b, a) ? 1 : 0));
    return {
      processed: encodeTime(this.wo),
      order: this.seen.checkpointOrder(),
      keyValues: this.seen.checkpointValues(),
      panes: panes.map(
        (p): Json =>
          p.group === null
            ? {
                start: p.start,
                records: p.batch.recordList().map(encodeRecord),
                captures: p.batch.captureList().map(encodeCaptures),
              }
            : {
                start: p.start,
                key: encodeValue(p.group.keyValue),
                accs: p.group.accs.map((a) => a.checkpoint()),
                last: encodeRecord(p.last!),
              },
      ),
    };
  }

  /** A pane of partition `key`, opened by a record whose key field holds `keyValue`. */
  private newPane(start: number, key: Key, keyValue: Value): Pane {
    const agg = this.aggregate;
    const rank = this.seen.see(key, keyValue);
    return {
      start,
      end: start + this.sizeMs,
      key,
      rank,
      batch: agg === null ? new Batch() : EMPTY_BATCH,
      // the result carries the value of the partition's first record (§2.5), not that of the pane's
      group: agg === null ? null : agg.fresh(agg.partitionBy === null ? null : this.seen.valueAt(rank)),
      last: null,
      fired: false,
    };
  }

  restore(state: Json): void {
    type PaneJson = { start: number; records?: Json[]; captures?: Json[]; key?: Json; accs?: Json[]; last?: Json };
    const s = state as { processed: Json; order: Json; keyValues?: Json; panes: PaneJson[] };
    this.discard();
    this.processed = decodeTime(s.processed);
    this.seen.restore(s.order, s.keyValues);
    for (const p of s.panes) {
      let pane: Pane;
      if (p.records !== undefined) {
        const batch = new Batch(p.records.map(decodeRecord), p.captures!.map(decodeCaptures));
        const first = batch.records[0]!;
        const key = this.keys === null ? null : this.keys.key(first);
        pane = {
          start: p.start,
          end: p.start + this.sizeMs,
          key,
          rank: this.seen.see(key, this.keys === null ? null : this.keys.first(first)),
          batch,
          group: null,
          last: null,
          fired: false,
        };
      } else {
        const last = decodeRecord(p.last!);
        const key = this.keys === null ? null : this.keys.key(last);
        // `key` is the value the pane's result carries: the partition's value when a checkpoint lacks it
        pane = this.newPane(p.start, key, decodeValue(p.key!));
        pane.group!.accs.forEach((a, i) => {
          a.restore(p.accs![i]!);
        });
        pane.last = last;
      }
      let panes = this.partitions.get(pane.key);
      if (panes === undefined) {
        panes = new Map();
        this.partitions.set(pane.key, panes);
      }
      panes.set(p.start, pane);
      this.due.push(pane);
    }
  }
}
