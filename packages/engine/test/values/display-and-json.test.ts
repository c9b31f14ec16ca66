import { describe, expect, test } from 'vitest';
import {
  Duration,
  display,
  EventRecord,
  FloatValue,
  renderJsonlLine,
  Timestamp,
  toJson,
  type Value,
} from '../../src/runtime/values/index.js';

const f = (x: number) => new FloatValue(x);

describe('display forms (semantics §2.6, R12)', () => {
  test.each<[Value, string]>([
    [null, 'null'],
    [true, 'true'],
    [42, '42'],
    [-7, '-7'],
    [2n ** 63n - 1n, '9223372036854775807'],
    [f(35), '35.0'],
    [2.5, '2.5'],
    [1e-7, '1e-7'],
    [f(1e21), '1e+21'],
    [f(-0), '-0.0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    ['text', 'text'],
    [['a', 'b'], '["a", "b"]'],
    [[1, f(2), null], '[1, 2.0, null]'],
    [
      new Map<string, Value>([
        ['name', 'x'],
        ['n', 1],
      ]),
      '{name: "x", n: 1}',
    ],
    [Duration.fromMs(300_000), '5m'],
    [Duration.fromMs(1500), '1500ms'],
    [Duration.fromMs(7_200_000), '2h'],
    [Duration.fromMs(172_800_000), '2d'],
    [Duration.fromMs(3000), '3s'],
    [new Duration(0, 1500), '1500ns'],
    [new Duration(0, 2000), '2us'],
    [Timestamp.fromMs(1741501800000), '2025-03-09T06:30:00.000Z'],
    [new Timestamp(1741501800123, 456), '2025-03-09T06:30:00.123Z'],
    [Timestamp.fromMs(-1), '1969-12-31T23:59:59.999Z'],
  ])('%o displays as %s', (v, text) => {
    expect(display(v)).toBe(text);
  });

  test('a record displays as its field list', () => {
    expect(display(EventRecord.of('T', 0, { room: 'lab', c: 34.5 }))).toBe('{room: "lab", c: 34.5}');
  });
});

describe('JSON rendering (semantics §2.6, §18.3)', () => {
  test.each<[Value, string]>([
    [null, 'null'],
    [false, 'false'],
    [3, '3'],
    [f(3), '3.0'],
    [f(6), '6.0'],
    [34.5, '34.5'],
    [f(1e21), '1e+21'],
    [1e-7, '1e-7'],
    [Number.NaN, 'null'],
    [Number.POSITIVE_INFINITY, 'null'],
    [2n ** 62n, '4611686018427387904'],
    [-(2n ** 63n), '-9223372036854775808'],
    ['a"b\n', '"a\\"b\\n"'],
    [[1, 'x', [f(2)]], '[1,"x",[2.0]]'],
    [
      new Map<string, Value>([
        ['z', 1],
        ['a', null],
      ]),
      '{"z":1,"a":null}',
    ],
    [Timestamp.fromMs(1741501800000), '"2025-03-09T06:30:00.000Z"'],
    [Duration.fromMs(1500), '1500'],
    [new Duration(0, 500_000), '0.5'],
    [new Duration(2, 1), '2.000001'],
  ])('%o renders as %s', (v, text) => {
    expect(toJson(v)).toBe(text);
  });

  test('an output line has stream, timestamp and data in order', () => {
    const r = EventRecord.of('HotRooms', 1500, { room: 'lab', celsius: 34.5, count: 3, avg: f(6) });
    expect(renderJsonlLine('HotRooms', 1500, r)).toBe(
      '{"stream":"HotRooms","timestamp":1500,"data":{"room":"lab","celsius":34.5,"count":3,"avg":6.0}}',
    );
  });

  test('field names are escaped', () => {
    const r = EventRecord.of('T', 0, { 'a"b': 1 });
    expect(renderJsonlLine('S"', 0, r)).toBe('{"stream":"S\\"","timestamp":0,"data":{"a\\"b":1}}');
  });
});
