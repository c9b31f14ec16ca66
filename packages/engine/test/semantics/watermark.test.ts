import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

const MINUTE = `
stream Minute = Reading
    .window(1m)
    .aggregate(n: count(), total: sum(kw))
    .emit(n: n, total: total)

stream LateLog = Late_Reading
    .emit(kw: kw)
`;

const INPUT = [
  at('0s', 'Reading', { kw: 1 }),
  at('30s', 'Reading', { kw: 2 }),
  at('61s', 'Reading', { kw: 3 }),
  at('45s', 'Reading', { kw: 9 }),
  at('125s', 'Reading', { kw: 4 }),
];

describe('watermark (semantics §4.6)', () => {
  test('lateness 0: the late event goes to Late_Reading; windows close as the watermark passes their end', async () => {
    const run = await runTimeline(MINUTE, INPUT);
    expect(run.jsonl()).toEqual([
      '{"stream":"Minute","timestamp":30000,"data":{"n":2,"total":3}}',
      '{"stream":"LateLog","timestamp":45000,"data":{"kw":9}}',
      '{"stream":"Minute","timestamp":61000,"data":{"n":1,"total":3}}',
      '{"stream":"Minute","timestamp":125000,"data":{"n":1,"total":4}}',
    ]);
    expect(run.engine.getCounters().lateEvents).toBe(1);
  });

  test('allowed lateness 20s: the 45s event is on time', async () => {
    const run = await runTimeline(MINUTE.replace('.window(1m)', '.allowed_lateness(20s)\n    .window(1m)'), INPUT);
    expect(run.jsonl()).toEqual([
      '{"stream":"Minute","timestamp":45000,"data":{"n":3,"total":12}}',
      '{"stream":"Minute","timestamp":61000,"data":{"n":1,"total":3}}',
      '{"stream":"Minute","timestamp":125000,"data":{"n":1,"total":4}}',
    ]);
  });

  test('a stateless stream processes the late event, before the Late_ side stream', async () => {
    const run = await runTimeline(
      `${MINUTE}
stream Spikes = Reading
    .where(kw > 5)
    .emit(kw: kw)
`,
      INPUT,
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"Minute","timestamp":30000,"data":{"n":2,"total":3}}',
      '{"stream":"Spikes","timestamp":45000,"data":{"kw":9}}',
      '{"stream":"LateLog","timestamp":45000,"data":{"kw":9}}',
      '{"stream":"Minute","timestamp":61000,"data":{"n":1,"total":3}}',
      '{"stream":"Minute","timestamp":125000,"data":{"n":1,"total":4}}',
    ]);
  });
});
