import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';
import { READING_EVENTS, READINGS } from '../helpers/programs.js';

const BROKEN = 'event A:\n    x: int\nstream S = A\n    .where(x >\n    .emit()\n';

/**
 * Each tool with arguments an assistant gets wrong: the call is an error result (`isError`), never a protocol crash,
 * and its text says what to send instead (the argument at fault and what it expects, or the next step to take).
 */
const CASES: readonly [tool: string, args: Record<string, unknown>, hint: RegExp][] = [
  ['validate_vpl', {}, /expected string, received undefined at program/],
  ['validate_vpl', { program: 42 }, /expected string, received number at program/],
  ['validate_vpl', { program: 'x'.repeat(3000) }, /longer than 2000 characters .*Split it/],
  ['validate_vpl', { program: 'event A:\n'.repeat(40) }, /limit is 30 \(maxProgramLines\)\. Send a smaller program/],
  [
    'validate_vpl',
    { program: 'stream S = A', includeHints: 'yes' },
    /expected boolean, received string at includeHints/,
  ],
  ['format_vpl', { program: BROKEN }, /syntax errors.*Fix them first \(fix_vpl/],
  ['format_vpl', { program: ['stream S = A'] }, /expected string, received array at program/],
  ['explain_vpl', { program: null }, /expected string, received null at program/],
  ['fix_vpl', { program: BROKEN, codes: 'E012' }, /expected array, received string at codes/],
  ['simulate_vpl', { program: READINGS }, /No events given\. Pass eventsText .*, events .* or eventsFile/],
  [
    'simulate_vpl',
    { program: READINGS, eventsText: READING_EVENTS, events: [] },
    /Give the events in one way only: eventsText, events or eventsFile/,
  ],
  [
    'simulate_vpl',
    { program: READINGS, eventsFile: '../outside.evt' },
    /not inside an allowed root .*Use a path inside/,
  ],
  ['simulate_vpl', { program: READINGS, eventsFile: 'missing.evt' }, /No such file: missing\.evt\. Pass the path of/],
  ['simulate_vpl', { program: READINGS, eventsFile: 'folder' }, /not a regular file\. Pass the path of/],
  ['simulate_vpl', { program: READINGS, eventsFile: '' }, /empty or contains a NUL character\. Pass the path of/],
  ['simulate_vpl', { program: READINGS, eventsText: READING_EVENTS, wallTimeMs: -5 }, /at wallTimeMs/],
  ['simulate_vpl', { program: READINGS, eventsText: READING_EVENTS, format: 'csv' }, /expected one of .*at format/],
  ['infer_event_schema', {}, /No events given\. Pass eventsText/],
  ['infer_event_schema', { eventsText: '%%% not events %%%' }, /No events could be read .*Event lines look like/],
  ['infer_event_schema', { events: 'Reading' }, /expected array, received string at events/],
  ['generate_sample_events', { program: READINGS }, /received undefined at stream/],
  [
    'generate_sample_events',
    { program: READINGS, stream: 'Missing' },
    /No stream named 'Missing'\. Streams of this program: Hot, HotCount/,
  ],
  [
    'generate_sample_events',
    { program: BROKEN, stream: 'S' },
    /errors \(first: .*\)\. Fix them first \(validate_vpl, fix_vpl\)/,
  ],
  ['lookup_vpl_reference', { query: '' }, /at query/],
  ['lookup_vpl_reference', { query: 'zzqqxxjj' }, /Try another keyword .*vpl:\/\/guide\//],
  ['lookup_vpl_reference', { query: 'window', kinds: ['secret'] }, /expected one of .*at kinds\[0\]/],
  ['lookup_vpl_reference', { query: 'window', maxResults: 0 }, /at maxResults/],
];

describe('every tool answers hostile arguments with an error result and a recovery hint', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'vpl-mcp-hostile-'));
    mkdirSync(join(root, 'allowed', 'folder'), { recursive: true });
    writeFileSync(join(root, 'outside.evt'), READING_EVENTS);
    session = await connect({
      allowedRoots: [join(root, 'allowed')],
      limits: { maxProgramChars: 2000, maxProgramLines: 30 },
    });
  });
  afterAll(async () => {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('the cases cover every tool', async () => {
    const { tools } = await session.client.listTools();
    expect(new Set(CASES.map(([tool]) => tool))).toEqual(new Set(tools.map((t) => t.name)));
  });

  test.each(CASES)('%s %j', async (tool, args, hint) => {
    const result = await call(session.client, tool, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(hint);
  });

  test('the server still answers after them', async () => {
    const result = await call(session.client, 'validate_vpl', { program: 'event A:\n    x: int\n' });
    expect(result.isError).toBeFalsy();
  });
});
