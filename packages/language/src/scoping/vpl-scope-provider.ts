import {
  type AstNode,
  AstUtils,
  DefaultScopeProvider,
  type LangiumDocument,
  type LangiumDocuments,
  MapScope,
  type ReferenceInfo,
  type Scope,
  WorkspaceCache,
} from 'langium';
import { AssignStmt, isFnDecl, isVarDecl, NameRef } from '../generated/ast.js';
import type { VplServices } from '../vpl-module.js';
import { importClosure } from '../workspace/import-closure.js';
import { BareNameScope } from './bare-name-scope.js';
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
    // `$type` comparisons: this runs for every reference, and these node types have no subtypes.
    if (container.$type === NameRef.$type && context.property === 'target') return this.bareNameScope(container);
    if (container.$type === AssignStmt.$type && context.property === 'target') return this.assignmentScope(container);
    return super.getScope(context);
  }

  /** The lazy scope of a bare name: see BareNameScope. */
  private bareNameScope(nameRef: AstNode): Scope {
    const visible = this.names.visibleNames(nameRef);
    return new BareNameScope(visible, this.names.globalsOf(AstUtils.getDocument(nameRef)), this.descriptions);
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
