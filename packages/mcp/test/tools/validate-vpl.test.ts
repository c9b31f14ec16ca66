import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect, textOf } from '../helpers/connect.js';
import { READINGS, TAKEOVER } from '../helpers/programs.js';

describe('validate_vpl', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect({ limits: { maxProgramLines: 200 } });
  });
  afterAll(async () => session.close());

  test('a valid program is ok with no diagnostics', async () => {
    const result = await call(session.client, 'validate_vpl', { program: TAKEOVER });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ ok: true, counts: { errors: 0, warnings: 0 } });
  });

  test('errors carry the editor codes, 1-based ranges, severities and suggested fixes', async () => {
    const program = `// sensors
event Reading:
    sensor: str
    temp: float

stream Hot = Reading
    .where(tmp > 30.0 and sensor == 'lab')
    .emit(sensor: sensor)
`;
    const result = await call(session.client, 'validate_vpl', { program });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent;
    expect(s.ok).toBe(false);
    const byCode = Object.fromEntries(s.diagnostics.map((d: { code: string }) => [d.code, d]));
    expect(byCode['VPL-L001']).toMatchObject({ severity: 'error', range: { start: { line: 1, column: 1 } } });
    expect(byCode['VPL-N001']).toMatchObject({
      severity: 'error',
      range: { start: { line: 7, column: 12 }, end: { line: 7, column: 15 } },
      fixes: [{ edits: [{ newText: 'temp' }] }],
    });
    expect(byCode['VPL-L002'].fixes[0].edits[0].newText).toBe('"lab"');
    expect(s.counts.errors).toBe(3);
  });

  test('warnings and hints do not make a program fail; hints can be left out', async () => {
    const program = 'stream Forward = Parcel\n    .emit(id: parcel_id)\n';
    const all = await call(session.client, 'validate_vpl', { program });
    expect(all.structuredContent.ok).toBe(true);
    expect(all.structuredContent.diagnostics.map((d: { code: string }) => d.code)).toEqual(['W030', 'VPL-N002']);
    const noHints = await call(session.client, 'validate_vpl', { program, includeHints: false });
    expect(noHints.structuredContent.diagnostics.map((d: { code: string }) => d.code)).toEqual(['W030']);
  });

  test('load-time rules are errors too, with the same codes (E010, VPL-J001)', async () => {
    const readings = await call(session.client, 'validate_vpl', { program: READINGS });
    expect(readings.structuredContent.diagnostics).toEqual([]);
    const having = await call(session.client, 'validate_vpl', {
      program: 'event A:\n    k: int\nstream S = A.having(k > 1).emit(k: k)\n',
    });
    expect(having.structuredContent.ok).toBe(false);
    expect(having.structuredContent.diagnostics.map((d: { code: string }) => d.code)).toContain('E010');
    const join = await call(session.client, 'validate_vpl', {
      program:
        'event A:\n    k: str\nevent B:\n    k: str\nstream J = join(A, B)\n    .window(1m)\n    .emit(k: A.k)\n',
    });
    const j001 = join.structuredContent.diagnostics.find((d: { code: string }) => d.code === 'VPL-J001');
    expect(j001.fixes[0].edits[0].newText).toBe('\n    .on(A.k == B.k)');
  });

  test('an oversized program is refused with a hint naming the limit', async () => {
    const tooManyLines = 'const A = 1\n'.repeat(250);
    const lines = await call(session.client, 'validate_vpl', { program: tooManyLines });
    expect(lines.isError).toBe(true);
    expect(textOf(lines)).toMatch(/maxProgramLines/);
    const tooLong = await call(session.client, 'validate_vpl', { program: 'x'.repeat(1_000_001) });
    expect(tooLong.isError).toBe(true);
    expect(textOf(tooLong)).toMatch(/maxProgramChars/);
  });

  test('deeply nested input comes back as a diagnostic, quickly', async () => {
    const started = performance.now();
    const program = `let x = ${'('.repeat(200)}1${')'.repeat(200)}\n`;
    const result = await call(session.client, 'validate_vpl', { program });
    expect(result.structuredContent.ok).toBe(false);
    expect(result.structuredContent.diagnostics[0].code).toBe('VPL-P001');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
