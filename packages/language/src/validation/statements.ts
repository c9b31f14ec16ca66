import { type AstNode, type CstNode, CstUtils, GrammarUtils, isLeafCstNode, type ValidationAcceptor } from 'langium';
import {
  type BinaryExpr,
  type CallExpr,
  type ExprStmt,
  type IndexExpr,
  isBreakStmt,
  isContinueStmt,
  isEmitStmt,
  isFnDecl,
  isForStmt,
  isIfStmt,
  isLambda,
  isProgram,
  isWhileStmt,
  type Program,
  type ReturnStmt,
  type Statement,
} from '../generated/ast.js';
import { isDeclarationLoop, isTopLevelStatement } from '../utils/declaration-loop-nesting.js';
import { DiagnosticCode } from './codes.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

/** The keyword that starts each declaration statement (the range of VPL-S010). */
const DECLARATION_KEYWORDS: Readonly<Partial<Record<Statement['$type'], string>>> = {
  EventDecl: 'event',
  TypeDecl: 'type',
  FnDecl: 'fn',
  ConnectorDecl: 'connector',
  ContextDecl: 'context',
  ConfigDecl: 'config',
  ImportDecl: 'import',
  PatternDecl: 'pattern',
  StreamDecl: 'stream',
};

/** The first real token of a node (synthetic layout tokens have no text). */
export function firstToken(node: AstNode): CstNode | undefined {
  return node.$cstNode ? firstLeaf(node.$cstNode) : undefined;
}

/** The first visible, non-empty leaf of a CST node in document order (no stream over the subtree). */
function firstLeaf(cst: CstNode): CstNode | undefined {
  if (isLeafCstNode(cst)) return !cst.hidden && cst.length > 0 ? cst : undefined;
  for (const child of (cst as CstNode & { content?: CstNode[] }).content ?? []) {
    const leaf = firstLeaf(child);
    if (leaf) return leaf;
  }
  return undefined;
}

/** The last real token of a node. */
export function lastToken(node: AstNode): CstNode | undefined {
  return node.$cstNode ? lastLeaf(node.$cstNode) : undefined;
}

/** The last visible, non-empty leaf of a CST node, searched from the end (no walk over the whole subtree). */
function lastLeaf(cst: CstNode): CstNode | undefined {
  if (isLeafCstNode(cst)) return !cst.hidden && cst.length > 0 ? cst : undefined;
  const children = (cst as CstNode & { content?: CstNode[] }).content ?? [];
  for (let i = children.length - 1; i >= 0; i--) {
    const leaf = lastLeaf(children[i]!);
    if (leaf) return leaf;
  }
  return undefined;
}

/** Statement lists at top level: the program and the bodies of declaration loops. */
function topLevelLists(program: Program): Statement[][] {
  const lists: Statement[][] = [];
  const visit = (statements: Statement[]) => {
    lists.push(statements);
    for (const statement of statements) if (isDeclarationLoop(statement)) visit(statement.body);
  };
  visit(program.statements);
  return lists;
}

// ---- Top level (§5.1, §5.2) ----

/** VPL-S001: a top-level statement that starts on the line where the previous one ended is almost always a typo. */
function statementsShouldBeOnSeparateLines(program: Program, accept: ValidationAcceptor): void {
  for (const statements of topLevelLists(program)) {
    for (let i = 1; i < statements.length; i++) {
      const previous = lastToken(statements[i - 1]!);
      const next = firstToken(statements[i]!);
      if (!previous || !next || previous.range.end.line !== next.range.start.line) continue;
      report(
        accept,
        DiagnosticCode.StatementsOnOneLine,
        `A new statement starts on the line where the previous one ends: VPL has no statement separator, so \`${next.text}\` begins a second statement. Put it on its own line (or fix the typo that split one statement in two).`,
        { node: statements[i]!, range: next.range },
      );
    }
  }
}

/** VPL-S002: a top-level expression statement is evaluated at load and its value is discarded. */
function topLevelExpressionShouldHaveEffect(statement: ExprStmt, accept: ValidationAcceptor): void {
  if (!isTopLevelStatement(statement)) return;
  report(
    accept,
    DiagnosticCode.NoEffectExpression,
    'This expression has no effect at top level: its value is discarded. Bind it (`let x = ...`), or remove it.',
    { node: statement.expr },
  );
}

/** VPL-S003: `if`, `while`, non-declaration `for` and `emit` at top level are parsed but do nothing. */
function topLevelControlFlowShouldHaveEffect(statement: Statement, accept: ValidationAcceptor): void {
  if (!isTopLevelStatement(statement) || isDeclarationLoop(statement)) return;
  const keyword = isIfStmt(statement)
    ? 'if'
    : isWhileStmt(statement)
      ? 'while'
      : isForStmt(statement)
        ? 'for'
        : isEmitStmt(statement)
          ? 'emit'
          : undefined;
  if (!keyword) return;
  const what =
    keyword === 'for'
      ? 'A top-level `for` over anything but a range of two integer literals is not a declaration loop, and'
      : keyword === 'emit'
        ? 'A top-level `emit` statement'
        : `A top-level \`${keyword}\``;
  report(
    accept,
    DiagnosticCode.NoEffectControlFlow,
    `${what} has no effect: the engine ignores it. Put it in a function (called from \`.process(...)\` or an expression).`,
    { node: statement, keyword },
  );
}

// ---- Blocks (§5.2, §10) ----

/** VPL-S010: declarations belong at top level (or in a declaration loop), not in blocks. */
function declarationMustBeAtTopLevel(statement: Statement, accept: ValidationAcceptor): void {
  const keyword = DECLARATION_KEYWORDS[statement.$type];
  if (!keyword || isTopLevelStatement(statement)) return;
  report(
    accept,
    DiagnosticCode.DeclarationInBlock,
    `A \`${keyword}\` declaration cannot be inside a block: declare it at top level (declarations are allowed in a block only in a declaration loop \`for v in A..B:\`).`,
    { node: statement, keyword },
  );
}

/** VPL-S011: `return` belongs in a function; `break` and `continue` in a loop. */
function jumpMustBeInsideItsConstruct(statement: Statement, accept: ValidationAcceptor): void {
  if (statement.$type === 'ReturnStmt') {
    for (let current = statement.$container as AstNode | undefined; current; current = current.$container) {
      if (isFnDecl(current) || isLambda(current)) return;
    }
    report(accept, DiagnosticCode.MisplacedJump, '`return` is only valid inside a function body.', {
      node: statement,
      keyword: 'return',
    });
    return;
  }
  if (!isBreakStmt(statement) && !isContinueStmt(statement)) return;
  const keyword = isBreakStmt(statement) ? 'break' : 'continue';
  for (let current = statement.$container as AstNode | undefined; current; current = current.$container) {
    if (isWhileStmt(current) || (isForStmt(current) && !isDeclarationLoop(current))) return;
    if (isFnDecl(current) || isLambda(current) || isProgram(current)) break;
  }
  report(accept, DiagnosticCode.MisplacedJump, `\`${keyword}\` is only valid inside a \`while\` or \`for\` loop.`, {
    node: statement,
    keyword,
  });
}

/** VPL-S012: `return` takes the expression on the next line as its value (greedy parse, L23). */
function returnValueShouldBeOnSameLine(statement: ReturnStmt, accept: ValidationAcceptor): void {
  if (!statement.value || !statement.$cstNode) return;
  const keyword = GrammarUtils.findNodeForKeyword(statement.$cstNode, 'return');
  const value = firstToken(statement.value);
  if (!keyword || !value || value.range.start.line === keyword.range.start.line) return;
  report(
    accept,
    DiagnosticCode.ReturnValueOnNextLine,
    '`return` takes the expression on the next line as its value: put the value on the same line as `return`, or if the function returns nothing here, end the block after `return`.',
    { node: statement, keyword: 'return' },
  );
}

/** Whether the node is inside a block: a function, control-flow or loop body, or a lambda block. */
function hasBlockAncestor(node: AstNode): boolean {
  for (let current = node.$container; current; current = current.$container) {
    if (
      isFnDecl(current) ||
      isIfStmt(current) ||
      isWhileStmt(current) ||
      isForStmt(current) ||
      current.$type === 'ElifClause'
    )
      return true;
    if (isLambda(current) && current.blockBody) return true;
  }
  return false;
}

/** The operator token of a binary expression (Langium's infix rules record it under the feature `operators`). */
function operatorToken(node: BinaryExpr): CstNode | undefined {
  if (!node.$cstNode) return undefined;
  for (const leaf of CstUtils.streamCst(node.$cstNode)) {
    if (isLeafCstNode(leaf) && leaf.astNode === node && leaf.text === node.operator) return leaf;
  }
  return undefined;
}

/** The statement (an element of a statement list) that contains the node. */
function enclosingStatement(node: AstNode): AstNode | undefined {
  for (let current: AstNode | undefined = node; current; current = current.$container) {
    const container = current.$container;
    if (!container) return undefined;
    if (
      isProgram(container) ||
      isFnDecl(container) ||
      isIfStmt(container) ||
      isWhileStmt(container) ||
      isForStmt(container)
    ) {
      if (current.$containerProperty && ['statements', 'body', 'then', 'else'].includes(current.$containerProperty))
        return current;
    }
    if (container.$type === 'ElifClause' && current.$containerProperty === 'body') return current;
    if (isLambda(container) && current.$containerProperty === 'statements') return current;
  }
  return undefined;
}

/** How many brackets are open, within its statement, before a token. */
function bracketDepthBefore(node: AstNode, token: CstNode): number {
  const statement = enclosingStatement(node);
  if (!statement?.$cstNode) return 0;
  let depth = 0;
  for (const leaf of CstUtils.streamCst(statement.$cstNode)) {
    if (!isLeafCstNode(leaf) || leaf.hidden) continue;
    if (leaf.offset >= token.offset) break;
    if (leaf.text === '(' || leaf.text === '[' || leaf.text === '{') depth++;
    else if ((leaf.text === ')' || leaf.text === ']' || leaf.text === '}') && depth > 0) depth--;
  }
  return depth;
}

/** Whether the token is the first one on its line. */
function startsLine(token: CstNode): boolean {
  const text = token.root.fullText;
  for (let i = token.offset - 1; i >= 0; i--) {
    const char = text[i];
    if (char === '\n') return true;
    if (char !== ' ' && char !== '\t' && char !== '\r') return false;
  }
  return true;
}

/**
 * VPL-S004: inside a block, a line that starts with `(`, `[` or `-` continues the previous expression (a call, an
 * index or a subtraction: L39), which is rarely what the author of a function body meant.
 */
function continuationShouldNotStartLine(node: CallExpr | IndexExpr | BinaryExpr, accept: ValidationAcceptor): void {
  if (!node.$cstNode || !hasBlockAncestor(node)) return;
  let token: CstNode | undefined;
  let before: AstNode | undefined;
  let what: string;
  if (node.$type === 'CallExpr') {
    token = GrammarUtils.findNodeForKeyword(node.$cstNode, '(');
    before = node.callee;
    what = 'a call of the expression on the line before';
  } else if (node.$type === 'IndexExpr') {
    token = GrammarUtils.findNodeForKeyword(node.$cstNode, '[');
    before = node.receiver;
    what = 'an index into the expression on the line before';
  } else {
    if (node.operator !== '-') return;
    token = operatorToken(node);
    before = node.left;
    what = 'a subtraction from the expression on the line before';
  }
  const previous = before ? lastToken(before) : undefined;
  if (!token || !previous || token.range.start.line === previous.range.end.line || !startsLine(token)) return;
  // Inside brackets a line break is obviously a continuation; the hazard is a line that could start a statement.
  if (bracketDepthBefore(node, token) > 0) return;
  report(
    accept,
    DiagnosticCode.ContinuedOnNewLine,
    `This line continues the previous one: a line that starts with \`${token.text}\` is ${what} (there are no statement separators). Join the lines if that is intended, or bind the previous value first.`,
    { node, range: token.range },
  );
}

/** Placement rules of statements (language guide §5.1–§5.2, §10.5; L3, L15, L23, L39). */
export const statementChecks: VplCheckSet = () => ({
  Program: statementsShouldBeOnSeparateLines,
  ExprStmt: topLevelExpressionShouldHaveEffect,
  IfStmt: topLevelControlFlowShouldHaveEffect,
  WhileStmt: topLevelControlFlowShouldHaveEffect,
  ForStmt: topLevelControlFlowShouldHaveEffect,
  EmitStmt: topLevelControlFlowShouldHaveEffect,
  EventDecl: declarationMustBeAtTopLevel,
  TypeDecl: declarationMustBeAtTopLevel,
  FnDecl: declarationMustBeAtTopLevel,
  ConnectorDecl: declarationMustBeAtTopLevel,
  ContextDecl: declarationMustBeAtTopLevel,
  ConfigDecl: declarationMustBeAtTopLevel,
  ImportDecl: declarationMustBeAtTopLevel,
  PatternDecl: declarationMustBeAtTopLevel,
  StreamDecl: declarationMustBeAtTopLevel,
  ReturnStmt: [jumpMustBeInsideItsConstruct, returnValueShouldBeOnSameLine],
  BreakStmt: jumpMustBeInsideItsConstruct,
  ContinueStmt: jumpMustBeInsideItsConstruct,
  CallExpr: continuationShouldNotStartLine,
  IndexExpr: continuationShouldNotStartLine,
  BinaryExpr: continuationShouldNotStartLine,
});
