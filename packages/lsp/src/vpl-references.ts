import { ast, RESERVED_WORDS } from '@varpulis/language';
import { type AstNode, AstUtils, CstUtils, type LangiumDocument, type LeafCstNode, type Reference } from 'langium';
import type {
  DefinitionProvider,
  DocumentHighlightProvider,
  ReferencesProvider,
  RenameProvider,
  TypeDefinitionProvider,
} from 'langium/lsp';
import {
  type DefinitionParams,
  type DocumentHighlight,
  DocumentHighlightKind,
  type DocumentHighlightParams,
  type Location,
  type LocationLink,
  type Range,
  type ReferenceParams,
  type RenameParams,
  ResponseError,
  type TextDocumentPositionParams,
  type TextEdit,
  type TypeDefinitionParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { VplLspServices } from './vpl-lsp-module.js';

/** The symbol under the cursor: what it denotes and the token's range. */
export interface SymbolAt {
  target: AstNode;
  range: Range;
  /** The text of the token (the name as written). */
  name: string;
}

/** One place a symbol occurs: its declaration or a use. */
export interface Occurrence {
  uri: string;
  range: Range;
  declaration: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Finds what a name denotes and every place it occurs, across the workspace. Beyond Langium's linked references
 * (bare names, sources, connectors, contexts, functions), VPL names fields in places that are plain text in the
 * syntax tree: `alias.field`, `Input.field` in joins, `.select(field)` and the fields of `.emit as Type(...)`.
 * Definition, references, highlights and rename all use it, so they agree.
 */
export class VplReferenceFinder {
  constructor(private readonly services: VplLspServices) {}

  symbolAt(document: LangiumDocument, offset: number): SymbolAt | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    let leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    if (!leaf || !NAME.test(leaf.text)) leaf = offset > 0 ? CstUtils.findLeafNodeAtOffset(root, offset - 1) : undefined;
    if (!leaf || leaf.hidden || !NAME.test(leaf.text)) return undefined;
    const target = this.targetOf(leaf);
    return target ? { target, range: leaf.range, name: leaf.text } : undefined;
  }

  private targetOf(leaf: LeafCstNode): AstNode | undefined {
    const node = leaf.astNode;
    const reference = referenceAt(node, leaf);
    if (reference) return reference.ref;
    if ('name' in node && (node as { name?: unknown }).name === leaf.text && this.isDeclaration(node)) {
      const nameNode = this.services.references.NameProvider.getNameNode(node);
      if (!nameNode || nameNode.offset === leaf.offset) return node;
    }
    if (ast.isMemberAccess(node) && node.member === leaf.text) return this.memberField(node);
    if (ast.isSelectItem(node) && !node.value && node.name === leaf.text) return this.inputField(node, node.name);
    if (ast.isNamedArg(node) && node.name === leaf.text && ast.isEmitOp(node.$container)) {
      const type = node.$container.asType?.ref;
      return type?.fields.find((field) => field.name === node.name);
    }
    return undefined;
  }

  private isDeclaration(node: AstNode): boolean {
    return (
      ast.isEventDecl(node) ||
      ast.isStreamDecl(node) ||
      ast.isFieldDecl(node) ||
      ast.isFnDecl(node) ||
      ast.isParam(node) ||
      ast.isVarDecl(node) ||
      ast.isConnectorDecl(node) ||
      ast.isContextDecl(node) ||
      ast.isPatternDecl(node) ||
      ast.isTypeDecl(node) ||
      ast.isAlias(node) ||
      ast.isSequenceStep(node) ||
      ast.isInlineStream(node) ||
      ast.isLoopVariable(node) ||
      ast.isLambdaParam(node)
    );
  }

  /** The field declaration `x.f` reads, when `x` is an alias, a join input or a declared event type. */
  memberField(access: ast.MemberAccess): ast.FieldDecl | undefined {
    const receiver = access.receiver;
    if (!ast.isNameRef(receiver)) return undefined;
    const resolution = this.services.scoping.NameResolver.resolve(receiver);
    if (resolution.kind === 'alias') return resolution.binding.shape.fields.get(access.member)?.declaration;
    const target = receiver.target?.ref;
    if (ast.isEventDecl(target)) return target.fields.find((field) => field.name === access.member);
    if (resolution.kind === 'unknown' || resolution.kind === 'unverifiable') {
      if (resolution.context.sourceNames.has(receiver.target?.$refText))
        return resolution.context.shape.fields.get(access.member)?.declaration;
    }
    return undefined;
  }

  private inputField(item: ast.SelectItem, name: string): ast.FieldDecl | undefined {
    const op = item.$container;
    const stream = AstUtils.getContainerOfType(op, ast.isStreamDecl);
    if (!stream) return undefined;
    const context = this.services.scoping.NameResolver.streams.contextsOf(stream).contexts.get(op);
    return context?.shape.fields.get(name)?.declaration;
  }

  /** Every occurrence of a symbol in the workspace (its declaration first when asked for). */
  occurrences(target: AstNode, includeDeclaration: boolean): Occurrence[] {
    const out: Occurrence[] = [];
    const seen = new Set<string>();
    const add = (uri: string, range: Range, declaration: boolean) => {
      const key = `${uri}:${range.start.line}:${range.start.character}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ uri, range, declaration });
    };
    // A target outside every document (a built-in, or a node of broken text) has no occurrences to list.
    const targetDocument = AstUtils.findRootNode(target).$document;
    if (!targetDocument) return out;
    const nameNode = this.services.references.NameProvider.getNameNode(target);
    if (includeDeclaration && nameNode) add(targetDocument.uri.toString(), nameNode.range, true);
    for (const reference of this.services.references.References.findReferences(target, { includeDeclaration: false })) {
      add(reference.sourceUri.toString(), reference.segment.range, false);
    }
    if (ast.isFieldDecl(target)) {
      for (const document of this.services.shared.workspace.LangiumDocuments.all) {
        const root = document.parseResult?.value;
        if (!root) continue;
        for (const node of AstUtils.streamAllContents(root)) {
          if (ast.isMemberAccess(node) && node.member === target.name && this.memberField(node) === target) {
            const leaf = memberLeaf(node);
            if (leaf) add(document.uri.toString(), leaf.range, false);
          } else if (
            ast.isSelectItem(node) &&
            !node.value &&
            node.name === target.name &&
            this.inputField(node, node.name) === target
          ) {
            const leaf = node.$cstNode && CstUtils.findLeafNodeAtOffset(node.$cstNode, node.$cstNode.offset);
            if (leaf) add(document.uri.toString(), leaf.range, false);
          } else if (
            ast.isNamedArg(node) &&
            node.name === target.name &&
            ast.isEmitOp(node.$container) &&
            node.$container.asType?.ref === target.$container
          ) {
            const leaf = node.$cstNode && CstUtils.findLeafNodeAtOffset(node.$cstNode, node.$cstNode.offset);
            if (leaf) add(document.uri.toString(), leaf.range, false);
          }
        }
      }
    }
    return out;
  }
}

function memberLeaf(access: ast.MemberAccess): LeafCstNode | undefined {
  const cst = access.$cstNode;
  if (!cst) return undefined;
  let last: LeafCstNode | undefined;
  for (const leaf of CstUtils.flattenCst(cst)) if (leaf.text === access.member) last = leaf;
  return last;
}

function referenceAt(node: AstNode, leaf: LeafCstNode): Reference | undefined {
  for (const value of Object.values(node)) {
    if (
      value &&
      typeof value === 'object' &&
      '$refText' in value &&
      (value as Reference).$refNode?.offset === leaf.offset
    )
      return value as Reference;
  }
  return undefined;
}

function locationLink(
  finder: VplReferenceFinder,
  source: SymbolAt,
  target: AstNode,
  services: VplLspServices,
): LocationLink | undefined {
  // A target outside every document (a built-in, or a node of broken text) has nowhere to go.
  const document = AstUtils.findRootNode(target).$document;
  const nameNode = services.references.NameProvider.getNameNode(target) ?? target.$cstNode;
  const full = target.$cstNode;
  if (!document || !nameNode || !full) return undefined;
  void finder;
  return {
    originSelectionRange: source.range,
    targetUri: document.uri.toString(),
    targetRange: full.range,
    targetSelectionRange: nameNode.range,
  };
}

/** Go to definition: declarations of names, fields read through aliases, inline streams, the fields of `emit as`. */
export class VplDefinitionProvider implements DefinitionProvider {
  constructor(private readonly services: VplLspServices) {}

  getDefinition(document: LangiumDocument, params: DefinitionParams): LocationLink[] | undefined {
    const finder = this.services.vplLsp.References;
    const symbol = finder.symbolAt(document, document.textDocument.offsetAt(params.position));
    if (!symbol) return undefined;
    const link = locationLink(finder, symbol, symbol.target, this.services);
    return link ? [link] : undefined;
  }
}

/** Go to type definition: the event type of an alias, a field, a stream (its source event) or a typed variable. */
export class VplTypeDefinitionProvider implements TypeDefinitionProvider {
  constructor(private readonly services: VplLspServices) {}

  getTypeDefinition(document: LangiumDocument, params: TypeDefinitionParams): LocationLink[] | undefined {
    const finder = this.services.vplLsp.References;
    const symbol = finder.symbolAt(document, document.textDocument.offsetAt(params.position));
    if (!symbol) return undefined;
    const type = this.typeOf(symbol.target, new Set());
    const link = type && locationLink(finder, symbol, type, this.services);
    return link ? [link] : undefined;
  }

  private typeOf(target: AstNode, seen: Set<AstNode>): AstNode | undefined {
    if (seen.has(target)) return undefined;
    seen.add(target);
    if (ast.isEventDecl(target)) return target;
    if (ast.isFieldDecl(target)) return namedTypeTarget(target.type) ?? target.$container;
    if (ast.isAlias(target)) {
      const owner = target.$container;
      const ref =
        ast.isEventSource(owner) || ast.isFollowedBy(owner) || ast.isSaseItem(owner) ? owner.target?.ref : undefined;
      return ref ? this.typeOf(ref, seen) : undefined;
    }
    if (ast.isSequenceStep(target) || ast.isInlineStream(target))
      return target.target?.ref ? this.typeOf(target.target?.ref, seen) : undefined;
    if (ast.isStreamDecl(target)) {
      const emitAs = target.ops.find(ast.isEmitOp)?.asType?.ref;
      if (emitAs) return emitAs;
      const source = target.source;
      const ref = ast.isEventSource(source)
        ? source.target?.ref
        : ast.isConnectorSource(source)
          ? source.event?.ref
          : undefined;
      return ref ? this.typeOf(ref, seen) : target;
    }
    if (ast.isVarDecl(target) || ast.isParam(target)) return namedTypeTarget(target.type);
    if (ast.isFnDecl(target)) return namedTypeTarget(target.returnType);
    return undefined;
  }
}

function namedTypeTarget(type: ast.TypeRef | undefined): AstNode | undefined {
  let base = type?.base;
  while (ast.isArrayType(base) || ast.isStreamType(base)) base = base.element.base;
  return ast.isNamedType(base) ? base.ref.ref : undefined;
}

/** Find references, over the whole workspace. */
export class VplReferencesProvider implements ReferencesProvider {
  constructor(private readonly services: VplLspServices) {}

  findReferences(document: LangiumDocument, params: ReferenceParams): Location[] {
    const finder = this.services.vplLsp.References;
    const symbol = finder.symbolAt(document, document.textDocument.offsetAt(params.position));
    if (!symbol) return [];
    return finder
      .occurrences(symbol.target, params.context.includeDeclaration)
      .map(({ uri, range }) => ({ uri, range }));
  }
}

/** Highlights the occurrences of the symbol under the cursor in the document (writes: declarations, `:=` targets). */
export class VplDocumentHighlightProvider implements DocumentHighlightProvider {
  constructor(private readonly services: VplLspServices) {}

  getDocumentHighlight(document: LangiumDocument, params: DocumentHighlightParams): DocumentHighlight[] | undefined {
    const finder = this.services.vplLsp.References;
    const symbol = finder.symbolAt(document, document.textDocument.offsetAt(params.position));
    if (!symbol) return undefined;
    const uri = document.uri.toString();
    return finder
      .occurrences(symbol.target, true)
      .filter((occurrence) => occurrence.uri === uri)
      .map((occurrence) => ({
        range: occurrence.range,
        kind: occurrence.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
  }
}

/**
 * Rename for events, fields, streams, aliases, functions, parameters, variables, connectors, contexts and patterns,
 * across files. The new name must be a valid, non-reserved VPL name; names from declaration loops (templates)
 * cannot be renamed.
 */
export class VplRenameProvider implements RenameProvider {
  constructor(private readonly services: VplLspServices) {}

  prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
    const symbol = this.services.vplLsp.References.symbolAt(document, document.textDocument.offsetAt(params.position));
    if (!symbol || !this.renamable(symbol.target)) return undefined;
    return symbol.range;
  }

  rename(document: LangiumDocument, params: RenameParams): WorkspaceEdit | undefined {
    const finder = this.services.vplLsp.References;
    const symbol = finder.symbolAt(document, document.textDocument.offsetAt(params.position));
    if (!symbol || !this.renamable(symbol.target)) return undefined;
    if (!NAME.test(params.newName) || RESERVED.has(params.newName)) {
      throw new ResponseError(
        -32602,
        `'${params.newName}' is not a valid VPL name (letters, digits and _, not starting with a digit, not a reserved word).`,
      );
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const occurrence of finder.occurrences(symbol.target, true)) {
      const edits = changes[occurrence.uri] ?? [];
      edits.push({ range: occurrence.range, newText: params.newName });
      changes[occurrence.uri] = edits;
    }
    return { changes };
  }

  private renamable(target: AstNode): boolean {
    const name = (target as { name?: unknown }).name;
    return typeof name === 'string' && NAME.test(name);
  }
}

const RESERVED = RESERVED_WORDS;
