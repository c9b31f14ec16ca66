/**
 * The forecasting model (semantics §13.4, docs/architecture/forecasting.md) on synthetic streams whose true
 * completion probability is known (markov.ts): convergence, conformal coverage, the Hawkes time, determinism
 * and checkpoint/restore.
 */

import { describe, expect, test } from 'vitest';
import { compileProgram, Timeline, type TimelineEvent } from '../../src/testing/index.js';
import { MARKOV_PROGRAM, type MarkovEvent, markovStream, P_AFTER_HIT, P_AFTER_MISS } from './markov.js';

const timeline = (events: readonly MarkovEvent[]): TimelineEvent[] =>
  events.map((e) => ({ type: e.type, timeMs: e.timeMs, fields: { key: e.key } }));

interface Forecast {
  p: number;
  lo: number;
  hi: number;
  time: number | null;
  state: string;
  depth: number;
  truth: number;
}

/** Runs the program and pairs each forecast with the truth of its cycle (one forecast per A and per B). */
async function forecasts(params: string, events: readonly MarkovEvent[], partitioned = false): Promise<Forecast[]> {
  const plan = await compileProgram(MARKOV_PROGRAM(params, partitioned));
  const run = new Timeline(plan).feed(...timeline(events)).end();
  const data = run.data('F');
  const truths = events.filter((e) => e.type === 'A' || e.type === 'B').map((e) => e.truth);
  expect(data).toHaveLength(truths.length);
  return data.map((d, i) => ({ ...(d as unknown as Omit<Forecast, 'truth'>), truth: truths[i]! }));
}

describe('forecasting model on a Markov chain with known completion probabilities', () => {
  test('the probability converges to the truth: |p − truth| ≤ 0.02 after 60 000 events (both contexts, both states)', async () => {
    const events = markovStream(1, 20_000);
    const fs = await forecasts('confidence: 0.0, warmup: 1, max_depth: 3, mode: "accurate"', events);
    const tail = fs.slice(-4000);
    for (const truth of [P_AFTER_HIT, P_AFTER_MISS]) {
      for (const state of ['a', 'b']) {
        const sel = tail.filter((f) => f.truth === truth && f.state === state);
        expect(sel.length).toBeGreaterThan(300);
        for (const f of sel) {
          expect(Math.abs(f.p - truth)).toBeLessThanOrEqual(0.02);
          expect(f.depth).toBe(3);
        }
      }
    }
    // bounds: 0 ≤ lower ≤ p ≤ upper ≤ 1 everywhere
    for (const f of fs) {
      expect(f.lo).toBeGreaterThanOrEqual(0);
      expect(f.lo).toBeLessThanOrEqual(f.p);
      expect(f.hi).toBeGreaterThanOrEqual(f.p);
      expect(f.hi).toBeLessThanOrEqual(1);
    }
  });

  test('a shallower model converges to the observed frequency of its (shorter) context', async () => {
    // depth 1: the context (…, A) or (…, B) does not tell the previous outcome; the stationary mix is
    // π·0.8 + (1 − π)·0.3 with π = 0.3 / (1 − 0.8 + 0.3) = 0.6, i.e. 0.6
    const fs = await forecasts('confidence: 0.0, warmup: 1, max_depth: 1', markovStream(2, 20_000));
    for (const f of fs.slice(-1000)) expect(Math.abs(f.p - 0.6)).toBeLessThanOrEqual(0.03);
  });

  test('the conformal intervals cover the true probability at their stated rate (90 %, measured ≥ 85 %)', async () => {
    // 40 independent streams; coverage measured at 10 points of each, once the model has data
    let covered = 0;
    let total = 0;
    let width = 0;
    for (let seed = 100; seed < 140; seed++) {
      const fs = await forecasts('confidence: 0.0, warmup: 1, max_depth: 3', markovStream(seed, 1500));
      for (let i = 1; i <= 10; i++) {
        const f = fs[Math.floor((i * fs.length) / 10) - 1]!;
        total++;
        width += f.hi - f.lo;
        if (f.lo <= f.truth && f.truth <= f.hi) covered++;
      }
    }
    const rate = covered / total;
    expect(rate).toBeGreaterThanOrEqual(0.85);
    // and not trivially wide
    expect(rate).toBeLessThanOrEqual(0.99);
    expect(width / total).toBeLessThan(0.2);
  });

  test('partitions keep their own contexts (interleaved partitions do not blur the model)', async () => {
    const fs = await forecasts('confidence: 0.0, warmup: 1, max_depth: 3', markovStream(3, 6000, 4), true);
    for (const f of fs.slice(-2000)) expect(Math.abs(f.p - f.truth)).toBeLessThanOrEqual(0.04);
  });

  test('Hawkes time: on a regular stream forecast_time is the observed time to completion (1 s from b, 2 s from a)', async () => {
    const fs = await forecasts('confidence: 0.0, warmup: 1, hawkes: true', markovStream(4, 3000));
    for (const f of fs.slice(-500)) {
      const expected = f.state === 'b' ? 1000 : 2000;
      expect(f.time).not.toBeNull();
      expect(Math.abs(f.time! - expected) / expected).toBeLessThanOrEqual(0.25);
    }
  });

  test('Hawkes time: a burst of activity shortens the expected time, a lull lengthens it', async () => {
    // regular cycles (1 s apart), then the same cycles 100 ms apart
    const slow = markovStream(5, 2000);
    const last = slow.at(-1)!.timeMs;
    const fast = markovStream(6, 30).map((e, i) => ({ ...e, timeMs: last + 100 * (i + 1) }));
    const fs = await forecasts('confidence: 0.0, warmup: 1, hawkes: true', [...slow, ...fast]);
    const before = fs.slice(-60 - 40, -60).filter((f) => f.state === 'b');
    const during = fs.slice(-60).filter((f) => f.state === 'b');
    const mean = (xs: Forecast[]) => xs.reduce((a, f) => a + f.time!, 0) / xs.length;
    expect(mean(during)).toBeLessThan(mean(before) * 0.8);
  });

  test('fast mode has no interval ([0, 1]) and no time; every value is deterministic', async () => {
    const events = markovStream(7, 300);
    const a = await forecasts('confidence: 0.0, warmup: 1, mode: "fast"', events);
    const b = await forecasts('confidence: 0.0, warmup: 1, mode: "fast"', events);
    expect(a).toEqual(b);
    for (const f of a) {
      expect([f.lo, f.hi, f.time]).toEqual([0, 1, null]);
    }
  });
});

describe('checkpoint / restore of the forecasting model', () => {
  test('identical continuation at every tenth split point (partitioned, hawkes + conformal)', async () => {
    const events = timeline(markovStream(8, 400, 3));
    const plan = await compileProgram(MARKOV_PROGRAM('confidence: 0.3, warmup: 20, mode: "accurate"', true));
    const whole = new Timeline(plan)
      .feed(...events)
      .end()
      .jsonl();
    expect(whole.length).toBeGreaterThan(500);
    for (let k = 0; k <= events.length; k += Math.floor(events.length / 10)) {
      const first = new Timeline(plan).feed(...events.slice(0, k));
      const text = JSON.stringify(first.engine.checkpoint());
      const second = new Timeline(plan);
      second.engine.restore(JSON.parse(text));
      second.feed(...events.slice(k)).end();
      expect([...first.jsonl(), ...second.jsonl()], `split at ${k}`).toEqual(whole);
    }
  });
});
