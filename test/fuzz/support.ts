/**
 * Shared machinery of the fuzz and property tests (test/fuzz/*.test.ts).
 *
 * - Every property runs with a fixed seed (VPL_FUZZ_SEED overrides it), so a failure reproduces exactly; fast-check
 *   prints the seed and the shrunk counterexample.
 * - The CI run is bounded (the `runs` given per property). `pnpm fuzz:long` sets VPL_FUZZ_LONG=1, which multiplies
 *   every run count by VPL_FUZZ_FACTOR (default 25); VPL_FUZZ_RUNS=N sets every run count to N.
 * - VPL_FUZZ_TRACE=DIR writes every input to DIR before it runs: after a hang, the file there is the culprit.
 * - A failing input is written to test/fuzz/regressions/<target>/<hash>.<ext> (outside CI), where
 *   regressions.test.ts replays it forever after. Commit the file with the fix.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const programsDir = join(root, 'test', 'programs');
export const regressionsDir = join(root, 'test', 'fuzz', 'regressions');

export const LONG = process.env.VPL_FUZZ_LONG === '1';
const FACTOR = Number(process.env.VPL_FUZZ_FACTOR ?? 25);
export const SEED = Number(process.env.VPL_FUZZ_SEED ?? 20_260_301);
/** VPL_FUZZ_TRACE=DIR writes each input to DIR/<target>.current.<ext> before running it (to find a hang). */
const TRACE = process.env.VPL_FUZZ_TRACE;

/** How many runs a property gets: its CI budget, scaled in long mode. */
export function runs(base: number): number {
  if (process.env.VPL_FUZZ_RUNS) return Number(process.env.VPL_FUZZ_RUNS);
  return LONG ? Math.round(base * FACTOR) : base;
}

/** A generous per-test timeout that grows with the run count (vitest's default is 30 s). */
export function timeout(baseMs: number): number {
  return LONG ? baseMs * FACTOR * 2 : baseMs;
}

/** fast-check parameters: seeded, bounded, no time-based interruption (which would make runs irreproducible). */
export function params<T>(numRuns: number): fc.Parameters<T> {
  return { seed: SEED, numRuns };
}

/** One file of a regression target. */
export interface Regression {
  readonly name: string;
  readonly text: string;
}

/** The regression inputs of a target (test/fuzz/regressions/<target>/*). */
export function regressions(target: string): Regression[] {
  const dir = join(regressionsDir, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && f !== 'README.md')
    .sort()
    .map((f) => ({ name: `${target}/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

/** Saves a failing input under regressions/<target>/ (not in CI, where nothing is kept). Returns its path. */
export function recordRegression(target: string, ext: string, text: string): string | undefined {
  if (process.env.CI) return undefined;
  const dir = join(regressionsDir, target);
  mkdirSync(dir, { recursive: true });
  const name = `${createHash('sha256').update(text).digest('hex').slice(0, 12)}.${ext}`;
  const path = join(dir, name);
  if (!existsSync(path)) writeFileSync(path, text);
  return relative(root, path);
}

/**
 * `fc.assert` that also records the (shrunk) counterexample as a regression file. `serialize` turns the
 * counterexample into the file's text (the same text the regression replay reads back).
 */
export async function check<T>(
  property: fc.IAsyncProperty<[T]> | fc.IProperty<[T]>,
  numRuns: number,
  save: { target: string; ext: string; serialize: (value: T) => string },
): Promise<void> {
  if (TRACE) {
    // A hang inside synchronous code cannot be interrupted: write every input before it runs, so that the
    // trace file holds the culprit when the run has to be killed.
    const traced = property as unknown as { run: (v: [T]) => unknown };
    const run = traced.run.bind(traced);
    traced.run = (v: [T]) => {
      writeFileSync(join(TRACE, `${save.target}.current.${save.ext}`), save.serialize(v[0]));
      return run(v);
    };
  }
  const details = await fc.check(property as fc.IAsyncProperty<[T]>, params(numRuns));
  if (!details.failed) return;
  const example = details.counterexample?.[0];
  let saved: string | undefined;
  if (example !== undefined) saved = recordRegression(save.target, save.ext, save.serialize(example));
  const where = saved ? `\nSaved as ${saved} (commit it with the fix).` : '';
  throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}${where}`, {
    cause: details.errorInstance,
  });
}

// ---- The corpus ----

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
}

function listFiles(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .sort();
}

/** The programs of test/programs (libraries included). */
export const vplCorpus: CorpusFile[] = listFiles(programsDir, '.vpl').map((f) => ({
  name: f,
  text: readFileSync(join(programsDir, f), 'utf8'),
}));

/** The sample inputs of test/programs, by format. */
export const evtCorpus: CorpusFile[] = listFiles(programsDir, '.evt').map((f) => ({
  name: f,
  text: readFileSync(join(programsDir, f), 'utf8'),
}));
export const jsonlCorpus: CorpusFile[] = listFiles(programsDir, '.jsonl').map((f) => ({
  name: f,
  text: readFileSync(join(programsDir, f), 'utf8'),
}));

// ---- Mutations ----

/** One edit of a text: positions are fractions of the current length, so a mutation list applies to any text. */
export type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly token: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: 'swapLines'; readonly a: number; readonly b: number }
  | { readonly kind: 'replaceChar'; readonly at: number; readonly char: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Mutations whose inserted tokens come from `tokens` (and, sometimes, any string). */
export function mutationArb(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        at: fraction,
        length: fc.integer({ min: 1, max: 40 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        at: fraction,
        token: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...tokens) },
          { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('duplicate' as const),
        at: fraction,
        length: fc.integer({ min: 1, max: 200 }),
        to: fraction,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: fraction, b: fraction }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('replaceChar' as const),
        at: fraction,
        char: fc.constantFrom('\0', '\r', '\t', '\u00a0', '\u2028', '\ufeff', 'é', '😀', '\\', '"', '\n'),
      }),
    },
  );
}

/** Applies mutations in order. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const pos = (f: number) => Math.floor(f * (t.length + 1));
    switch (m.kind) {
      case 'delete': {
        const at = pos(m.at);
        t = t.slice(0, at) + t.slice(at + m.length);
        break;
      }
      case 'insert': {
        const at = pos(m.at);
        t = t.slice(0, at) + m.token + t.slice(at);
        break;
      }
      case 'truncate':
        t = t.slice(0, pos(m.at));
        break;
      case 'duplicate': {
        const at = pos(m.at);
        const piece = t.slice(at, at + m.length);
        const to = pos(m.to);
        t = t.slice(0, to) + piece + t.slice(to);
        break;
      }
      case 'swapLines': {
        const lines = t.split('\n');
        const a = Math.floor(m.a * lines.length);
        const b = Math.floor(m.b * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        t = lines.join('\n');
        break;
      }
      case 'replaceChar': {
        const at = Math.min(pos(m.at), Math.max(0, t.length - 1));
        t = t.slice(0, at) + m.char + t.slice(at + 1);
        break;
      }
    }
  }
  return t;
}

/** A corpus file and the mutations applied to it. */
export interface Mutant {
  readonly source: string;
  readonly mutations: readonly Mutation[];
  readonly text: string;
}

/** Mutants of a corpus: a file, 1 to `max` mutations, and the resulting text. */
export function mutantArb(corpus: readonly CorpusFile[], tokens: readonly string[], max = 6): fc.Arbitrary<Mutant> {
  return fc
    .record({
      file: fc.constantFrom(...corpus),
      mutations: fc.array(mutationArb(tokens), { minLength: 1, maxLength: max }),
    })
    .map(({ file, mutations }) => ({ source: file.name, mutations, text: mutate(file.text, mutations) }));
}

// ---- Ranges ----

/** The lines of a text as the LSP counts them (LF, CRLF and CR end a line). */
export function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

interface Position {
  line: number;
  character: number;
}

/** Why a range is not a valid range of the text, or undefined when it is. */
export function rangeProblem(
  text: string,
  range: { start: Position; end: Position },
  lines = lspLines(text),
): string | undefined {
  const ok = (p: Position) =>
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < lines.length &&
    p.character <= lines[p.line]!.length;
  if (!ok(range.start)) return `start ${JSON.stringify(range.start)} is outside the document`;
  if (!ok(range.end)) return `end ${JSON.stringify(range.end)} is outside the document`;
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) {
    return `start ${JSON.stringify(start)} is after end ${JSON.stringify(end)}`;
  }
  return undefined;
}

/** Whether two Langium ASTs are the same tree ignoring positions and every `$` property (an independent copy of the formatter's own check). */
export function astDifference(a: unknown, b: unknown, path = 'program'): string | undefined {
  if (a === b) return undefined;
  if (typeof a === 'bigint' || typeof b === 'bigint')
    return a === b ? undefined : `${path}: ${String(a)} ≠ ${String(b)}`;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: array vs non-array`;
    if (a.length !== b.length) return `${path}: ${a.length} items ≠ ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = astDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    if ('$refText' in ra || '$refText' in rb) {
      return ra.$refText === rb.$refText
        ? undefined
        : `${path}: reference ${String(ra.$refText)} ≠ ${String(rb.$refText)}`;
    }
    if (ra.$type !== rb.$type) return `${path}: ${String(ra.$type)} ≠ ${String(rb.$type)}`;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter((k) => !k.startsWith('$')));
    for (const k of keys) {
      const va = ra[k];
      const vb = rb[k];
      // Langium leaves optional arrays empty and optional values undefined: treat missing and empty alike.
      const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0) || v === false;
      if (empty(va) && empty(vb)) continue;
      const d = astDifference(va, vb, `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}
