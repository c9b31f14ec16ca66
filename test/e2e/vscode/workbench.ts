/**
 * Page helpers for the VS Code workbench (code-server) in playwright-core: quick open, commands, cursor moves, the
 * Problems panel, hovers, suggestions and webviews. Selectors are the workbench's own DOM classes.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

/** The rendered text of an element (Playwright's `innerText`, which follows layout, unlike `textContent`). */
export function text(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, where the rendered text is what the user sees
  return locator.innerText();
}

/** Waits until `read` returns a truthy value (polling), or fails with the last value seen. */
export async function eventually<T>(what: string, read: () => Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)} ${lastError ? String(lastError) : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function quickInput(page: Page, key: string, text: string): Promise<void> {
  // A quick input that is still closing would take the keystrokes: wait until none is shown.
  const widget = page.locator(QUICK_INPUT);
  if (await widget.isVisible()) {
    await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(async () => {
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5_000 });
    });
  }
  await page.keyboard.press(key);
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await quickInput(page, 'Control+P', name);
  // The list updates after typing: wait until the focused (first) row is the file, not a stale result.
  await page.locator(`${QUICK_INPUT} .monaco-list-row.focused`, { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active`, { hasText: name }).waitFor({ timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** Runs a command from the Command Palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await quickInput(page, 'F1', `>${title}`);
  await page
    .locator(`${QUICK_INPUT} .monaco-list-row.focused`, { hasText: title })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Moves the cursor with Go to Line/Column (1-based). */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  // Go to Line opens quick input with a ':' prefix; filling replaces it, so it is typed again.
  await quickInput(page, 'Control+G', `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/**
 * The rows of the Problems panel (opened with Ctrl+Shift+M), as text with whitespace collapsed: message, source,
 * code and `[Ln L, Col C]` (`… vpl E012 [Ln 12, Col 6]`). The panel's list is virtual (only rows in view exist), so `filter` is typed
 * into the panel's filter box first.
 */
export async function problemRows(page: Page, filter = ''): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  // Ctrl+Shift+M toggles the panel, so it is pressed only when the Problems view is not shown.
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ timeout: 15_000 });
  await setViewFilter(page, PROBLEMS_FILTER, filter);
  const rows = await page.locator('.markers-panel .monaco-tl-contents').allInnerTexts();
  return rows.map((row) => row.replace(/\s+/g, ' ').trim());
}

/**
 * The panel's filter box, by the placeholder of the view in front: one box serves the Problems and Output views,
 * each view keeping its own text, so a box found by "Filter" alone may still belong to the view being replaced.
 */
const PROBLEMS_FILTER = '.panel input[placeholder^="Filter (e.g. text, **/*.ts"]';
const OUTPUT_FILTER = '.panel input[placeholder^="Filter (e.g. text, !excludeText"]';

/** Types `text` into the filter box of the view in front (waits until that view's box is shown). */
async function setViewFilter(page: Page, selector: string, text: string): Promise<void> {
  const box = page.locator(selector);
  await box.waitFor({ timeout: 15_000 });
  if ((await box.inputValue()) !== text) {
    await box.fill(text);
    await page.waitForTimeout(300);
  }
}

/** The text of the hover shown at the cursor (Ctrl+K Ctrl+I: Show or Focus Hover). */
export async function hoverText(page: Page): Promise<string> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page
    .locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents')
    .first();
  await hover.waitFor({ timeout: 15_000 });
  return text(hover);
}

/** The labels offered by the suggest widget after Ctrl+Space. */
export async function suggestions(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  return rows.locator('.label-name').allInnerTexts();
}

/** The status bar entry of the editor's language mode. */
export function languageStatus(page: Page): Locator {
  return page.locator('#status\\.editor\\.mode');
}

/** The content frame of the webview panel whose tab title contains `title`. */
export async function webview(page: Page, title: string): Promise<FrameLocator> {
  await page.locator('.tabs-container .tab', { hasText: title }).first().waitFor({ timeout: 30_000 });
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** Picks the row with `text` in the open quick input (typed as the filter first: the list is virtual). */
export async function pick(page: Page, text: string): Promise<void> {
  await page.locator(`${QUICK_INPUT} input`).fill(text);
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** The rows of the open quick input, as text. */
export async function quickPickRows(page: Page): Promise<string[]> {
  await page.locator(`${QUICK_INPUT} .monaco-list-row`).first().waitFor({ timeout: 15_000 });
  return page.locator(`${QUICK_INPUT} .monaco-list-row`).allInnerTexts();
}

/**
 * Waits until the Output view is in front (its own filter box is shown) and empties its filter: a new view starts
 * with the filter text of the view that was in front, which would hide every line.
 */
export async function clearOutputFilter(page: Page): Promise<void> {
  await setViewFilter(page, OUTPUT_FILTER, '');
}

/** The visible text of the Output view (Monaco's non-breaking spaces as spaces). */
export async function outputText(page: Page): Promise<string> {
  const view = page.locator('.panel .output-view .monaco-editor .view-lines').first();
  await view.waitFor({ timeout: 15_000 });
  return (await text(view)).replace(/\u00a0/g, ' ');
}
