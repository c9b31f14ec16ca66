/**
 * What a partitioned operator remembers of every partition it has taken a record of (semantics §2.5, §4.4;
 * docs/decisions/0014-partition-state-lifetime.md):
 *
 * - the key value of the partition's first record, which its results carry (`1.0` for a partition whose
 *   first record had `k: 1.0`, even when a later window of it starts with `k: 1`);
 * - the order in which the partitions were first seen (the tie-break of windows that fire at the same end).
 *
 * Both outlive the partition's state: an operator keeps one entry per key it has ever seen (like
 * `count_distinct`), so a partition whose windows were all released comes back with the same value and rank.
 */

import { decodeKey, encodeKey } from './partitions.js';
import { decodeValue, encodeValue, type Json } from './state-codec.js';
import type { Key } from './values/keys.js';
import type { Value } from './values/value.js';

/** How a value that is not known yet is written in a checkpoint (see {@link FirstSeenPartitions.restore}). */
const UNKNOWN: Json = { unknown: true };

export class FirstSeenPartitions {
  private readonly ranks = new Map<Key, number>();
  /**
   * per rank, the key value of the partition's first record; `undefined` only after restoring a checkpoint
   * written before key values were kept, until the partition is seen again
   */
  private readonly values: (Value | undefined)[] = [];

  /** The number of partitions seen. */
  get size(): number {
    return this.values.length;
  }

  /**
   * Notes a record of partition `key` whose key field holds `value`, and returns the partition's rank (0 for
   * the first partition seen). Only the first record of a partition sets its value.
   */
  see(key: Key, value: Value): number {
    let r = this.ranks.get(key);
    if (r === undefined) {
      r = this.values.length;
      this.ranks.set(key, r);
      this.values.push(value);
    } else if (this.values[r] === undefined) {
      this.values[r] = value;
    }
    return r;
  }

  /** The key value of the partition of rank `rank` (which {@link see} returned). */
  valueAt(rank: number): Value {
    return this.values[rank] ?? null;
  }

  /** The key value of partition `key`, or `undefined` when this operator has not seen it (or not yet its value). */
  valueOf(key: Key): Value | undefined {
    const r = this.ranks.get(key);
    return r === undefined ? undefined : this.values[r];
  }

  /** The keys in first-seen order (the checkpoint member `order`). */
  checkpointOrder(): Json {
    return [...this.ranks.keys()].map(encodeKey);
  }

  /** The key values in first-seen order (the checkpoint member `keyValues`, parallel to `order`). */
  checkpointValues(): Json {
    return this.values.map((v) => (v === undefined ? UNKNOWN : encodeValue(v)));
  }

  /**
   * Restores the members written by {@link checkpointOrder} and {@link checkpointValues}. A checkpoint written
   * before the key values were kept has no `keyValues` (or no `order` either, for count windows): the ranks
   * are restored, and each value is taken from the next record of the partition seen after the restore.
   */
  restore(order: Json | undefined, keyValues: Json | undefined): void {
    this.ranks.clear();
    this.values.length = 0;
    const values = (keyValues ?? []) as Json[];
    ((order ?? []) as Json[]).forEach((k, i) => {
      const j = values[i];
      const value = j === undefined || isUnknown(j) ? undefined : decodeValue(j);
      this.ranks.set(decodeKey(k), i);
      this.values.push(value);
    });
  }
}

function isUnknown(j: Json): boolean {
  return j !== null && typeof j === 'object' && !Array.isArray(j) && j.unknown === true;
}
