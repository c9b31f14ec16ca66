import { compile } from '@varpulis/engine';
import { type ast, parseVpl, type VplDocumentResult } from '@varpulis/language';
import { compileProgram } from '../simulation/compile-program.js';
import { quickFixesFor } from './quick-fixes.js';
import { languageServices } from './services.js';
import { fromLspRange, LineIndex, type Range, type TextEdit } from './text.js';

/** Severity words of the static-check table (plus `info`, which VPL itself never uses). */
export type Severity = 'error' | 'warning' | 'hint' | 'info';

/** A suggested fix for one diagnostic: edits to the checked text. */
export interface SuggestedFix {
  readonly title: string;
  readonly edits: TextEdit[];
}

/** A static diagnostic, with the same code and severity the editor and `varpulis check` report. */
export interface ProgramDiagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** `validator`: the static checks of the language; `engine`: a problem the compiler found in a valid-looking program */
  readonly source: 'validator' | 'engine';
  readonly fixes: SuggestedFix[];
}

/** The checked program: its syntax tree (for explain and fixes) and its diagnostics. */
export interface CheckedProgram {
  readonly text: string;
  readonly program: ast.Program;
  readonly diagnostics: ProgramDiagnostic[];
  readonly counts: { errors: number; warnings: number; hints: number };
  readonly lines: LineIndex;
}

const SEVERITIES: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

type LspDiagnostic = VplDocumentResult['diagnostics'][number];

/**
 * Parses, links and validates a program (the editor's static checks), then, when the validator found no error,
 * compiles it with the engine so that "no errors" also means "it loads". Every diagnostic gets the quick fixes
 * this server knows for its code.
 */
export async function checkProgram(text: string, options: { engineCheck?: boolean } = {}): Promise<CheckedProgram> {
  const services = languageServices();
  const { document, diagnostics } = await parseVpl(text, { services });
  // parseVpl removes the document from the workspace but not from the index, where its declarations would stay
  // visible to the next program checked (an event type declared twice with different fields). Linking is done.
  services.shared.workspace.IndexManager.remove(document.uri);
  const program = document.parseResult.value;
  const lines = new LineIndex(text);
  const out: ProgramDiagnostic[] = diagnostics.map((d) => toDiagnostic(d, text, lines, program));
  if (options.engineCheck !== false && !out.some((d) => d.severity === 'error')) {
    for (const e of await engineErrors(text, program)) {
      if (out.some((d) => d.code === e.code && d.range.start.line === e.range.start.line)) continue;
      out.push({ ...e, fixes: quickFixesFor(e, text, lines, program) });
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { text, program, diagnostics: out, counts: countOf(out), lines };
}

function countOf(diagnostics: readonly ProgramDiagnostic[]): CheckedProgram['counts'] {
  const counts = { errors: 0, warnings: 0, hints: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    else counts.hints++;
  }
  return counts;
}

function toDiagnostic(d: LspDiagnostic, text: string, lines: LineIndex, program: ast.Program): ProgramDiagnostic {
  const code = typeof d.code === 'string' ? d.code : d.code === undefined ? 'VPL-P001' : String(d.code);
  const base = {
    code,
    severity: SEVERITIES[d.severity ?? 1] ?? 'error',
    message: typeof d.message === 'string' ? d.message : String(d.message),
    range: fromLspRange(d.range),
    source: 'validator' as const,
    data: d.data,
  };
  const { data, ...diagnostic } = base;
  return { ...diagnostic, fixes: quickFixesFor({ ...diagnostic, data }, text, lines, program) };
}

/** Errors of the engine's compiler (load-time rules the validator does not check). */
async function engineErrors(text: string, program: ast.Program): Promise<Omit<ProgramDiagnostic, 'fixes'>[]> {
  const hasLoops = program.statements.some((s) => s.$type === 'ForStmt');
  let errors: readonly {
    code: string;
    message: string;
    severity: string;
    span: { line: number; column: number; endLine: number; endColumn: number };
  }[];
  try {
    errors = hasLoops ? (await compileProgram(text)).errors : compile(program, { sourceText: text }).errors;
  } catch (e) {
    return [
      {
        code: 'VPL-P001',
        severity: 'error',
        message: `The engine could not compile this program: ${e instanceof Error ? e.message : String(e)}`,
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        source: 'engine',
      },
    ];
  }
  return errors
    .filter((e) => e.severity === 'error')
    .map((e) => ({
      code: e.code,
      severity: 'error' as const,
      message: e.message,
      range: {
        start: { line: Math.max(e.span.line, 1), column: Math.max(e.span.column, 1) },
        end: { line: Math.max(e.span.endLine, 1), column: Math.max(e.span.endColumn, 1) },
      },
      source: 'engine' as const,
    }));
}
