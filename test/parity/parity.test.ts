import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVplSyntax, vplKeywords } from '@varpulis/language';
import { loadVplLanguage, readVplQuery } from 'tree-sitter-vpl';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Language, Parser as ParserType } from 'web-tree-sitter';

/**
 * The Langium grammar, the tree-sitter grammar and the TextMate grammar describe one language. These tests hold
 * them together: the same programs are accepted, the same invalid programs are rejected, and the three agree on
 * which words are keywords.
 */

const root = join(import.meta.dirname, '..', '..');
const programsDir = join(root, 'test', 'programs');

function vplFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? vplFiles(join(dir, entry.name)) : entry.name.endsWith('.vpl') ? [join(dir, entry.name)] : [],
  );
}

function langiumAccepts(text: string): boolean {
  const result = parseVplSyntax(text);
  const lexicalErrors = result.lexerDiagnostics.filter((d) => (d.severity ?? 'error') === 'error');
  return result.lexerErrors.length === 0 && lexicalErrors.length === 0 && result.parserErrors.length === 0;
}

let parser: ParserType;

beforeAll(async () => {
  const language: Language = await loadVplLanguage();
  const { Parser } = await import('web-tree-sitter');
  parser = new Parser();
  parser.setLanguage(language);
});

function treeSitterAccepts(text: string): boolean {
  const tree = parser.parse(text);
  if (!tree) return false;
  const ok = !tree.rootNode.hasError;
  tree.delete();
  return ok;
}

describe('both parsers accept every program of test/programs', () => {
  const files = vplFiles(programsDir);
  test('the corpus is not empty', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });
  test.each(files.map((file) => [file.slice(programsDir.length + 1), file]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(langiumAccepts(text), 'Langium').toBe(true);
    expect(treeSitterAccepts(text), 'tree-sitter').toBe(true);
  });
});

/** Invalid programs (syntax errors per the language guide) that both parsers must reject. */
const INVALID: Record<string, string> = {
  'number followed by letters': 'let x = 5min\n',
  'exponent without a fraction': 'let x = 1e5\n',
  'xor outside .pattern': 'let v = a xor b\n',
  'Kleene suffix in a stream': 'stream S = LoginFailed+ -> LoginOk\n',
  'emit as without parentheses': 'stream S = E.emit as Alert\n',
  'parenthesised source': 'stream S = (E)\n',
  'trailing comma in arguments': 'stream S = E.emit(a: 1,)\n',
  'negative configuration value': 'connector C = mqtt(port: -1)\n',
  'expression as a binding value': 'stream S = E.to(C, topic: "a" + "b")\n',
  'one-line function body': 'fn f(): return 1\n',
  'one-line if': 'fn f(x: int):\n    if x > 1: return 2\n',
  'chained comparison': 'let v = a < b < c\n',
  'double optional type': 'type T = int??\n',
  'single-quoted string': "let s = 'text'\n",
  'unterminated string': 'let s = "text\n',
  'tuple value': 'let t = (1, 2)\n',
  'unclosed bracket': 'stream S = E.where(x > 1\n',
  'compound assignment': 'var x = 1\nx += 1\n',
  'slash comment': '// not a comment\nlet x = 1\n',
  'block body not indented': 'fn f(x: int) -> int:\nreturn x\n',
  'event without fields': 'event E:\nstream S = E\n',
  'pattern with an arrow': 'pattern P = A -> B within 5m\n',
};

describe('both parsers reject invalid programs', () => {
  test.each(Object.entries(INVALID))('%s', (_name, text) => {
    expect(langiumAccepts(text), 'Langium').toBe(false);
    expect(treeSitterAccepts(text), 'tree-sitter').toBe(false);
  });
});

describe('keyword sets agree', () => {
  const langium = new Set(vplKeywords());

  test('the TextMate grammar highlights exactly the Langium keywords', () => {
    const grammar = JSON.parse(
      readFileSync(join(root, 'extensions', 'vscode', 'syntaxes', 'vpl.tmLanguage.json'), 'utf8'),
    );
    const keywordPattern = (grammar.patterns as { name?: string; match?: string }[]).find((p) =>
      p.name?.startsWith('keyword'),
    );
    const words = new Set(/\\b\((.*)\)\\b/.exec(keywordPattern?.match ?? '')?.[1]?.split('|') ?? []);
    expect([...words].sort()).toEqual([...langium].sort());
  });

  test('highlights.scm quotes exactly the Langium keywords', () => {
    const query = readVplQuery('highlights')
      .split('\n')
      .filter((line) => !line.trim().startsWith(';') && !line.includes('#match?') && !line.includes('#eq?'))
      .join('\n');
    const words = new Set([...query.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]!));
    expect([...words].sort()).toEqual([...langium].sort());
  });
});
