/**
 * Every snippet, expanded with its default placeholder values, is valid VPL: no errors from the language's own
 * parser and checker (on top of a preamble that declares the events the defaults name).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVpl } from '@varpulis/language';
import { describe, expect, test } from 'vitest';
import { EXTENSION_ROOT } from './support/textmate.js';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(EXTENSION_ROOT, 'snippets/vpl.code-snippets'), 'utf8')) as Record<
  string,
  Snippet
>;

/** Expands `${1:default}`, `${2|a,b|}`, `$0` and `\"` the way VS Code inserts them when no placeholder is edited. */
export function expandSnippet(body: readonly string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) {
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
  }
  return text.replace(/\$\{?\d+\}?/g, '');
}

const PREAMBLE = `
event Reading:
    sensor: str
    value: float

event Trip:
    sensor: str
    reason: str

event PasswordReset:
    account_id: str

event PayoutRequested:
    account_id: str
    amount: float

event Bid:
    sym: str
    px: int

event Ask:
    sym: str
    px: int

`;

describe('snippets', () => {
  test("the issue's snippets are all there", () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    expect(prefixes).toEqual(
      expect.arrayContaining([
        'event',
        'stream-where',
        'stream-window',
        'stream-sequence',
        'stream-join',
        'stream-merge',
      ]),
    );
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    test(`${name} (${snippet.prefix}) expands to valid VPL`, async () => {
      const expanded = expandSnippet(snippet.body);
      expect(expanded).not.toMatch(/\$\{|\$\d/);
      const text =
        snippet.prefix === 'event' ? expanded.replace(/^event Reading:/, 'event Sample:') : `${PREAMBLE}${expanded}`;
      const { diagnostics } = await parseVpl(text);
      const errors = diagnostics
        .filter((d) => d.severity === 1)
        .map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`);
      expect(errors).toEqual([]);
    });
  }
});
