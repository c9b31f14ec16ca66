/**
 * VPL-P020 (documentation-style pattern syntax, §9.6) replaces the parser errors of the statement that uses it,
 * at the token that reveals the form. The replacement happens where parser errors are reported; this test pins the
 * recogniser that reporter calls, `docStylePatternSyntax`, on real parser errors.
 */
import { describe, expect, test } from 'vitest';
import { parseVplSyntax } from '../../src/parse.js';
import { docStylePatternSyntax } from '../../src/validation/patterns.js';

/** What the recogniser makes of each parser error of a text: the recognised token, or 'VPL-P001'. */
function classify(text: string): string[] {
  return parseVplSyntax(text).parserErrors.map((error) => {
    const found = docStylePatternSyntax({ text, offset: error.token.startOffset, image: error.token.image });
    return found ? `VPL-P020 ${text.slice(found.offset, found.offset + found.length)}@${found.offset}` : 'VPL-P001';
  });
}

describe('docStylePatternSyntax', () => {
  test('`->` inside a pattern declaration', () => {
    expect(classify('pattern Session = Login -> Logout within 5m')).toEqual(['VPL-P020 ->@24']);
  });

  test('a bracket predicate after a pattern item, wherever the parser stops', () => {
    const text = 'pattern BigBuy = SEQ(Login as l,\n    Purchase[amount > 100.0])';
    const verdicts = classify(text);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts)).toEqual(new Set([`VPL-P020 [@${text.indexOf('[')}`]));
  });

  test('call-style AND/OR in a pattern declaration', () => {
    const text = 'pattern P = Start AND OR(A, B)';
    expect(new Set(classify(text))).toEqual(new Set([`VPL-P020 (@${text.indexOf('(')}`]));
  });

  test('a Kleene suffix on a stream source', () => {
    expect(classify('stream Retries = Login+ -> Logout')).toEqual(['VPL-P020 +@22']);
  });

  test('other syntax errors stay VPL-P001', () => {
    for (const text of [
      'stream S = E.emit(a: 1,)',
      'let x = 1 +',
      'stream S = E.where(a +)',
      'pattern P = SEQ(A where tags[0] == "[", B,)',
    ]) {
      const verdicts = classify(text);
      expect(verdicts.length, text).toBeGreaterThan(0);
      expect(
        verdicts.every((verdict) => verdict === 'VPL-P001'),
        text,
      ).toBe(true);
    }
  });
});
