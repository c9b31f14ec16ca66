/**
 * Count windows (semantics §9.2, §9.3). They react to arrivals only, are not event-time operators (late
 * records are taken like any other, ruling R1), and discard partial buffers at the end of input.
 */

import { Batch } from '../core.js';
import { FirstSeenPartitions } from '../first-seen.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { KeyExtractor } from '../partitions.js';
import { decodeCaptures, decodeRecord, encodeCaptures, encodeRecord, type Json } from '../state-codec.js';
import { type Key, keyOf } from '../values/keys.js';
import type { Value } from '../values/value.js';

/** A count window's checkpoint: the open windows, and every partition seen ({@link FirstSeenPartitions}). */
export type CountWindowCheckpoint = {
  parts: { records: Json[]; captures: Json[]; since: number }[];
  order: Json;
  keyValues: Json;
};

/** Reads a count window's checkpoint; one written before key values were kept is the bare list of parts. */
export function readCountWindowCheckpoint(
  state: Json,
): Partial<CountWindowCheckpoint> & Pick<CountWindowCheckpoint, 'parts'> {
  return Array.isArray(state) ? { parts: state as CountWindowCheckpoint['parts'] } : (state as CountWindowCheckpoint);
}

interface CountState {
  buffer: Batch;
  /** records arrived since the last release (sliding form) */
  sinceRelease: number;
}

/**
 * `.window(N)` (tumbling count) and `.window(N, sliding: S)` (sliding count). With `slide === null` the
 * buffer is released and emptied when it holds N records; otherwise it keeps the last N records and a copy
 * is released when it is full and at least S records arrived since the previous release.
 */
export class CountWindow implements Operator {
  private readonly partitions = new Map<Key, CountState>();
  private readonly keys: KeyExtractor | null;
  /** every partition seen, with the key value of its first record (kept after its windows were released) */
  readonly seen = new FirstSeenPartitions();

  constructor(
    private readonly size: number,
    private readonly slide: number | null,
    partitionBy: string | null,
    private readonly next: Continuation,
  ) {
    this.keys = partitionBy === null ? null : new KeyExtractor([partitionBy]);
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
    // The batch is released record by record below; take its contents first.
    const records = batch.recordList();
    const captures = batch.captureList();
    batch.clear();
    for (let i = 0; i < n; i++) this.add(records[i]!, captures[i]!);
  }

  private add(record: Batch['records'][number], captures: Batch['captures'][number]): void {
    let key: Key = null;
    let keyValue: Value = null;
    if (this.keys !== null) {
      keyValue = this.keys.first(record);
      key = keyOf(keyValue);
    }
    let state = this.partitions.get(key);
    if (state === undefined) {
      state = { buffer: new Batch(), sinceRelease: 0 };
      this.partitions.set(key, state);
      if (this.keys !== null) this.seen.see(key, keyValue);
    }
    const buf = state.buffer;
    buf.push(record, captures);
    if (this.slide === null) {
      if (buf.length >= this.size) {
        this.partitions.delete(key);
        this.next(buf);
      }
      return;
    }
    state.sinceRelease++;
    if (buf.length > this.size) {
      buf.shift();
    }
    if (buf.length === this.size && state.sinceRelease >= this.slide) {
      state.sinceRelease = 0;
      this.next(buf.copy());
    }
  }

  discard(): void {
    this.partitions.clear();
  }

  checkpoint(): Json {
    const parts: CountWindowCheckpoint['parts'] = [];
    for (const [, s] of this.partitions) {
      parts.push({
        records: s.buffer.recordList().map(encodeRecord),
        captures: s.buffer.captureList().map(encodeCaptures),
        since: s.sinceRelease,
      });
    }
    const state: CountWindowCheckpoint = {
      parts,
      order: this.seen.checkpointOrder(),
      keyValues: this.seen.checkpointValues(),
    };
    return state;
  }

  restore(state: Json): void {
    this.partitions.clear();
    const s = readCountWindowCheckpoint(state);
    this.seen.restore(s.order, s.keyValues);
    for (const p of s.parts) {
      const buf = new Batch(p.records.map(decodeRecord), p.captures.map(decodeCaptures));
      let key: Key = null;
      if (this.keys !== null && buf.length > 0) {
        const keyValue = this.keys.first(buf.records[0]!);
        key = keyOf(keyValue);
        this.seen.see(key, keyValue);
      }
      this.partitions.set(key, { buffer: buf, sinceRelease: p.since });
    }
  }
}
