import { type AstNode, type CstNode, CstUtils, type LangiumDocument } from 'langium';
import type { Range, SelectionRange } from 'vscode-languageserver';

/**
 * Selection ranges (expand selection): from the token under the cursor out through each enclosing syntax node —
 * name, expression, argument list, operation, stream chain, declaration, file.
 */
export function selectionRanges(
  document: LangiumDocument,
  positions: readonly { line: number; character: number }[],
): SelectionRange[] {
  const root = document.parseResult.value.$cstNode;
  return positions.map((position) => {
    const offset = document.textDocument.offsetAt(position);
    const ranges: Range[] = [];
    const leaf = root
      ? (CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeBeforeOffset(root, offset))
      : undefined;
    const push = (range: Range) => {
      const last = ranges.at(-1);
      if (
        !last ||
        last.start.line !== range.start.line ||
        last.start.character !== range.start.character ||
        last.end.line !== range.end.line ||
        last.end.character !== range.end.character
      ) {
        ranges.push(range);
      }
    };
    let cst: CstNode | undefined = leaf;
    while (cst) {
      if (!cst.hidden && cst.length > 0) push(cst.range);
      cst = cst.container;
    }
    let node: AstNode | undefined = leaf?.astNode;
    while (node) {
      if (node.$cstNode) push(node.$cstNode.range);
      node = node.$container;
    }
    const full = {
      start: { line: 0, character: 0 },
      end: document.textDocument.positionAt(document.textDocument.getText().length),
    };
    push(full);
    // Innermost first, each one containing the previous.
    ranges.sort((a, b) => size(document, a) - size(document, b));
    let result: SelectionRange | undefined;
    for (let i = ranges.length - 1; i >= 0; i--) result = { range: ranges[i]!, ...(result ? { parent: result } : {}) };
    return result ?? { range: { start: position, end: position } };
  });
}

function size(document: LangiumDocument, range: Range): number {
  return document.textDocument.offsetAt(range.end) - document.textDocument.offsetAt(range.start);
}
