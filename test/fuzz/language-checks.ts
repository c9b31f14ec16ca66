/**
 * What the language fuzz tests check on one text (shared by language.test.ts and the regression replay).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkProgramFiles,
  createVplServices,
  formatVpl,
  parseVpl,
  parseVplSyntax,
  URI,
  type VplServices,
  vplKeywords,
} from '@varpulis/language';
import { NodeFileSystem } from 'langium/node';
import { astDifference, programsDir, rangeProblem } from './support.js';

/** Slowest acceptable parse + validation of one mutant (the corpus files are under 200 lines). */
const SLOW_MS = 5_000;

const PUNCTUATION = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '.',
  '?.',
  ',',
  ':',
  '->',
  '=>',
  '=',
  ':=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '?',
  '..',
  '@',
  '"',
  "'",
  '#',
  '\n',
  '\n    ',
  '\n        ',
  '    ',
  '\t',
  '\r\n',
  '\\',
];
const LITERALS = [
  '0',
  '1',
  '-1',
  '12',
  '1.5',
  '1e308',
  '99999999999999999999999',
  '5m',
  '250ms',
  '1d',
  '5min',
  '@2025-01-01',
  '"x"',
  '"\\u{1F600}"',
  'null',
  'true',
];
const FRAGMENTS = [
  '.where(',
  '.emit(',
  '.window(',
  '.aggregate(n: count())',
  '.within(5m)',
  '.partition_by(',
  '-> ',
  'all ',
  'merge(',
  'join(',
  'pattern P = SEQ(',
  'NOT ',
  'fn f():',
  'if x:',
  'else:',
  'for i in 0..3:',
  'while true:',
  'return ',
  'let y = ',
  'import "lib/units.vpl"',
  '((((((((((((((((((((((((((',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  'x.y.z.w',
  'stream S = ',
];
export const VPL_TOKENS = [...vplKeywords(), ...PUNCTUATION, ...LITERALS, ...FRAGMENTS];

export const services = createVplServices().Vpl;

const CRASH =
  /An error occurred|TypeError|RangeError|ReferenceError|is not a function|Cannot read propert|Maximum call stack/;

/** Why the language services misbehave on a text, or undefined when they do not. */
export async function languageProblem(text: string): Promise<string | undefined> {
  const started = performance.now();
  let diagnostics: Awaited<ReturnType<typeof parseVpl>>['diagnostics'];
  try {
    ({ diagnostics } = await parseVpl(text, { services }));
  } catch (e) {
    return `parseVpl threw: ${(e as Error).stack ?? String(e)}`;
  }
  const elapsed = performance.now() - started;
  if (elapsed > SLOW_MS) return `parseVpl took ${Math.round(elapsed)} ms`;
  for (const d of diagnostics) {
    if (d.code === undefined || d.code === '') return `diagnostic without a code: ${d.message}`;
    if (typeof d.message !== 'string' || d.message.length === 0)
      return `diagnostic ${String(d.code)} without a message`;
    // Langium turns an exception inside a check or a scope computation into a diagnostic: a crash all the same.
    if (CRASH.test(d.message)) return `a check crashed: [${String(d.code)}] ${d.message}`;
    const problem = rangeProblem(text, d.range);
    if (problem) return `diagnostic ${String(d.code)} "${d.message}": ${problem}`;
  }
  return formatterProblem(text, false);
}

/** Why `formatVpl` misbehaves on a text (when `mustFormat`, a refusal is a problem too), or undefined. */
export function formatterProblem(text: string, mustFormat: boolean): string | undefined {
  let first: ReturnType<typeof formatVpl>;
  try {
    first = formatVpl(text, { services });
  } catch (e) {
    return `formatVpl threw: ${(e as Error).stack ?? String(e)}`;
  }
  if ('error' in first) return mustFormat ? `formatVpl refused: ${first.error}` : undefined;
  const second = formatVpl(first.text, { services });
  if ('error' in second) return `formatVpl refused its own output: ${second.error}`;
  if (second.text !== first.text)
    return `formatVpl is not idempotent:\n--- once\n${first.text}\n--- twice\n${second.text}`;
  const before = parseVplSyntax(text, services).program;
  const after = parseVplSyntax(first.text, services).program;
  const difference = astDifference(before, after);
  if (difference) return `formatting changed the tree: ${difference}`;
  return undefined;
}

/** Why a generated program is not valid, or does not format idempotently to the same tree; undefined when fine. */
export async function generatedProgramProblem(text: string): Promise<string | undefined> {
  const { diagnostics } = await parseVpl(text, { services });
  const errors = diagnostics.filter((d) => d.severity === 1);
  if (errors.length > 0) {
    return `generated program is invalid: ${errors.map((e) => `${e.range.start.line + 1}: [${String(e.code)}] ${e.message}`).join('; ')}\n${text}`;
  }
  const problem = formatterProblem(text, true);
  if (problem) return problem;
  // A messy layout of the same program (extra blanks, odd spacing) formats to the same text.
  const messy = text.replace(/, /g, ' ,  ').replace(/\(/g, '( ').replace(/\n\n/g, '\n\n\n\n');
  const a = formatVpl(text, { services });
  const b = formatVpl(messy, { services });
  if ('error' in a || 'error' in b) return `refused: ${'error' in b ? b.error : ''}`;
  if (a.text !== b.text) return `layout-dependent output:\n${a.text}\n---\n${b.text}`;
  return undefined;
}

/** A scratch folder with the corpus libraries under lib/, where a program is checked from disk as the CLI does. */
let workspace: { dir: string; services: VplServices } | undefined;

/** Why checking a program from disk with its imports (`checkProgramFiles`, the path of `varpulis check`) misbehaves. */
export async function programFilesProblem(text: string): Promise<string | undefined> {
  if (!workspace) {
    const dir = mkdtempSync(join(tmpdir(), 'vpl-fuzz-files-'));
    mkdirSync(join(dir, 'lib'));
    for (const f of readdirSync(join(programsDir, 'lib')))
      copyFileSync(join(programsDir, 'lib', f), join(dir, 'lib', f));
    workspace = { dir, services: createVplServices(NodeFileSystem).Vpl };
  }
  const main = join(workspace.dir, 'main.vpl');
  writeFileSync(main, text);
  const started = performance.now();
  let files: Awaited<ReturnType<typeof checkProgramFiles>>;
  try {
    files = await checkProgramFiles(workspace.services, [URI.file(main)]);
  } catch (e) {
    return `checkProgramFiles threw: ${(e as Error).stack ?? String(e)}`;
  } finally {
    // Forget every document, so that the next text is read again from disk.
    const documents = workspace.services.shared.workspace.LangiumDocuments;
    for (const d of [...documents.all]) {
      documents.deleteDocument(d.uri);
      workspace.services.shared.workspace.IndexManager.remove(d.uri);
    }
  }
  const elapsed = performance.now() - started;
  if (elapsed > SLOW_MS) return `checkProgramFiles took ${Math.round(elapsed)} ms`;
  for (const file of files) {
    const source = file.document.textDocument.getText();
    for (const d of file.diagnostics) {
      if (d.code === undefined || d.code === '') return `${file.uri.path}: diagnostic without a code: ${d.message}`;
      if (CRASH.test(d.message)) return `${file.uri.path}: a check crashed: [${String(d.code)}] ${d.message}`;
      const problem = rangeProblem(source, d.range);
      if (problem) return `${file.uri.path}: diagnostic ${String(d.code)} "${d.message}": ${problem}`;
    }
  }
  return undefined;
}
