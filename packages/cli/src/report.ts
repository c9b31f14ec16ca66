import type { Diagnostic } from 'vscode-languageserver-types';

export type SeverityWord = 'error' | 'warning' | 'hint';

/** The CLI's severity word for an LSP severity (1 error, 2 warning, 3 info, 4 hint). */
export function severityWord(diagnostic: Diagnostic): SeverityWord {
  switch (diagnostic.severity) {
    case 2:
      return 'warning';
    case 3:
    case 4:
      return 'hint';
    default:
      return 'error';
  }
}

/** One diagnostic as JSON (`varpulis check --format json`): 1-based positions. */
export interface DiagnosticJson {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityWord;
  code: string;
  message: string;
}

export function diagnosticToJson(file: string, diagnostic: Diagnostic): DiagnosticJson {
  return {
    file,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: severityWord(diagnostic),
    code: String(diagnostic.code ?? 'VPL-P001'),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
}

/**
 * The normative diagnostic line `PATH:LINE:COL: severity [CODE] MESSAGE`, followed by an excerpt of the source
 * line with a caret underline (informative).
 */
export function formatDiagnostic(
  file: string,
  diagnostic: Diagnostic,
  sourceLines: readonly string[] | undefined,
): string {
  const json = diagnosticToJson(file, diagnostic);
  let text = `${file}:${json.line}:${json.column}: ${json.severity} [${json.code}] ${json.message}\n`;
  const line = sourceLines?.[json.line - 1];
  if (line !== undefined && line.length <= 400) {
    const gutter = String(json.line).padStart(4);
    const start = json.column - 1;
    const end = json.endLine === json.line ? Math.max(start + 1, json.endColumn - 1) : line.length;
    text += `${gutter} | ${line}\n${' '.repeat(gutter.length)} | ${' '.repeat(start)}${'^'.repeat(Math.max(1, end - start))}\n`;
  }
  return text;
}

export function countLine(errors: number, warnings: number, hints: number, files: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(hints, 'hint')} in ${plural(files, 'file')}\n`;
}
