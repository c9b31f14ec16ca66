/**
 * Trend aggregation with a Kleene filter on an earlier alias (`A as a -> all B where v > a.v + c`): the
 * aligned path of runtime/patterns/trend-aggregate.ts, its fall-back to the general path for values only the
 * generic evaluator handles, and the reuse of the state of fired windows.
 */

import { describe, expect, test } from 'vitest';
import { at, compileProgram, Timeline, type TimelineEvent } from '../../src/testing/index.js';

const PROGRAM = `stream T = A as a -> all B where v > a.v + 1 as b
    .within(1s)
    .partition_by(p)
    .trend_aggregate(n: count_trends(), e: count_events(b), s: sum_trends(b.v))
    .emit(p: p, n: n, e: e, s: s)`;

describe('trend aggregation over an earlier alias', () => {
  test('a value only the generic evaluator orders is reported once per evaluation, as by the general path', async () => {
    const plan = await compileProgram(
      'stream T = A as a -> all B where v > a.v + 1 as b .within(1s) .trend_aggregate(n: count_trends()) .emit(n: n)',
    );
    const run = new Timeline(plan)
      .feed(
        at(0, 'A', { v: 0 }),
        at(1, 'A', { v: 5 }),
        at(2, 'B', { v: 3 }),
        // entering from both A's and continuing the one B group: three evaluations, three errors
        at(3, 'B', { v: 's' }),
        at(4, 'B', { v: 10 }),
      )
      .end();
    // a0: {3}, {10}, {3, 10}; a5: {10}
    expect(run.data()).toEqual([{ n: 4 }]);
    expect(run.diagnostics().map((d) => d.code)).toEqual(['VPL-R001', 'VPL-R001', 'VPL-R001']);
  });

  /** Per window of partition p: A(v 0), B(v 5), B(v 1), B(v 7): trends {5}, {7}, {5, 7}; e = 4, s = 5 + 7 + 12. */
  function windows(count: number): TimelineEvent[] {
    const out: TimelineEvent[] = [];
    for (let w = 0; w < count; w++) {
      for (const p of ['x', 'y']) {
        const t = w * 1000 + (p === 'x' ? 0 : 500);
        out.push(at(t, 'A', { p, v: 0 }), at(t + 1, 'B', { p, v: 5 }), at(t + 2, 'B', { p, v: 1 }));
        out.push(at(t + 3, 'B', { p, v: 7 }));
      }
    }
    return out;
  }

  test('the state of fired windows is reused without carrying anything over', async () => {
    const run = new Timeline(await compileProgram(PROGRAM)).feed(...windows(200)).end();
    const data = run.data();
    expect(data).toHaveLength(400);
    for (let i = 0; i < data.length; i++) expect(data[i]).toEqual({ p: i % 2 === 0 ? 'x' : 'y', n: 3, e: 4, s: 24 });
  });

  test('checkpoint and restore in the middle of the windows continue identically', async () => {
    const plan = await compileProgram(PROGRAM);
    const events = windows(40);
    const whole = new Timeline(plan).feed(...events).end();
    for (const split of [37, 101, 157]) {
      const first = new Timeline(plan).feed(...events.slice(0, split));
      const second = new Timeline(plan);
      second.engine.restore(JSON.parse(JSON.stringify(first.engine.checkpoint())));
      second.feed(...events.slice(split)).end();
      expect([...first.jsonl(), ...second.jsonl()]).toEqual(whole.jsonl());
    }
  });
});
