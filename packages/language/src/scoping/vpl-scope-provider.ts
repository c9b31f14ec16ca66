import { type AstNode, AstUtils, DefaultScopeProvider, EMPTY_SCOPE, type ReferenceInfo, type Scope } from 'langium';
import { isAssignStmt, isFnDecl, isNameRef, isVarDecl } from '../generated/ast.js';
import type { VplServices } from '../vpl-module.js';
import type { VplNameResolver } from './name-resolver.js';

/**
 * Scopes for VPL references. Bare names (`NameRef`) follow the engine's resolution order through
 * VplNameResolver: locals, aliases of the stream, globals, then fields of the current record shape. An
 * assignment target is a local of the enclosing function, else a global variable. Everything else (sources,
 * connectors, contexts, event types) resolves against the global declarations.
 */
export class VplScopeProvider extends DefaultScopeProvider {
  private readonly names: VplNameResolver;

  constructor(services: VplServices) {
    super(services);
    this.names = services.scoping.NameResolver;
  }

  override getScope(context: ReferenceInfo): Scope {
    const container = context.container;
    if (isNameRef(container) && context.property === 'target') return this.bareNameScope(container);
    if (isAssignStmt(container) && context.property === 'target') return this.assignmentScope(container);
    return super.getScope(context);
  }

  private bareNameScope(nameRef: AstNode): Scope {
    const visible = this.names.visibleNames(nameRef);
    const document = AstUtils.getDocument(nameRef);
    const fields: AstNode[] = [];
    if (visible.context && !visible.inFunction) {
      for (const field of visible.context.shape.fields.values()) if (field.declaration) fields.push(field.declaration);
    }
    const fieldScope = fields.length ? this.createScopeForNodes(fields) : EMPTY_SCOPE;
    const globalScope = this.createScopeForNodes([...this.names.globalsOf(document).values()], fieldScope);
    const aliases = visible.context ? [...visible.context.aliases.values()].map((binding) => binding.node) : [];
    const aliasScope = this.createScope(
      aliases.map((node, index) => this.descriptions.createDescription(node, [...visible.context!.aliases.keys()][index]!)),
      globalScope,
    );
    return this.createScope(
      [...visible.locals].map(([name, node]) => this.descriptions.createDescription(node, name)),
      aliasScope,
    );
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
