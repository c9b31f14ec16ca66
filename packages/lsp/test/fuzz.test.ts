import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatVpl } from '@varpulis/language';
import type { LangiumDocument } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { describe, expect, test, vi } from 'vitest';
import { corpus, createTestServices } from './helpers.js';

/**
 * Random edit sequences over the corpus: insertions of VPL fragments, deletions, truncations. After every edit the
 * document is rebuilt and validated, and every feature is asked something at a random position: nothing may throw,
 * and every answer must come back in bounded time. Seeded (mulberry32), so a failure reproduces; the number of edits
 * is VPL_FUZZ_EDITS (default 1500, about 190 sequences of 8; the long run, VPL_FUZZ_EDITS=16000, is 2,000 sequences).
 */
const EDITS = Number(process.env.VPL_FUZZ_EDITS ?? 1500);
const EDITS_PER_SEQUENCE = 8;
/** An answer slower than this fails the test (VPL_FUZZ_SLOW_MS: raise it for long runs on a loaded machine). */
const SLOW_MS = Number(process.env.VPL_FUZZ_SLOW_MS ?? 5000);
/** VPL_FUZZ_TRACE=DIR writes each input to DIR/lsp.current.json before it is exercised (to find a hang). */
const TRACE = process.env.VPL_FUZZ_TRACE;
// The test's budget grows with long runs (VPL_FUZZ_EDITS=16000).
vi.setConfig({ testTimeout: Math.max(600_000, EDITS * 400) });

const FRAGMENTS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '.',
  ',',
  ':',
  '->',
  '=>',
  '=',
  ':=',
  '"',
  "'",
  '#',
  '/*',
  '*/',
  '//',
  '\n',
  '\n    ',
  '\n        ',
  'stream ',
  'event ',
  'fn ',
  'if ',
  'else:',
  'where ',
  ' as ',
  '.where(',
  '.emit(',
  '.window(',
  '.aggregate(n: count())',
  '.within(5m)',
  '-> ',
  'all ',
  'merge(',
  'join(',
  'sequence(',
  'pattern P = SEQ(',
  'NOT ',
  '+',
  '*',
  '?',
  '5m',
  '1.5',
  '12',
  '@2025-01-01',
  'x',
  'Reading',
  'celsius',
  'count()',
  'not ',
  'and ',
  'let y = ',
  'return ',
  '((((((((((((((((((((((((((',
  '5min',
  '1e5',
];

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const roll = next();
  if (roll < 0.55) return text.slice(0, at) + FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]! + text.slice(at);
  if (roll < 0.9) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 40)));
  return text.slice(0, at);
}

describe('fuzz: random edits never crash the language services', () => {
  const services = createTestServices();
  const parse = parseHelper(services.Vpl);
  const programs = corpus();

  test(`${EDITS} random edits`, async () => {
    const next = random(20260522);
    let edits = 0;
    let slowest = 0;
    let slowestWhat = '';
    let sequences = 0;
    while (edits < EDITS) {
      sequences++;
      const [name, original] = programs[Math.floor(next() * programs.length)]!;
      let text = original;
      for (let i = 0; i < EDITS_PER_SEQUENCE && edits < EDITS; i++, edits++) {
        text = edit(text, next);
        const started = performance.now();
        const what = `${name} after edit ${i}`;
        const offset = Math.floor(next() * (text.length + 1));
        // A hang in synchronous code cannot be interrupted: the file left behind is the input that hung.
        if (TRACE) writeFileSync(join(TRACE, 'lsp.current.json'), JSON.stringify({ edit: edits, what, offset, text }));
        let document: LangiumDocument;
        try {
          const parseStart = performance.now();
          document = await parse(text, { validation: true });
          const parseTime = performance.now() - parseStart;
          if (parseTime > SLOW_MS / 4) console.error(`slow parse+validate: ${parseTime.toFixed(0)} ms (${what})`);
          await exercise(document, offset);
        } catch (error) {
          throw new Error(`${what} (seeded edit ${edits}): ${(error as Error).stack}\n--- text ---\n${text}`);
        }
        const elapsed = performance.now() - started;
        if (elapsed > slowest) {
          slowest = elapsed;
          slowestWhat = what;
        }
        expect(elapsed, `${what} took ${elapsed.toFixed(0)} ms`).toBeLessThan(SLOW_MS);
      }
      await clearDocuments(services.shared);
    }
    expect(edits).toBe(EDITS);
    console.error(`fuzz: ${edits} edits in ${sequences} sequences, slowest ${slowest.toFixed(1)} ms (${slowestWhat})`);
  });

  async function exercise(document: LangiumDocument, offset: number): Promise<void> {
    const timings: [string, number][] = [];
    let mark = performance.now();
    const lap = (label: string) => {
      const now = performance.now();
      timings.push([label, now - mark]);
      mark = now;
    };
    try {
      await exerciseAll(document, offset, lap);
    } finally {
      const total = timings.reduce((sum, [, t]) => sum + t, 0);
      if (total > SLOW_MS / 4)
        console.error(`slow (${total.toFixed(0)} ms): ${timings.map(([l, t]) => `${l}=${t.toFixed(0)}`).join(' ')}`);
    }
  }

  async function exerciseAll(document: LangiumDocument, offset: number, lap: (label: string) => void): Promise<void> {
    const lsp = services.Vpl.lsp;
    const textDocument = { uri: document.uri.toString() };
    const position = document.textDocument.positionAt(offset);
    const whole = {
      start: { line: 0, character: 0 },
      end: document.textDocument.positionAt(document.textDocument.getText().length),
    };
    await lsp.CompletionProvider!.getCompletion(document, { textDocument, position });
    lap('CompletionProvider');
    await lsp.HoverProvider!.getHoverContent(document, { textDocument, position });
    lap('HoverProvider');
    await lsp.SignatureHelp!.provideSignatureHelp(document, { textDocument, position });
    lap('SignatureHelp');
    await lsp.DefinitionProvider!.getDefinition(document, { textDocument, position });
    lap('DefinitionProvider');
    await lsp.ReferencesProvider!.findReferences(document, {
      textDocument,
      position,
      context: { includeDeclaration: true },
    });
    lap('ReferencesProvider');
    await lsp.RenameProvider!.prepareRename(document, { textDocument, position });
    lap('RenameProvider');
    await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
    lap('DocumentSymbolProvider');
    await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
    lap('SemanticTokenProvider');
    await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument });
    lap('FoldingRangeProvider');
    await lsp.InlayHintProvider!.getInlayHints(document, { textDocument, range: whole });
    lap('InlayHintProvider');
    await lsp.CodeActionProvider!.getCodeActions(document, {
      textDocument,
      range: { start: position, end: position },
      context: { diagnostics: document.diagnostics ?? [] },
    });
    await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } });
    lap('Formatter');
    const formatted = formatVpl(document.textDocument.getText());
    if ('text' in formatted) {
      // Whatever parses must format to text that parses and formats to itself.
      const again = formatVpl(formatted.text);
      expect(again).toEqual({ text: formatted.text, changed: false });
    }
  }
});
