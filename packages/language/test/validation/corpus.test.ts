/**
 * The realistic program corpus (test/programs, see its README.md) must check without errors. A program's optional
 * first line `# expect: CODE, CODE` lists the warnings (and hints) it deliberately triggers: the warnings reported
 * must be exactly those codes, and each listed hint must be reported; other hints are ignored. Imported files are
 * loaded into the same workspace (see program-files.ts), so names resolve across imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { severityOf } from '../../src/validation/codes.js';
import { checkProgramFile, formatDiagnostic } from './program-files.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROGRAMS = resolve(here, '../../../../test/programs');

const ERROR = 1;
const WARNING = 2;
const HINT = 4;

function programs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? programs(join(dir, entry.name))
        : entry.name.endsWith('.vpl')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

function expectedCodes(text: string): string[] {
  const first = text.split('\n', 1)[0] ?? '';
  const match = /^#\s*expect:\s*(.*)$/.exec(first);
  return match
    ? match[1]!
        .split(',')
        .map((code) => code.trim())
        .filter(Boolean)
    : [];
}

const files = programs(PROGRAMS);

describe('program corpus', () => {
  test('the corpus is there', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  for (const file of files) {
    test(relative(PROGRAMS, file), async () => {
      const expected = expectedCodes(readFileSync(file, 'utf8'));
      const { diagnostics } = await checkProgramFile(file);
      const report = diagnostics.map(formatDiagnostic).join('\n');
      const errors = diagnostics.filter((d) => d.severity === ERROR).map(formatDiagnostic);
      expect(errors, `errors in ${relative(PROGRAMS, file)}:\n${report}`).toEqual([]);
      const warnings = [
        ...new Set(diagnostics.filter((d) => d.severity === WARNING).map((d) => String(d.code))),
      ].sort();
      const expectedWarnings = expected.filter((code) => severityOf(code) === 'warning').sort();
      expect(
        warnings,
        `warnings of ${relative(PROGRAMS, file)} (first line: # expect: ${expected.join(', ')}):\n${report}`,
      ).toEqual(expectedWarnings);
      const hints = new Set(diagnostics.filter((d) => d.severity === HINT).map((d) => String(d.code)));
      for (const code of expected.filter((c) => severityOf(c) === 'hint')) {
        expect(hints.has(code), `expected hint ${code} in ${relative(PROGRAMS, file)}:\n${report}`).toBe(true);
      }
    });
  }
});
