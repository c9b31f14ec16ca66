/**
 * Runtime diagnostics (semantics §17): what the expression runtime reports instead of throwing.
 */

import type { SourceSpan } from '../../plan/source-span.js';

/** The runtime diagnostic codes of semantics §17. */
export const RuntimeCodes = {
  /** type error: operand or argument of the wrong kind */
  typeError: 'VPL-R001',
  /** division or modulo by zero */
  divisionByZero: 'VPL-R002',
  /** argument outside the function's domain; index out of range */
  domain: 'VPL-R003',
  /** integer overflow */
  overflow: 'VPL-R004',
  /** loop, recursion or evaluation budget exceeded */
  budget: 'VPL-R005',
  /** a resource limit dropped state */
  resourceLimit: 'VPL-R006',
  /** a sink or connector failed */
  sink: 'VPL-R007',
  /** input error: a line that cannot be read as an event */
  input: 'VPL-R008',
  /** unusable checkpoint */
  checkpoint: 'VPL-R009',
  /** late input event refused by an event-time operator */
  late: 'VPL-R010',
  /** derived record dropped because its time window had already fired */
  lateDerived: 'VPL-R011',
} as const;

export type RuntimeCode = (typeof RuntimeCodes)[keyof typeof RuntimeCodes];

export type RuntimeSeverity = 'error' | 'warning' | 'notice';

/** One runtime problem, located at the plan node that caused it. The engine adds stream and event number. */
export interface RuntimeDiagnostic {
  readonly code: RuntimeCode;
  readonly severity: RuntimeSeverity;
  readonly message: string;
  readonly span: SourceSpan;
}

/** Receives runtime diagnostics (the error channel). */
export type DiagnosticSink = (diagnostic: RuntimeDiagnostic) => void;

/** The severity the spec gives each code. */
export function severityOf(code: RuntimeCode): RuntimeSeverity {
  switch (code) {
    case 'VPL-R006':
    case 'VPL-R007':
      return 'warning';
    case 'VPL-R010':
    case 'VPL-R011':
      return 'notice';
    default:
      return 'error';
  }
}
