import type { CompileError } from '../compiler/compile-error.js';

/** A problem found while loading a program: a static diagnostic of one of its files, or a compile error. */
export interface LoadProblem extends CompileError {
  /** the path of the file the problem is in (an imported file's own path for a problem in that file) */
  readonly file: string;
  /** `check`: the language's static checks (syntax, names, types, imports); `compile`: the engine's compiler */
  readonly stage: 'check' | 'compile';
}
