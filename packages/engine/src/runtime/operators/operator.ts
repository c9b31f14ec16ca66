/**
 * The operator contract. A stream's operations form a pipeline over a {@link Batch} (semantics §6.3): each
 * operator processes the current batch in place (filtering, replacing records), and stateful operators
 * that hold records back release them later through their continuation, which runs the rest of the
 * pipeline on the released batch.
 */

import type { Batch } from '../core.js';
import type { Json } from '../state-codec.js';

/** Runs the rest of the pipeline (the operations after this one) on a released batch. */
export type Continuation = (batch: Batch) => void;

export interface Operator {
  /**
   * True for operators that build their output records from their state (aggregates, matches, joined
   * records): what they output never carries the late mark (semantics §4.2).
   */
  readonly buildsRecords?: boolean;
  /**
   * Processes `batch` in place. Records left in it continue to the next operation. `late` is the late mark
   * of the records (semantics §4.2): every record of a batch derived from one input event shares it.
   */
  process(batch: Batch, late: boolean): void;
  /** Event-time operators: the watermark advanced to `w` (semantics §4.4). Releases through the continuation. */
  onWatermark?(w: number): void;
  /**
   * Event-time operators that can tell: the lowest watermark at which `onWatermark` may have work (`+∞`:
   * none). Until the watermark reaches it, the engine may skip the call; later drops in this time are told to
   * the host ({@link OperatorHost.wakeAt}). Operators without it are visited at every watermark step.
   */
  dueAt?(): number;
  /** End of input, after the final watermark step: drop whatever still waits (semantics §4.5). */
  discard?(): void;
  /** Stateful operators: their state, JSON-serialisable (semantics §15). */
  checkpoint?(): Json;
  restore?(state: Json): void;
}
