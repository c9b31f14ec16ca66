import type { ValidationChecks } from 'langium';
import type { VplAstType } from '../generated/ast.js';
import type { VplServices } from '../vpl-module.js';

/** A topic file of checks: a function from the services to the checks it registers per AST type. */
export type VplCheckSet = (services: VplServices) => ValidationChecks<VplAstType>;

/**
 * The registry of VPL's static checks (the static-check table of the language guide). Checks live in topic
 * files (declarations, streams, windows, patterns, joins, names, expressions, imperative, connectors, types);
 * this function only registers them.
 */
export function registerVplValidationChecks(services: VplServices, checkSets: readonly VplCheckSet[]): void {
  const registry = services.validation.ValidationRegistry;
  for (const checkSet of checkSets) {
    registry.register(checkSet(services));
  }
}
