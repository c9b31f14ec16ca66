/**
 * Compile-time problems: the compiler collects every one of them (it never throws for user errors).
 */

import type { SourceSpan } from '../plan/source-span.js';
import { NO_SPAN } from '../plan/source-span.js';

/** A problem found while compiling a program into a plan. */
export interface CompileError {
  /** a diagnostic code of the language spec (`E050`, `VPL-S050`, …) or `VPL-P001` for syntax errors */
  readonly code: string;
  readonly message: string;
  readonly span: SourceSpan;
  /** `error` blocks the program; warnings and hints are passed through from the validator */
  readonly severity: 'error' | 'warning' | 'hint';
}

/** What the compiler needs of a syntax-tree node: its text range (0-based, as Langium gives it). */
export interface AstNode {
  readonly $container?: AstNode | undefined;
  readonly $cstNode?: {
    readonly range: {
      readonly start: { readonly line: number; readonly character: number };
      readonly end: { readonly line: number; readonly character: number };
    };
  };
}

/** The file of each imported program being compiled (set by `compile`, keyed by the syntax tree's root). */
const programFiles = new WeakMap<object, string>();

/**
 * Marks every node of `program` (a syntax tree's root) as coming from `file`: their spans carry it. Used for the
 * imported files of a program; the spans of the loaded file itself carry no file (`undefined`).
 */
export function attributeFile(program: object, file: string | undefined): void {
  if (file === undefined) programFiles.delete(program);
  else programFiles.set(program, file);
}

/** The source span of an AST node (1-based, end exclusive), or `NO_SPAN` for synthesised nodes. */
export function spanOf(node: AstNode | undefined): SourceSpan {
  const range = node?.$cstNode?.range;
  if (range === undefined) return NO_SPAN;
  let root: AstNode = node!;
  while (root.$container !== undefined) root = root.$container;
  const file = programFiles.get(root);
  const span = {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
  return file === undefined ? span : { ...span, file };
}

/** Collects compile errors. */
export class ErrorCollector {
  readonly errors: CompileError[] = [];

  error(code: string, message: string, node: AstNode | undefined): void {
    this.errors.push({ code, message, span: spanOf(node), severity: 'error' });
  }

  get hasErrors(): boolean {
    return this.errors.some((e) => e.severity === 'error');
  }
}
