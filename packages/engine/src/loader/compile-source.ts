import { URI, type VplServices } from '@varpulis/language';
import type { CompileError } from '../compiler/compile-error.js';
import type { ProgramPlan } from '../plan/plan.js';
import { loadProgram } from './load-program.js';
import type { ReadFile } from './program-files.js';

/** The result of {@link compileSource}. */
export interface CompileSourceResult {
  /** the plan; absent when a static check failed (nothing was compiled) */
  readonly plan: ProgramPlan | undefined;
  /** every problem: static diagnostics with their own severity, then compile errors */
  readonly errors: readonly CompileError[];
  /** true when there is no error (warnings and hints allowed): the plan may run */
  readonly ok: boolean;
}

let counter = 0;

/**
 * Checks and compiles one VPL text held in memory: {@link loadProgram} on a source with no file. Its `import`
 * statements resolve against `uri` through `readFile` when one is given; otherwise each is error VPL-I002.
 */
export async function compileSource(
  text: string,
  options: { uri?: string; readFile?: ReadFile; services?: VplServices } = {},
): Promise<CompileSourceResult> {
  const path = options.uri === undefined ? `/memory/program-${++counter}.vpl` : URI.parse(options.uri).fsPath;
  const loaded = await loadProgram(
    { path, text },
    {
      ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
      ...(options.services === undefined ? {} : { services: options.services }),
    },
  );
  return { plan: loaded.plan, errors: loaded.problems, ok: loaded.ok };
}
