/**
 * The place of an operation that runs inside the operator before it (a windowed `.aggregate(...)` fused into
 * its count window): it keeps every later operation at the position it has without fusion, so a checkpoint
 * has the same layout either way. The window clears the batch it is given, so nothing reaches this operator.
 */

import type { Batch } from '../core.js';
import type { Json } from '../state-codec.js';
import type { Operator } from './operator.js';

export class FusedAggregateSlot implements Operator {
  process(_batch: Batch, _late: boolean): void {}

  /** what a windowed aggregate checkpoints: it keeps no state between batches */
  checkpoint(): Json {
    return [];
  }

  restore(_state: Json): void {}
}
