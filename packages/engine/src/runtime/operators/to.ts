/**
 * `.to(Connector, params)` (semantics §8.13, ruling R9): passes every record of the batch to the connector's
 * sink and lets the batch through unchanged. The engine's sink records what it would send.
 */

import type { ToOpPlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { Operator } from './operator.js';

export class ToOperator implements Operator {
  constructor(
    private readonly plan: ToOpPlan,
    private readonly host: OperatorHost,
  ) {}

  process(batch: Batch, _late: boolean): void {
    for (let i = 0; i < batch.length; i++) {
      this.host.sendToSink(this.plan.connector, this.plan.params, batch.records[i]!);
    }
  }
}
