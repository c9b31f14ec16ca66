import type { AstNode } from 'langium';
import { type ForStmt, isForStmt, isProgram } from '../generated/ast.js';
import { declarationLoopValues } from './declaration-loops.js';

/**
 * Whether a `for` statement is a declaration loop (§6.12): at top level, or directly in the body of another
 * declaration loop, with a range of two (optionally negated) integer literals.
 */
export function isDeclarationLoop(node: AstNode | undefined): node is ForStmt {
  if (!node || !isForStmt(node) || !declarationLoopValues(node)) return false;
  const container = node.$container;
  return isProgram(container) || isDeclarationLoop(container);
}

/** Whether a statement is at top level: directly in the program or in the body of a declaration loop. */
export function isTopLevelStatement(node: AstNode): boolean {
  const container = node.$container;
  return container !== undefined && (isProgram(container) || isDeclarationLoop(container));
}

/** The declaration loops around a node, innermost first. */
export function enclosingDeclarationLoops(node: AstNode): ForStmt[] {
  const loops: ForStmt[] = [];
  for (let current = node.$container; current; current = current.$container) {
    if (isDeclarationLoop(current)) loops.push(current);
  }
  return loops;
}
