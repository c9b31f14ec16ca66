import { formatVpl, parseVplSyntax } from '@varpulis/language';
import { expectFormatting } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { astShape, corpus, createTestServices } from './helpers.js';

const services = createTestServices();
const formatting = expectFormatting(services.Vpl);

function format(text: string): string {
  const result = formatVpl(text);
  if ('error' in result) throw new Error(result.error);
  return result.text;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same program with messier whitespace that keeps its meaning: extra spaces between tokens on a line, trailing
 * whitespace, more blank lines where there is one, and continuation lines (operations, bracket contents) indented differently.
 */
function mangle(text: string, seed: number): string {
  const next = random(seed);
  const lines = text.split('\n');
  let inBlockComment = false;
  return lines
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      let body = line.trimStart();
      const wasInComment = inBlockComment;
      if (line.includes('/*')) inBlockComment = true;
      if (line.includes('*/')) inBlockComment = false;
      if (wasInComment || line.includes('/*')) return line;
      if (!body.startsWith('#')) {
        // Widen spaces outside strings.
        body = body.replace(/("(?:\\.|[^"\\])*")|( )/g, (match, str) =>
          str ? match : ' '.repeat(1 + Math.floor(next() * 3)),
        );
      }
      const continuation = /^(\.|->|\)|\]|\})/.test(body);
      const newIndent = continuation ? indent + Math.floor(next() * 3) * 2 : indent;
      // A blank line may become several (the formatter keeps one); a line break is never added.
      const blank = body === '' && next() < 0.5 ? '\n\n' : '';
      return `${' '.repeat(newIndent)}${body}${next() < 0.2 ? '  ' : ''}${blank}`;
    })
    .join('\n');
}

describe('formatVpl over the corpus', () => {
  const programs = corpus();

  test('the corpus has programs', () => {
    expect(programs.length).toBeGreaterThan(70);
  });

  test.each(programs)('%s: idempotent and meaning-preserving', (_name, text) => {
    const once = format(text);
    expect(format(once)).toBe(once);
    expect(astShape(parseVplSyntax(once).program)).toEqual(astShape(parseVplSyntax(text).program));
  });

  test.each(programs)('%s: messier whitespace formats to the same text', (name, text) => {
    const messy = mangle(text, name.length * 7919);
    const parsed = parseVplSyntax(messy);
    // The mangling keeps the meaning; check that first so a failure points at the right side.
    expect(parsed.parserErrors).toEqual([]);
    expect(astShape(parsed.program)).toEqual(astShape(parseVplSyntax(text).program));
    expect(format(messy)).toBe(format(text));
  });
});

describe('formatVpl style', () => {
  test('blocks are indented 4 spaces and stream operations go one per line', () => {
    expect(format('event A:\n  x: int\n  y:str?\nstream S = A.where(x>1).emit(x:x, y: y)\n')).toBe(
      'event A:\n    x: int\n    y: str?\nstream S = A\n    .where(x > 1)\n    .emit(x: x, y: y)\n',
    );
  });

  test('sequences: each step on its own line, conditions and aliases kept on the step', () => {
    expect(format('stream S = A as a -> B where k == a.k as b .within(5m) .emit(k: a.k)')).toBe(
      'stream S = A as a\n    -> B where k == a.k as b\n    .within(5m)\n    .emit(k: a.k)\n',
    );
  });

  test('operators, unary minus, ranges, slices, optional and Kleene markers', () => {
    expect(format('let x = - 2 ** -y  *  (a+b)')).toBe('let x = -2 ** -y * (a + b)\n');
    expect(format('let r = 0 .. 10')).toBe('let r = 0..10\n');
    expect(format('let s = xs[ 1 : 3 ]')).toBe('let s = xs[1:3]\n');
    expect(format('pattern P = SEQ(A as a, B + where v > 1 as b) within 5m')).toBe(
      'pattern P = SEQ(A as a, B+ where v > 1 as b) within 5m\n',
    );
    expect(format('stream S : Stream < E > = E')).toBe('stream S: Stream<E> = E\n');
    expect(format('let n = - -y')).toBe('let n = - -y\n');
  });

  test('comments are kept: own-line comments at the code indentation, trailing ones two spaces after the code', () => {
    expect(format('# head\nfn f(x: int) -> int:\n      # inside\n      x + 1 # plus one\n# after\nlet y = 1\n')).toBe(
      '# head\nfn f(x: int) -> int:\n    # inside\n    x + 1  # plus one\n# after\nlet y = 1\n',
    );
  });

  test('bracket contents keep their line breaks, indented under the opening line', () => {
    expect(format('stream S = A\n.emit(\n  a: 1,\n      b: 2\n  )\n')).toBe(
      'stream S = A\n    .emit(\n        a: 1,\n        b: 2\n    )\n',
    );
  });

  test('at most one blank line, no trailing whitespace, one final newline', () => {
    expect(format('let a = 1   \n\n\n\nlet b = 2')).toBe('let a = 1\n\nlet b = 2\n');
    expect(format('')).toBe('');
    expect(format('\n\n# only a comment\n\n')).toBe('# only a comment\n');
  });

  test('nested blocks and elif/else', () => {
    const text =
      'fn band(x: int) -> str:\n  if x > 10:   # big\n    return "big"\n  elif x > 5:\n          return "mid"\n  else :\n    return "small"\n';
    expect(format(text)).toBe(
      'fn band(x: int) -> str:\n    if x > 10:  # big\n        return "big"\n    elif x > 5:\n        return "mid"\n    else:\n        return "small"\n',
    );
  });

  test('text with syntax errors is refused', () => {
    const result = formatVpl('stream S = A.where(');
    expect(result).toHaveProperty('error');
    expect(formatVpl("let s = 'single'")).toHaveProperty('error');
  });

  test('changed is false for canonical text', () => {
    expect(formatVpl('let a = 1\n')).toEqual({ text: 'let a = 1\n', changed: false });
  });
});

describe('LSP formatting', () => {
  test('document formatting', async () => {
    await formatting({
      before: 'event A:\n  x:int\nstream S=A.where(x>1)',
      after: 'event A:\n    x: int\nstream S = A\n    .where(x > 1)\n',
    });
  });

  test('range formatting touches only the lines of the range', async () => {
    await formatting({
      before: 'let a=1\nlet b=2\nlet c=3\n',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } },
      after: 'let a=1\nlet b = 2\nlet c=3\n',
    });
  });

  test('on-type formatting indents a new line after a block header or a stream declaration', async () => {
    const { parseHelper } = await import('langium/test');
    const parse = parseHelper(services.Vpl);
    for (const [before, indent] of [
      ['fn f(x: int) -> int:\n', 4],
      ['stream S = A\n', 4],
      ['stream S = A\n    .where(x > 1)\n', 4],
      ['let y = [\n', 4],
      ['let a = 1\n', 0],
    ] as const) {
      const document = await parse(before);
      const line = before.split('\n').length - 1;
      const edits = await services.Vpl.lsp.Formatter!.formatDocumentOnType(document, {
        textDocument: { uri: document.uri.toString() },
        position: { line, character: 0 },
        ch: '\n',
        options: { tabSize: 4, insertSpaces: true },
      });
      const indentEdit = edits.find((e) => e.range.start.line === line);
      expect(indentEdit?.newText ?? '', before).toBe(' '.repeat(indent));
    }
  });

  test('a document with syntax errors gets no edits', async () => {
    await formatting({ before: 'stream S = A.where(', after: 'stream S = A.where(' });
  });
});
