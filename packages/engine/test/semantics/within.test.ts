import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

describe('within (semantics §11.6)', () => {
  test('a run can only take records up to its deadline', async () => {
    const run = await runTimeline(`stream S = A as a -> B as b .within(5s) .emit(a: a.i)`, [
      at('0s', 'A', { i: 1 }),
      at('3s', 'A', { i: 2 }),
      at('6s', 'B'),
    ]);
    expect(run.data()).toEqual([{ a: 2 }]);
  });

  test('the deadline is inclusive', async () => {
    const run = await runTimeline(`stream S = A as a -> B .within(5s) .emit(a: a.i)`, [
      at('0s', 'A', { i: 1 }),
      at('5s', 'B'),
    ]);
    expect(run.data()).toEqual([{ a: 1 }]);
  });

  test('a matcher with a deadline refuses late events, counted once and sent to Late_<T>', async () => {
    const run = await runTimeline(
      `stream S = A as a -> B as b .within(1m) .emit(a: a.i)
stream L = Late_B .emit(i: i)`,
      [at('10s', 'A', { i: 1 }), at('20s', 'X'), at('15s', 'B', { i: 9 })],
    );
    expect(run.data('S')).toEqual([]);
    expect(run.data('L')).toEqual([{ i: 9 }]);
    expect(run.engine.getCounters().lateEvents).toBe(1);
  });

  test('expired runs are discarded in the watermark step', async () => {
    const run = await runTimeline(`stream S = A -> B .within(5s) .emit()`, [at('0s', 'A'), at('100s', 'X')], {
      end: false,
    });
    expect(run.engine.checkpoint().streams[0]!.state).toMatchObject([{ runIds: 1, partitions: [] }, null]);
  });

  test('many runs expiring in one step leave the live ones intact', async () => {
    const events = [];
    for (let i = 0; i < 50; i++) events.push(at(i * 1000, 'A', { i }));
    events.push(at('52s', 'B'));
    const run = await runTimeline(`stream S = A as a -> B .within(5s) .emit(a: a.i)`, events);
    // runs started at 47 s … 49 s are still alive at 52 s (deadline ≥ 52 s)
    expect(run.data()).toEqual([{ a: 47 }, { a: 48 }, { a: 49 }]);
  });
});
