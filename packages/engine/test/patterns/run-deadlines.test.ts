/**
 * The deadline queue of a matcher's runs (runtime/patterns/run-deadlines.ts): entries come out in
 * (expiry, creation number) order whatever the order they were queued in, cancelled runs never come out, and
 * the FIFO ring grows past its initial size without losing or reordering entries.
 */

import { describe, expect, test } from 'vitest';
import { Run, type SequenceNode } from '../../src/runtime/patterns/nfa.js';
import { RunDeadlines, Scheduled } from '../../src/runtime/patterns/run-deadlines.js';

const NODE = null as unknown as SequenceNode;
const run = (id: number, expiry: number): Run =>
  new Run(id, 0, 0, -1, [], 0, 0, expiry, expiry, false, false, false, null, NODE);

function drain(q: RunDeadlines, w: number): number[] {
  const out: number[] = [];
  for (let e = q.takeBefore(w); e !== undefined; e = q.takeBefore(w)) out.push(e instanceof Scheduled ? -e.seq : e.id);
  return out;
}

describe('run deadlines', () => {
  test('in-order and out-of-order entries come out by expiry, then creation number', () => {
    const q = new RunDeadlines();
    q.pushRun(run(1, 100));
    q.pushRun(run(2, 200));
    q.pushRun(run(3, 150)); // out of order: heap
    q.pushRun(run(4, 200));
    q.pushRun(run(0, 200)); // same expiry, earlier creation: heap
    q.pushScheduled(new Scheduled(250, 5, run(5, 999)));
    expect(drain(q, 150)).toEqual([1]);
    expect(drain(q, 201)).toEqual([3, 0, 2, 4]);
    expect(drain(q, 1000)).toEqual([-5]);
  });

  test('a cancelled run never comes out; the others keep their order', () => {
    const q = new RunDeadlines();
    const runs = Array.from({ length: 10 }, (_, i) => run(i, 100 + i));
    for (const r of runs) q.pushRun(r);
    for (const i of [0, 3, 4, 9]) q.cancel(runs[i]!);
    q.cancel(runs[3]!); // twice: no effect
    expect(drain(q, 1000)).toEqual([1, 2, 5, 6, 7, 8]);
    // a run taken out is no longer cancellable
    const r = run(20, 2000);
    q.pushRun(r);
    expect(drain(q, 3000)).toEqual([20]);
    q.cancel(r);
    expect(r.dueAt).toBe(-1);
  });

  test('the ring grows past its initial size without losing or reordering entries', () => {
    const q = new RunDeadlines();
    const runs = Array.from({ length: 5000 }, (_, i) => run(i, i));
    for (let i = 0; i < 3000; i++) q.pushRun(runs[i]!);
    expect(drain(q, 500)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    for (let i = 3000; i < 5000; i++) q.pushRun(runs[i]!);
    for (let i = 1000; i < 5000; i += 2) q.cancel(runs[i]!);
    const rest = drain(q, 10_000);
    expect(rest).toEqual(
      runs
        .slice(500)
        .filter((r) => r.id < 1000 || r.id % 2 === 1)
        .map((r) => r.id),
    );
  });

  test('clear forgets every entry', () => {
    const q = new RunDeadlines();
    const a = run(1, 10);
    q.pushRun(a);
    q.pushRun(run(2, 5));
    q.clear();
    expect(drain(q, 100)).toEqual([]);
    q.cancel(a);
    q.pushRun(run(3, 1));
    expect(drain(q, 100)).toEqual([3]);
  });
});
