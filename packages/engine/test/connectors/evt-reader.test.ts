import { describe, expect, test } from 'vitest';
import { EvtReader, parseEventText } from '../../src/connectors/index.js';
import { type EventRecord, toJson } from '../../src/runtime/values/index.js';

const evt = (text: string) => parseEventText(text, 'evt', 'in.evt');
/** `[type, time, {fields as JSON}]` per event. */
const summary = (events: EventRecord[]) => events.map((r) => `${r.type}@${r.timeMs} ${toJson(r)}`);

describe('.evt line forms (semantics §3.1)', () => {
  test('named fields, positional fields, trailing semicolons, empty bodies', () => {
    const r = evt(
      [
        'Trade { symbol: "ACME", price: 40.5, qty: 3 }',
        'Trade(ACME, 40.0, 3);',
        'Ping {}',
        'Ping()',
        '  Tick { n: 1 } ;  ',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(summary(r.events)).toEqual([
      'Trade@0 {"symbol":"ACME","price":40.5,"qty":3}',
      'Trade@0 {"field_0":"ACME","field_1":40.0,"field_2":3}',
      'Ping@0 {}',
      'Ping@0 {}',
      'Tick@0 {"n":1}',
    ]);
  });

  test('comments and blank lines are ignored; a # after an event is text', () => {
    const r = evt('# comment\n// another\n\n   \nA { note: hello # not a comment }\n');
    expect(summary(r.events)).toEqual(['A@0 {"note":"hello # not a comment"}']);
    expect(r.lines).toEqual([5]);
  });

  test('value literals, tried in order', () => {
    const r = evt(
      'V { a: true, b: false, c: null, d: nil, e: "q\\"x\\n", f: \'single\', g: 42, h: -7, i: 2.5, j: -1e3, k: inf, l: -inf, m: NaN, n: [1, [2, "x"], []], o: active, p: 9223372036854775807, q: 99999999999999999999, r: {x: 1}, s: "a\\qb", t: 1.0 }',
    );
    expect(r.errors).toEqual([]);
    const e = r.events[0]!;
    expect(toJson(e)).toBe(
      '{"a":true,"b":false,"c":null,"d":null,"e":"q\\"x\\n","f":"single","g":42,"h":-7,"i":2.5,"j":-1000.0,"k":null,"l":null,"m":null,"n":[1,[2,"x"],[]],"o":"active","p":9223372036854775807,"q":"99999999999999999999","r":"{x: 1}","s":"a\\\\qb","t":1.0}',
    );
    expect(e.get('k')).toBe(Number.POSITIVE_INFINITY);
    expect(e.get('m')).toBeNaN();
  });

  test('commas inside quotes and brackets do not split fields', () => {
    const r = evt('A { s: "x, y", arr: [1, 2], p: (a, b) }');
    expect(toJson(r.events[0]!)).toBe('{"s":"x, y","arr":[1,2],"p":"(a, b)"}');
  });

  test('a repeated field keeps its first position and takes the last value', () => {
    expect(toJson(evt('A { x: 1, y: 2, x: 3 }').events[0]!)).toBe('{"x":3,"y":2}');
  });

  test('a field named timestamp is ordinary data', () => {
    const r = evt('@5s Reading { timestamp: 5 }');
    expect(summary(r.events)).toEqual(['Reading@5000 {"timestamp":5}']);
  });
});

describe('.evt event time (semantics §3.2)', () => {
  test('BATCH sets the time of the following lines; @ affects one line', () => {
    const r = evt(
      ['A {}', 'BATCH 100', 'B {}', '@5s C {}', 'D {}', '@2m E {}', '@7 F {}', '@20ms G {}', 'BATCH', 'H {}'].join(
        '\n',
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => `${e.type}${e.timeMs}`)).toEqual([
      'A0',
      'B100',
      'C5000',
      'D100',
      'E120000',
      'F7',
      'G20',
      'H100',
    ]);
  });

  test('an event type named BATCHED is an ordinary event', () => {
    expect(summary(evt('BATCHED { n: 1 }').events)).toEqual(['BATCHED@0 {"n":1}']);
  });

  test('JSON events in .evt files: their timestamp wins, else @/BATCH', () => {
    const r = evt(
      [
        'BATCH 50',
        '{"event_type": "J", "data": {"x": 1}}',
        '@9s {"event_type": "K", "x": 2}',
        '{"event_type": "L", "timestamp": 1234, "x": 3}',
      ].join('\n'),
    );
    expect(summary(r.events)).toEqual(['J@50 {"x":1}', 'K@9000 {"x":2}', 'L@1234 {"x":3}']);
  });
});

describe('.evt input errors (semantics §3.4)', () => {
  test.each([
    ['BATCH abc', 1, 7, 'BATCH needs a non-negative integer number of milliseconds'],
    ['BATCH -5', 1, 7, 'BATCH needs a non-negative integer number of milliseconds'],
    ['@5sTrade {}', 1, 4, "invalid time offset: expected a unit (ms, s or m) and a space after '@<n>'"],
    ['@x Trade {}', 1, 2, "a time offset needs a non-negative integer after '@'"],
    ['@5s', 1, 4, 'a time offset must be followed by a space and an event'],
    ['Trade', 1, 1, "invalid event format: expected 'Type { name: value, … }', 'Type(value, …)' or a JSON object"],
    ['Trade { a 1 }', 1, 9, "invalid event format: a named field needs 'name: value'"],
    ['Trade { : 1 }', 1, 9, 'invalid event format: a field name is empty'],
    ['Foo-Bar { a: 1 }', 1, 1, 'invalid event format: the event type must be an identifier'],
    ['9Lives { a: 1 }', 1, 1, 'invalid event format: the event type must be an identifier'],
    [
      'Trade { a: 1',
      1,
      1,
      "invalid event format: expected 'Type { name: value, … }', 'Type(value, …)' or a JSON object",
    ],
    [
      '{"event_type": "T", "x": 1',
      1,
      27,
      "invalid JSON: expected ',' or '}' in a JSON object, found the end of the line",
    ],
  ])('%s → line %i col %i: %s', (text, line, column, reason) => {
    const r = evt(`${text}\n`);
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([{ code: 'VPL-R008', file: 'in.evt', line, column, reason }]);
  });

  test('the line number of an error counts every line; good lines around it are kept', () => {
    const r = evt('A {}\n# c\n\nbad line\nB {}\n');
    expect(r.events.map((e) => e.type)).toEqual(['A', 'B']);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([[4, 1]]);
  });

  test('arrays nested deeper than 32 levels are an input error', () => {
    const ok = `A { a: ${'['.repeat(32)}1${']'.repeat(32)} }`;
    const bad = `A { a: ${'['.repeat(33)}1${']'.repeat(33)} }`;
    expect(evt(ok).errors).toEqual([]);
    expect(evt(bad).errors.map((e) => e.reason)).toEqual(['an array is nested deeper than 32 levels']);
  });
});

describe('.evt streaming', () => {
  test('lines split across chunks, CRLF line ends, a final line without newline, a BOM', () => {
    const events: string[] = [];
    const errors: string[] = [];
    const reader = new EvtReader({ event: (r) => events.push(toJson(r)), error: (e) => errors.push(e.reason) });
    const text = '\uFEFFA { x: 1 }\r\nB { s: "h\u00e9llo" }\r\nC { y: 2.5 }';
    for (const ch of text) reader.write(ch);
    reader.end();
    expect(errors).toEqual([]);
    expect(events).toEqual(['{"x":1}', '{"s":"héllo"}', '{"y":2.5}']);
  });
});
