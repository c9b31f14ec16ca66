/**
 * A region of VPL source text. Lines and columns are 1-based; `endLine`/`endColumn` point just past the
 * last character of the region (the column after it), as editors expect for a range end.
 *
 * Every plan node carries one so that run-time diagnostics (§17 of the semantics) can point back at the
 * expression or operation that produced them, without the runtime knowing anything about Langium.
 */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /**
   * The file the region is in, for code of an imported file (the path the loader read it from); absent for the
   * program that was loaded itself, so a one-file plan carries no paths.
   */
  readonly file?: string;
}

/** A span for plan nodes synthesised by the compiler that have no source text of their own. */
export const NO_SPAN: SourceSpan = Object.freeze({ line: 0, column: 0, endLine: 0, endColumn: 0 });
