/**
 * The groups of one step of a trend-aggregation pane (see `trend-aggregate.ts`): vertices with the same
 * binding share one aggregate. Groups are kept in insertion order (the order results are summed in, and the
 * checkpoint order) and found by key: a linear scan while there are few (the usual case: one group per
 * earlier start event of the pane), a map beyond.
 */

import type { EventRecord } from '../values/record.js';
import type { Agg } from './trend-num.js';

/** A group of vertices of one step with the same binding. */
export interface Group {
  /** records bound to the step's live slots */
  readonly binds: (EventRecord | null)[];
  /** their ids in the pane (−1: unbound) */
  readonly ids: number[];
  readonly agg: Agg;
}

/** A binding's key: the bound id for one live slot, the ids joined for several. */
export type GroupKey = number | string;

/** Groups searched by linear scan up to this many, through a map beyond. */
const SCAN_LIMIT = 8;

/** The key of a binding given by its record ids (one live slot: the id; several: the ids joined). */
export function groupKey(ids: readonly number[]): GroupKey {
  if (ids.length === 1) return ids[0]!;
  let s = '';
  for (let t = 0; t < ids.length; t++) s += `${ids[t]!},`;
  return s;
}

/**
 * Groups by binding key, in insertion order. Clearing resets a count, so that a reused instance (the vertices
 * of each record, a recycled pane) keeps its storage.
 */
export class Groups {
  private readonly groups: Group[] = [];
  private readonly keys: GroupKey[] = [];
  private n = 0;
  private index: Map<GroupKey, Group> | null = null;

  get size(): number {
    return this.n;
  }

  get(key: GroupKey): Group | undefined {
    const index = this.index;
    if (index !== null) return index.get(key);
    const keys = this.keys;
    for (let i = 0; i < this.n; i++) if (keys[i] === key) return this.groups[i];
    return undefined;
  }

  /** Appends a group (its key must not be present). */
  add(key: GroupKey, g: Group): void {
    const i = this.n++;
    this.groups[i] = g;
    this.keys[i] = key;
    if (this.index !== null) this.index.set(key, g);
    else if (this.n > SCAN_LIMIT) {
      const index = new Map<GroupKey, Group>();
      for (let j = 0; j < this.n; j++) index.set(this.keys[j]!, this.groups[j]!);
      this.index = index;
    }
  }

  /** The group added i-th. */
  at(i: number): Group {
    return this.groups[i]!;
  }

  /** The key of the group added i-th. */
  keyAt(i: number): GroupKey {
    return this.keys[i]!;
  }

  clear(): void {
    this.n = 0;
    this.index = null;
  }
}
