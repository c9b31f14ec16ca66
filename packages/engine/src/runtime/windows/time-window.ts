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
import { MinHeap } from '../min-heap.js';
import type { AggregateOperator, GroupState } from '../operators/aggregate.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { FirstSeenOrder, KeyExtractor } from '../partitions.js';
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
import type { Key } from '../values/keys.js';
import type { EventRecord } from '../values/record.js';

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
  private readonly order = new FirstSeenOrder();
  private readonly keys: KeyExtractor | null;
  /** the watermark this operator last processed (Wₒ of §9.1) */
  private processed = Number.NEGATIVE_INFINITY;

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
    if (kLast * S + D <= this.processed) {
      this.host.diagnostic(
        RuntimeCodes.lateDerived,
        `A record at ${t} ms was dropped: every time window that would contain it has already fired.`,
        this.span,
      );
      return;
    }
    const key = this.keys === null ? null : this.keys.key(record);
    let panes = this.partitions.get(key);
    if (panes === undefined) {
      panes = new Map();
      this.partitions.set(key, panes);
    }
    for (let k = kFirst; k <= kLast; k++) {
      const start = k * S;
      const end = start + D;
      if (end <= this.processed) continue;
      let pane = panes.get(start);
      if (pane === undefined) {
        pane = this.newPane(start, key, record);
        panes.set(start, pane);
        this.due.push(pane);
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

  onWatermark(w: number): void {
    if (w > this.processed) this.processed = w;
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
      processed: encodeTime(this.processed),
      order: this.order.checkpoint(),
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

  private newPane(start: number, key: Key, first: EventRecord): Pane {
    const agg = this.aggregate;
    return {
      start,
      end: start + this.sizeMs,
      key,
      rank: this.order.rank(key),
      batch: agg === null ? new Batch() : EMPTY_BATCH,
      group: agg === null ? null : agg.fresh(agg.partitionBy === null ? null : first.get(agg.partitionBy)),
      last: null,
      fired: false,
    };
  }

  restore(state: Json): void {
    type PaneJson = { start: number; records?: Json[]; captures?: Json[]; key?: Json; accs?: Json[]; last?: Json };
    const s = state as { processed: Json; order: Json; panes: PaneJson[] };
    this.discard();
    this.processed = decodeTime(s.processed);
    this.order.restore(s.order);
    for (const p of s.panes) {
      let pane: Pane;
      if (p.records !== undefined) {
        const batch = new Batch(p.records.map(decodeRecord), p.captures!.map(decodeCaptures));
        const key = this.keys === null ? null : this.keys.key(batch.records[0]!);
        pane = {
          start: p.start,
          end: p.start + this.sizeMs,
          key,
          rank: this.order.rank(key),
          batch,
          group: null,
          last: null,
          fired: false,
        };
      } else {
        const last = decodeRecord(p.last!);
        const key = this.keys === null ? null : this.keys.key(last);
        pane = this.newPane(p.start, key, last);
        pane.group!.keyValue = decodeValue(p.key!);
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
