/**
 * How `varpulis run` gets the plan of its program: from the plan cache when the program and its imports are
 * unchanged (then neither Langium nor the compiler is loaded), else by loading the program with the engine's
 * loader (imported on demand) and storing the plan for the next run. Prints the load's problems either way:
 * errors, and warnings unless `quiet`.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CachedFile,
  type CachedProblem,
  defaultCacheDir,
  PlanCache,
  type ProgramPlan,
  type SourceSpan,
} from '@varpulis/engine/runtime';
import type { CommandOutput } from '../output.js';
import { formatDiagnostic } from '../report.js';

export interface ProgramPlanOptions {
  /** the program file as given on the command line */
  readonly program: string;
  /** use the plan cache (`--no-cache` turns it off) */
  readonly cache: boolean;
  /** the toolchain's cache directory (default: {@link defaultCacheDir}) */
  readonly cacheDir?: string;
  readonly quiet?: boolean;
}

/** The plan, or `undefined` after printing why the program does not load (exit code 1). */
export async function programPlan(
  options: ProgramPlanOptions,
  output: CommandOutput,
): Promise<ProgramPlan | undefined> {
  const where = new SourceLocator(options.program);
  let text: string;
  try {
    text = readFileSync(options.program, 'utf8');
  } catch (error) {
    output.err(
      `${options.program}:0:0: error [VPL-P001] Cannot read the program: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return undefined;
  }
  const path = resolve(options.program);
  const cache = options.cache ? new PlanCache(options.cacheDir ?? defaultCacheDir()) : undefined;
  const hit = cache?.lookup(path, text);
  if (hit !== undefined) {
    printProblems(hit.problems, hit.files, where, options, output);
    return hit.plan;
  }
  const { loadProgram } = await import('@varpulis/engine');
  const loaded = await loadProgram({ path, text }, { readFile: (p) => readFileSync(p, 'utf8') });
  printProblems(loaded.problems, loaded.files, where, options, output);
  if (!loaded.ok || loaded.plan === undefined) return undefined;
  cache?.store(loaded.files, loaded.plan, loaded.problems);
  return loaded.plan;
}

/**
 * Where a problem or run-time diagnostic is, as printed: the program as given on the command line, an imported
 * file relative to the working directory (absolute when outside it).
 */
export class SourceLocator {
  private readonly cwd = process.cwd();

  constructor(private readonly program: string) {}

  /** `FILE:LINE:COLUMN` of a span (the program's own spans carry no file). */
  at(span: SourceSpan): string {
    return `${span.file === undefined ? this.program : this.shown(span.file)}:${span.line}:${span.column}`;
  }

  /** An absolute path as shown: relative to the working directory when inside it. */
  shown(path: string): string {
    return path.startsWith(`${this.cwd}/`) ? path.slice(this.cwd.length + 1) : path;
  }
}

/**
 * The static diagnostics (with a source excerpt, file by file) and compile errors of a load, as `varpulis check`
 * prints them; warnings only without `quiet`, hints never.
 */
function printProblems(
  problems: readonly CachedProblem[],
  files: readonly CachedFile[],
  where: SourceLocator,
  options: ProgramPlanOptions,
  output: CommandOutput,
): void {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const entry = files[0]?.path;
  for (const p of problems) {
    if (p.severity === 'hint' || (p.severity === 'warning' && options.quiet)) continue;
    if (p.stage === 'compile') {
      const file = p.file === entry ? options.program : where.shown(p.file);
      output.err(`${file}:${p.span.line}:${p.span.column}: ${p.severity} [${p.code}] ${p.message}\n`);
      continue;
    }
    const diagnostic = {
      severity: p.severity === 'error' ? 1 : 2,
      code: p.code,
      message: p.message,
      range: {
        start: { line: p.span.line - 1, character: p.span.column - 1 },
        end: { line: p.span.endLine - 1, character: p.span.endColumn - 1 },
      },
    } as const;
    output.err(formatDiagnostic(where.shown(p.file), diagnostic, texts.get(p.file)?.split('\n')));
  }
}
