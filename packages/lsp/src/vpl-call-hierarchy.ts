import { ast } from '@varpulis/language';
import { type AstNode, AstUtils, type LangiumDocument, URI } from 'langium';
import type { CallHierarchyProvider } from 'langium/lsp';
import {
  type CallHierarchyIncomingCall,
  type CallHierarchyIncomingCallsParams,
  type CallHierarchyItem,
  type CallHierarchyOutgoingCall,
  type CallHierarchyOutgoingCallsParams,
  type CallHierarchyPrepareParams,
  type Range,
  SymbolKind,
} from 'vscode-languageserver';
import type { VplLspServices } from './vpl-lsp-module.js';
import { VplNodeKindProvider } from './vpl-symbols.js';

type Flow = ast.StreamDecl | ast.EventDecl | ast.PatternDecl | ast.FnDecl;

/**
 * Call hierarchy as stream data flow: the incoming "calls" of a stream, event or pattern are the streams that read it
 * (as their source, a step, a merge or join input, a `.not(...)`); its outgoing "calls" are what it reads, and, for
 * functions, the functions they call. Following incoming calls from an event type walks the pipeline downstream.
 */
export class VplCallHierarchyProvider implements CallHierarchyProvider {
  private readonly kinds = new VplNodeKindProvider();

  constructor(private readonly services: VplLspServices) {}

  prepareCallHierarchy(document: LangiumDocument, params: CallHierarchyPrepareParams): CallHierarchyItem[] | undefined {
    const symbol = this.services.vplLsp.References.symbolAt(document, document.textDocument.offsetAt(params.position));
    const target = symbol?.target;
    if (!target || !isFlow(target)) return undefined;
    const item = this.item(target);
    return item ? [item] : undefined;
  }

  incomingCalls(params: CallHierarchyIncomingCallsParams): CallHierarchyIncomingCall[] {
    const target = this.resolve(params.item);
    if (!target) return [];
    const byCaller = new Map<AstNode, Range[]>();
    for (const occurrence of this.services.vplLsp.References.occurrences(target, false)) {
      const document = this.services.shared.workspace.LangiumDocuments.getDocument(URI.parse(occurrence.uri));
      if (!document) continue;
      const offset = document.textDocument.offsetAt(occurrence.range.start);
      const caller = AstUtils.streamAst(document.parseResult.value).find(
        (node): node is Flow =>
          (ast.isStreamDecl(node) || ast.isFnDecl(node) || ast.isPatternDecl(node)) &&
          !!node.$cstNode &&
          node.$cstNode.offset <= offset &&
          offset < node.$cstNode.end,
      );
      if (!caller || caller === target) continue;
      const ranges = byCaller.get(caller) ?? [];
      ranges.push(occurrence.range);
      byCaller.set(caller, ranges);
    }
    return [...byCaller].flatMap(([caller, fromRanges]) => {
      const from = this.item(caller as Flow);
      return from ? [{ from, fromRanges }] : [];
    });
  }

  outgoingCalls(params: CallHierarchyOutgoingCallsParams): CallHierarchyOutgoingCall[] {
    const source = this.resolve(params.item);
    if (!source) return [];
    const byTarget = new Map<AstNode, Range[]>();
    for (const node of AstUtils.streamAst(source)) {
      for (const reference of AstUtils.streamReferences(node)) {
        const ref = reference.reference;
        const target = 'ref' in ref ? ref.ref : undefined;
        if (!target || !isFlow(target) || target === source || !ref.$refNode) continue;
        if (ast.isFnDecl(target) && !(ast.isNameRef(node) && ast.isCallExpr(node.$container))) continue;
        const ranges = byTarget.get(target) ?? [];
        ranges.push(ref.$refNode.range);
        byTarget.set(target, ranges);
      }
    }
    return [...byTarget].flatMap(([target, fromRanges]) => {
      const to = this.item(target as Flow);
      return to ? [{ to, fromRanges }] : [];
    });
  }

  private item(node: Flow): CallHierarchyItem | undefined {
    const cst = node.$cstNode;
    const nameNode = this.services.references.NameProvider.getNameNode(node);
    if (!cst || !nameNode) return undefined;
    const document = AstUtils.getDocument(node);
    return {
      name: node.name,
      kind: this.kinds.getSymbolKind(node) ?? SymbolKind.Event,
      detail: ast.isStreamDecl(node)
        ? 'stream'
        : ast.isEventDecl(node)
          ? 'event'
          : ast.isPatternDecl(node)
            ? 'pattern'
            : 'function',
      uri: document.uri.toString(),
      range: cst.range,
      selectionRange: nameNode.range,
      data: { path: this.services.workspace.AstNodeLocator.getAstNodePath(node) },
    };
  }

  private resolve(item: CallHierarchyItem): Flow | undefined {
    const document = this.services.shared.workspace.LangiumDocuments.getDocument(URI.parse(item.uri));
    const path = (item.data as { path?: string } | undefined)?.path;
    if (!document || path === undefined) return undefined;
    const node = this.services.workspace.AstNodeLocator.getAstNode(document.parseResult.value, path);
    return node && isFlow(node) ? node : undefined;
  }
}

function isFlow(node: AstNode): node is Flow {
  return ast.isStreamDecl(node) || ast.isEventDecl(node) || ast.isPatternDecl(node) || ast.isFnDecl(node);
}
