import {
  type AstNode,
  DefaultDocumentValidator,
  type DiagnosticInfo,
  type LangiumDocument,
  type ParseResult,
  type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { VplLexingDiagnostic } from '../parser/vpl-lexer.js';
import { DiagnosticCode, severityOf } from './codes.js';

const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/**
 * Reports lexical and syntax errors with VPL codes (VPL-P001 unless the lexer found something more
 * specific) and leaves unresolved references to the name checks: a bare name may be a field of an undeclared
 * event, and an undeclared source is an event type (W030), so Langium's generic linking errors do not apply.
 */
export class VplDocumentValidator extends DefaultDocumentValidator {
  protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], _options: ValidationOptions): void {
    for (const error of parseResult.lexerErrors) {
      diagnostics.push({
        severity: SEVERITY.error,
        range: {
          start: { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 },
          end: { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 + error.length },
        },
        message: `Unexpected character ${JSON.stringify(error.message.match(/->(.)<-/)?.[1] ?? '?')}: VPL source is ASCII outside strings and comments, and this character starts no token.`,
        code: DiagnosticCode.SyntaxError,
        source: this.getSource(),
        data: { code: DiagnosticCode.SyntaxError },
      });
    }
    for (const report of (parseResult.lexerReport?.diagnostics ?? []) as VplLexingDiagnostic[]) {
      const code = report.code ?? DiagnosticCode.SyntaxError;
      diagnostics.push({
        severity: SEVERITY[report.severity ?? severityOf(code)],
        range: {
          start: { line: (report.line ?? 1) - 1, character: (report.column ?? 1) - 1 },
          end: { line: (report.line ?? 1) - 1, character: (report.column ?? 1) - 1 + report.length },
        },
        message: report.message,
        code,
        source: this.getSource(),
        data: { code },
      });
    }
  }

  protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
    const start = diagnostics.length;
    super.processParsingErrors(parseResult, diagnostics, options);
    for (let i = start; i < diagnostics.length; i++) {
      const diagnostic = diagnostics[i]!;
      diagnostic.code = DiagnosticCode.SyntaxError;
      diagnostic.message = humaniseParserMessage(String(diagnostic.message));
      diagnostic.data = { code: DiagnosticCode.SyntaxError };
    }
  }

  protected override processLinkingErrors(_document: LangiumDocument, _diagnostics: Diagnostic[], _options: ValidationOptions): void {
    // Unresolved references are reported by the VPL name checks with their own codes.
  }

  override toDiagnostic<N extends AstNode>(severity: 'error' | 'warning' | 'info' | 'hint', message: string, info: DiagnosticInfo<N, string>): Diagnostic {
    const diagnostic = super.toDiagnostic(severity, message, info);
    if (typeof info.code === 'string') diagnostic.code = info.code;
    return diagnostic;
  }
}

/** Chevrotain's messages name token types; say what a user would write instead. */
function humaniseParserMessage(message: string): string {
  return message
    .replace(/\bINDENT\b/g, 'an indented block')
    .replace(/\bDEDENT\b/g, 'the end of the indented block')
    .replace(/but found: ''/g, 'but found the end of the block');
}
