import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ExitCode } from '../../src/exit-codes.js';
import { main } from '../../src/main.js';
import { collectingOutput } from '../../src/output.js';

// `run` caches plans: keep them out of the user's cache directory.
process.env.VARPULIS_CACHE_DIR = mkdtempSync(join(tmpdir(), 'varpulis-cache-'));

const PROGRAM = `event Reading:
    sensor: str
    value: float

stream Hot = Reading
    .where(value > 40.0)
    .emit(sensor: sensor, value: value)
`;

function files(entries: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'varpulis-cli-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('varpulis command line', () => {
  test('unknown options and missing arguments are usage errors (exit 2)', async () => {
    const output = collectingOutput();
    expect(await main(['check', '--bogus', 'x.vpl'], output)).toBe(ExitCode.UsageError);
    expect(output.stderr).toContain("unknown option '--bogus'");
    expect(await main(['run'], collectingOutput())).toBe(ExitCode.UsageError);
    expect(await main(['frobnicate'], collectingOutput())).toBe(ExitCode.UsageError);
  });

  test('--help and --version exit 0', async () => {
    const output = collectingOutput();
    expect(await main(['--help'], output)).toBe(ExitCode.Success);
    expect(output.stdout).toContain('check');
    expect(output.stdout).toContain('simulate');
    expect(await main(['--version'], collectingOutput())).toBe(ExitCode.Success);
  });

  test('run --output jsonl prints exactly one JSON object per emitted event', async () => {
    const dir = files({
      'p.vpl': PROGRAM,
      'e.evt':
        '@1s Reading { sensor: "a", value: 41.5 }\n@2s Reading { sensor: "b", value: 12.0 }\n@3s Reading { sensor: "c", value: 50 }\n',
    });
    const output = collectingOutput();
    const code = await main(['run', join(dir, 'p.vpl'), '--input', join(dir, 'e.evt'), '--output', 'jsonl'], output);
    expect(code).toBe(ExitCode.Success);
    expect(output.stdout).toBe(
      '{"stream":"Hot","timestamp":1000,"data":{"sensor":"a","value":41.5}}\n' +
        '{"stream":"Hot","timestamp":3000,"data":{"sensor":"c","value":50}}\n',
    );
  });

  test('run exits 1 for a program that does not check and 3 for unreadable input', async () => {
    const dir = files({ 'bad.vpl': 'stream S = E.where(x > )\n', 'p.vpl': PROGRAM });
    const bad = collectingOutput();
    expect(await main(['run', join(dir, 'bad.vpl'), '--input', '/dev/null', '--output', 'jsonl'], bad)).toBe(
      ExitCode.ProgramError,
    );
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/bad\.vpl:1:\d+: error \[VPL-P001\]/);
    const missing = collectingOutput();
    expect(await main(['run', join(dir, 'p.vpl'), '--input', join(dir, 'none.evt')], missing)).toBe(
      ExitCode.InputError,
    );
  });

  test('fmt --check lists unformatted files and fmt rewrites them idempotently', async () => {
    const dir = files({ 'messy.vpl': 'event   Reading:\n  sensor:str\nstream Hot=Reading.where(  sensor=="a" )\n' });
    const path = join(dir, 'messy.vpl');
    const check = collectingOutput();
    expect(await main(['fmt', '--check', path], check)).toBe(ExitCode.ProgramError);
    expect(check.stdout).toBe(`${path}\n`);
    expect(await main(['fmt', path], collectingOutput())).toBe(ExitCode.Success);
    const formatted = readFileSync(path, 'utf8');
    expect(await main(['fmt', '--check', path], collectingOutput())).toBe(ExitCode.Success);
    expect(readFileSync(path, 'utf8')).toBe(formatted);
    expect(await main(['check', path], collectingOutput())).toBe(ExitCode.Success);
  });

  test('fmt leaves a file with syntax errors untouched and exits 1', async () => {
    const dir = files({ 'broken.vpl': 'stream S = E.where(\n' });
    const output = collectingOutput();
    expect(await main(['fmt', join(dir, 'broken.vpl')], output)).toBe(ExitCode.ProgramError);
    expect(readFileSync(join(dir, 'broken.vpl'), 'utf8')).toBe('stream S = E.where(\n');
    expect(output.stderr).toContain('not formatted');
  });
});
