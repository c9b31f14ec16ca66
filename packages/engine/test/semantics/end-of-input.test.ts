import { describe, expect, test } from 'vitest';
import { at, runTimeline } from '../../src/testing/index.js';

const PROGRAM = `
pattern Ignored = SEQ(Ticket as t, NOT Response where ticket == t.id) within 1m

stream Silent = Ignored
    .emit(ticket: t.id, waited: match_duration_ms)

stream Answered = Ticket as t
    -> Response where ticket == t.id as r
    .within(1m)
    .emit(ticket: t.id)

stream Pairs = Ticket
    .window(2)
    .aggregate(n: count())
    .emit(n: n)
`;

const INPUT = [
  at('0s', 'Ticket', { id: 1 }),
  at('20s', 'Ticket', { id: 2 }),
  at('30s', 'Response', { ticket: 2 }),
  at('45s', 'Ticket', { id: 3 }),
];

describe('end of input (semantics §4.5, §4.6)', () => {
  test('trailing-NOT runs complete at their deadlines; waiting runs and partial count windows are discarded', async () => {
    const run = await runTimeline(PROGRAM, INPUT);
    expect(run.jsonl()).toEqual([
      '{"stream":"Pairs","timestamp":20000,"data":{"n":2}}',
      '{"stream":"Answered","timestamp":30000,"data":{"ticket":2}}',
      '{"stream":"Silent","timestamp":60000,"data":{"ticket":1,"waited":60000}}',
      '{"stream":"Silent","timestamp":105000,"data":{"ticket":3,"waited":60000}}',
    ]);
  });

  test('a later event that passes the deadline gives the same match as the end of input', async () => {
    const run = await runTimeline(PROGRAM, [...INPUT, at('61s', 'Other')], { end: false });
    expect(run.jsonl()).toEqual([
      '{"stream":"Pairs","timestamp":20000,"data":{"n":2}}',
      '{"stream":"Answered","timestamp":30000,"data":{"ticket":2}}',
      '{"stream":"Silent","timestamp":60000,"data":{"ticket":1,"waited":60000}}',
    ]);
  });

  test('without end(), nothing is flushed', async () => {
    const run = await runTimeline(`stream W = R .window(10s) .aggregate(n: count()) .emit(n: n)`, [at('1s', 'R')], {
      end: false,
    });
    expect(run.jsonl()).toEqual([]);
    run.end();
    expect(run.jsonl()).toEqual(['{"stream":"W","timestamp":1000,"data":{"n":1}}']);
  });
});
