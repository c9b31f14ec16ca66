/**
 * @varpulis/engine — compiles VPL programs to a plan and runs them in deterministic event time.
 *
 * ```ts
 * const { plan, ok, problems } = await loadProgram('/abs/path/main.vpl', { readFile: (p) => readFileSync(p, 'utf8') });
 * const engine = createEngine(plan, { sinks: { emit: (e) => console.log(e.stream, e.timestamp) } });
 * engine.push({ type: 'Reading', timestamp: 1000, fields: { kw: 3 } });
 * engine.end();
 * ```
 *
 * `@varpulis/engine/runtime` is the same without the compiler (no Langium). See docs/engine/api.md.
 */

export { type CompileOptions, type CompileResult, compile, fingerprint } from './compiler/compile.js';
export { type CompileError, spanOf } from './compiler/compile-error.js';
export { expandDeclarationLoops } from './compiler/declaration-loops.js';
export { type CompileSourceResult, compileSource } from './loader/compile-source.js';
export type { LoadProblem } from './loader/load-problem.js';
export {
  type LoadProgramOptions,
  type LoadProgramResult,
  loadProgram,
  type ProgramSource,
} from './loader/load-program.js';
export type { ReadFile } from './loader/program-files.js';
export * from './runtime-only.js';
