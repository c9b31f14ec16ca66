/**
 * Line templates (evt-template.ts, json-template.ts) are an optimisation only: reading any text with them gives
 * exactly what reading it without them gives — the same events (type, time, field names, values and their kinds),
 * the same input errors at the same line and column, the same limit warnings. Checked on generated lines that
 * mostly repeat a few field-name lists (so templates are built and tried all the time) with values and layouts
 * chosen to hit every edge of the fast paths.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type EventFormat, parseEventText } from '../../src/connectors/index.js';
import { FloatValue, toJson, type Value } from '../../src/runtime/values/index.js';

function kind(v: Value): string {
  if (v instanceof FloatValue) return Object.is(v.value, -0) ? 'float-0' : 'float';
  if (typeof v === 'number' && Object.is(v, -0)) return 'number-0';
  return Array.isArray(v) ? `[${v.map(kind).join(',')}]` : typeof v;
}

function read(text: string, format: EventFormat, lineTemplates: boolean): string[] {
  const r = parseEventText(text, format, 'in', { lineTemplates });
  return [
    ...r.events.map(
      (e, i) =>
        `${r.lines[i]} ${e.type}@${e.timeMs} ${e.fieldNames.join('|')} ${toJson(e)} ${e.values.map(kind).join(' ')}`,
    ),
    ...r.errors.map((e) => `error ${e.line}:${e.column} ${e.reason}`),
    ...r.warnings.map((w) => `warning ${w.line}:${w.column} ${w.message}`),
  ];
}

function sameWithAndWithout(text: string, format: EventFormat): void {
  expect(read(text, format, true)).toEqual(read(text, format, false));
}

const EVT_VALUES = [
  '1',
  '-0',
  '-0.0',
  '007',
  '1.5',
  '-2.25',
  '100.0',
  '5.',
  '.5',
  '1e3',
  '+4',
  '-',
  'inf',
  '-inf',
  'NaN',
  '123456789012345',
  '1234567890123456',
  '123456789012345678901',
  '0.1234567890123456',
  '"a"',
  "'b'",
  '"a,b"',
  '"x\\"y"',
  '"tab\\there"',
  '"unterminated',
  '"a" b',
  '"a"x',
  '[1, 2]',
  '[[1], "a,b"]',
  '[',
  '{x}',
  '(1)',
  ']',
  'abc',
  'a b',
  'true',
  'false',
  'null',
  'nil',
  '',
  ' 12 ',
  '1:2',
  '12x',
  '1 2',
  '"é😀"',
];
const EVT_NAMES = ['a', 'b', 'price', 'x_1', 'é', 'a b', '"q"', 'x:y', 'a[1,2]', ''];
const WS = ['', ' ', '  ', '\t'];

const evtField = fc.record({
  name: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'price') },
    { weight: 1, arbitrary: fc.constantFrom(...EVT_NAMES) },
  ),
  value: fc.constantFrom(...EVT_VALUES),
  before: fc.constantFrom(...WS),
  colon: fc.constantFrom(':', ' :', ': ', ' : ', '\t:'),
});

const evtLine = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      time: fc.constantFrom('', '@10 ', '@2s ', '@5ms ', '@1m '),
      type: fc.constantFrom('A', 'A', 'B', 'Tick'),
      fields: fc.oneof(
        { weight: 4, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: fc.array(evtField, { maxLength: 4 }) },
      ),
      values: fc.array(fc.constantFrom(...EVT_VALUES), { minLength: 3, maxLength: 3 }),
      trailer: fc.constantFrom('', '', ' ', ';', ' ;', ',', ', '),
      open: fc.constantFrom(' {', '{', '  { '),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('# comment', 'BATCH 100', '', 'A(1, "x", 2.5)', 'A()', '{"event_type":"A"}'),
  },
);

function evtText(lines: (string | Record<string, unknown>)[]): string {
  return lines
    .map((l) => {
      if (typeof l === 'string') return l;
      const { time, type, fields, values, trailer, open } = l as {
        time: string;
        type: string;
        fields: { name: string; value: string; before: string; colon: string }[] | null;
        values: string[];
        trailer: string;
        open: string;
      };
      // null: the common case, the same three names as the lines around it, only the values differ
      const list =
        fields ?? ['a', 'b', 'price'].map((name, i) => ({ name, value: values[i]!, before: ' ', colon: ': ' }));
      const body = list.map((f) => `${f.before}${f.name}${f.colon}${f.value}`).join(',');
      const end = trailer === ';' || trailer === ' ;' ? ` }${trailer}` : `${trailer} }`;
      return `${time}${type}${open}${body}${end}`;
    })
    .join('\n');
}

const JSON_VALUES = [
  '1',
  '-0',
  '01',
  '-01',
  '1.0',
  '-0.0',
  '1.',
  '-',
  '1e5',
  '1E-2',
  '2.5e0',
  '12345678901234567',
  '123456789012345',
  '0.000000000000001',
  '"s"',
  '"s\\n"',
  '"\\u0041"',
  `"${'long'.repeat(8)}"`,
  'true',
  'null',
  'tru',
  '[1,2]',
  '{"k":1}',
  '"unterminated',
  '12x',
];

const jsonMember = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom('"a"', '"b"', '"price"')
      .chain((k) => fc.constantFrom(...JSON_VALUES).map((v) => `${k}:${v}`)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"event_type":"B"',
      '"event_type":1',
      '"event_type":""',
      '"type":"T"',
      '"timestamp":"2024-01-01T00:00:00Z"',
      '"timestamp":1.5',
      '"timestamp":-1',
      '"timestamp":"soon"',
      '"data":{"a":1}',
      '"data":3',
      '"a\\u0062":1',
      '"event_type" : "A"',
      '"q":1 "r":2',
    ),
  },
);

const jsonLine = fc.oneof(
  {
    weight: 6,
    // the common case: the same members as the lines around it, only the values differ
    arbitrary: fc
      .record({
        type: fc.constantFrom('A', 'B'),
        time: fc.constantFrom('0', '10', '-5', '"2024-01-01T00:00:00.5Z"'),
        values: fc.array(fc.constantFrom(...JSON_VALUES), { minLength: 3, maxLength: 3 }),
        ws: fc.constantFrom('', ' '),
        tail: fc.constantFrom('}', '}', ' }', '},', '} x', ''),
      })
      .map(
        ({ type, time, values, ws, tail }) =>
          `{"event_type":${ws}"${type}",${ws}"timestamp":${time},"a":${values[0]},${ws}"b":${values[1]},"price":${values[2]}${tail}`,
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(jsonMember, { maxLength: 4 })
      .map((members) => `{"event_type":"A","timestamp":7,${members.join(',')}}`.replace(',}', '}')),
  },
  { weight: 1, arbitrary: fc.constantFrom('{"type":"A","a":1}', '{}', 'not json', '{"event_type":"A"}') },
);

describe('line templates change nothing', () => {
  test('.evt: generated lines read the same with and without templates', () => {
    fc.assert(
      fc.property(fc.array(evtLine, { minLength: 1, maxLength: 30 }), (lines) => {
        sameWithAndWithout(evtText(lines), 'evt');
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  test('JSON lines: generated lines read the same with and without templates', () => {
    fc.assert(
      fc.property(fc.array(jsonLine, { minLength: 1, maxLength: 30 }), (lines) => {
        sameWithAndWithout(lines.join('\n'), 'jsonl');
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });

  test('the fast paths are taken: repeated lines share one shape', () => {
    const evt = parseEventText('A { a: 1, b: "x" }\nA { a: 2.5, b: "y" }\nA {a:-3,b:\'z\'}\n', 'evt');
    expect(evt.errors).toEqual([]);
    expect(evt.events.map((e) => toJson(e))).toEqual(['{"a":1,"b":"x"}', '{"a":2.5,"b":"y"}', '{"a":-3,"b":"z"}']);
    expect(new Set(evt.events.map((e) => e.shape)).size).toBe(1);
    const jsonl = parseEventText(
      '{"event_type":"A","timestamp":1,"a":1.0,"b":"x"}\n{"event_type":"B","timestamp":2,"a":-0,"b":"y"}\n',
      'jsonl',
    );
    expect(jsonl.errors).toEqual([]);
    expect(jsonl.events.map((e) => `${e.type}@${e.timeMs} ${toJson(e)}`)).toEqual([
      'A@1 {"a":1.0,"b":"x"}',
      'B@2 {"a":0,"b":"y"}',
    ]);
    expect(jsonl.events[0]!.shape).toBe(jsonl.events[1]!.shape);
  });

  test('a templated line that turns out different is read the general way, errors included', () => {
    const text = [
      'A { a: 1, b: 2 }',
      'A { a: 1, b: 2, c: 3 }',
      'A { a: 1 }',
      'A { a: 1, b: [1, 2] }',
      'A { a: 1, b: 2, }',
      'A { a: "x, b: 2 }',
    ].join('\n');
    const r = parseEventText(text, 'evt', 'in');
    expect(r.events.map((e) => toJson(e))).toEqual([
      '{"a":1,"b":2}',
      '{"a":1,"b":2,"c":3}',
      '{"a":1}',
      '{"a":1,"b":[1,2]}',
      '{"a":"\\"x, b: 2"}',
    ]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.reason}`)).toEqual([
      "5:16 invalid event format: a named field needs 'name: value'",
    ]);
  });

  test('a JSON line that meets a limit on the templated path is reported once, as without templates', () => {
    const deep = `${'['.repeat(40)}1${']'.repeat(40)}`;
    const text = [
      '{"event_type":"A","timestamp":1,"a":1}',
      `{"event_type":"A","timestamp":2,"a":${deep}}`,
      '{"event_type":"A","timestamp":3,"a":01}',
      '{"event_type":"A","timestamp":"later","a":1}',
    ].join('\n');
    const lines = read(text, 'jsonl', true);
    expect(lines).toEqual(read(text, 'jsonl', false));
    expect(lines.filter((l) => l.startsWith('warning'))).toHaveLength(8); // one per level beyond 32
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([
      'error 3:38 invalid JSON: a number cannot have a leading zero',
      'error 4:31 invalid timestamp: "timestamp" must be an integer number of milliseconds or an ISO-8601 date string',
    ]);
  });
});
