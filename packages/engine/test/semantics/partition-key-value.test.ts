import { describe, expect, test } from 'vitest';
import { at, compileProgram, float, runTimeline, Timeline, type TimelineEvent } from '../../src/testing/index.js';

// Semantics §2.5: `1` and `1.0` are one partition, and the key value a result carries is that of the partition's
// first record over the whole run — not that of the first record of the released window (ADR 0014).

/** The `k` of each emitted event, as JSON text (`1` and `1.0` differ). */
const keys = (run: Timeline): string[] => run.jsonl().map((line) => /"k":([^,}]+)/.exec(line)![1]!);

/** k: 1.0, 1, 1, 1.0 at 0, 1, 2, 3 s. */
const FLOAT_FIRST: TimelineEvent[] = [
  at('0s', 'R', { k: float(1), v: 1 }),
  at('1s', 'R', { k: 1, v: 2 }),
  at('2s', 'R', { k: 1, v: 3 }),
  at('3s', 'R', { k: float(1), v: 4 }),
];

describe('the key value of a partition is that of its first record (semantics §2.5)', () => {
  test('tumbling count window + aggregate (fused): every window of the partition carries 1.0', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2) .aggregate(n: count()) .emit()`,
      FLOAT_FIRST,
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":1000,"data":{"k":1.0,"n":2}}',
      '{"stream":"S","timestamp":3000,"data":{"k":1.0,"n":2}}',
    ]);
  });

  test('tumbling count window and a separate aggregate (an argument read at the release)', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2) .aggregate(n: count(now())) .emit()`,
      FLOAT_FIRST,
    );
    expect(keys(run)).toEqual(['1.0', '1.0']);
  });

  test('sliding count window whose slide drops the first record: the result still carries 1.0', async () => {
    for (const agg of ['count()', 'count(now())']) {
      const run = await runTimeline(
        `stream S = R .partition_by(k) .window(2, sliding: 3) .aggregate(n: ${agg}) .emit()`,
        FLOAT_FIRST.slice(0, 3),
      );
      expect(run.jsonl(), agg).toEqual(['{"stream":"S","timestamp":2000,"data":{"k":1.0,"n":2}}']);
    }
  });

  test('an operation between the window and the aggregate: the value the window saw first', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2) .where(v > 1) .aggregate(n: count()) .emit()`,
      FLOAT_FIRST,
    );
    // the first window's 1.0 record is filtered out before the aggregate, but it is the partition's first record
    expect(keys(run)).toEqual(['1.0', '1.0']);
  });

  test('a window before partition_by (W002): the aggregate keeps the first value it saw', async () => {
    const run = await runTimeline(`stream S = R .window(2) .partition_by(k) .aggregate(n: count()) .emit()`, [
      at(1, 'R', { k: float(1) }),
      at(2, 'R', { k: 1 }),
      at(3, 'R', { k: 1 }),
      at(4, 'R', { k: float(1) }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":2,"data":{"k":1.0,"n":2}}',
      '{"stream":"S","timestamp":4,"data":{"k":1.0,"n":2}}',
    ]);
  });

  test('tumbling and sliding time windows (fused with the aggregate or not)', async () => {
    for (const [window, between] of [
      ['.window(2s)', ''],
      ['.window(2s)', '.where(true)'],
      ['.window(2s, sliding: 1s)', ''],
      ['.window(2s, sliding: 1s)', '.where(true)'],
    ]) {
      const run = await runTimeline(
        `stream S = R .partition_by(k) ${window} ${between} .aggregate(n: count()) .emit()`,
        FLOAT_FIRST,
      );
      expect(new Set(keys(run)), `${window} ${between}`).toEqual(new Set(['1.0']));
      expect(run.emitted().length, `${window} ${between}`).toBeGreaterThan(1);
    }
  });

  test('a time window whose first-seen record arrived out of order is still the value carried', async () => {
    // 1.0 arrives first at 5s; 1 arrives later at 1s (within the lateness), and its window [0, 2s) fires first
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(2s) .aggregate(n: count()) .emit()`,
      [at('5s', 'R', { k: float(1) }), at('1s', 'R', { k: 1 })],
      { allowedLatenessMs: 10_000 },
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":1000,"data":{"k":1.0,"n":1}}',
      '{"stream":"S","timestamp":5000,"data":{"k":1.0,"n":1}}',
    ]);
  });

  test('session windows: a later session of the partition carries 1.0', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(session: 500ms) .aggregate(n: count()) .emit()`,
      FLOAT_FIRST,
    );
    expect(keys(run)).toEqual(['1.0', '1.0', '1.0', '1.0']);
  });

  test('a running aggregate (no window) carries the first value after every record', async () => {
    const run = await runTimeline(`stream S = R .partition_by(k) .aggregate(n: count()) .emit()`, FLOAT_FIRST);
    expect(keys(run)).toEqual(['1.0', '1.0', '1.0', '1.0']);
  });

  test('a join (which reports no partition key) feeding a partitioned window: the first joined value', async () => {
    const run = await runTimeline(
      `stream J = join(A, B) .on(A.k == B.k) .window(10s) .emit(k: k)
stream S = J .partition_by(k) .window(2) .aggregate(n: count()) .emit()`,
      [
        at(1, 'A', { k: float(1) }),
        at(2, 'B', { k: 1 }),
        at(3, 'A', { k: 1 }),
        at(4, 'B', { k: float(1) }),
        at(5, 'A', { k: 1 }),
      ],
    );
    // joined records take the plain `k` from A: 1.0, then 1, 1, 1
    expect(run.jsonl().filter((l) => l.includes('"stream":"J"'))).toHaveLength(4);
    expect(run.jsonl().filter((l) => l.includes('"stream":"S"'))).toEqual([
      '{"stream":"S","timestamp":3,"data":{"k":1.0,"n":2}}',
      '{"stream":"S","timestamp":5,"data":{"k":1.0,"n":2}}',
    ]);
  });
});

describe('the first-seen key value across a checkpoint (semantics §15)', () => {
  const PROGRAMS = [
    `stream S = R .partition_by(k) .window(2) .aggregate(n: count()) .emit()`,
    `stream S = R .partition_by(k) .window(2) .aggregate(n: count(now())) .emit()`,
    `stream S = R .partition_by(k) .window(2, sliding: 1) .aggregate(n: count()) .emit()`,
    `stream S = R .partition_by(k) .window(1s) .aggregate(n: count()) .emit()`,
    `stream S = R .partition_by(k) .window(1s) .where(true) .aggregate(n: count()) .emit()`,
    `stream S = R .partition_by(k) .window(session: 500ms) .aggregate(n: count()) .emit()`,
    `stream S = R .window(2) .partition_by(k) .aggregate(n: count()) .emit()`,
  ];

  test('every split point gives the uninterrupted output, which carries 1.0 throughout', async () => {
    for (const source of PROGRAMS) {
      const plan = await compileProgram(source);
      const whole = new Timeline(plan).feed(...FLOAT_FIRST).end();
      expect(new Set(keys(whole)), source).toEqual(new Set(['1.0']));
      for (let split = 0; split <= FLOAT_FIRST.length; split++) {
        const first = new Timeline(plan).feed(...FLOAT_FIRST.slice(0, split));
        const second = new Timeline(plan);
        second.engine.restore(JSON.parse(JSON.stringify(first.engine.checkpoint())));
        second.feed(...FLOAT_FIRST.slice(split)).end();
        expect([...first.jsonl(), ...second.jsonl()], `${source} split at ${split}`).toEqual(whole.jsonl());
      }
    }
  });

  test('a checkpoint written before key values were kept still restores; the next record gives the value', async () => {
    const plan = await compileProgram(`stream S = R .partition_by(k) .window(2) .aggregate(n: count()) .emit()`);
    const first = new Timeline(plan).feed(...FLOAT_FIRST.slice(0, 3));
    const checkpoint = JSON.parse(JSON.stringify(first.engine.checkpoint()));
    // the earlier format of a count window: the bare list of its open windows
    const state = checkpoint.streams[0].state;
    expect(state[1].keyValues).toEqual([{ f: 1 }]);
    state[1] = state[1].parts;
    const second = new Timeline(plan);
    second.engine.restore(checkpoint);
    second.feed(...FLOAT_FIRST.slice(3)).end();
    // the open window holds the int 1 (the third record): without a kept value, the window's first record gives it
    expect(keys(second)).toEqual(['1']);
  });

  test('time windows restore a checkpoint without keyValues: ranks kept, values from the restored panes', async () => {
    const plan = await compileProgram(
      `stream S = R .partition_by(k) .window(1s) .where(true) .aggregate(n: count()) .emit()`,
    );
    const first = new Timeline(plan).feed(...FLOAT_FIRST.slice(0, 2));
    const checkpoint = JSON.parse(JSON.stringify(first.engine.checkpoint()));
    const window = checkpoint.streams[0].state[1];
    expect(window.order).toEqual([1]);
    expect(window.keyValues).toEqual([{ f: 1 }]);
    delete window.keyValues;
    const second = new Timeline(plan);
    second.engine.restore(checkpoint);
    second.feed(...FLOAT_FIRST.slice(2)).end();
    expect(keys(second)).toEqual(['1', '1', '1']);
  });
});
