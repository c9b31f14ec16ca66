/**
 * TextMate grammar snapshot tests: every file in test/grammar-fixtures is tokenised with the grammars the extension
 * contributes (the generated source.vpl plus the hand-written injections) and compared with its snapshot in
 * test/grammar-fixtures/__snapshots__. Update with `vitest run -u` after checking the diff. A few targeted tests
 * pin the behaviours the additions exist for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXTENSION_ROOT, renderSnapshot, scopesAt, tokenize } from './support/textmate.js';

const FIXTURES = join(EXTENSION_ROOT, 'test/grammar-fixtures');
const SCOPE_BY_EXTENSION: Record<string, string> = {
  '.vpl': 'source.vpl',
  '.evt': 'source.vpl-events',
  '.md': 'text.html.markdown',
};

describe('grammar snapshots', () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => extname(name) in SCOPE_BY_EXTENSION);
  test('there are fixtures for each grammar', () => {
    expect(new Set(fixtures.map((f) => extname(f)))).toEqual(new Set(Object.keys(SCOPE_BY_EXTENSION)));
  });
  for (const name of fixtures) {
    test(name, async () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const tokens = await tokenize(SCOPE_BY_EXTENSION[extname(name)]!, text);
      await expect(renderSnapshot(text, tokens)).toMatchFileSnapshot(join(FIXTURES, '__snapshots__', `${name}.snap`));
    });
  }
});

const vpl = (text: string) => tokenize('source.vpl', text);

describe('VPL additions', () => {
  test('durations are numbers with a unit, and a number run into letters is invalid', async () => {
    const tokens = await vpl('stream S = A.window(5m).within(250ms)\nconst X = 5min\n');
    expect(scopesAt(tokens, 1, '5')).toContain('constant.numeric.duration.vpl');
    expect(scopesAt(tokens, 1, 'm')).toContain('keyword.other.unit.vpl');
    expect(scopesAt(tokens, 1, 'ms')).toContain('keyword.other.unit.vpl');
    expect(scopesAt(tokens, 2, '5min')).toContain('invalid.illegal.numeric.vpl');
  });

  test('timestamps are one constant', async () => {
    const tokens = await vpl('const START = @2025-03-09T06:30:00+05:30\nconst DAY = @2025-03-09\n');
    expect(scopesAt(tokens, 1, '@2025-03-09T06:30:00+05:30')).toContain('constant.other.timestamp.vpl');
    expect(scopesAt(tokens, 2, '@2025-03-09')).toContain('constant.other.timestamp.vpl');
  });

  test('a # inside a string is not a comment; VPL escapes are escapes', async () => {
    const tokens = await vpl('stream T = S.from(Plant, topic: "plant/#\\t\\"x\\"")   # real comment\n');
    expect(scopesAt(tokens, 1, 'plant/#')).toContain('string.quoted.double.vpl');
    expect(scopesAt(tokens, 1, '\\t')).toContain('constant.character.escape.vpl');
    expect(scopesAt(tokens, 1, '\\"')).toContain('constant.character.escape.vpl');
    expect(tokens[0]!.at(-1)!.scopes.join(' ')).toContain('comment.line');
  });

  test('a string ends at the end of its line', async () => {
    const tokens = await vpl('const A = "unterminated\nconst B = 1\n');
    expect(scopesAt(tokens, 2, 'B')).not.toContain('string.quoted.double.vpl');
    expect(scopesAt(tokens, 2, 'B')).toContain('variable.other.constant.vpl');
  });

  test('keywords after a dot are field and operation names', async () => {
    const tokens = await vpl('stream R = Signal.where(e.type == "stop").window(1m)\n');
    expect(scopesAt(tokens, 1, 'type')).toContain('variable.other.property.vpl');
    expect(scopesAt(tokens, 1, 'type')).not.toContain('keyword.control.vpl');
    expect(scopesAt(tokens, 1, 'where')).toContain('entity.name.function.member.vpl');
    expect(scopesAt(tokens, 1, 'window')).toContain('entity.name.function.member.vpl');
  });

  test('named arguments and event fields are keys, block headers are not', async () => {
    const tokens = await vpl(
      'event Signal:\n    type: str\n    from: str?\nstream R = Signal.emit(type: type, from: from)\nfn f(ok: bool) -> int:\n    if ok:\n        return 1\n    else:\n        return 2\n',
    );
    expect(scopesAt(tokens, 1, 'Signal')).toContain('entity.name.type.vpl');
    expect(scopesAt(tokens, 2, 'type')).toContain('variable.other.property.vpl');
    expect(scopesAt(tokens, 2, 'str')).toContain('storage.type.vpl');
    expect(scopesAt(tokens, 3, 'str?')).toContain('storage.type.vpl');
    expect(scopesAt(tokens, 4, 'from')).toContain('variable.other.property.vpl');
    expect(scopesAt(tokens, 5, 'f')).toContain('entity.name.function.vpl');
    expect(scopesAt(tokens, 5, 'int')).toContain('storage.type.vpl');
    expect(tokens[5]!.flatMap((t) => t.scopes)).not.toContain('variable.other.property.vpl');
    expect(scopesAt(tokens, 8, 'else')).toContain('keyword.control.vpl');
  });

  test('comments: # to the end of the line and /* */ blocks', async () => {
    const tokens = await vpl('/* a\n   b */ const X = 1 # c\n');
    expect(tokens[0]!.every((t) => t.scopes.includes('comment.block.vpl'))).toBe(true);
    expect(scopesAt(tokens, 2, 'X')).toContain('variable.other.constant.vpl');
    expect(tokens[1]!.at(-1)!.scopes).toContain('comment.line.vpl');
  });
});

describe('event files', () => {
  test('times, types, fields and values', async () => {
    const tokens = await tokenize(
      'source.vpl-events',
      '# c\nBATCH 1000\n@2500 Quote { symbol: "ACME", bid: 40.9, n: -3, ok: true }\n{"event_type": "Trade", "timestamp": 3000}\n',
    );
    expect(tokens[0]![0]!.scopes).toContain('comment.line.evt');
    expect(scopesAt(tokens, 2, 'BATCH')).toContain('keyword.control.batch.evt');
    expect(scopesAt(tokens, 3, '@2500')).toContain('constant.other.timestamp.evt');
    expect(scopesAt(tokens, 3, 'Quote')).toContain('entity.name.type.evt');
    expect(scopesAt(tokens, 3, 'symbol')).toContain('variable.other.property.evt');
    expect(scopesAt(tokens, 3, '40.9')).toContain('constant.numeric.float.evt');
    expect(scopesAt(tokens, 3, '-3')).toContain('constant.numeric.integer.evt');
    expect(scopesAt(tokens, 4, '"Trade"')).toContain('entity.name.type.evt');
  });
});

describe('Markdown fences', () => {
  test('```vpl blocks are highlighted as VPL, other blocks are not', async () => {
    const tokens = await tokenize(
      'text.html.markdown',
      '# Title\n```vpl\nstream S = A.window(5m)\n```\n```text\nstream S\n```\n',
    );
    expect(scopesAt(tokens, 3, 'window')).toEqual(
      expect.arrayContaining(['meta.embedded.block.vpl', 'entity.name.function.member.vpl']),
    );
    expect(tokens[5]!.flatMap((t) => t.scopes)).not.toContain('meta.embedded.block.vpl');
  });
});

describe('hand-written grammars', () => {
  test('the JSON files are up to date with scripts/grammars/*.mjs', async () => {
    const { renderGrammars } = await import('../scripts/grammars.mjs');
    for (const [target, text] of Object.entries(await renderGrammars())) {
      expect(
        readFileSync(join(EXTENSION_ROOT, target), 'utf8'),
        `${target} is stale: pnpm --filter vscode-varpulis grammars`,
      ).toBe(text);
    }
  });
});
