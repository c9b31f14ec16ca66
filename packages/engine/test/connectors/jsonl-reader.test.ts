import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import {
  createEventReader,
  detectEventFormat,
  INPUT_LIMITS,
  parseEventText,
  pumpStream,
  readEventFile,
} from '../../src/connectors/index.js';
import { type EventRecord, FloatValue, toJson } from '../../src/runtime/values/index.js';

const jsonl = (text: string) => parseEventText(text, 'jsonl', 'in.jsonl');
const summary = (events: EventRecord[]) => events.map((r) => `${r.type}@${r.timeMs} ${toJson(r)}`);

describe('JSON events (semantics §3.3)', () => {
  test('nested and flat shapes; type as a synonym; extra top-level members', () => {
    const r = jsonl(
      [
        '{"event_type": "T", "data": {"a": 1, "b": "x"}, "timestamp": 5, "source": "ignored"}',
        '{"event_type": "T", "timestamp": 6, "a": 2, "b": "y"}',
        '{"type": "U", "v": true}',
        '{"event_type": "V", "type": "kept", "n": 1}',
        '{"event_type": "W", "data": 3, "x": 1}',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(summary(r.events)).toEqual([
      'T@5 {"a":1,"b":"x"}',
      'T@6 {"a":2,"b":"y"}',
      'U@6 {"v":true}',
      'V@6 {"type":"kept","n":1}',
      'W@6 {"data":3,"x":1}',
    ]);
  });

  test('ints and floats are told apart by their literal text', () => {
    const r = jsonl(
      '{"event_type": "N", "a": 40, "b": 40.0, "c": 4e1, "d": -0, "e": -0.0, "f": 9223372036854775807, "g": 9223372036854775808, "h": 0.1, "i": 123456789012345678, "j": 1.5e300, "k": 2.000000000000000000001}',
    );
    expect(r.errors).toEqual([]);
    const e = r.events[0]!;
    expect(toJson(e)).toBe(
      '{"a":40,"b":40.0,"c":40.0,"d":0,"e":-0.0,"f":9223372036854775807,"g":9223372036854776000.0,"h":0.1,"i":123456789012345678,"j":1.5e+300,"k":2.0}',
    );
    expect(e.get('b')).toEqual(new FloatValue(40));
    expect(e.get('f')).toBe(9223372036854775807n);
  });

  test('strings with escapes, nested objects and arrays keep order', () => {
    const r = jsonl(
      '{"event_type": "S", "s": "a\\"b\\u00e9\\n\\/", "m": {"z": 1, "a": [1, {"k": null}]}, "e\\u0078": 1}',
    );
    expect(r.errors).toEqual([]);
    expect(toJson(r.events[0]!)).toBe('{"s":"a\\"bé\\n/","m":{"z":1,"a":[1,{"k":null}]},"ex":1}');
  });
});

describe('JSON event time (semantics §3.2)', () => {
  test('integer milliseconds and ISO strings; untimed lines take the previous time', () => {
    const r = jsonl(
      [
        '{"event_type": "A"}',
        '{"event_type": "B", "timestamp": 1500}',
        '{"event_type": "C"}',
        '{"event_type": "D", "timestamp": "2025-03-09T06:30:00Z"}',
        '{"event_type": "E", "timestamp": "2025-03-09T06:30:00.250+02:00"}',
        '{"event_type": "F", "timestamp": "2025-03-09T06:30:00.9999"}',
        '',
        '{"event_type": "G", "data": {"timestamp": 7}}',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => `${e.type}${e.timeMs}`)).toEqual([
      'A0',
      'B1500',
      'C1500',
      'D1741501800000',
      `E${1741501800250 - 7_200_000}`,
      'F1741501800999',
      `G${1741501800999}`,
    ]);
    expect(toJson(r.events[6]!)).toBe('{"timestamp":7}');
  });
});

describe('JSON input errors (semantics §3.4)', () => {
  test.each([
    ['{"data": {}}', 1, 'missing event_type: the JSON event has no non-empty "event_type" (or "type") string'],
    ['{"event_type": ""}', 1, 'missing event_type: "event_type" must be a non-empty string'],
    ['{"event_type": 5}', 1, 'missing event_type: "event_type" must be a non-empty string'],
    [
      '{"event_type": "T", "timestamp": 1.5}',
      34,
      'invalid timestamp: "timestamp" must be an integer number of milliseconds or an ISO-8601 date string',
    ],
    [
      '{"event_type": "T", "timestamp": "yesterday"}',
      34,
      'invalid timestamp: "timestamp" must be an integer number of milliseconds or an ISO-8601 date string',
    ],
    ['{"event_type": "T", "x": tru}', 26, "invalid JSON: expected a value, found 't'"],
    ['{"event_type": "T", "x": 01}', 27, 'invalid JSON: a number cannot have a leading zero'],
    ['{"event_type": "T", "x": 1.}', 28, 'invalid JSON: a number needs digits after its decimal point'],
    ['{"event_type": "T"} x', 21, "invalid JSON: unexpected 'x' after the JSON event"],
    ['[1, 2]', 1, "invalid JSON: expected '{' to start a JSON event, found '['"],
    ['{"event_type": "T", "s": "abc}', 31, 'invalid JSON: unterminated string'],
  ])('%s → column %i', (text, column, reason) => {
    const r = jsonl(`{"event_type": "ok"}\n${text}\n`);
    expect(r.events.map((e) => e.type)).toEqual(['ok']);
    expect(r.errors).toEqual([{ code: 'VPL-R008', file: 'in.jsonl', line: 2, column, reason }]);
  });

  test('a line over 1 MiB is an input error; the next line is read', () => {
    const big = `{"event_type": "T", "s": "${'x'.repeat(INPUT_LIMITS.maxLineBytes)}"}`;
    const r = jsonl(`${big}\n{"event_type": "U"}\n`);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([[1, 'line longer than 1048576 bytes (1 MiB)']]);
    expect(r.events.map((e) => e.type)).toEqual(['U']);
  });

  test('the byte limit counts UTF-8 bytes', () => {
    // 400 000 'é' = 800 000 bytes: under the limit although it is more than a third of it in UTF-16 units.
    const r = jsonl(`{"event_type": "T", "s": "${'é'.repeat(400_000)}"}`);
    expect(r.errors).toEqual([]);
    const r2 = jsonl(`{"event_type": "T", "s": "${'é'.repeat(600_000)}"}`);
    expect(r2.errors.map((e) => e.line)).toEqual([1]);
  });
});

describe('JSON limits (semantics §16)', () => {
  test('fields beyond 1 024 are dropped with a warning', () => {
    const members = Array.from({ length: 1030 }, (_, i) => `"f${i}": ${i}`).join(', ');
    const r = jsonl(`{"event_type": "T", ${members}}`);
    expect(r.events[0]!.fieldCount).toBe(1024);
    expect(r.events[0]!.get('f1023')).toBe(1023);
    expect(r.warnings.map((w) => w.message)).toEqual(['6 field(s) beyond the limit of 1024 were dropped']);
  });

  test('strings are truncated to 256 KiB at a character boundary', () => {
    const r = jsonl(`{"event_type": "T", "s": "a${'€'.repeat(100_000)}"}`);
    const s = r.events[0]!.get('s') as string;
    expect(Buffer.byteLength(s)).toBe(1 + 3 * 87_381);
    expect(s.endsWith('€')).toBe(true);
    expect(r.warnings.map((w) => w.message)).toEqual(['a string was truncated to 262144 bytes']);
  });

  test('arrays are truncated to 10 000 elements', () => {
    const r = jsonl(`{"event_type": "T", "a": [${Array.from({ length: 10_005 }, () => '1').join(',')}]}`);
    expect((r.events[0]!.get('a') as unknown[]).length).toBe(10_000);
    expect(r.warnings.map((w) => w.message)).toEqual(['an array was truncated to 10000 elements']);
  });

  test('values nested deeper than 32 levels become null', () => {
    const nest = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const r = jsonl(
      `{"event_type": "T", "ok": ${nest(32)}, "deep": ${nest(33)}, "m": ${'{"a":'.repeat(33)}1${'}'.repeat(33)}}`,
    );
    const e = r.events[0]!;
    expect(toJson(e.get('ok'))).toBe(nest(32));
    expect(toJson(e.get('deep'))).toBe(nest(32).replace('1', 'null'));
    expect(r.warnings.length).toBe(2);
  });
});

describe('reading files and streams', () => {
  test('format detection by extension', () => {
    expect(detectEventFormat('a.jsonl')).toBe('jsonl');
    expect(detectEventFormat('a.NDJSON')).toBe('jsonl');
    expect(detectEventFormat('a.evt')).toBe('evt');
    expect(detectEventFormat('a.txt')).toBe('evt');
  });

  test('a file is read in chunks; multi-byte characters may straddle chunk boundaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpl-'));
    const path = join(dir, 'events.jsonl');
    const lines = Array.from({ length: 5000 }, (_, i) => `{"event_type": "T", "timestamp": ${i}, "s": "é€😀${i}"}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const events: EventRecord[] = [];
    const summary = await readEventFile(path, { event: (r) => events.push(r), error: () => {} });
    expect(summary).toEqual({ lines: 5000, events: 5000, errors: 0, stopped: false });
    expect(events[4999]!.get('s')).toBe('é€😀4999');
  });

  test('a stream of tiny byte chunks decodes UTF-8 correctly', async () => {
    const bytes = Buffer.from('{"event_type": "T", "s": "😀€"}\n', 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const events: EventRecord[] = [];
    const reader = createEventReader('jsonl', { event: (r) => events.push(r), error: () => {} });
    await pumpStream(Readable.from(chunks), reader);
    expect(events[0]!.get('s')).toBe('😀€');
  });

  test('the caller stops reading when its error budget is exceeded', async () => {
    const errors: number[] = [];
    const events: string[] = [];
    const text = 'A {}\nbad\nB {}\nbad\nC {}\n';
    const reader = createEventReader('evt', {
      event: (r) => events.push(r.type),
      error: (e) => {
        errors.push(e.line);
        if (errors.length > 1) reader.stop();
      },
    });
    const summary = await pumpStream(Readable.from([text]), reader);
    expect(events).toEqual(['A', 'B']);
    expect(errors).toEqual([2, 4]);
    expect(summary.stopped).toBe(true);
  });

  test('a handler that suspends the reader pauses it after the current line until ready() resolves', async () => {
    const log: string[] = [];
    const text = `${Array.from({ length: 6 }, (_, i) => `{"event_type": "E${i}"}`).join('\n')}\n{"event_type": "E`;
    const reader = createEventReader('jsonl', {
      event: (r) => {
        log.push(r.type);
        if (r.type === 'E1' || r.type === 'E4') reader.suspend();
      },
      error: () => {},
    });
    let waits = 0;
    const summary = await pumpStream(Readable.from([text, '6"}\n']), reader, {
      ready: () => {
        if (!reader.paused) return undefined;
        waits++;
        log.push('wait');
        return new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    // every event once, in order, the split last line joined; a pause after E1 and after E4
    expect(log).toEqual(['E0', 'E1', 'wait', 'E2', 'E3', 'E4', 'wait', 'E5', 'E6']);
    expect(waits).toBe(2);
    expect(summary).toEqual({ lines: 7, events: 7, errors: 0, stopped: false });
  });

  test('stopping the reader while it waits for ready() ends the read; a paused reader fed on resumes first', async () => {
    const events: string[] = [];
    const reader = createEventReader('evt', {
      event: (r) => {
        events.push(r.type);
        reader.suspend();
      },
      error: () => {},
    });
    const summary = await pumpStream(Readable.from(['A {}\nB {}\n', 'C {}\n']), reader, {
      ready: () => {
        reader.stop();
        return Promise.resolve();
      },
    });
    expect(events).toEqual(['A']);
    expect(summary.stopped).toBe(true);

    // without a ready() option nothing waits: the next write (or end) parses the paused rest first, in order
    const all: string[] = [];
    const plain = createEventReader('evt', {
      event: (r) => {
        all.push(r.type);
        plain.suspend();
      },
      error: () => {},
    });
    plain.write('A {}\nB {}\nC {}\n');
    expect(all).toEqual(['A']);
    expect(plain.paused).toBe(true);
    plain.write('D {}\n');
    plain.end();
    expect(all).toEqual(['A', 'B', 'C', 'D']);
    expect(plain.paused).toBe(false);
  });

  test('a missing file rejects', async () => {
    await expect(readEventFile('/nonexistent/x.evt', { event: () => {}, error: () => {} })).rejects.toThrow();
  });
});
