/**
 * A binary min-heap ordered by a comparator. Used for the due-time indexes of time windows, sequence
 * deadlines and join buffers, so that a watermark step touches only what is due.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      const tmp = items[i]!;
      items[i] = items[parent]!;
      items[parent] = tmp;
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      const n = items.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && this.less(items[l]!, items[m]!)) m = l;
        if (r < n && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        const tmp = items[i]!;
        items[i] = items[m]!;
        items[m] = tmp;
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }

  /** The items in no particular order (for checkpoints). */
  toArray(): readonly T[] {
    return this.items;
  }
}

/** An item of a {@link DeadlineQueue}: ordered by `expiry`, then by `seq`. */
export interface Deadline {
  readonly expiry: number;
  readonly seq: number;
}

const deadlineBefore = (a: Deadline, b: Deadline): boolean =>
  a.expiry < b.expiry || (a.expiry === b.expiry && a.seq < b.seq);

/**
 * A priority queue of deadlines tuned for event time: deadlines mostly arrive in ascending order (on-time
 * events only move forward), so they go to a FIFO in O(1); the few that arrive out of order go to a heap.
 * `pop` merges both, so the order is exactly ascending (expiry, seq).
 */
export class DeadlineQueue<T extends Deadline> {
  private fifo: T[] = [];
  private head = 0;
  private readonly heap = new MinHeap<T>(deadlineBefore);

  get size(): number {
    return this.fifo.length - this.head + this.heap.size;
  }

  push(item: T): void {
    const fifo = this.fifo;
    if (fifo.length === this.head || !deadlineBefore(item, fifo[fifo.length - 1]!)) fifo.push(item);
    else this.heap.push(item);
  }

  peek(): T | undefined {
    const f = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    const h = this.heap.peek();
    if (f === undefined) return h;
    if (h === undefined) return f;
    return deadlineBefore(h, f) ? h : f;
  }

  pop(): T | undefined {
    const f = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    const h = this.heap.peek();
    if (f !== undefined && (h === undefined || !deadlineBefore(h, f))) {
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.fifo.length) {
        this.fifo = this.fifo.slice(this.head);
        this.head = 0;
      }
      return f;
    }
    return this.heap.pop();
  }

  clear(): void {
    this.fifo = [];
    this.head = 0;
    this.heap.clear();
  }
}
