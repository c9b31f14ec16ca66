import { describe, expect, test } from 'vitest';
import { CheckpointError } from '../../src/index.js';
import { at, compileProgram, Timeline, type TimelineEvent } from '../../src/testing/index.js';

/** Asserts that for every split point, checkpoint + restore from JSON text + continue = uninterrupted run. */
async function expectResumable(source: string, events: TimelineEvent[]): Promise<string[]> {
  const plan = await compileProgram(source);
  const whole = new Timeline(plan).feed(...events).end();
  const expected = whole.jsonl();
  for (let k = 0; k <= events.length; k++) {
    const first = new Timeline(plan).feed(...events.slice(0, k));
    const text = JSON.stringify(first.engine.checkpoint());
    const second = new Timeline(JSON.parse(JSON.stringify(plan)));
    second.engine.restore(JSON.parse(text));
    second.feed(...events.slice(k)).end();
    expect([...first.jsonl(), ...second.jsonl()], `split at ${k}`).toEqual(expected);
    expect(second.engine.getCounters().eventsProcessed).toBe(events.length);
  }
  return expected;
}

const READINGS: TimelineEvent[] = [
  at('0s', 'Reading', { sensor: 'a', kw: 1 }),
  at('2s', 'Reading', { sensor: 'b', kw: 2.5 }),
  at('4s', 'Reading', { sensor: 'a', kw: 3 }),
  at('7s', 'Reading', { sensor: 'a', kw: 4 }),
  at('6s', 'Reading', { sensor: 'b', kw: 9 }),
  at('12s', 'Reading', { sensor: 'b', kw: 5 }),
  at('13s', 'Reading', { sensor: 'a', kw: 6 }),
  at('30s', 'Reading', { sensor: 'a', kw: 7 }),
  at('31s', 'Reading', { sensor: 'b', kw: 8 }),
];

describe('checkpoint / restore (semantics §15)', () => {
  test('windows of every kind, partitions, running aggregates, distinct, limit, late side stream', async () => {
    const out = await expectResumable(
      `stream Tumbling = Reading .partition_by(sensor) .window(5s) .aggregate(n: count(), s: sum(kw), m: max(kw), sd: stddev(kw)) .emit(sensor: sensor, n: n, s: s, m: m, sd: sd)
stream Sliding = Reading .window(10s, sliding: 5s) .aggregate(n: count(), e: ema(kw, 3)) .emit(n: n, e: e)
stream Session = Reading .partition_by(sensor) .window(session: 4s) .aggregate(n: count(), d: count_distinct(kw), f: first(kw), l: last(kw)) .emit(sensor: sensor, n: n, d: d, f: f, l: l)
stream Count = Reading .partition_by(sensor) .window(2) .aggregate(a: avg(kw)) .emit(sensor: sensor, a: a)
stream SlidingCount = Reading .window(3, sliding: 2) .aggregate(mn: min(kw)) .emit(mn: mn)
stream Running = Reading .partition_by(sensor) .aggregate(n: count(), s: sum(kw)) .emit(sensor: sensor, n: n, s: s)
stream Distinct = Reading .distinct(sensor) .emit(sensor: sensor)
stream Limited = Reading .limit(3) .emit(kw: kw)
stream Late = Late_Reading .emit(kw: kw)`,
      READINGS,
    );
    expect(out.length).toBeGreaterThan(20);
  });

  test('sequences: runs, Kleene, negation, within, trailing NOT, AND waiting matches', async () => {
    await expectResumable(
      `pattern Quiet = SEQ(Alarm as a, NOT Ack where id == a.id) within 10s
pattern Both = Card as c AND Door as d
stream Q = Quiet .emit(id: a.id, waited: match_duration_ms)
stream B = Both .emit(c: c.i, d: d.i)
stream K = Alarm as a -> all Ping where id == a.id as ps -> Ack where id == a.id .within(20s) .partition_by(id) .emit(id: id, n: len(ps))
stream T = Alarm as a -> all Ping as ps .not(Ack where id == a.id) .emit(id: a.id, n: len(ps))`,
      [
        at('0s', 'Alarm', { id: 1 }),
        at('1s', 'Door', { i: 1 }),
        at('2s', 'Alarm', { id: 2 }),
        at('3s', 'Ping', { id: 1 }),
        at('4s', 'Ping', { id: 2 }),
        at('5s', 'Card', { i: 2 }),
        at('6s', 'Ack', { id: 2 }),
        at('7s', 'Ping', { id: 1 }),
        at('8s', 'Card', { i: 3 }),
        at('9s', 'Ack', { id: 1 }),
        at('20s', 'Alarm', { id: 3 }),
        at('25s', 'Door', { i: 4 }),
      ],
    );
  });

  test('joins keep their buffers', async () => {
    await expectResumable(
      `stream Spread = join(Bid, Ask) .on(Bid.sym == Ask.sym) .window(10s) .emit(sym: Bid.sym, spread: Ask.px - Bid.px)`,
      [
        at('0s', 'Bid', { sym: 'X', px: 100 }),
        at('2s', 'Ask', { sym: 'X', px: 105 }),
        at('3s', 'Ask', { sym: 'X', px: 104 }),
        at('5s', 'Bid', { sym: 'X', px: 101 }),
        at('20s', 'Ask', { sym: 'X', px: 110 }),
      ],
    );
  });

  test('the spec examples: a count window of 5 and a session split by the checkpoint', async () => {
    const plan = await compileProgram(`stream C = R .window(5) .aggregate(n: count()) .emit(n: n)
stream S = R .window(session: 5s) .aggregate(n: count()) .emit(n: n)`);
    const a = new Timeline(plan).feed(at('0s', 'R'), at('1s', 'R'));
    const b = new Timeline(plan);
    b.engine.restore(JSON.parse(JSON.stringify(a.engine.checkpoint())));
    b.feed(at('2s', 'R'), at('9s', 'R'), at('10s', 'R'));
    expect(b.emitted()).toEqual([
      { stream: 'S', timestamp: 2000, data: { n: 3 } },
      { stream: 'C', timestamp: 10000, data: { n: 5 } },
    ]);
  });

  test('globals changed through the API are part of the checkpoint', async () => {
    const plan = await compileProgram(`var limit = 5\nstream S = R .where(v > limit) .emit(v: v)`);
    const a = new Timeline(plan);
    a.engine.setVariable('limit', 10);
    const b = new Timeline(plan);
    b.engine.restore(JSON.parse(JSON.stringify(a.engine.checkpoint())));
    b.feed(at(1, 'R', { v: 7 }), at(2, 'R', { v: 11 }));
    expect(b.data()).toEqual([{ v: 11 }]);
  });

  test('a checkpoint of another program, version or a damaged one is refused (VPL-R009)', async () => {
    const p1 = await compileProgram(`stream S = R .emit()`);
    const p2 = await compileProgram(`stream S = R .emit(x: 1)`);
    const ck = new Timeline(p1).engine.checkpoint();
    expect(() => new Timeline(p2).engine.restore(ck)).toThrow(CheckpointError);
    expect(() => new Timeline(p1).engine.restore({ ...ck, version: 99 })).toThrow(CheckpointError);
    expect(() => new Timeline(p1).engine.restore({ ...ck, streams: [{ name: 'S', state: 'garbage' }] })).toThrow(
      CheckpointError,
    );
    expect(() => new Timeline(p1).engine.restore('nonsense')).toThrow(CheckpointError);
  });
});

describe('checkpoint / restore of trend aggregation', () => {
  test('trend windows are kept across a checkpoint', async () => {
    await expectResumable(
      `stream Climbs = Price as base -> all Price where value > base.value as up .within(1m) .partition_by(sym)
    .trend_aggregate(paths: count_trends(), ups: count_events(up), top: max_trends(up.value))
    .emit(sym: sym, paths: paths, ups: ups, top: top)`,
      [
        at('0s', 'Price', { sym: 'A', value: 10 }),
        at('1s', 'Price', { sym: 'A', value: 12 }),
        at('2s', 'Price', { sym: 'B', value: 5 }),
        at('3s', 'Price', { sym: 'A', value: 11 }),
        at('4s', 'Price', { sym: 'A', value: 13 }),
        at('61s', 'Price', { sym: 'A', value: 1 }),
        at('62s', 'Price', { sym: 'A', value: 2 }),
      ],
    );
  });
});

describe('checkpoint / restore of forecasting', () => {
  test('the model and its counters are part of the checkpoint', async () => {
    const events: TimelineEvent[] = [];
    for (let i = 0; i < 12; i++) {
      events.push(at(i * 20_000, 'Trial', { account: i }));
      events.push(at(i * 20_000 + 1000, 'Use', { account: i }));
      if (i % 3 !== 2) events.push(at(i * 20_000 + 2000, 'Cancel', { account: i }));
    }
    await expectResumable(
      `stream Churn = Trial as t -> Use where account == t.account as u -> Cancel where account == t.account
    .within(10s) .forecast(confidence: 0.0, warmup: 3) .emit(account: t.account, p: forecast_probability, time: forecast_time)`,
      events,
    );
  });
});
