import { describe, expect, test } from 'vitest';
import { at, runTimeline, type TimelineEvent } from '../../src/testing/index.js';

const PROGRAM = (params: string) => `stream Churn = Trial as t
    -> Use where account == t.account as u
    -> Cancel where account == t.account
    .within(10s)
    .forecast(${params})
    .emit(account: t.account, p: forecast_probability, lo: forecast_lower, hi: forecast_upper, state: forecast_state, runs: active_runs)`;

/** Cycles of Trial, Use and (for 3 out of 4 accounts) Cancel, 20 s apart. */
function cycles(n: number): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = i * 20_000;
    out.push(at(t, 'Trial', { account: i }));
    out.push(at(t + 1000, 'Use', { account: i }));
    if (i % 4 !== 3) out.push(at(t + 2000, 'Cancel', { account: i }));
  }
  return out;
}

describe('forecasting (semantics §13)', () => {
  test('a warmup larger than the input gives no output; completed matches are never passed on', async () => {
    const run = await runTimeline(PROGRAM('warmup: 1000'), cycles(10));
    expect(run.jsonl()).toEqual([]);
  });

  test('with confidence 0 every record that leaves an active run gives one forecast', async () => {
    const run = await runTimeline(PROGRAM('confidence: 0.0, warmup: 1, mode: "fast"'), cycles(4));
    // Trial and Use leave a run active; Cancel completes it (no active run left)
    expect(run.data().map((d) => [d.account, d.state, d.runs])).toEqual([
      [0, 't', 1],
      [0, 'u', 1],
      [1, 't', 1],
      [1, 'u', 1],
      [2, 't', 1],
      [2, 'u', 1],
      [3, 't', 1],
      [3, 'u', 1],
    ]);
    for (const d of run.data()) {
      expect(d.p as number).toBeGreaterThanOrEqual(0);
      expect(d.p as number).toBeLessThanOrEqual(1);
    }
  });

  test('the probability converges to the observed completion frequency (3 in 4)', async () => {
    const run = await runTimeline(PROGRAM('confidence: 0.0, warmup: 1, max_depth: 1'), cycles(400));
    const last = run
      .data()
      .filter((d) => d.state === 'u')
      .at(-1)!;
    expect(last.p as number).toBeGreaterThan(0.7);
    expect(last.p as number).toBeLessThan(0.8);
    expect(last.lo as number).toBeLessThanOrEqual(last.p as number);
    expect(last.hi as number).toBeGreaterThanOrEqual(last.p as number);
  });

  test('a forecasting stream refuses late records', async () => {
    const run = await runTimeline(PROGRAM('confidence: 0.0, warmup: 1'), [
      at('10s', 'Trial', { account: 1 }),
      at('5s', 'Trial', { account: 2 }),
    ]);
    expect(run.data().map((d) => d.account)).toEqual([1]);
    expect(run.engine.getCounters().lateEvents).toBe(1);
  });
});
