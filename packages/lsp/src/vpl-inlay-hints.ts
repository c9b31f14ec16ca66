import { ast } from '@varpulis/language';
import { type AstNode, AstUtils, type LangiumDocument } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import { type InlayHint, InlayHintKind, type InlayHintParams, type Position } from 'vscode-languageserver';
import { inferType, normaliseDuration } from './vpl-analysis.js';
import type { VplLspServices } from './vpl-lsp-module.js';

/**
 * Inlay hints: the inferred type of each emitted, selected and aggregated field (`total: float`), durations in
 * their exact largest units (`5400s` → `= 1h 30m`), and the partition key in effect on windows, aggregates and
 * sequences (`per sensor`). Each kind can be turned off in the `vpl.inlayHints` settings.
 */
export class VplInlayHintProvider implements InlayHintProvider {
  constructor(private readonly services: VplLspServices) {}

  async getInlayHints(document: LangiumDocument, params: InlayHintParams): Promise<InlayHint[]> {
    const settings = (await this.services.shared.vpl.Settings.get()).inlayHints;
    const root = document.parseResult.value;
    const text = document.textDocument;
    const start = text.offsetAt(params.range.start);
    const end = text.offsetAt(params.range.end);
    const hints: InlayHint[] = [];
    const at = (offset: number): Position => text.positionAt(offset);
    const statements = ast.isProgram(root)
      ? root.statements.filter((s) => s.$cstNode && s.$cstNode.end >= start && s.$cstNode.offset <= end)
      : [];
    for (const node of statements.flatMap((statement) => AstUtils.streamAst(statement).toArray())) {
      const cst = node.$cstNode;
      if (!cst || cst.end < start || cst.offset > end) continue;
      if (
        settings.fieldTypes &&
        (ast.isNamedArg(node) || ast.isSelectItem(node) || ast.isAggregateItem(node)) &&
        isOutputItem(node)
      ) {
        const value = (node as { value?: AstNode }).value;
        if (!value || !node.name || isLiteral(value)) continue;
        const type = inferType(value, this.services);
        const nameEnd = cst.offset + node.name.length;
        if (type && type !== 'null')
          hints.push({ position: at(nameEnd), label: `: ${type}`, kind: InlayHintKind.Type, paddingLeft: false });
      } else if (settings.durations && ast.isDurationLiteral(node)) {
        const normal = normaliseDuration(node.value);
        if (normal)
          hints.push({ position: at(cst.end), label: `= ${normal}`, kind: InlayHintKind.Parameter, paddingLeft: true });
      } else if (settings.partitionKeys && ast.isStreamDecl(node)) {
        hints.push(...this.partitionHints(node, at));
      }
    }
    return hints;
  }

  private partitionHints(stream: ast.StreamDecl, at: (offset: number) => Position): InlayHint[] {
    const partitionIndex = stream.ops.findIndex(ast.isPartitionByOp);
    const source = stream.source;
    const patternKey =
      ast.isEventSource(source) && ast.isPatternDecl(source.target?.ref) ? source.target?.ref.partitionKey : undefined;
    const partition = partitionIndex >= 0 ? (stream.ops[partitionIndex] as ast.PartitionByOp) : undefined;
    const key = partition && ast.isNameRef(partition.key) ? partition.key.target?.$refText : patternKey;
    if (!key) return [];
    const hints: InlayHint[] = [];
    stream.ops.forEach((op, index) => {
      const cst = op.$cstNode;
      if (!cst) return;
      const windowed = (ast.isWindowOp(op) || ast.isAggregateOp(op)) && partitionIndex >= 0 && partitionIndex < index;
      const sequence = ast.isWithinOp(op) || ast.isTrendAggregateOp(op);
      if (windowed || sequence)
        hints.push({ position: at(cst.end), label: `per ${key}`, kind: InlayHintKind.Parameter, paddingLeft: true });
    });
    return hints;
  }
}

function isOutputItem(node: AstNode): boolean {
  const container = node.$container;
  return ast.isEmitOp(container) || ast.isSelectOp(container) || ast.isAggregateOp(container);
}

function isLiteral(node: AstNode): boolean {
  return /Literal$/.test(node.$type) && !ast.isArrayLiteral(node) && !ast.isMapLiteral(node);
}
