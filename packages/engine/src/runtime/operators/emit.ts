/**
 * `.emit(...)`, `.emit()` and `.emit as T(...)` (semantics §8.3, §6.4): builds one event per record, named
 * after the stream, with the record's event time; appends it to the program output and replaces the record
 * by it. Without arguments the record is emitted as it is. Aliases stay bound (S30).
 */

import type { EmitOpPlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { EventRecord } from '../values/record.js';
import type { Operator } from './operator.js';
import { RecordBuilder } from './record-builder.js';

const NO_ALIASES: never[] = [];

export class EmitOperator implements Operator {
  private readonly builder: RecordBuilder | null;

  constructor(
    plan: EmitOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
  ) {
    this.builder = plan.fields === null ? null : new RecordBuilder(plan.fields, compiler);
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    const host = this.host;
    const stream = host.streamName;
    const records = batch.records;
    for (let i = 0; i < batch.length; i++) {
      const r = records[i]!;
      let out: EventRecord;
      if (this.builder === null) {
        // records are immutable once built, so the value array can be shared
        out = new EventRecord(stream, r.timeMs, r.shape, r.values);
      } else {
        ctx.record = r;
        ctx.aliases = batch.captures[i] ?? NO_ALIASES;
        out = this.builder.build(ctx, stream, r.timeMs);
      }
      records[i] = out;
      host.emit(out);
    }
  }
}
