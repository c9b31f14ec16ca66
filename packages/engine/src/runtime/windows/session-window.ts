/**
 * Session windows (semantics §9.6): per partition, sessions of records whose times are at most the gap G
 * apart. A record with time t joins every session with `first − G ≤ t ≤ last + G` (merging the sessions it
 * bridges) or starts a new one. A session fires when the watermark passes `last + G` (W > last + G), in
 * ascending order of `last + G`, then of first-seen partition. The batch lists the records in arrival order.
 */

import type { SourceSpan } from '../../plan/source-span.js';
import { Batch, type Captures, type OperatorHost } from '../core.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { FirstSeenPartitions } from '../first-seen.js';
import { MinHeap } from '../min-heap.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { KeyExtractor } from '../partitions.js';
import {
  decodeCaptures,
  decodeRecord,
  decodeTime,
  encodeCaptures,
  encodeRecord,
  encodeTime,
  type Json,
} from '../state-codec.js';
import { type Key, keyOf } from '../values/keys.js';
import type { EventRecord } from '../values/record.js';

interface Session {
  first: number;
  last: number;
  readonly key: Key;
  readonly rank: number;
  records: EventRecord[];
  captures: Captures[];
  /** arrival numbers, parallel to `records`, to merge sessions in arrival order */
  arrivals: number[];
  dead: boolean;
}

interface DueEntry {
  readonly end: number;
  readonly session: Session;
}

const dueBefore = (a: DueEntry, b: DueEntry): boolean =>
  a.end < b.end || (a.end === b.end && a.session.rank < b.session.rank);

export class SessionWindow implements Operator {
  private readonly partitions = new Map<Key, Session[]>();
  private readonly due = new MinHeap<DueEntry>(dueBefore);
  /** every partition seen: its first-seen rank and key value (kept after its sessions fired) */
  readonly seen = new FirstSeenPartitions();
  private readonly keys: KeyExtractor | null;
  /** the watermark this operator last processed in its `onWatermark` (see {@link wo}) */
  private processed = Number.NEGATIVE_INFINITY;
  private arrivals = 0;

  /** the watermark this operator last processed, including steps the engine skipped */
  private get wo(): number {
    const settled = this.host.settledWatermark;
    return Math.max(settled, this.processed);
  }

  constructor(
    private readonly gapMs: number,
    partitionBy: string | null,
    private readonly host: OperatorHost,
    private readonly span: SourceSpan,
    private readonly next: Continuation,
  ) {
    this.keys = partitionBy === null ? null : new KeyExtractor([partitionBy]);
  }

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

  private add(record: EventRecord, captures: Captures): void {
    const t = record.timeMs;
    const G = this.gapMs;
    if (t + G < this.wo) {
      this.host.diagnostic(
        RuntimeCodes.lateDerived,
        `A record at ${t} ms was dropped: its session window would already have fired.`,
        this.span,
      );
      return;
    }
    const keyValue = this.keys === null ? null : this.keys.first(record);
    const key = this.keys === null ? null : keyOf(keyValue);
    let sessions = this.partitions.get(key);
    if (sessions === undefined) {
      sessions = [];
      this.partitions.set(key, sessions);
    }
    const arrival = this.arrivals++;
    let target: Session | null = null;
    let oldEnd = 0;
    for (let i = 0; i < sessions.length; i++) {
      const s = sessions[i]!;
      if (s.first - G <= t && t <= s.last + G) {
        if (target === null) {
          target = s;
          oldEnd = s.last + G;
        } else {
          // the record bridges two sessions: merge `s` into `target`
          mergeInto(target, s);
          s.dead = true;
          sessions.splice(i, 1);
          i--;
        }
      }
    }
    if (target === null) {
      target = {
        first: t,
        last: t,
        key,
        rank: this.seen.see(key, keyValue),
        records: [record],
        captures: [captures],
        arrivals: [arrival],
        dead: false,
      };
      sessions.push(target);
      sessions.sort((a, b) => a.first - b.first);
      this.due.push({ end: t + G, session: target });
      this.host.wakeAt(t + G);
      return;
    }
    target.records.push(record);
    target.captures.push(captures);
    target.arrivals.push(arrival);
    if (t < target.first) target.first = t;
    if (t > target.last) target.last = t;
    if (target.last + G !== oldEnd) {
      this.due.push({ end: target.last + G, session: target });
      this.host.wakeAt(target.last + G);
    }
  }

  /** a session fires when W > its end; visiting at W = end is harmless */
  dueAt(): number {
    return this.due.peek()?.end ?? Number.POSITIVE_INFINITY;
  }

  onWatermark(w: number): void {
    const wo = this.wo;
    this.processed = Math.max(w, wo);
    const due = this.due;
    for (let top = due.peek(); top !== undefined && top.end < w; top = due.peek()) {
      due.pop();
      const s = top.session;
      if (s.dead || s.last + this.gapMs !== top.end) continue;
      s.dead = true;
      const sessions = this.partitions.get(s.key);
      if (sessions !== undefined) {
        const i = sessions.indexOf(s);
        if (i >= 0) sessions.splice(i, 1);
        if (sessions.length === 0) this.partitions.delete(s.key);
      }
      this.next(new Batch(s.records, s.captures));
    }
  }

  discard(): void {
    this.partitions.clear();
    this.due.clear();
  }

  checkpoint(): Json {
    const live: Session[] = [];
    for (const sessions of this.partitions.values()) live.push(...sessions);
    return {
      processed: encodeTime(this.wo),
      arrivals: this.arrivals,
      order: this.seen.checkpointOrder(),
      keyValues: this.seen.checkpointValues(),
      sessions: live.map((s) => ({
        first: s.first,
        last: s.last,
        records: s.records.map(encodeRecord),
        captures: s.captures.map(encodeCaptures),
        arrivals: s.arrivals,
      })),
    };
  }

  restore(state: Json): void {
    const st = state as {
      processed: Json;
      arrivals: number;
      order: Json;
      keyValues?: Json;
      sessions: { first: number; last: number; records: Json[]; captures: Json[]; arrivals: number[] }[];
    };
    this.discard();
    this.processed = decodeTime(st.processed);
    this.arrivals = st.arrivals;
    this.seen.restore(st.order, st.keyValues);
    for (const j of st.sessions) {
      const records = j.records.map(decodeRecord);
      const keyValue = this.keys === null ? null : this.keys.first(records[0]!);
      const key = this.keys === null ? null : keyOf(keyValue);
      const s: Session = {
        first: j.first,
        last: j.last,
        key,
        rank: this.seen.see(key, keyValue),
        records,
        captures: j.captures.map(decodeCaptures),
        arrivals: j.arrivals,
        dead: false,
      };
      let sessions = this.partitions.get(key);
      if (sessions === undefined) {
        sessions = [];
        this.partitions.set(key, sessions);
      }
      sessions.push(s);
      this.due.push({ end: s.last + this.gapMs, session: s });
    }
  }
}

function mergeInto(target: Session, other: Session): void {
  const records: EventRecord[] = [];
  const captures: Captures[] = [];
  const arrivals: number[] = [];
  let i = 0;
  let j = 0;
  while (i < target.records.length || j < other.records.length) {
    const takeTarget =
      j >= other.records.length || (i < target.records.length && target.arrivals[i]! < other.arrivals[j]!);
    if (takeTarget) {
      records.push(target.records[i]!);
      captures.push(target.captures[i]!);
      arrivals.push(target.arrivals[i]!);
      i++;
    } else {
      records.push(other.records[j]!);
      captures.push(other.captures[j]!);
      arrivals.push(other.arrivals[j]!);
      j++;
    }
  }
  target.records = records;
  target.captures = captures;
  target.arrivals = arrivals;
  target.first = Math.min(target.first, other.first);
  target.last = Math.max(target.last, other.last);
}
