/**
 * The deadline queue of a pattern matcher's runs, in ascending (expiry, creation number) order.
 *
 * Most runs end long before their deadline (they complete, or negation discards them). The queue must not keep
 * them alive until then: an ended run is cancelled, which clears its entry, so that the run, its bindings and
 * the records they hold die young instead of being promoted by the garbage collector. Deadlines mostly arrive
 * in ascending order (on-time records only move forward), so entries go to a FIFO in O(1) and the few that
 * arrive out of order go to a heap; popping merges both.
 *
 * A run whose expiry may change after it was scheduled (per-step limits) is queued through a {@link Scheduled}
 * entry that keeps the expiry it was scheduled with; such entries are not cancelled (the matcher skips them
 * when stale).
 */

import { MinHeap } from '../min-heap.js';
import type { Run } from './nfa.js';

/** A deadline that keeps the expiry it was scheduled with (its run may have moved on since). */
export class Scheduled {
  constructor(
    readonly expiry: number,
    /** the run's creation number (ties are broken in creation order) */
    readonly seq: number,
    readonly run: Run,
  ) {}
}

/** An entry of the queue: a run itself (its expiry never changes while queued) or a {@link Scheduled}. */
export type Due = Run | Scheduled;

const before = (a: Due, b: Due): boolean => a.expiry < b.expiry || (a.expiry === b.expiry && a.seq < b.seq);

/** Initial capacity of the FIFO ring (a power of two; it doubles when full). */
const INITIAL_CAPACITY = 1024;

export class RunDeadlines {
  /**
   * The in-order entries, a ring over absolute positions [head, tail): position p is in slot p & mask. A
   * cancelled run's entry is `null`.
   */
  private ring: (Due | null)[] = new Array(INITIAL_CAPACITY).fill(null);
  private mask = INITIAL_CAPACITY - 1;
  private head = 0;
  private tail = 0;
  /** expiry and creation number of the last FIFO entry */
  private lastExpiry = Number.NEGATIVE_INFINITY;
  private lastSeq = -1;
  private readonly heap = new MinHeap<Due>(before);

  /** Queues a run whose expiry will not change while it is queued (cancel it when it ends). */
  pushRun(run: Run): void {
    const e = run.expiry;
    if (e > this.lastExpiry || (e === this.lastExpiry && run.id > this.lastSeq)) {
      run.dueAt = this.append(run);
      this.lastExpiry = e;
      this.lastSeq = run.id;
    } else {
      this.heap.push(run);
    }
  }

  /** Queues a deadline that keeps its expiry. */
  pushScheduled(entry: Scheduled): void {
    if (entry.expiry > this.lastExpiry || (entry.expiry === this.lastExpiry && entry.seq > this.lastSeq)) {
      this.append(entry);
      this.lastExpiry = entry.expiry;
      this.lastSeq = entry.seq;
    } else {
      this.heap.push(entry);
    }
  }

  /** Drops the FIFO entry of an ended run (a heap entry stays: the matcher skips dead runs). */
  cancel(run: Run): void {
    const at = run.dueAt;
    if (at < 0) return;
    run.dueAt = -1;
    if (at >= this.head && at < this.tail && this.ring[at & this.mask] === run) this.ring[at & this.mask] = null;
  }

  /** Removes and returns the earliest entry when its expiry is below `w`. */
  takeBefore(w: number): Due | undefined {
    const ring = this.ring;
    const mask = this.mask;
    let head = this.head;
    while (head < this.tail && ring[head & mask] === null) head++;
    this.head = head;
    const f = head < this.tail ? ring[head & mask]! : undefined;
    const h = this.heap.peek();
    let top: Due;
    if (f === undefined || (h !== undefined && before(h, f))) {
      if (h === undefined || !(h.expiry < w)) return undefined;
      this.heap.pop();
      top = h;
    } else {
      if (!(f.expiry < w)) return undefined;
      ring[head & mask] = null;
      this.head = head + 1;
      top = f;
    }
    if (!(top instanceof Scheduled)) top.dueAt = -1;
    return top;
  }

  clear(): void {
    this.ring.fill(null);
    this.head = this.tail;
    this.heap.clear();
    this.lastExpiry = Number.NEGATIVE_INFINITY;
    this.lastSeq = -1;
  }

  /** Appends an entry to the ring (doubling it when full) and returns its position. */
  private append(entry: Due): number {
    if (this.tail - this.head > this.mask) this.grow();
    const at = this.tail++;
    this.ring[at & this.mask] = entry;
    return at;
  }

  private grow(): void {
    const old = this.ring;
    const oldMask = this.mask;
    const capacity = 2 * old.length;
    const ring: (Due | null)[] = new Array(capacity).fill(null);
    const mask = capacity - 1;
    for (let p = this.head; p < this.tail; p++) ring[p & mask] = old[p & oldMask]!;
    this.ring = ring;
    this.mask = mask;
  }
}
