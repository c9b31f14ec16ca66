import { ast } from '@varpulis/language';
import { type AstNode, AstUtils, type LangiumDocument } from 'langium';
import type { StreamGraph, StreamGraphEdge, StreamGraphNode } from './protocol.js';
import type { VplSharedLspServices } from './vpl-lsp-module.js';

/**
 * The data flow of a program and its imports: streams, event types, patterns and connectors as nodes; an edge from
 * each input to the stream that reads it (source, step, merge/join input, `.not(...)`) and from a stream to the
 * connectors it writes to.
 */
export function streamGraph(shared: VplSharedLspServices, document: LangiumDocument): StreamGraph {
  const nodes = new Map<string, StreamGraphNode>();
  const edges: StreamGraphEdge[] = [];
  const node = (name: string, kind: StreamGraphNode['kind'], declaration?: AstNode) => {
    if (!nodes.has(name) || (declaration && nodes.get(name)!.uri === undefined)) {
      const where = declaration?.$cstNode
        ? { uri: AstUtils.getDocument(declaration).uri.toString(), line: declaration.$cstNode.range.start.line }
        : {};
      nodes.set(name, { name, kind, ...where });
    }
  };
  const kindOf = (target: AstNode | undefined): StreamGraphNode['kind'] =>
    ast.isStreamDecl(target) || ast.isInlineStream(target) ? 'stream' : ast.isPatternDecl(target) ? 'pattern' : 'event';
  for (const doc of shared.vpl.SampleRunner.program(document)) {
    const root = doc.parseResult.value;
    if (!ast.isProgram(root)) continue;
    for (const statement of root.statements) {
      if (ast.isEventDecl(statement)) node(statement.name, 'event', statement);
      if (ast.isPatternDecl(statement)) node(statement.name, 'pattern', statement);
      if (!ast.isStreamDecl(statement)) continue;
      node(statement.name, 'stream', statement);
      for (const inner of AstUtils.streamAst(statement)) {
        const add = (name: string, target: AstNode | undefined, role: StreamGraphEdge['role']) => {
          if (!name) return;
          node(name, kindOf(target), target);
          edges.push({ from: name, to: statement.name, role });
        };
        if (ast.isEventSource(inner) && inner.$container === statement)
          add(inner.target?.$refText, inner.target?.ref, 'source');
        else if (ast.isConnectorSource(inner)) add(inner.event?.$refText, inner.event?.ref, 'source');
        else if (ast.isFollowedBy(inner)) add(inner.target?.$refText, inner.target?.ref, 'step');
        else if (ast.isSequenceStep(inner)) add(inner.target?.$refText, inner.target?.ref, 'step');
        else if (ast.isSourceRef(inner) || ast.isInlineStream(inner))
          add(inner.target?.$refText, inner.target?.ref, 'input');
        else if (ast.isNotOp(inner)) add(inner.target?.$refText, inner.target?.ref, 'not');
        else if (ast.isToOp(inner)) {
          node(inner.connector?.$refText, 'connector', inner.connector?.ref);
          edges.push({ from: statement.name, to: inner.connector?.$refText, role: 'sink' });
        }
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}
