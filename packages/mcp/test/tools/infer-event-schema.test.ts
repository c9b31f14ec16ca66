import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';
import { PROGRAMS_DIR } from '../helpers/programs.js';

describe('infer_event_schema', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect({ allowedRoots: [PROGRAMS_DIR] });
  });
  afterAll(async () => session.close());

  test('proposes declarations from .evt samples, with optional fields and unified number types', async () => {
    const eventsText = `@1s Reading { sensor: "s1", temp: 21, ok: true, tags: ["a", "b"] }
@2s Reading { sensor: "s2", temp: 22.5, ok: false, tags: [] }
@3s Reading { sensor: "s3", temp: 23, note: "recalibrated" }
@4s Alarm { sensor: "s1", at: "2025-03-09T06:30:00Z" }`;
    const result = await call(session.client, 'infer_event_schema', { eventsText });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent;
    expect(s.eventsRead).toBe(4);
    expect(s.declarations).toBe(`event Reading:
    sensor: str
    temp: float
    ok: bool?
    tags: [str]?
    note: str?

event Alarm:
    sensor: str
    at: timestamp`);
    expect(s.eventTypes[0].fields[1]).toMatchObject({ name: 'temp', seen: 3, examples: ['21', '22.5', '23'] });
  });

  test('JSON objects (nested and flat) and a file under an allowed root', async () => {
    const json = await call(session.client, 'infer_event_schema', {
      events: [
        { event_type: 'Order', timestamp: 1, data: { id: 'o1', qty: 2, price: 9.5, meta: { channel: 'web' } } },
        { event_type: 'Order', timestamp: 2, id: 'o2', qty: 3, price: null },
        { event_type: 'Order', timestamp: 3, 'bad-name': 1, id: 'o3', qty: 1, price: 1.25 },
      ],
    });
    const order = json.structuredContent.eventTypes[0];
    expect(order.fields.map((f: { name: string; type: string }) => `${f.name}: ${f.type}`)).toEqual([
      'id: str',
      'qty: int',
      'price: float?',
      'meta: {str: str}?',
    ]);
    expect(order.skippedFields).toEqual(['bad-name']);
    const file = await call(session.client, 'infer_event_schema', { eventsFile: 'hr-shift-overtime.jsonl' });
    expect(file.structuredContent.eventTypes.map((t: { name: string }) => t.name)).toContain('ClockIn');
  });

  test('input that holds no event is an error with a hint; so is no input', async () => {
    const bad = await call(session.client, 'infer_event_schema', { eventsText: 'this is not an event\n{"not json' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/No events could be read/);
    expect(bad.structuredContent.inputErrors.length).toBe(2);
    const none = await call(session.client, 'infer_event_schema', {});
    expect(none.isError).toBe(true);
    expect(textOf(none)).toMatch(/No events given/);
    const outside = await call(session.client, 'infer_event_schema', { eventsFile: '../../package.json' });
    expect(textOf(outside)).toMatch(/Access denied/);
  });
});
