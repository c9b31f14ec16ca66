import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';
import { READINGS, TAKEOVER } from '../helpers/programs.js';

describe('generate_sample_events', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('a sequence: the witness emits, the near miss violates one step filter by the smallest margin', async () => {
    const result = await call(session.client, 'generate_sample_events', {
      program: TAKEOVER,
      stream: 'TakeoverSuspected',
    });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent;
    expect(s.strategy).toBe('sequence');
    expect(s.witness.verified).toBe(true);
    expect(s.witness.emittedCount).toBe(1);
    expect(s.witness.events.map((e: { event_type: string }) => e.event_type)).toEqual([
      'PasswordReset',
      'DeviceLogin',
      'PayoutRequested',
    ]);
    expect(s.witness.events[2].data.amount).toBe(500);
    expect(s.nearMiss.verified).toBe(true);
    expect(s.nearMiss.emittedCount).toBe(0);
    expect(s.nearMiss.change).toMatch(/amount >= 500/);
    expect(s.nearMiss.events[2].data.amount).toBe(499.5);
    // Both sequences replay identically through simulate_vpl.
    const replay = await call(session.client, 'simulate_vpl', { program: TAKEOVER, eventsText: s.witness.eventsText });
    expect(replay.structuredContent.emittedByStream).toEqual({ TakeoverSuspected: 1 });
  });

  test('a filter with a constant and a boolean field', async () => {
    const s = (await call(session.client, 'generate_sample_events', { program: READINGS, stream: 'Hot' }))
      .structuredContent;
    expect(s.strategy).toBe('filter');
    expect(s.witness.events[0].data).toMatchObject({ temp: 31, ok: true });
    expect(s.nearMiss.verified).toBe(true);
  });

  test('a window with an aggregate and .having: enough events, and one too few for the near miss', async () => {
    const s = (await call(session.client, 'generate_sample_events', { program: READINGS, stream: 'HotCount' }))
      .structuredContent;
    expect(s.strategy).toBe('aggregate');
    expect(s.witness.verified).toBe(true);
    expect(s.witness.events).toHaveLength(3);
    expect(s.nearMiss.events).toHaveLength(2);
    expect(s.nearMiss.change).toMatch(/one event fewer/);
  });

  test('a contradiction has no witness; an unknown stream and a broken program are errors', async () => {
    const contradiction = 'event R:\n    a: int\n\nstream Never = R\n    .where(a > 5 and a < 3)\n    .emit(a: a)\n';
    const none = await call(session.client, 'generate_sample_events', { program: contradiction, stream: 'Never' });
    expect(none.isError).toBe(true);
    expect(textOf(none)).toMatch(/No witness found/);
    const unknown = await call(session.client, 'generate_sample_events', { program: READINGS, stream: 'Nope' });
    expect(textOf(unknown)).toMatch(/No stream named 'Nope'.*Hot, HotCount/);
    const broken = await call(session.client, 'generate_sample_events', {
      program: 'stream S = R.where(',
      stream: 'S',
    });
    expect(textOf(broken)).toMatch(/errors/);
  });
});
