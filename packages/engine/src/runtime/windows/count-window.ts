/**
 * Count windows (semantics §9.2, §9.3). They react to arrivals only, are not event-time operators (late
 * records are taken like any other, ruling R1), and discard partial buffers at the end of input.
 */

import { Batch } from '../core.js';
import type { Continuation, Operator } from '../operators/operator.js';
import { KeyExtractor } from '../partitions.js';
import { decodeCaptures, decodeRecord, encodeCaptures, encodeRecord, type Json } from '../state-codec.js';
import type { Key } from '../values/keys.js';

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
    const key = this.keys === null ? null : this.keys.key(record);
    let state = this.partitions.get(key);
    if (state === undefined) {
      state = { buffer: new Batch(), sinceRelease: 0 };
      this.partitions.set(key, state);
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
    const parts: Json[] = [];
    for (const [, s] of this.partitions) {
      parts.push({
        records: s.buffer.recordList().map(encodeRecord),
        captures: s.buffer.captureList().map(encodeCaptures),
        since: s.sinceRelease,
      });
    }
    return parts;
  }

  restore(state: Json): void {
    this.partitions.clear();
    for (const p of state as { records: Json[]; captures: Json[]; since: number }[]) {
      const buf = new Batch(p.records.map(decodeRecord), p.captures.map(decodeCaptures));
      const key = this.keys === null || buf.length === 0 ? null : this.keys.key(buf.records[0]!);
      this.partitions.set(key, { buffer: buf, sinceRelease: p.since });
    }
  }
}
