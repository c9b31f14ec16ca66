import { ast, typeRefText } from '@varpulis/language';
import { type AstNode, type AstNodeDescription, isAstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider, NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, type DocumentSymbol, type DocumentSymbolParams, SymbolKind } from 'vscode-languageserver';
import type { VplLspServices } from './vpl-lsp-module.js';

const SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
  EventDecl: SymbolKind.Struct,
  FieldDecl: SymbolKind.Field,
  StreamDecl: SymbolKind.Event,
  InlineStream: SymbolKind.Event,
  PatternDecl: SymbolKind.Interface,
  ConnectorDecl: SymbolKind.Module,
  ContextDecl: SymbolKind.Namespace,
  FnDecl: SymbolKind.Function,
  Param: SymbolKind.Variable,
  VarDecl: SymbolKind.Variable,
  TypeDecl: SymbolKind.TypeParameter,
  ConfigDecl: SymbolKind.Object,
  Alias: SymbolKind.Variable,
  SequenceStep: SymbolKind.Variable,
  ImportDecl: SymbolKind.File,
  ForStmt: SymbolKind.Namespace,
};

/** Symbol and completion kinds of VPL declarations (workspace symbols, outline). */
export class VplNodeKindProvider implements NodeKindProvider {
  getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
    const type = isAstNode(node) ? node.$type : node.type;
    if (type === 'VarDecl' && isAstNode(node) && ast.isVarDecl(node) && node.kind !== 'var') return SymbolKind.Constant;
    return SYMBOL_KINDS[type] ?? SymbolKind.Field;
  }

  getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
    const type = isAstNode(node) ? node.$type : node.type;
    switch (type) {
      case 'EventDecl':
        return CompletionItemKind.Struct;
      case 'StreamDecl':
        return CompletionItemKind.Event;
      case 'FnDecl':
        return CompletionItemKind.Function;
      case 'ConnectorDecl':
        return CompletionItemKind.Module;
      case 'FieldDecl':
        return CompletionItemKind.Field;
      default:
        return CompletionItemKind.Reference;
    }
  }
}

/**
 * The outline of a VPL document: events with their fields, streams with their aliases and inline streams, functions
 * with their parameters, patterns, connectors, contexts, variables, type aliases, imports, and declaration loops
 * with the declarations they repeat.
 */
export class VplDocumentSymbolProvider implements DocumentSymbolProvider {
  constructor(private readonly services: VplLspServices) {}

  getSymbols(document: LangiumDocument, _params: DocumentSymbolParams): DocumentSymbol[] {
    const root = document.parseResult.value;
    if (!ast.isProgram(root)) return [];
    return this.statements(root.statements);
  }

  private statements(statements: readonly ast.Statement[]): DocumentSymbol[] {
    const out: DocumentSymbol[] = [];
    for (const statement of statements) {
      const symbol = this.symbol(statement);
      if (symbol) out.push(symbol);
    }
    return out;
  }

  private symbol(node: AstNode): DocumentSymbol | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const nameNode = this.services.references.NameProvider.getNameNode(node) ?? cst;
    const make = (name: string, detail: string | undefined, children?: DocumentSymbol[]): DocumentSymbol => ({
      name: name || '?',
      kind: new VplNodeKindProvider().getSymbolKind(node),
      range: cst.range,
      selectionRange: nameNode.range,
      ...(detail ? { detail } : {}),
      ...(children && children.length > 0 ? { children } : {}),
    });
    if (ast.isEventDecl(node)) {
      return make(
        node.name,
        node.base ? `extends ${node.base?.$refText}` : `${node.fields.length} fields`,
        node.fields.map((f) => this.symbol(f)).filter(isDefined),
      );
    }
    if (ast.isFieldDecl(node)) return make(node.name, typeRefText(node.type));
    if (ast.isStreamDecl(node)) {
      const children: DocumentSymbol[] = [];
      const source = node.source;
      if (ast.isEventSource(source) && source.alias) children.push(this.symbol(source.alias)!);
      if (ast.isMergeSource(source) || ast.isJoinSource(source))
        for (const item of source.items) if (ast.isInlineStream(item)) children.push(this.symbol(item)!);
      if (ast.isSequenceSource(source)) for (const step of source.steps) children.push(this.symbol(step)!);
      for (const op of node.ops) if (ast.isFollowedBy(op) && op.alias) children.push(this.symbol(op.alias)!);
      const sourceText = source?.$cstNode?.text.split('\n')[0]?.trim();
      return make(node.name, sourceText && sourceText.length < 60 ? sourceText : undefined, children.filter(isDefined));
    }
    if (ast.isInlineStream(node)) return make(node.name, node.target?.$refText);
    if (ast.isAlias(node)) {
      const owner = node.$container;
      return make(node.name, ast.isEventSource(owner) || ast.isFollowedBy(owner) ? owner.target?.$refText : undefined);
    }
    if (ast.isSequenceStep(node)) return make(node.name, node.target?.$refText);
    if (ast.isPatternDecl(node)) return make(node.name, node.within ? `within ${node.within}` : undefined);
    if (ast.isConnectorDecl(node)) return make(node.name, node.kind);
    if (ast.isContextDecl(node)) return make(node.name, undefined);
    if (ast.isFnDecl(node)) {
      return make(
        node.name,
        `(${node.params.map((p) => `${p.name}: ${typeRefText(p.type)}`).join(', ')})${node.returnType ? ` -> ${typeRefText(node.returnType)}` : ''}`,
        node.params.map((p) => this.symbol(p)).filter(isDefined),
      );
    }
    if (ast.isParam(node)) return make(node.name, typeRefText(node.type));
    if (ast.isVarDecl(node)) return make(node.name, node.type ? typeRefText(node.type) : node.kind);
    if (ast.isTypeDecl(node)) return make(node.name, typeRefText(node.type));
    if (ast.isConfigDecl(node)) return make(node.name ?? 'default', 'config');
    if (ast.isImportDecl(node))
      return { ...make(node.path, node.alias ? `as ${node.alias}` : 'import'), selectionRange: cst.range };
    if (ast.isForStmt(node)) {
      const children = this.statements(node.body);
      if (children.length === 0) return undefined;
      return {
        ...make(`for ${node.variable?.name} in ${node.iterable?.$cstNode?.text ?? ''}`, 'declaration loop', children),
        selectionRange: cst.range,
      };
    }
    return undefined;
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
