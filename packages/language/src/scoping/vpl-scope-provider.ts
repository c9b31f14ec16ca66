import {
  type AstNode,
  type AstNodeDescription,
  AstUtils,
  DefaultScopeProvider,
  EMPTY_STREAM,
  type LangiumDocument,
  type LangiumDocuments,
  MapScope,
  type ReferenceInfo,
  type Scope,
  stream,
  WorkspaceCache,
} from 'langium';
import { isAssignStmt, isFnDecl, isNameRef, isVarDecl } from '../generated/ast.js';
import type { VplServices } from '../vpl-module.js';
import { importClosure } from '../workspace/import-closure.js';
import type { VplNameResolver } from './name-resolver.js';

/**
 * Scopes for VPL references. Bare names (`NameRef`) follow the engine's resolution order through
 * VplNameResolver: locals, aliases of the stream, globals, then fields of the current record shape. An
 * assignment target is a local of the enclosing function, else a global variable. Everything else (sources,
 * connectors, contexts, event types) resolves against the global declarations.
 */
export class VplScopeProvider extends DefaultScopeProvider {
  private readonly names: VplNameResolver;

  private readonly langiumDocuments: LangiumDocuments;

  constructor(services: VplServices) {
    super(services);
    this.names = services.scoping.NameResolver;
    this.langiumDocuments = services.shared.workspace.LangiumDocuments;
    this.closures = new WorkspaceCache(services.shared);
    this.scopesByDocument = new WorkspaceCache(services.shared);
  }

  private readonly closures: WorkspaceCache<string, Set<string>>;
  private readonly scopesByDocument: WorkspaceCache<string, Scope>;

  /** The documents a document sees: itself and its imports, transitively (not the whole workspace). */
  visibleDocuments(document: LangiumDocument): Set<string> {
    const key = document.uri.toString();
    return this.closures.get(key, () => importClosure(document, this.langiumDocuments));
  }

  protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
    const document = AstUtils.getDocument(context.container);
    const visible = this.visibleDocuments(document);
    return this.scopesByDocument.get(
      `${document.uri.toString()}\u0000${referenceType}`,
      () => new MapScope(this.indexManager.allElements(referenceType, visible)),
    );
  }

  override getScope(context: ReferenceInfo): Scope {
    const container = context.container;
    if (isNameRef(container) && context.property === 'target') return this.bareNameScope(container);
    if (isAssignStmt(container) && context.property === 'target') return this.assignmentScope(container);
    return super.getScope(context);
  }

  /**
   * A lazy scope: `getElement(name)` asks the resolver for that one name (locals, aliases, globals, declared
   * fields, in that order) and describes only the node found. Enumerating everything (completion) is rarer and
   * builds the full list on demand.
   */
  private bareNameScope(nameRef: AstNode): Scope {
    const visible = this.names.visibleNames(nameRef);
    const document = AstUtils.getDocument(nameRef);
    const globals = this.names.globalsOf(document);
    const lookup = (name: string): AstNode | undefined => {
      const local = visible.locals.get(name);
      if (local) return local;
      const alias = visible.context?.aliases.get(name);
      if (alias) return alias.node;
      const global = globals.get(name);
      if (global) return global;
      if (visible.inFunction) return undefined;
      return visible.context?.shape.fields.get(name)?.declaration;
    };
    const all = (): [string, AstNode][] => {
      const entries = new Map<string, AstNode>();
      for (const [name, field] of visible.context?.shape.fields ?? [])
        if (field.declaration && !visible.inFunction) entries.set(name, field.declaration);
      for (const [name, node] of globals) entries.set(name, node);
      for (const [name, binding] of visible.context?.aliases ?? []) entries.set(name, binding.node);
      for (const [name, node] of visible.locals) entries.set(name, node);
      return [...entries];
    };
    // Linking only needs the node; the path and name segment (Langium computes them eagerly, which costs a walk to
    // the root per reference) are built on first use, by the features that need them.
    const describe = (name: string, node: AstNode): AstNodeDescription => {
      let full: AstNodeDescription | undefined;
      const complete = () => (full ??= this.descriptions.createDescription(node, name));
      return {
        node,
        name,
        type: node.$type,
        get documentUri() {
          return AstUtils.getDocument(node).uri;
        },
        get path() {
          return complete().path;
        },
        get nameSegment() {
          return complete().nameSegment;
        },
        get selectionSegment() {
          return complete().selectionSegment;
        },
      };
    };
    return {
      getElement: (name) => {
        const node = lookup(name);
        return node ? describe(name, node) : undefined;
      },
      getElements: (name) => {
        const node = lookup(name);
        return node ? stream([describe(name, node)]) : EMPTY_STREAM;
      },
      getAllElements: () => stream(all()).map(([name, node]) => describe(name, node)),
    };
  }

  private assignmentScope(assign: AstNode): Scope {
    const fn = AstUtils.getContainerOfType(assign, isFnDecl);
    const document = AstUtils.getDocument(assign);
    const globals = [...this.names.globalsOf(document).values()].filter(isVarDecl);
    const globalScope = this.createScopeForNodes(globals);
    if (!fn) return globalScope;
    const locals = AstUtils.streamAllContents(fn).filter(isVarDecl).toArray();
    return this.createScopeForNodes(locals, globalScope);
  }
}
