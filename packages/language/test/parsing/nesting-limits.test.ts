import { describe, expect, test } from 'vitest';
import { parseVpl } from '../../src/index.js';

/** Deeply nested input is rejected with one clear diagnostic, never with a stack overflow (limit: 24 levels). */
describe('nesting limits', () => {
  test('10,000 nested parentheses: one VPL-P001 at the 25th bracket; later statements still parse', async () => {
    const text = `let x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\nlet ok = 1\n`;
    const { diagnostics, document } = await parseVpl(text);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([
      ['VPL-P001', 0, 8 + 24],
    ]);
    expect(diagnostics[0]!.message).toContain('nested more than 24 deep');
    expect(document.parseResult.value.statements.map((s) => (s as { name?: string }).name)).toEqual(['ok']);
  });

  test('24 levels are fine', async () => {
    const { diagnostics } = await parseVpl(`let x = ${'('.repeat(24)}1${')'.repeat(24)}\n`);
    expect(diagnostics).toEqual([]);
  });

  test.each([
    ['unclosed brackets', `let x = ${'['.repeat(10_000)}\n`],
    ['nested calls', `let x = ${'f('.repeat(10_000)}1${')'.repeat(10_000)}\n`],
    ['nested map literals', `let x = ${'{"a": '.repeat(5_000)}1${'}'.repeat(5_000)}\n`],
  ])('%s: one VPL-P001', async (_name, text) => {
    const { diagnostics } = await parseVpl(text);
    expect(diagnostics.map((d) => d.code)).toEqual(['VPL-P001']);
  });

  test.each([
    ['3,000 prefix not', `let x = ${'not '.repeat(3_000)}y\n`],
    ['2,000 nested if … else', `let x = ${'if c then 1 else '.repeat(2_000)}0\n`],
    ['3,000 nested lambdas', `let x = ${'a => '.repeat(3_000)}0\n`],
    ['2,000 chained **', `let x = ${'2 ** '.repeat(2_000)}2\n`],
  ])('%s (operators that nest without brackets): one VPL-P001, no stack overflow', async (_name, text) => {
    // Twice with the same services: a parse that ran out of stack must leave nothing behind for the next one.
    for (let run = 0; run < 2; run++) {
      const { diagnostics, document } = await parseVpl(`${text}let ok = 1\n`);
      expect(diagnostics.map((d) => d.code)).toEqual(['VPL-P001']);
      expect(diagnostics[0]!.message).toContain('nests operators');
      expect(document.parseResult.value.statements.map((s) => (s as { name?: string }).name)).toEqual(['ok']);
    }
  });
});
