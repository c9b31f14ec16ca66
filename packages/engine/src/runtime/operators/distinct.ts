/**
 * `.distinct()` / `.distinct(expr)` (semantics §8.9): keeps a record only if its key was not seen before.
 * The key is the value of `expr` (normalised, §2.5) or the record's whole field map. The set is an LRU of
 * at most 100 000 keys (a rejected duplicate counts as seen); when it overflows the least recently seen key
 * is forgotten and VPL-R006 is reported once.
 */

import type { DistinctOpPlan } from '../../plan/plan.js';
import type { Batch, OperatorHost } from '../core.js';
import type { Compiled, ExpressionCompiler } from '../expr.js';
import type { EvalContext } from '../expressions/context.js';
import { RuntimeCodes } from '../expressions/diagnostics.js';
import { decodeKey, encodeKey } from '../partitions.js';
import type { Json } from '../state-codec.js';
import { type Key, keyOf } from '../values/keys.js';
import type { Operator } from './operator.js';

export const DISTINCT_KEY_LIMIT = 100_000;
const NO_ALIASES: never[] = [];

export class DistinctOperator implements Operator {
  private readonly key: Compiled | null;
  /** insertion order = recency (a key is re-inserted when seen again) */
  private readonly seen = new Map<Key, true>();
  private reported = false;

  constructor(
    private readonly plan: DistinctOpPlan,
    compiler: ExpressionCompiler,
    private readonly ctx: EvalContext,
    private readonly host: OperatorHost,
    private readonly limit = DISTINCT_KEY_LIMIT,
  ) {
    this.key = plan.key === null ? null : compiler.compile(plan.key);
  }

  process(batch: Batch, _late: boolean): void {
    const ctx = this.ctx;
    const n = batch.length;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const r = batch.records[i]!;
      let key: Key;
      if (this.key === null) {
        key = keyOf(r);
      } else {
        ctx.record = r;
        ctx.aliases = batch.captures[i] ?? NO_ALIASES;
        key = keyOf(this.key(ctx));
      }
      if (this.seen.has(key)) {
        this.seen.delete(key);
        this.seen.set(key, true);
        continue;
      }
      this.seen.set(key, true);
      if (this.seen.size > this.limit) {
        this.seen.delete(this.seen.keys().next().value as Key);
        if (!this.reported) {
          this.reported = true;
          this.host.diagnostic(
            RuntimeCodes.resourceLimit,
            `distinct() keeps at most ${this.limit} keys; the least recently seen keys are being forgotten.`,
            this.plan.span,
          );
        }
      }
      batch.records[kept] = r;
      batch.captures[kept] = batch.captures[i]!;
      kept++;
    }
    if (kept < n) batch.truncate(kept);
  }

  checkpoint(): Json {
    return { keys: [...this.seen.keys()].map(encodeKey), reported: this.reported };
  }

  restore(state: Json): void {
    const s = state as { keys: Json[]; reported: boolean };
    this.seen.clear();
    for (const k of s.keys) this.seen.set(decodeKey(k), true);
    this.reported = s.reported;
  }
}
