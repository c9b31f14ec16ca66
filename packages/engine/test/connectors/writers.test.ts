import { describe, expect, test } from 'vitest';
import {
  formatEvtLine,
  formatJsonlLine,
  formatTextLine,
  LineBuffer,
  parseEventText,
} from '../../src/connectors/index.js';
import { Duration, EventRecord, FloatValue, Timestamp, toJson, type Value } from '../../src/runtime/values/index.js';

const rec = (type: string, time: number, fields: Record<string, Value>) => EventRecord.of(type, time, fields);

describe('writers', () => {
  test('JSON lines follow semantics §18.3', () => {
    expect(formatJsonlLine('Hot', rec('X', 1500, { room: 'lab', c: 34.5, n: 3, f: new FloatValue(6) }))).toBe(
      '{"stream":"Hot","timestamp":1500,"data":{"room":"lab","c":34.5,"n":3,"f":6.0}}',
    );
  });

  test('text lines', () => {
    expect(formatTextLine('Hot', rec('X', 1741501800000, { room: 'lab', c: 34.5 }))).toBe(
      'Hot @2025-03-09T06:30:00.000Z {room: "lab", c: 34.5}',
    );
  });

  test('.evt lines read back to the same events', () => {
    const records = [
      rec('A', 1500, { s: 'x "q" \\ \n\t', i: 7, f: new FloatValue(2), g: 0.5, b: true, n: null, big: 2n ** 62n }),
      rec('B', 0, { arr: [1, 'two', [new FloatValue(3)]], nan: Number.NaN, inf: Number.NEGATIVE_INFINITY }),
      rec('C', 3, {}),
      rec('D', 4, { m: new Map<string, Value>([['k', 1]]), t: Timestamp.fromMs(5), d: Duration.fromMs(6) }),
      rec('E', -5, { x: 1 }),
      rec('F', 6, { 'not an identifier': 1 }),
    ];
    const text = records.map(formatEvtLine).join('\n');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '@1500 A { s: "x \\"q\\" \\\\ \\n\\t", i: 7, f: 2.0, g: 0.5, b: true, n: null, big: 4611686018427387904 }',
      '@0 B { arr: [1, "two", [3.0]], nan: NaN, inf: -inf }',
      '@3 C {}',
    ]);
    const back = parseEventText(text, 'evt');
    expect(back.errors).toEqual([]);
    expect(back.events.map((r) => [r.type, r.timeMs, toJson(r)])).toEqual(
      records.map((r) => [r.type, r.timeMs, toJson(r)]),
    );
    expect(back.events[1]!.get('nan')).toBeNaN();
  });

  test('a line buffer batches writes', () => {
    const writes: string[] = [];
    const b = new LineBuffer((t) => writes.push(t), 10);
    b.push('abc');
    b.push('defgh');
    b.push('x');
    b.flush();
    expect(writes).toEqual(['abc\ndefgh\n', 'x\n']);
  });
});
