/**
 * `.enrich(Conn, key:, fields:, fallback:)` (semantics §8.15). In replay no lookup is possible (ruling R9:
 * no network), so every lookup takes the error path: with a fallback literal every requested field is set
 * to it and `enrich_status` is `"error"`, `enrich_latency_ms` 0; without a fallback the record is dropped.
 */

import type { EnrichOpPlan } from '../../plan/plan.js';
import type { Batch } from '../core.js';
import { literalValue } from '../expressions/compile-expression.js';
import { EventRecord } from '../values/record.js';
import type { Value } from '../values/value.js';
import type { Operator } from './operator.js';

export class EnrichOperator implements Operator {
  private readonly fallback: Value | undefined;

  constructor(private readonly plan: EnrichOpPlan) {
    this.fallback = plan.fallback === null ? undefined : literalValue(plan.fallback);
  }

  process(batch: Batch, _late: boolean): void {
    if (this.fallback === undefined) {
      batch.clear();
      return;
    }
    for (let i = 0; i < batch.length; i++) {
      const r = batch.records[i]!;
      const out = new EventRecord(r.type, r.timeMs, r.shape, r.values.slice());
      for (const f of this.plan.fields) out.set(f, this.fallback);
      out.set('enrich_status', 'error');
      out.set('enrich_latency_ms', 0);
      batch.records[i] = out;
    }
  }
}
