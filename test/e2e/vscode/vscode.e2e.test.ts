/**
 * The VS Code extension end to end, in real VS Code: the packaged .vsix is installed into code-server, which serves
 * the workbench to headless Chromium driven by playwright-core. The workspace (test/e2e/vscode/workspace) has a
 * broken program, a valid one with sample events next to it, a program with a runtime error and a completion probe.
 * Needs test/e2e/vscode/setup.sh to have run (it installs code-server, Node 24 and Chromium outside the
 * repository); skipped with a message otherwise.
 *
 * VARPULIS_E2E_SCREENSHOTS=DIR saves screenshots there (the README's images come from this test);
 * VARPULIS_VSIX=FILE tests a prebuilt .vsix; VARPULIS_E2E_KEEP=1 keeps the temporary profile and workspace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildVsix, type CodeServer, E2E_HOME, e2eEnvironment, startCodeServer } from './code-server.js';
import {
  clearOutputFilter,
  eventually,
  goTo,
  hoverText,
  languageStatus,
  openFile,
  outputText,
  pick,
  problemRows,
  quickPickRows,
  runCommand,
  suggestions,
  text,
  webview,
} from './workbench.js';

const environment = e2eEnvironment();
const WORKSPACE_DIR = join(import.meta.dirname, 'workspace');
const workspaceFile = (name: string) => readFileSync(join(WORKSPACE_DIR, name), 'utf8');
const screenshots = process.env.VARPULIS_E2E_SCREENSHOTS;

if (!environment) {
  console.warn(
    `[vscode e2e] skipped: code-server is not installed in ${E2E_HOME}. Run test/e2e/vscode/setup.sh (or set VARPULIS_E2E_HOME).`,
  );
}

describe.skipIf(!environment)('VS Code extension in real VS Code (code-server)', () => {
  let server: CodeServer;
  let page: Page;

  const shoot = async (name: string) => {
    if (screenshots) await page.screenshot({ path: join(screenshots, name) });
  };

  beforeAll(async () => {
    const vsix = await buildVsix();
    server = await startCodeServer({
      env: environment!,
      vsix,
      workspace: Object.fromEntries(readdirSync(WORKSPACE_DIR).map((name) => [name, workspaceFile(name)])),
    });
    page = await server.open();
  }, 300_000);

  afterEach(async (context) => {
    // On failure, keep a picture of the workbench next to the test output.
    if (context.task.result?.state === 'fail' && page) {
      const file = join(screenshots ?? tmpdir(), `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}.png`);
      await page.screenshot({ path: file }).catch(() => undefined);
      console.warn(`[vscode e2e] screenshot of the failure: ${file}`);
    }
  });

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  test('a .vpl file is in the VPL language mode, an .evt file in the VPL Events mode', async () => {
    await openFile(page, 'fraud.evt');
    await expect.poll(() => text(languageStatus(page)), { timeout: 30_000 }).toBe('VPL Events');
    await openFile(page, 'broken.vpl');
    await expect.poll(() => text(languageStatus(page)), { timeout: 30_000 }).toBe('VPL');
  }, 60_000);

  test('the Problems panel shows the diagnostics with their codes and lines', async () => {
    const rows = await eventually(
      'E012 and W030 in the Problems panel',
      async () => {
        const all = await problemRows(page, 'broken.vpl');
        return all.some((row) => row.includes('E012')) && all.some((row) => row.includes('W030')) ? all : undefined;
      },
      60_000,
    );
    const e012 = rows.find((row) => row.includes('E012'))!;
    expect(e012).toMatch(/\bvpl\W+E012\b/);
    expect(e012).toContain('[Ln 12, Col 6]');
    const w030 = rows.find((row) => row.includes('W030'))!;
    expect(w030).toContain("'Transfr'");
    expect(w030).toContain('[Ln 6, Col 14]');
    const status = await page
      .locator('.statusbar-item[aria-label*="Errors"], .statusbar-item [aria-label*="Errors"]')
      .first()
      .getAttribute('aria-label');
    expect(status).toMatch(/Errors: [1-9]/);
    await shoot('screenshot-problems.png');
  }, 90_000);

  test('hover shows the documentation of a stream operation', async () => {
    await openFile(page, 'fraud.vpl');
    await goTo(page, 17, 7); // `.window(5m)`
    const text = await eventually('a hover', () => hoverText(page).catch(() => ''), 30_000);
    expect(text).toContain('.window(');
    expect(text).toMatch(/tumbling time window/);
    await shoot('screenshot-hover.png');
    await page.keyboard.press('Escape');
  }, 60_000);

  test('completion offers the fields of the event in scope', async () => {
    await openFile(page, 'probe.vpl');
    // probe.vpl ends with `stream Large = Payment.where()`: complete inside the parentheses.
    const lines = workspaceFile('probe.vpl').trimEnd().split('\n');
    await goTo(page, lines.length, lines[lines.length - 1]!.indexOf('()') + 2);
    const labels = await eventually(
      'field suggestions',
      async () => {
        const all = await suggestions(page).catch(() => [] as string[]);
        return all.includes('payer') ? all : undefined;
      },
      45_000,
    );
    expect(labels).toEqual(expect.arrayContaining(['payer', 'amount_cents']));
    await shoot('screenshot-completion.png');
    await page.keyboard.press('Escape');
  }, 90_000);

  test('"Run on Sample Events" shows the emitted events per stream, with event times and a summary', async () => {
    await openFile(page, 'fraud.vpl');
    await runCommand(page, 'VPL: Run on Sample Events');
    const view = await webview(page, 'Results: fraud.vpl');
    const alerts = view.locator('section.stream[data-stream="VelocityAlert"]');
    await alerts.waitFor({ timeout: 60_000 });
    await expect.poll(() => text(alerts.locator('.badge'))).toBe('2');
    const rows = await alerts.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('1970-01-01T00:03:20.000Z');
    expect(rows[0]).toContain('C-100');
    expect(rows[1]).toContain('1970-01-01T00:06:20.000Z');
    expect(rows[1]).toContain('C-300');
    const summary = await text(view.locator('header.summary'));
    expect(summary).toContain('14 input events');
    expect(summary).toContain('2 emitted');
    if (screenshots) {
      await page.keyboard.press('Control+J'); // hide the panel
      await page.keyboard.press('Control+B'); // and the side bar
      await shoot('screenshot-results.png');
      await page.keyboard.press('Control+B');
      await page.keyboard.press('Control+J');
    }
  }, 120_000);

  test('a runtime error points back to its line', async () => {
    await openFile(page, 'ratio.vpl');
    await runCommand(page, 'VPL: Run on Sample Events');
    const view = await webview(page, 'Results: ratio.vpl');
    const problem = view.locator('tr.problem[data-code="VPL-R002"]');
    await problem.waitFor({ timeout: 60_000 });
    expect(await text(problem)).toContain('Division by zero');
    const link = problem.locator('a.reveal');
    expect(await text(link)).toBe('ratio.vpl:7:32');
    // The same problem is in the Problems panel, at the line.
    const rows = await eventually('VPL-R002 in the Problems panel', async () => {
      const all = await problemRows(page, 'VPL-R002');
      return all.find((row) => row.includes('VPL-R002'));
    });
    expect(rows).toMatch(/\bvpl-run\W+VPL-R002\b/);
    expect(rows).toContain('[Ln 7, Col 32]');
    // The link reveals the line in the program.
    await link.click();
    await expect
      .poll(() => text(page.locator('#status\\.editor\\.selection')), { timeout: 15_000 })
      .toContain('Ln 7, Col 32');
  }, 120_000);

  test('the server\'s "Run on sample events" code lens runs the program in the results view', async () => {
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'fraud.vpl');
    const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Run on sample events' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const view = await webview(page, 'Results: fraud.vpl');
    await view.locator('section.stream[data-stream="VelocityAlert"]').waitFor({ timeout: 60_000 });
    // The first lens is on the first stream: the view scrolls to it and marks it.
    expect(await view.locator('section.stream.focused').getAttribute('data-stream')).toBe('CardActivity');
  }, 120_000);

  test('the Varpulis MCP server is registered with VS Code and starts with its tools', async () => {
    await runCommand(page, 'MCP: List Servers');
    const rows = await quickPickRows(page);
    expect(rows.some((row) => row.includes('Varpulis VPL'))).toBe(true);
    await pick(page, 'Varpulis VPL');
    await pick(page, 'Start Server');
    // VS Code starts the server, then shows its output channel itself. A quick input opened meanwhile would close
    // when that view takes the focus: wait for the Output view instead.
    await clearOutputFilter(page);
    const log = await eventually(
      'the MCP server to list its tools',
      async () => {
        const text = await outputText(page).catch(() => '');
        return /Discovered \d+ tools/.test(text) ? text : undefined;
      },
      60_000,
    );
    expect(log).toContain('[varpulis-mcp] ready on stdio');
    // The workspace folder is the server's file root (long lines wrap in the output view).
    expect(log.replace(/\n/g, '')).toContain(`file access: ${server.workspace}`);
  }, 120_000);

  test('"Check Workspace" lists the problems of files that are not open', async () => {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'VPL: Check Workspace');
    // The command is done when its totals show in the status bar; by then it has opened the Problems view.
    const summary = await eventually('the totals of Check Workspace in the status bar', async () => {
      const item = page.locator('.statusbar-item', { hasText: 'files checked' }).first();
      return (await item.count()) > 0 ? text(item) : undefined;
    });
    expect(summary).toContain('VPL: 4 files checked: 2 errors, 1 warning.');
    const rows = await eventually('problems of closed files', async () => {
      const all = await problemRows(page, '');
      return all.some((row) => row.includes('E012')) && all.some((row) => row.includes('VPL-P001')) ? all : undefined;
    });
    expect(rows.some((row) => row.includes('[Ln 12, Col 6]'))).toBe(true);
    expect(await page.locator('.tabs-container .tab').count()).toBe(0);
  }, 60_000);
});
