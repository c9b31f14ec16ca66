/** `.limit(n)` / `.first()` (semantics §8.10): lets the first n records through over the whole run. */

import type { LimitOpPlan } from '../../plan/plan.js';
import type { Batch } from '../core.js';
import type { Json } from '../state-codec.js';
import type { Operator } from './operator.js';

export class LimitOperator implements Operator {
  private passed = 0;

  constructor(private readonly plan: LimitOpPlan) {}

  process(batch: Batch, _late: boolean): void {
    const room = this.plan.count - this.passed;
    if (batch.length > room) batch.truncate(Math.max(0, room));
    this.passed += batch.length;
  }

  checkpoint(): Json {
    return this.passed;
  }

  restore(state: Json): void {
    this.passed = state as number;
  }
}
