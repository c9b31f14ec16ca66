/**
 * The parser, the validator and the formatter on mutated and generated VPL.
 *
 * - Mutants of test/programs/*.vpl (deleted ranges, inserted tokens and random strings, truncations, duplicated
 *   ranges, swapped lines, odd characters): `parseVpl` never throws, answers in bounded time, and every diagnostic
 *   has a code and a range inside the document. `formatVpl` never throws; when it formats, the result is a fixed
 *   point and parses to the same tree.
 * - The corpus and valid generated programs: `formatVpl` formats them (no refusal), idempotently, and the
 *   formatted text parses to the same tree (compared by this file's own tree comparison, ignoring positions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printProgram, programSpecArb } from './generators.js';
import {
  formatterProblem,
  generatedProgramProblem,
  languageProblem,
  programFilesProblem,
  VPL_TOKENS,
} from './language-checks.js';
import { check, type Mutant, mutantArb, runs, timeout, vplCorpus } from './support.js';

const serializeMutant = (m: Mutant) => m.text;

describe('parser and validator on mutated corpus programs', () => {
  it(
    'never throw, never hang, and give diagnostics with codes and ranges inside the document',
    async () => {
      await check(
        fc.asyncProperty(mutantArb(vplCorpus, VPL_TOKENS), async (m) => {
          const problem = await languageProblem(m.text);
          if (problem) throw new Error(`${problem}\n(source: ${m.source})`);
        }),
        runs(250),
        { target: 'language', ext: 'vpl', serialize: serializeMutant },
      );
    },
    timeout(120_000),
  );

  it(
    'survive heavy mutation (up to 30 edits)',
    async () => {
      await check(
        fc.asyncProperty(mutantArb(vplCorpus, VPL_TOKENS, 30), async (m) => {
          const problem = await languageProblem(m.text);
          if (problem) throw new Error(`${problem}\n(source: ${m.source})`);
        }),
        runs(80),
        { target: 'language', ext: 'vpl', serialize: serializeMutant },
      );
    },
    timeout(120_000),
  );

  it(
    'checking from disk with imports (the `varpulis check` path) never throws and gives valid ranges',
    async () => {
      const importing = vplCorpus.filter((f) => /^import /m.test(f.text));
      await check(
        fc.asyncProperty(mutantArb(importing.length > 0 ? importing : vplCorpus, VPL_TOKENS, 4), async (m) => {
          const problem = await programFilesProblem(m.text);
          if (problem) throw new Error(`${problem}\n(source: ${m.source})`);
        }),
        runs(100),
        { target: 'program-files', ext: 'vpl', serialize: serializeMutant },
      );
    },
    timeout(120_000),
  );

  it(
    'survive random token soup',
    async () => {
      const soup = fc.array(fc.constantFrom(...VPL_TOKENS, ' ', ' ', '\n'), { maxLength: 120 }).map((t) => t.join(' '));
      await check(
        fc.asyncProperty(soup, async (text) => {
          const problem = await languageProblem(text);
          if (problem) throw new Error(problem);
        }),
        runs(200),
        { target: 'language', ext: 'vpl', serialize: (t) => t },
      );
    },
    timeout(120_000),
  );
});

describe('formatVpl', () => {
  for (const file of vplCorpus) {
    it(`${file.name}: formats, idempotent, same tree`, () => {
      expect(formatterProblem(file.text, true)).toBeUndefined();
    });
  }

  it(
    'formats valid generated programs idempotently without changing their tree',
    async () => {
      await check(
        fc.asyncProperty(programSpecArb, async (spec) => {
          const problem = await generatedProgramProblem(printProgram(spec));
          if (problem) throw new Error(problem);
        }),
        runs(120),
        { target: 'language-generated', ext: 'vpl', serialize: printProgram },
      );
    },
    timeout(120_000),
  );
});
