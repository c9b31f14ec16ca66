import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkCommand } from '../../src/commands/check.js';
import { ExitCode } from '../../src/exit-codes.js';
import { collectingOutput } from '../../src/output.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'varpulis-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const VALID = `event Reading:
    sensor: str
    value: float

stream Hot = Reading
    .where(value > 40.0)
    .emit(sensor: sensor, value: value)
`;

describe('varpulis check', () => {
  test('a valid program exits 0 and prints the count line', async () => {
    const dir = workspace({ 'ok.vpl': VALID });
    const output = collectingOutput();
    const code = await checkCommand({ files: [join(dir, 'ok.vpl')], format: 'text' }, output);
    expect(code).toBe(ExitCode.Success);
    expect(output.stdout).toBe('0 errors, 0 warnings, 0 hints in 1 file\n');
  });

  test('an error prints PATH:LINE:COL: error [CODE] with an excerpt and exits 1', async () => {
    const dir = workspace({ 'bad.vpl': VALID.replace('.emit(sensor: sensor', '.emit(sensor: sensr') });
    const output = collectingOutput();
    const code = await checkCommand({ files: [join(dir, 'bad.vpl')], format: 'text' }, output);
    expect(code).toBe(ExitCode.ProgramError);
    const first = output.stdout.split('\n')[0]!;
    expect(first).toMatch(/bad\.vpl:7:19: error \[VPL-N001\] Unknown name 'sensr'/);
    expect(output.stdout).toContain("Did you mean 'sensor'?");
    expect(output.stdout).toContain('   7 |     .emit(sensor: sensr, value: value)');
    expect(output.stdout).toContain('^^^^^');
    expect(output.stdout).toMatch(/1 error, 0 warnings, 0 hints in 1 file\n$/);
  });

  test('--format json lists every diagnostic with 1-based positions', async () => {
    const dir = workspace({ 'warn.vpl': 'stream S = Undeclared\n    .emit(a: b)\n' });
    const output = collectingOutput();
    const code = await checkCommand({ files: [join(dir, 'warn.vpl')], format: 'json' }, output);
    expect(code).toBe(ExitCode.Success);
    const diagnostics = JSON.parse(output.stdout) as { code: string; severity: string; line: number; column: number }[];
    expect(diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['W030', 'warning', 1, 12],
      ['VPL-N002', 'hint', 2, 14],
    ]);
  });

  test('--format sarif produces a SARIF 2.1.0 log', async () => {
    const dir = workspace({ 'x.vpl': 'let x = 5min\n' });
    const output = collectingOutput();
    const code = await checkCommand({ files: [join(dir, 'x.vpl')], format: 'sarif' }, output);
    expect(code).toBe(ExitCode.ProgramError);
    const sarif = JSON.parse(output.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'VPL-P001', level: 'error' });
  });

  test('imports are checked and names resolve across files', async () => {
    const dir = workspace({
      'events.vpl': 'event Reading:\n    sensor: str\n    value: float\n',
      'main.vpl': 'import "events.vpl"\nstream Hot = Reading\n    .where(value > 1.0)\n    .emit(s: sensor)\n',
    });
    const output = collectingOutput();
    const code = await checkCommand({ files: [join(dir, 'main.vpl')], format: 'json' }, output);
    expect(code).toBe(ExitCode.Success);
    expect(JSON.parse(output.stdout)).toEqual([]);
  });

  test("files that do not import each other do not see each other's declarations", async () => {
    const dir = workspace({
      'a.vpl': 'event Card:\n    id: str\n    merchant_id: str\n\nstream A = Card\n    .emit(m: merchant_id)\n',
      'b.vpl': 'event Card:\n    id: str\n\nconst LIMIT = 3\n\nstream B = Card\n    .emit(i: id)\n',
      'c.vpl': 'stream C = Card\n    .where(n > LIMIT)\n',
    });
    const output = collectingOutput();
    const code = await checkCommand(
      { files: ['a.vpl', 'b.vpl', 'c.vpl'].map((f) => join(dir, f)), format: 'json' },
      output,
    );
    const diagnostics = JSON.parse(output.stdout) as { file: string; code: string }[];
    // a.vpl and b.vpl both declare Card, with different fields: no duplicate, no false unknown name.
    expect(diagnostics.filter((d) => d.file.endsWith('a.vpl') || d.file.endsWith('b.vpl'))).toEqual([]);
    // c.vpl imports nothing: Card is undeclared there (W030) and LIMIT is not its global.
    expect(diagnostics.filter((d) => d.file.endsWith('c.vpl')).map((d) => d.code)).toEqual(['W030']);
    expect(code).toBe(ExitCode.Success);
  });

  test('an import that cannot be read is VPL-I002 on the import statement', async () => {
    const dir = workspace({ 'main.vpl': 'import "missing.vpl"\n' });
    const output = collectingOutput();
    const code = await checkCommand({ files: [join(dir, 'main.vpl')], format: 'json' }, output);
    expect(code).toBe(ExitCode.ProgramError);
    expect(JSON.parse(output.stdout)).toMatchObject([{ code: 'VPL-I002', line: 1, column: 1 }]);
  });

  test('an unreadable file exits 1; no file at all is a usage error (2)', async () => {
    const output = collectingOutput();
    expect(await checkCommand({ files: ['/nonexistent/x.vpl'], format: 'text' }, output)).toBe(ExitCode.ProgramError);
    expect(output.stderr).toContain('/nonexistent/x.vpl:0:0: error [VPL-P001] Cannot read the file: ENOENT');
    expect(await checkCommand({ files: [], format: 'text' }, collectingOutput())).toBe(ExitCode.UsageError);
  });
});
