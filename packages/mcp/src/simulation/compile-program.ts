import { type CompileError, compileSource, type ProgramPlan } from '@varpulis/engine';
import { languageServices } from '../analysis/services.js';

/**
 * Checks and compiles a program text with the engine's loader (`compileSource`: the same checks and compiler as
 * `varpulis run`), through this process's language services. The loader removes the program from the services'
 * workspace and index afterwards, so one simulation never sees another program's event types. A program given as
 * text has no file: its `import` statements cannot be read (error VPL-I002).
 */
export async function compileProgram(
  text: string,
): Promise<{ plan: ProgramPlan | undefined; errors: readonly CompileError[]; ok: boolean }> {
  return compileSource(text, { services: languageServices() });
}
