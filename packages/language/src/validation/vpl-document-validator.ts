import {
  type AstNode,
  Cancellation,
  DefaultDocumentValidator,
  type DiagnosticInfo,
  type LangiumDocument,
  type ParseResult,
  type ValidationAcceptor,
  type ValidationCheck,
  type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { VplLexingDiagnostic } from '../parser/vpl-lexer.js';
import { astNodesInOrder, isInside } from '../utils/ast-walk.js';
import { interruptAndCheck, shouldCheckInterruption } from '../utils/interruption.js';
import { DiagnosticCode, severityOf } from './codes.js';
import { docStylePatternSyntax } from './patterns.js';

const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

/**
 * Reports lexical and syntax errors with VPL codes (VPL-P001 unless the lexer found something more
 * specific) and leaves unresolved references to the name checks: a bare name may be a field of an undeclared
 * event, and an undeclared source is an event type (W030), so Langium's generic linking errors do not apply.
 */
export class VplDocumentValidator extends DefaultDocumentValidator {
  protected override processLexingErrors(
    parseResult: ParseResult,
    diagnostics: Diagnostic[],
    _options: ValidationOptions,
  ): void {
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
      const startLine = (report.line ?? 1) - 1;
      const startCharacter = (report.column ?? 1) - 1;
      diagnostics.push({
        severity: SEVERITY[report.severity ?? severityOf(code)],
        range: {
          start: { line: startLine, character: startCharacter },
          end: report.end ?? { line: startLine, character: startCharacter + report.length },
        },
        message: report.message,
        code,
        source: this.getSource(),
        data: { code },
      });
    }
  }

  protected override processParsingErrors(
    parseResult: ParseResult,
    diagnostics: Diagnostic[],
    options: ValidationOptions,
  ): void {
    // A statement written in the notation of the old reference documentation (`pattern P = A -> B`, `Login[cond]`,
    // `NOT(X)`, `A+ -> B` in a stream, …) gets one VPL-P020 with the VPL form instead of its parser errors.
    const text = parseResult.value.$cstNode?.root.fullText ?? '';
    const docStyle: { from: number; to: number }[] = [];
    const remaining: typeof parseResult.parserErrors = [];
    for (const error of parseResult.parserErrors) {
      const offset =
        Number.isFinite(error.token.startOffset) && error.token.startOffset >= 0 ? error.token.startOffset : undefined;
      const site = offset === undefined ? undefined : docStylePatternSyntax({ text, offset, image: error.token.image });
      if (!site) {
        remaining.push(error);
        continue;
      }
      if (docStyle.some((range) => range.from <= site.offset && site.offset <= range.to)) continue;
      const statementEnd = text.indexOf('\n\n', site.offset);
      docStyle.push({ from: site.offset, to: statementEnd < 0 ? text.length : statementEnd });
      const start = positionAt(text, site.offset);
      const end = positionAt(text, site.offset + site.length);
      diagnostics.push({
        severity: SEVERITY.error,
        range: { start, end },
        message: site.message,
        code: DiagnosticCode.DocPatternSyntax,
        source: this.getSource(),
        data: { code: DiagnosticCode.DocPatternSyntax },
      });
    }
    const others = firstErrorPerStatement(
      text,
      remaining.filter(
        (error) =>
          !docStyle.some((range) => error.token.startOffset >= range.from && error.token.startOffset <= range.to),
      ),
    );
    const start = diagnostics.length;
    super.processParsingErrors({ ...parseResult, parserErrors: others }, diagnostics, options);
    for (let i = start; i < diagnostics.length; i++) {
      const diagnostic = diagnostics[i]!;
      diagnostic.code = DiagnosticCode.SyntaxError;
      diagnostic.message = humaniseParserMessage(String(diagnostic.message));
      diagnostic.data = { code: DiagnosticCode.SyntaxError };
    }
  }

  /**
   * After a syntax error the parser's recovery leaves a partial tree, and checks on it report things the user did not
   * write (a field named after the next statement's keyword, …). Semantic diagnostics inside the statements a syntax
   * error touches (its own, and the one before when it sits at a statement's start) are dropped.
   */
  override async validateDocument(
    document: LangiumDocument,
    options: ValidationOptions = {},
    cancelToken?: Cancellation.CancellationToken,
  ): Promise<Diagnostic[]> {
    const diagnostics = await super.validateDocument(document, options, cancelToken);
    const errors = document.parseResult.parserErrors;
    if (errors.length === 0) return diagnostics;
    const text = document.textDocument.getText();
    const starts = statementStarts(text);
    const broken = new Set<number>();
    for (const error of errors) {
      const offset = error.token.startOffset;
      if (!Number.isFinite(offset) || offset < 0) continue;
      const index = statementIndex(starts, offset);
      broken.add(index);
      if (starts[index] === offset && index > 0) broken.add(index - 1);
    }
    return diagnostics.filter((diagnostic) => {
      const code = String(diagnostic.code ?? '');
      if (code === DiagnosticCode.SyntaxError || code === DiagnosticCode.DocPatternSyntax || code.startsWith('VPL-L'))
        return true;
      const offset = document.textDocument.offsetAt(diagnostic.range.start);
      return !broken.has(statementIndex(starts, offset));
    });
  }

  /**
   * Runs the checks of every node, in Langium's order (pre-order), through a plain loop over the node list the parser
   * recorded (utils/ast-walk.ts): the checks of a node type are looked up once per document instead of once per node,
   * a check that completes synchronously is not awaited (see VplValidationRegistry), and cancellation is checked
   * every few nodes (utils/interruption.ts).
   */
  protected override async validateAstNodes(
    rootNode: AstNode,
    options: ValidationOptions,
    acceptor: ValidationAcceptor,
    cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
  ): Promise<void> {
    if (this.profiler?.isActive('validating')) {
      return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
    }
    const checksByType = new Map<string, ValidationCheck[]>();
    const checksOf = (type: string): ValidationCheck[] => {
      let checks = checksByType.get(type);
      if (!checks) {
        checks = this.validationRegistry.getChecks(type, options.categories).toArray();
        checksByType.set(type, checks);
      }
      return checks;
    };
    const nodes = astNodesInOrder(rootNode);
    // A node whose children are not to be validated: its subtree follows it in the (pre-order) list.
    let pruned: AstNode | undefined;
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index]!;
      if (pruned && isInside(node, pruned)) continue;
      pruned = undefined;
      if (shouldCheckInterruption(cancelToken, index)) await interruptAndCheck(cancelToken);
      const nodeOptions = this.validateSingleNodeOptions(node, options);
      if (nodeOptions.validateNode) {
        for (const check of checksOf(node.$type)) {
          const pending = check(node, acceptor, cancelToken);
          if (pending) await pending;
        }
      }
      if (!nodeOptions.validateChildren) pruned = node;
    }
  }

  protected override processLinkingErrors(
    _document: LangiumDocument,
    _diagnostics: Diagnostic[],
    _options: ValidationOptions,
  ): void {
    // Unresolved references are reported by the VPL name checks with their own codes.
  }

  override toDiagnostic<N extends AstNode>(
    severity: 'error' | 'warning' | 'info' | 'hint',
    message: string,
    info: DiagnosticInfo<N, string>,
  ): Diagnostic {
    // On broken input a check may point at a node the parser's recovery left without a syntax node (found by the
    // LSP fuzz test): report it at the start of the document rather than fail the whole validation.
    if (!info.range && !info.node?.$cstNode) {
      return {
        severity: SEVERITY[severity],
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message,
        source: this.getSource(),
        ...(typeof info.code === 'string' ? { code: info.code, data: { code: info.code } } : {}),
      };
    }
    const diagnostic = super.toDiagnostic(severity, message, info);
    if (typeof info.code === 'string') diagnostic.code = info.code;
    return diagnostic;
  }
}

/**
 * One syntax error per top-level statement: the parser's recovery after the first error of a statement mostly
 * produces follow-on errors that only repeat it. A statement starts on a line whose first character is a letter.
 */
/** Offsets of the lines that start a top-level statement (a letter in the first column). */
function statementStarts(text: string): number[] {
  const starts: number[] = [];
  for (let offset = 0; offset < text.length; offset = text.indexOf('\n', offset) + 1 || text.length) {
    if (/[A-Za-z_]/.test(text.charAt(offset))) starts.push(offset);
  }
  return starts;
}

/** The index of the statement an offset belongs to (-1 before the first). */
function statementIndex(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function firstErrorPerStatement<E extends { token: { startOffset: number } }>(text: string, errors: readonly E[]): E[] {
  const starts = statementStarts(text);
  const statementOf = (offset: number): number => statementIndex(starts, offset);
  const seen = new Set<number>();
  const kept: E[] = [];
  for (const error of errors) {
    const offset = error.token.startOffset;
    const statement = Number.isFinite(offset) && offset >= 0 ? statementOf(offset) : -2;
    if (statement !== -2 && seen.has(statement)) continue;
    seen.add(statement);
    kept.push(error);
  }
  return kept;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** Chevrotain's messages name token types; say what a user would write instead. */
function humaniseParserMessage(message: string): string {
  return message
    .replace(/\bINDENT\b/g, 'an indented block')
    .replace(/\bDEDENT\b/g, 'the end of the indented block')
    .replace(/but found: ''/g, 'but found the end of the block');
}
