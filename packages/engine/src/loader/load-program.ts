/**
 * Program loading: a VPL file and the files it imports → checked, compiled → the plan, or every problem with the
 * file, line and column it is in. The one way the CLI's `run`, the editor's sample runner, the MCP simulator and
 * `compileSource` turn source text into a plan.
 */

import { createVplServices, parseVplSyntax, type VplServices } from '@varpulis/language';
import { compile } from '../compiler/compile.js';
import { expandDeclarationLoops } from '../compiler/declaration-loops.js';
import type { ProgramPlan } from '../plan/plan.js';
import { NO_SPAN } from '../plan/source-span.js';
import type { LoadProblem } from './load-problem.js';
import { checkProgramSources, importsFirst, type ReadFile } from './program-files.js';

/** A program file given by its text (in memory) and the path it stands for (imports resolve against it). */
export interface ProgramSource {
  /** an absolute path (`/dir/main.vpl`, or `C:\dir\main.vpl` on Windows) */
  readonly path: string;
  readonly text: string;
}

export interface LoadProgramOptions {
  /**
   * Reads a file by absolute path: the entry when it is given by path, and every imported file. Without it,
   * nothing can be imported (error VPL-I002 at each `import`).
   */
  readonly readFile?: ReadFile;
  /** The language services to check with (default: ones the loader creates once and keeps). */
  readonly services?: VplServices;
}

/** What {@link loadProgram} returns. */
export interface LoadProgramResult {
  /** true when no problem is an error: the plan may run */
  readonly ok: boolean;
  /** the plan; absent when the static checks found an error (nothing was compiled) */
  readonly plan: ProgramPlan | undefined;
  /**
   * Every problem, errors, warnings and hints: the static diagnostics file by file (the entry first), then the
   * compile errors
   */
  readonly problems: readonly LoadProblem[];
  /** the files read, the entry first and its imports after it (breadth first); empty when the entry is unreadable */
  readonly files: readonly ProgramSource[];
}

let defaultServices: VplServices | undefined;
const queues = new WeakMap<VplServices, Promise<unknown>>();

/**
 * Loads a program: reads the entry (by path through `readFile`, or given in memory) and the files it imports,
 * checks them together (syntax, names across imports, types, every static rule), and when no check fails
 * compiles them, imported files first (semantics §5.1), with declaration loops expanded. Problems in an imported
 * file carry that file's path; so do the spans of the plan nodes compiled from it (`SourceSpan.file`), for run-time
 * diagnostics. Loads through one set of language services run one after the other.
 */
export async function loadProgram(
  entry: string | ProgramSource,
  options: LoadProgramOptions = {},
): Promise<LoadProgramResult> {
  let source: ProgramSource;
  if (typeof entry === 'string') {
    if (options.readFile === undefined) throw new TypeError('loadProgram: a path needs options.readFile');
    try {
      source = { path: entry, text: await options.readFile(entry) };
    } catch (error) {
      const problem: LoadProblem = {
        file: entry,
        stage: 'check',
        code: 'VPL-P001',
        message: `Cannot read the program: ${errorCode(error)}`,
        severity: 'error',
        span: NO_SPAN,
      };
      return { ok: false, plan: undefined, problems: [problem], files: [] };
    }
  } else {
    source = entry;
  }
  const services = options.services ?? loaderServices();
  return exclusive(services, () => checkAndCompile(services, source, options.readFile));
}

async function checkAndCompile(
  services: VplServices,
  entry: ProgramSource,
  readFile: ReadFile | undefined,
): Promise<LoadProgramResult> {
  const { files, problems } = await checkProgramSources(services, entry, readFile);
  const read = files.map((f) => ({ path: f.path, text: f.text }));
  if (problems.some((p) => p.severity === 'error')) return { ok: false, plan: undefined, problems, files: read };
  const programs = [];
  const texts: string[] = [];
  const fileOf: (string | undefined)[] = [];
  for (const file of importsFirst(files)) {
    const expanded = expandDeclarationLoops(file.text);
    for (const e of expanded.errors) problems.push({ ...e, file: file.path, stage: 'compile' });
    texts.push(expanded.text);
    programs.push(expanded.text === file.text ? file.program : parseVplSyntax(expanded.text, services).program);
    fileOf.push(file === files[0] ? undefined : file.path);
  }
  const compiled = compile(programs, { sourceText: texts.join('\n'), files: fileOf });
  for (const e of compiled.errors) problems.push({ ...e, file: e.span.file ?? entry.path, stage: 'compile' });
  return { ok: !problems.some((p) => p.severity === 'error'), plan: compiled.plan, problems, files: read };
}

/** The language services of the loader, created on first use (building the parser takes a few hundred ms). */
function loaderServices(): VplServices {
  defaultServices ??= createVplServices().Vpl;
  return defaultServices;
}

/** Runs `task` after every earlier task on the same services (their workspace holds the documents being checked). */
function exclusive<T>(services: VplServices, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(services) ?? Promise.resolve()).then(task, task);
  queues.set(
    services,
    run.catch(() => undefined),
  );
  return run;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
