import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

const collect = `.aggregate(first: first(v), n: count()) .emit(first: first, n: n)`;

describe('tumbling time windows (semantics §9.4)', () => {
  test('D = 5s, events at 0,1,2,6,7,12,13 s', async () => {
    const times = [0, 1, 2, 6, 7, 12, 13];
    const run = await runTimeline(
      `stream S = R .window(5s) ${collect}`,
      times.map((t) => at(`${t}s`, 'R', { v: t })),
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":2000,"data":{"first":0,"n":3}}',
      '{"stream":"S","timestamp":7000,"data":{"first":6,"n":2}}',
      '{"stream":"S","timestamp":13000,"data":{"first":12,"n":2}}',
    ]);
  });

  test('a window fires when the watermark reaches its end, before the event that moved it is routed (R5)', async () => {
    const run = await runTimeline(`stream S = R .window(5s) ${collect}\nstream E = R .emit(v: v)`, [
      at('0s', 'R', { v: 0 }),
      at('5s', 'R', { v: 5 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"E","timestamp":0,"data":{"v":0}}',
      '{"stream":"S","timestamp":0,"data":{"first":0,"n":1}}',
      '{"stream":"E","timestamp":5000,"data":{"v":5}}',
      '{"stream":"S","timestamp":5000,"data":{"first":5,"n":1}}',
    ]);
  });

  test('windows are aligned to the epoch; windows without records do not fire', async () => {
    const run = await runTimeline(`stream S = R .window(1h) ${collect}`, [
      at('59m', 'R', { v: 1 }),
      at('61m', 'R', { v: 2 }),
      at('300m', 'R', { v: 3 }),
    ]);
    expect(run.emitted().map((e) => [e.timestamp, e.data.first])).toEqual([
      [3_540_000, 1],
      [3_660_000, 2],
      [18_000_000, 3],
    ]);
  });

  test('partitions with equal window ends fire in first-seen order', async () => {
    const run = await runTimeline(
      `stream S = R .partition_by(k) .window(10s) .aggregate(n: count()) .emit(k: k, n: n)`,
      [
        at('1s', 'R', { k: 'b' }),
        at('2s', 'R', { k: 'a' }),
        at('3s', 'R', { k: 'b' }),
        at('11s', 'R', { k: 'a' }),
        at('12s', 'R', { k: 'b' }),
      ],
    );
    expect(run.data()).toEqual([
      { k: 'b', n: 2 },
      { k: 'a', n: 1 },
      { k: 'b', n: 1 },
      { k: 'a', n: 1 },
    ]);
  });

  test('without aggregate, every record of the batch continues', async () => {
    const run = await runTimeline(`stream S = R .window(10s) .emit(v: v)`, [
      at('1s', 'R', { v: 1 }),
      at('2s', 'R', { v: 2 }),
      at('10s', 'R', { v: 3 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":1000,"data":{"v":1}}',
      '{"stream":"S","timestamp":2000,"data":{"v":2}}',
      '{"stream":"S","timestamp":10000,"data":{"v":3}}',
    ]);
  });
});

describe('sliding time windows (semantics §9.5)', () => {
  test('D = 10s, S = 5s, events at 1, 4, 12 s', async () => {
    const run = await runTimeline(`stream S = R .window(10s, sliding: 5s) ${collect}`, [
      at('1s', 'R', { v: 1 }),
      at('4s', 'R', { v: 4 }),
      at('12s', 'R', { v: 12 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":4000,"data":{"first":1,"n":2}}',
      '{"stream":"S","timestamp":4000,"data":{"first":1,"n":2}}',
      '{"stream":"S","timestamp":12000,"data":{"first":12,"n":1}}',
      '{"stream":"S","timestamp":12000,"data":{"first":12,"n":1}}',
    ]);
  });

  test('a slide longer than the size leaves gaps', async () => {
    const run = await runTimeline(`stream S = R .window(2s, sliding: 5s) ${collect}`, [
      at('1s', 'R', { v: 1 }),
      at('3s', 'R', { v: 3 }),
      at('6s', 'R', { v: 6 }),
    ]);
    expect(run.data()).toEqual([
      { first: 1, n: 1 },
      { first: 6, n: 1 },
    ]);
    expect(run.diagnostics('VPL-R011')).toEqual([]);
  });
});

describe('session windows (semantics §9.6)', () => {
  test('G = 5s, events at 0, 1, 2, 9 s', async () => {
    const run = await runTimeline(`stream S = R .window(session: 5s) ${collect}`, [
      at('0s', 'R', { v: 0 }),
      at('1s', 'R', { v: 1 }),
      at('2s', 'R', { v: 2 }),
      at('9s', 'R', { v: 9 }),
    ]);
    expect(run.jsonl()).toEqual([
      '{"stream":"S","timestamp":2000,"data":{"first":0,"n":3}}',
      '{"stream":"S","timestamp":9000,"data":{"first":9,"n":1}}',
    ]);
  });

  test('an event exactly G after the previous one extends the session', async () => {
    const run = await runTimeline(`stream S = R .window(session: 5s) ${collect}`, [
      at('0s', 'R', { v: 0 }),
      at('5s', 'R', { v: 5 }),
      at('11s', 'R', { v: 11 }),
    ]);
    expect(run.data()).toEqual([
      { first: 0, n: 2 },
      { first: 11, n: 1 },
    ]);
  });

  test('a late event bridging two sessions (with lateness) merges them in arrival order', async () => {
    const run = await runTimeline(
      `stream S = R .allowed_lateness(20s) .window(session: 4s) .aggregate(vs: count(), first: first(v), last: last(v)) .emit(vs: vs, first: first, last: last)`,
      [at('0s', 'R', { v: 'a' }), at('8s', 'R', { v: 'b' }), at('4s', 'R', { v: 'c' })],
    );
    expect(run.data()).toEqual([{ vs: 3, first: 'a', last: 'c' }]);
  });

  test('time windows refuse late events even when their window is open', async () => {
    const run = await runTimeline(`stream S = R .window(session: 10s) .aggregate(n: count()) .emit(n: n)`, [
      at('5s', 'R'),
      at('3s', 'R'),
    ]);
    expect(run.data()).toEqual([{ n: 1 }]);
    expect(run.diagnostics('VPL-R010')).toHaveLength(1);
  });
});
