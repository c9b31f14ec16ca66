import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO, SERVER_BIN } from './lsp-client.js';

// Neovim's built-in LSP client (`vim.lsp.start_client`) against the built server, headless. Needs `nvim` on PATH
// (`apt-get install -y neovim`, 0.7.2 here; .ci/run installs it); skipped with a message otherwise.

function nvimVersion(): string | undefined {
  try {
    return execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

const version = nvimVersion();
if (!version)
  console.warn('neovim.test.ts: skipped, `nvim` is not on PATH (install it with `apt-get install -y neovim`).');

const PROGRAM = `event Reading:
    sensor: str
    celsius: float
stream Hot = Reading
    .where(celsius > 40.0)
    .emit(sensor: sensor, temp: celsius)
stream Again = Hot
    .emit(s: sensor, bad: tempp)
stream Probe = Reading
    .where(celsius > 1.0)
`;

describe.skipIf(!version)(`neovim (${version ?? 'not installed'})`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpl-nvim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('starts the server, gets diagnostics, completion, a definition and a rename', () => {
    const file = path.join(dir, 'main.vpl');
    // Line 9 is `    .` (completion after the dot) in the session; the file on disk has it as written above.
    writeFileSync(file, PROGRAM.replace('    .where(celsius > 1.0)\n', '    .\n'));
    const result = path.join(dir, 'result.json');
    const run = spawnSync(
      'nvim',
      ['--headless', '--clean', '-c', `luafile ${path.join(REPO, 'test/e2e/neovim/lsp-session.lua')}`],
      {
        env: { ...process.env, VPL_NODE: process.execPath, VPL_SERVER: SERVER_BIN, VPL_FILE: file, VPL_RESULT: result },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const output = JSON.parse(readFileSync(result, 'utf8')) as {
      error?: string;
      diagnostics: { code: string; lnum: number; col: number }[];
      completion: string[];
      definition: { line: number; col: number };
      lines: string[];
    };
    expect(output.error, `${output.error}\n${run.stderr}`).toBeUndefined();
    expect(run.status).toBe(0);
    const unknown = output.diagnostics.find((d) => d.code === 'VPL-N001');
    expect(unknown).toMatchObject({ lnum: 7, col: 26 });
    expect(output.completion).toEqual(expect.arrayContaining(['where', 'window', 'emit']));
    expect(output.definition).toEqual({ line: 3, col: 7 });
    expect(output.lines[3]).toBe('stream Warm = Reading');
    expect(output.lines[6]).toBe('stream Again = Warm');
  }, 90_000);
});
