import type { AstNode, DiagnosticInfo, Properties, ValidationAcceptor } from 'langium';
import { severityOf } from './codes.js';

/**
 * Reports a diagnostic with the severity the static-check table gives its code. Every VPL check reports through
 * this function, so a code never appears with two severities.
 */
export function report<N extends AstNode>(
  accept: ValidationAcceptor,
  code: string,
  message: string,
  info: Omit<DiagnosticInfo<N, Properties<N>>, 'code'>,
): void {
  accept(severityOf(code), message, { ...info, code } as DiagnosticInfo<N, Properties<N>>);
}
