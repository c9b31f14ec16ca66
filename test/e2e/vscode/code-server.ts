/**
 * Real VS Code for end-to-end tests: code-server (the VS Code workbench served to a browser, installed by
 * setup.sh outside the repository) with a fresh user-data and extensions folder, driven by headless Chromium through
 * playwright-core. @vscode/test-electron and @vscode/test-web download VS Code and cannot run here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXTENSION_DIR = join(REPO, 'extensions/vscode');
export const E2E_HOME = process.env.VARPULIS_E2E_HOME ?? '/opt/varpulis-e2e';

/** Where setup.sh put things (E2E_HOME/env.json), or undefined when it has not run. */
export interface E2eEnvironment {
  node: string;
  codeServer: string;
  chromium: string;
}

export function e2eEnvironment(): E2eEnvironment | undefined {
  const file = join(E2E_HOME, 'env.json');
  if (!existsSync(file)) return undefined;
  const env = JSON.parse(readFileSync(file, 'utf8')) as E2eEnvironment;
  const chromium = process.env.CHROMIUM ?? env.chromium;
  if (![env.node, env.codeServer, chromium].every((path) => path && existsSync(path))) return undefined;
  return { ...env, chromium };
}

// playwright-core is a dev dependency of the extension (the e2e package declares only workspace packages).
const requireFromExtension = createRequire(join(EXTENSION_DIR, 'package.json'));
const { chromium } = requireFromExtension('playwright-core') as typeof import('playwright-core');

const run = promisify(execFile);

/** Builds the .vsix the way `pnpm --filter vscode-varpulis package` does (VARPULIS_VSIX=path skips it). */
export async function buildVsix(): Promise<string> {
  if (process.env.VARPULIS_VSIX) return resolve(process.env.VARPULIS_VSIX);
  const out = join(EXTENSION_DIR, 'vscode-varpulis.vsix');
  await run(process.execPath, [join(EXTENSION_DIR, 'scripts/build.mjs'), '--production'], { cwd: EXTENSION_DIR });
  await run(
    process.execPath,
    [
      join(EXTENSION_DIR, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '--out',
      out,
    ],
    {
      cwd: EXTENSION_DIR,
    },
  );
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface CodeServerOptions {
  env: E2eEnvironment;
  vsix: string;
  /** Files of the workspace folder: relative path → content. */
  workspace: Record<string, string>;
  /** User settings added to the defaults below. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly url: string;
  readonly workspace: string;
  readonly log: () => string;
  /** Opens the workbench on the workspace in a fresh browser page. */
  open(): Promise<Page>;
  stop(): Promise<void>;
}

/** Installs the .vsix into a fresh profile, starts code-server on a free loopback port and a headless browser. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const root = mkdtempSync(join(tmpdir(), 'varpulis-vscode-e2e-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  for (const [path, content] of Object.entries(options.workspace)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'workbench.tips.enabled': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'editor.minimap.enabled': false,
        'window.commandCenter': false,
        'workbench.editor.enablePreview': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const nodeEnv = { ...process.env, PATH: `${dirname(options.env.node)}:${process.env.PATH ?? ''}` };
  const base = [options.env.codeServer, '--user-data-dir', userData, '--extensions-dir', extensions];
  await run(options.env.node, [...base, '--install-extension', options.vsix], { env: nodeEnv, timeout: 120_000 });

  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(
    options.env.node,
    [
      ...base,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      workspace,
    ],
    { env: nodeEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not start within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  let browser: Browser | undefined;
  return {
    url,
    workspace,
    log: () => log,
    async open() {
      browser ??= await chromium.launch({
        executablePath: options.env.chromium,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      return page;
    },
    async stop() {
      await browser?.close().catch(() => undefined);
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await new Promise((r) => setTimeout(r, 500));
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      if (!process.env.VARPULIS_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}
