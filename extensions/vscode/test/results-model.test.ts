// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` is the sample-events setting's placeholder
/** The results view's data shaping and HTML, without VS Code. */
import { describe, expect, test } from 'vitest';
import { renderResultsHtml } from '../src/run/results-html.js';
import { buildResultsModel, formatCell, formatEventTime, summaryLine } from '../src/run/results-model.js';
import type { RunResponse } from '../src/run/run-protocol.js';
import { findSampleEvents, isEventFile, sampleCandidates } from '../src/run/sample-events.js';

function response(overrides: Partial<RunResponse> = {}): RunResponse {
  return {
    ok: true,
    programPath: '/ws/fraud.vpl',
    inputPath: '/ws/fraud.evt',
    eventsRead: 14,
    truncatedInput: false,
    emitted: [
      {
        stream: 'Alert',
        timestamp: 200_000,
        fields: [
          ['card', '"C-100"'],
          ['swipes', '7'],
          ['spent', '462.0'],
        ],
      },
      { stream: 'Flag', timestamp: 250_000, fields: [['card', '"C-100"']] },
      {
        stream: 'Alert',
        timestamp: 380_000,
        fields: [
          ['card', '"C-300"'],
          ['swipes', '5'],
          ['extra', '[1,2]'],
        ],
      },
    ],
    emittedByStream: { Alert: 2, Flag: 1 },
    declaredStreams: ['Activity', 'Alert', 'Flag'],
    problems: [],
    logs: [],
    sinkRecords: {},
    lateEvents: 0,
    elapsedMs: 12,
    ...overrides,
  };
}

describe('buildResultsModel', () => {
  test('one table per stream, in emission order, then the silent declared streams', () => {
    const model = buildResultsModel(response());
    expect(model.streams.map((s) => [s.name, s.count])).toEqual([
      ['Alert', 2],
      ['Flag', 1],
      ['Activity', 0],
    ]);
  });

  test('columns are the union of field names in first-seen order; missing cells stay empty', () => {
    const alert = buildResultsModel(response()).streams[0]!;
    expect(alert.columns).toEqual(['card', 'swipes', 'spent', 'extra']);
    expect(alert.rows.map((r) => r.cells)).toEqual([
      ['C-100', '7', '462.0', undefined],
      ['C-300', '5', undefined, '[1,2]'],
    ]);
  });

  test('rows carry event times, first and last times are summarised', () => {
    const alert = buildResultsModel(response()).streams[0]!;
    expect(alert.rows.map((r) => r.time)).toEqual(['1970-01-01T00:03:20.000Z', '1970-01-01T00:06:20.000Z']);
    expect([alert.firstTime, alert.lastTime]).toEqual(['1970-01-01T00:03:20.000Z', '1970-01-01T00:06:20.000Z']);
  });

  test('counts stay complete when rows were capped', () => {
    const model = buildResultsModel(response({ emittedByStream: { Alert: 900, Flag: 1 } }));
    expect(model.streams[0]).toMatchObject({ name: 'Alert', count: 900 });
    expect(model.streams[0]!.rows).toHaveLength(2);
    expect(model.summary.emitted).toBe(901);
  });

  test('summary counts problems by severity', () => {
    const model = buildResultsModel(
      response({
        problems: [
          {
            kind: 'runtime',
            severity: 'error',
            code: 'VPL-R001',
            message: 'Division by zero.',
            file: '/ws/fraud.vpl',
            line: 7,
            column: 12,
            count: 3,
          },
          {
            kind: 'input',
            severity: 'warning',
            code: 'VPL-R006',
            message: 'Field dropped.',
            file: '/ws/fraud.evt',
            line: 2,
            column: 1,
            count: 1,
          },
        ],
      }),
    );
    expect(model.summary).toMatchObject({
      eventsRead: 14,
      emitted: 3,
      streamsEmitting: 2,
      streamsDeclared: 3,
      errors: 1,
      warnings: 1,
    });
    expect(summaryLine(model)).toBe('14 events in, 3 emitted by 2 streams, 1 error, 1 warning (12 ms)');
  });

  test('a program that did not load lists no declared streams', () => {
    const model = buildResultsModel(
      response({
        ok: false,
        emitted: [],
        emittedByStream: {},
        declaredStreams: [],
        problems: [
          {
            kind: 'load',
            severity: 'error',
            code: 'W030',
            message: "Unknown source 'X'.",
            file: '/ws/fraud.vpl',
            line: 3,
            column: 15,
            count: 1,
          },
        ],
      }),
    );
    expect(model.streams).toEqual([]);
    expect(summaryLine(model)).toBe('The program did not run: 1 error.');
  });
});

describe('cells and times', () => {
  test('strings lose their quotes; numbers, arrays and maps stay as JSON', () => {
    expect(formatCell('"ACME"')).toBe('ACME');
    expect(formatCell('"a\\"b"')).toBe('a"b');
    expect(formatCell('3.0')).toBe('3.0');
    expect(formatCell('[1,"x"]')).toBe('[1,"x"]');
    expect(formatCell('null')).toBe('null');
  });

  test('event times are ISO-8601 UTC; out-of-range ones stay numbers', () => {
    expect(formatEventTime(1_741_500_000_000)).toBe('2025-03-09T06:00:00.000Z');
    expect(formatEventTime(9e15)).toBe('9000000000000000');
  });
});

describe('renderResultsHtml', () => {
  const html = renderResultsHtml(
    buildResultsModel(
      response({
        emitted: [{ stream: 'Alert', timestamp: 1000, fields: [['note', '"<script>alert(1)</script>"']] }],
        emittedByStream: { Alert: 1 },
        problems: [
          {
            kind: 'runtime',
            severity: 'error',
            code: 'VPL-R001',
            message: 'Division by zero.',
            file: '/ws/fraud.vpl',
            line: 7,
            column: 12,
            stream: 'Alert',
            eventNumber: 4,
            count: 2,
          },
        ],
      }),
    ),
    { cspSource: 'vscode-resource:', nonce: 'N0NCE', workspaceFolder: '/ws' },
  );

  test('escapes event data', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  test('has a strict CSP and only the nonce script', () => {
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("script-src 'nonce-N0NCE'");
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  test('problems link back to their line, relative to the workspace', () => {
    expect(html).toContain('data-file="/ws/fraud.vpl" data-line="7" data-column="12"');
    expect(html).toContain('>fraud.vpl:7:12</a>');
    expect(html).toContain('stream Alert, input event 4, 2 times');
  });

  test('a table per stream with a count badge', () => {
    expect(html).toContain('<section class="stream" data-stream="Alert">');
    expect(html).toMatch(
      /<span class="stream-name">Alert<\/span> <span class="badge" title="events emitted">1<\/span>/,
    );
    expect(html).toContain('<section class="stream empty" data-stream="Activity">');
  });
});

describe('sample events', () => {
  test('next to the program first, then the configured patterns', () => {
    expect(sampleCandidates('/ws/app/fraud.vpl', ['samples/${name}.evt', '/data/all.jsonl', ''])).toEqual([
      '/ws/app/fraud.evt',
      '/ws/app/fraud.jsonl',
      '/ws/app/fraud.ndjson',
      '/ws/app/samples/fraud.evt',
      '/data/all.jsonl',
    ]);
  });

  test('the first existing candidate wins', async () => {
    const existing = new Set(['/ws/app/fraud.jsonl', '/ws/app/samples/fraud.evt']);
    expect(await findSampleEvents('/ws/app/fraud.vpl', ['samples/${name}.evt'], async (p) => existing.has(p))).toBe(
      '/ws/app/fraud.jsonl',
    );
    expect(await findSampleEvents('/ws/app/other.vpl', [], async (p) => existing.has(p))).toBeUndefined();
  });

  test('event files by extension', () => {
    expect([isEventFile('a.evt'), isEventFile('a.JSONL'), isEventFile('a.ndjson'), isEventFile('a.json')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('renderResultsHtml focus', () => {
  test('the stream of a clicked code lens is named for the view to scroll to', () => {
    const html = renderResultsHtml(buildResultsModel(response()), {
      cspSource: 'x',
      nonce: 'n',
      focusStream: 'Flag"<',
    });
    expect(html).toContain('<body data-focus="Flag&quot;&lt;">');
  });
});
