import { type AstNode, AstUtils } from 'langium';
import { type FnDecl, isFnDecl, isVarDecl, type NameRef, type VarDecl } from '../generated/ast.js';
import type { GlobalLookup } from '../utils/constants.js';
import type { VplServices } from '../vpl-module.js';

/**
 * Looks a bare name up among the globals (variables, constants and functions of the program and its imports)
 * through the name resolver, for names the linker resolved to something else or not at all.
 */
export function globalLookup(services: VplServices): GlobalLookup {
  return (nameRef: NameRef) => globalNamed(services, nameRef, nameRef.target?.$refText);
}

/** The global variable, constant or function with that name visible from the node, if any. */
export function globalNamed(
  services: VplServices,
  node: AstNode,
  name: string | undefined,
): VarDecl | FnDecl | undefined {
  if (!name) return undefined;
  const found = services.scoping.NameResolver.globalsOf(AstUtils.getDocument(node)).get(name);
  return found && (isVarDecl(found) || isFnDecl(found)) ? found : undefined;
}
