/**
 * Wall-clock access for the engine. This is the only module of the engine that may read real time.
 *
 * The engine itself never consults a clock while it replays input: event time drives every window,
 * deadline and join (semantics §4). A clock is only needed in live mode, to stamp events that arrive
 * without a timestamp and to generate timer ticks (§3.2, §8.18). Tests use {@link ManualClock}.
 */
export interface Clock {
  /** The current time in integer milliseconds since the Unix epoch. */
  now(): number;
}

/** The real wall clock. Use it only in live (service) mode. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/**
 * A clock that only moves when told to. Deterministic; the default clock of `createEngine`.
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = 0) {
    this.current = Math.trunc(start);
  }

  now(): number {
    return this.current;
  }

  /** Sets the time. The manual clock never goes backwards: an earlier time is ignored. */
  set(time: number): void {
    if (time > this.current) this.current = Math.trunc(time);
  }

  /** Moves the time forward by `ms` milliseconds (negative values are ignored). */
  advance(ms: number): void {
    if (ms > 0) this.current += Math.trunc(ms);
  }
}
