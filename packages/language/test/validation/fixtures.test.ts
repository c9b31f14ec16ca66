/**
 * Runs every validation fixture under test/resources/validation (format: that folder's README.md).
 *
 * Per file: every `# $TEST$ <severity> <CODE>` line is paired, in order, with a `»…«` range; the file is checked
 * with the markers removed, and each expected diagnostic must be reported with exactly that code, severity and
 * range. Unexpected errors fail the test (unexpected warnings and hints are allowed), and a `no-issues` file
 * must have neither errors nor warnings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { ALL_DIAGNOSTIC_CODES, DiagnosticCode, severityOf } from '../../src/validation/codes.js';
import { checkProgramFile, formatDiagnostic } from './program-files.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../resources/validation');
const SOURCE = resolve(here, '../../src');

const SEVERITIES = { error: 1, warning: 2, info: 3, hint: 4 } as const;
type Severity = 'error' | 'warning' | 'hint';

/**
 * Codes whose checks are still being written elsewhere. While a code is pending its fixtures run as
 * expected-to-fail (`test.fails`), so they are reported and turn into ordinary tests by themselves as soon as the
 * check lands (a pending test that passes fails the run, which prompts removing the entry).
 */
const PENDING: readonly { codes: readonly string[]; reason: string; pending: () => boolean }[] = [
  {
    codes: [
      DiagnosticCode.UnknownName,
      DiagnosticCode.UnverifiableName,
      DiagnosticCode.UnboundReceiver,
      DiagnosticCode.GlobalHidesField,
      DiagnosticCode.PatternAsStep,
      DiagnosticCode.UndeclaredSource,
      DiagnosticCode.UndefinedConnector,
      DiagnosticCode.UndefinedContext,
      DiagnosticCode.UndeclaredEmitType,
      DiagnosticCode.UnknownNamedType,
    ],
    reason: 'the name checks (src/validation/names.ts) do not exist yet',
    pending: () => !existsSync(join(SOURCE, 'validation/names.ts')),
  },
  {
    codes: [DiagnosticCode.DocPatternSyntax],
    reason:
      'VPL-P020 replaces a parser error: the document validator must call docStylePatternSyntax() (validation/patterns.ts) when it reports parser errors',
    pending: () =>
      !readFileSync(join(SOURCE, 'validation/vpl-document-validator.ts'), 'utf8').includes('docStylePatternSyntax'),
  },
];

/**
 * Fixtures that fail because of a known problem outside the validation checks, with the owner and the reason.
 * They run as expected-to-fail: when the problem is fixed the test fails, prompting removal of the entry.
 */
const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

const pendingCodes = new Map<string, string>();
for (const entry of PENDING) if (entry.pending()) for (const code of entry.codes) pendingCodes.set(code, entry.reason);

interface Expectation {
  severity: Severity;
  code: string;
  range?: Range;
}

interface Fixture {
  path: string;
  name: string;
  text: string;
  noIssues: boolean;
  expectations: Expectation[];
  problems: string[];
}

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? fixtureFiles(join(dir, entry.name))
        : entry.name.endsWith('.vpl')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

/** Removes the `»…«` markers and returns the text and the ranges they delimited (positions in the stripped text). */
function stripMarkers(source: string): { text: string; ranges: Range[]; problems: string[] } {
  let text = '';
  let line = 0;
  let character = 0;
  const ranges: Range[] = [];
  const problems: string[] = [];
  let open: { line: number; character: number } | undefined;
  for (const char of source) {
    if (char === '»') {
      if (open) problems.push(`nested » at ${line + 1}:${character + 1}`);
      open = { line, character };
      continue;
    }
    if (char === '«') {
      if (!open) problems.push(`« without » at ${line + 1}:${character + 1}`);
      else ranges.push({ start: open, end: { line, character } });
      open = undefined;
      continue;
    }
    text += char;
    if (char === '\n') {
      line++;
      character = 0;
    } else {
      character += char.length; // UTF-16 code units, as LSP positions count them
    }
  }
  if (open) problems.push(`unclosed » at ${open.line + 1}:${open.character + 1}`);
  return { text, ranges, problems };
}

function readFixture(path: string): Fixture {
  const source = readFileSync(path, 'utf8');
  const { text, ranges, problems } = stripMarkers(source);
  const expectations: Expectation[] = [];
  let noIssues = false;
  for (const match of source.matchAll(/^[ \t]*#[ \t]*\$TEST\$[ \t]+(\S+)(?:[ \t]+(\S+))?/gm)) {
    const kind = match[1]!;
    if (kind === 'no-issues') {
      noIssues = true;
      continue;
    }
    if (kind !== 'error' && kind !== 'warning' && kind !== 'hint') {
      problems.push(`unknown $TEST$ kind '${kind}'`);
      continue;
    }
    expectations.push({ severity: kind, code: match[2] ?? '?' });
  }
  if (ranges.length !== expectations.length) {
    problems.push(`${expectations.length} $TEST$ line(s) but ${ranges.length} »…« range(s)`);
  }
  expectations.forEach((expectation, index) => {
    const range = ranges[index];
    if (range) expectation.range = range;
    if (!(ALL_DIAGNOSTIC_CODES as readonly string[]).includes(expectation.code))
      problems.push(`unknown code ${expectation.code}`);
    else if (severityOf(expectation.code) !== expectation.severity) {
      problems.push(`${expectation.code} is a ${severityOf(expectation.code)}, not a ${expectation.severity}`);
    }
  });
  if (noIssues && expectations.length > 0) problems.push('a no-issues fixture cannot expect diagnostics');
  return { path, name: relative(FIXTURES, path), text, noIssues, expectations, problems };
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function describeExpectation(expectation: Expectation): string {
  const range = expectation.range;
  const where = range
    ? `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`
    : '?';
  return `${expectation.severity} ${expectation.code} ${where}`;
}

/** The failures of one checked fixture (empty when it passes). */
function compare(fixture: Fixture, diagnostics: Diagnostic[]): string[] {
  const failures: string[] = [];
  const unmatched = [...diagnostics];
  for (const expectation of fixture.expectations) {
    const index = unmatched.findIndex(
      (d) =>
        d.code === expectation.code &&
        d.severity === SEVERITIES[expectation.severity] &&
        expectation.range !== undefined &&
        sameRange(d.range, expectation.range),
    );
    if (index >= 0) {
      unmatched.splice(index, 1);
      continue;
    }
    failures.push(`missing: ${describeExpectation(expectation)}`);
  }
  for (const diagnostic of unmatched) {
    const isError = diagnostic.severity === SEVERITIES.error;
    const isWarning = diagnostic.severity === SEVERITIES.warning;
    if (isError || (fixture.noIssues && isWarning)) failures.push(`unexpected: ${formatDiagnostic(diagnostic)}`);
  }
  return failures;
}

const fixtures = fixtureFiles(FIXTURES).map(readFixture);

describe('validation fixtures', () => {
  for (const fixture of fixtures) {
    const pendingReasons = [
      ...new Set(fixture.expectations.filter((e) => pendingCodes.has(e.code)).map((e) => pendingCodes.get(e.code)!)),
    ];
    const run = async () => {
      expect(fixture.problems, `invalid fixture ${fixture.name}`).toEqual([]);
      const { diagnostics } = await checkProgramFile(fixture.path, (text) => stripMarkers(text).text);
      const failures = compare(fixture, diagnostics);
      expect(failures, `${fixture.name}\nreported:\n${diagnostics.map(formatDiagnostic).join('\n')}`).toEqual([]);
    };
    const knownFailure = KNOWN_FAILURES[fixture.name];
    if (pendingReasons.length > 0) {
      test.fails(`${fixture.name} (pending: ${pendingReasons.join('; ')})`, run);
    } else if (knownFailure) {
      test.fails(`${fixture.name} (known failure: ${knownFailure})`, run);
    } else {
      test(fixture.name, run);
    }
  }
});

/** Codes that no fixture can trigger, with the reason. Keep this list short and justified. */
const CODES_WITHOUT_FIXTURES: Readonly<Record<string, string>> = {};

describe('fixture coverage', () => {
  test('every diagnostic code has at least one fixture', () => {
    const covered = new Set(fixtures.flatMap((fixture) => fixture.expectations.map((e) => e.code)));
    const missing = ALL_DIAGNOSTIC_CODES.filter((code) => !covered.has(code) && !(code in CODES_WITHOUT_FIXTURES));
    expect(missing).toEqual([]);
  });

  test('every known failure names an existing fixture', () => {
    const names = new Set(fixtures.map((fixture) => fixture.name));
    for (const name of Object.keys(KNOWN_FAILURES)) expect(names.has(name), name).toBe(true);
  });

  test('the exceptions are real codes that still have no fixture', () => {
    const covered = new Set(fixtures.flatMap((fixture) => fixture.expectations.map((e) => e.code)));
    for (const code of Object.keys(CODES_WITHOUT_FIXTURES)) {
      expect(ALL_DIAGNOSTIC_CODES).toContain(code);
      expect(covered.has(code), `${code} now has a fixture: remove it from CODES_WITHOUT_FIXTURES`).toBe(false);
    }
  });

  test('the marker parser records ranges in the stripped text', () => {
    const { text, ranges } = stripMarkers('a »bc«\n»d\ne«f');
    expect(text).toBe('a bc\nd\nef');
    expect(ranges).toEqual([
      { start: { line: 0, character: 2 }, end: { line: 0, character: 4 } },
      { start: { line: 1, character: 0 }, end: { line: 2, character: 1 } },
    ]);
  });
});
