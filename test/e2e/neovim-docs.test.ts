import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO, SERVER_BIN } from './lsp-client.js';

// The Neovim configuration of docs/editors/neovim.md, pasted as a reader would: the "Plain Neovim" block becomes
// init.lua, `varpulis-lsp` is on PATH (a shim for the built server), and headless Neovim opens a .vpl file.
// Needs `nvim` on PATH; skipped with a message otherwise (see neovim.test.ts).

function nvimVersion(): string | undefined {
  try {
    return execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

const version = nvimVersion();
if (!version) console.warn('neovim-docs.test.ts: skipped, `nvim` is not on PATH.');

/** The fenced `lua` block that follows a heading of the page. */
function luaBlockAfter(page: string, heading: string): string {
  const start = page.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading '${heading}' in docs/editors/neovim.md`);
  const block = /```lua\n([\s\S]*?)```/.exec(page.slice(start));
  if (!block) throw new Error(`no lua block after '${heading}'`);
  return block[1]!;
}

describe.skipIf(!version)(`docs/editors/neovim.md in Neovim (${version ?? 'not installed'})`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpl-nvim-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the "Plain Neovim" configuration starts the server and shows its diagnostics; the key maps load', () => {
    const page = readFileSync(path.join(REPO, 'docs/editors/neovim.md'), 'utf8');
    const init = luaBlockAfter(page, '### Plain Neovim (no plugins)');
    const mappings = luaBlockAfter(page, '### Useful mappings and settings');
    expect(init).toContain("cmd = { 'varpulis-lsp', '--stdio' }");
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    const shim = path.join(bin, 'varpulis-lsp');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${SERVER_BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    writeFileSync(path.join(dir, 'init.lua'), init);
    writeFileSync(path.join(dir, 'mappings.lua'), mappings);
    const project = path.join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'main.vpl'),
      'event Reading:\n    sensor: str\n    celsius: float\nstream Hot = Reading\n    .where(celsius > 40.0)\n    .emit(s: sensor, t: celsuis)\n',
    );
    const result = path.join(dir, 'result.json');
    const run = spawnSync(
      'nvim',
      [
        '--headless',
        '-i',
        'NONE',
        '-u',
        path.join(dir, 'init.lua'),
        'main.vpl',
        '-c',
        `luafile ${path.join(REPO, 'test/e2e/neovim/docs-config-check.lua')}`,
      ],
      {
        cwd: project,
        env: {
          ...process.env,
          PATH: `${bin}${path.delimiter}${process.env.PATH}`,
          XDG_CONFIG_HOME: path.join(dir, 'config'),
          XDG_DATA_HOME: path.join(dir, 'data'),
          XDG_STATE_HOME: path.join(dir, 'state'),
          XDG_CACHE_HOME: path.join(dir, 'cache'),
          VPL_RESULT: result,
          VPL_MAPPINGS: path.join(dir, 'mappings.lua'),
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const output = JSON.parse(readFileSync(result, 'utf8')) as {
      error?: string;
      filetype: string;
      clients: string[];
      diagnostics: { code: string; lnum: number; col: number }[];
      mapped: boolean;
    };
    expect(output.error, `${output.error}\n${run.stderr}`).toBeUndefined();
    expect(output.filetype).toBe('vpl');
    expect(output.clients).toEqual(['varpulis']);
    expect(output.diagnostics).toEqual([{ code: 'VPL-N001', lnum: 5, col: 24 }]);
    expect(output.mapped).toBe(true);
  }, 90_000);
});
