/**
 * The conformance suite: every case of test/conformance/cases/ runs through the built CLI and its stdout must equal
 * the hand-written expected.jsonl line by line (text, not parsed JSON: `6.0` and `6` are different answers, §2.6),
 * with the expected exit code and stderr texts. Expectations come from the spec, never from the engine's output.
 *
 * Cases listed in known-deviations.json (case name → reason with the spec section) are known engine deviations:
 * they run as `it.fails`, so the suite stays green while the deviation exists and turns red the day the engine is
 * fixed — then remove the entry. Needs `pnpm run build` first. How to add a case: docs/engine/conformance.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CaseResult, casesDir, lines, loadCases, runAll } from './case-runner.js';

/** A JSON text without insignificant whitespace (sink files: the spec fixes their content, not their spacing). */
const compact = (line: string) => line.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_, text: string | undefined) => text ?? '');

/** `VPL_CONFORMANCE_CASE=text` runs only the cases whose name contains `text`. */
const only = process.env.VPL_CONFORMANCE_CASE;
const allCases = loadCases();
const cases = only ? allCases.filter((c) => c.name.includes(only)) : allCases;
const deviations: Record<string, string> = JSON.parse(
  readFileSync(join(import.meta.dirname, 'known-deviations.json'), 'utf8'),
);

/** CLI processes run at once (the machine is shared; each run is a short Node process). */
const PARALLEL = 3;
let results = new Map<string, CaseResult>();

beforeAll(async () => {
  results = await runAll(cases, PARALLEL);
}, 1_800_000);

describe('conformance cases (vpl-semantics.md, run --output jsonl)', () => {
  for (const c of cases) {
    const reason = deviations[c.name];
    const title = reason ? `${c.name} — known deviation: ${reason}` : c.name;
    (reason ? it.fails : it)(title, () => {
      const result = results.get(c.name);
      expect(result, 'the case did not run').toBeDefined();
      const { stdout, stderr, exit } = result!;
      const context = `case ${c.name} — stderr:\n${stderr}`;
      expect(stdout, context).toEqual(c.expected);
      expect(exit, context).toBe(c.options.exit ?? 0);
      for (const text of c.options.stderr ?? []) expect(stderr, context).toContain(text);
      for (const text of c.options.stderrNot ?? []) expect(stderr, context).not.toContain(text);
      for (const [path, expectedFile] of Object.entries(c.options.files ?? {})) {
        const expected = lines(readFileSync(join(c.dir, expectedFile), 'utf8')).map(compact);
        expect(result!.files[path]?.map(compact), `${context}\n(file ${path})`).toEqual(expected);
      }
      for (const [text, count] of Object.entries(c.options.stderrCount ?? {})) {
        expect(stderr.split(text).length - 1, `${context}\n(occurrences of ${JSON.stringify(text)})`).toBe(count);
      }
    });
  }
});

describe('the conformance suite itself', () => {
  it('has cases', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(60);
  });

  it('lists as deviations only cases that exist', () => {
    const names = new Set(allCases.map((c) => c.name));
    expect(Object.keys(deviations).filter((name) => !names.has(name))).toEqual([]);
  });

  it('cites the spec in every case', () => {
    const uncited = allCases.filter((c) => {
      const program = join(casesDir, c.name, 'program.vpl');
      const readme = join(casesDir, c.name, 'README.md');
      const text =
        (existsSync(program) ? readFileSync(program, 'utf8') : '') +
        (existsSync(readme) ? readFileSync(readme, 'utf8') : '');
      return !/vpl-(semantics|language)\.md §/.test(text);
    });
    expect(uncited.map((c) => c.name)).toEqual([]);
  });
});
