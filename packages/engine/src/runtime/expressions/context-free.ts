/**
 * Whether an expression's value depends only on the record and alias bindings it is evaluated against: no
 * `var` global (a `.process(...)` or the engine API may change it), no `now()`, no built-in variable, no user
 * function, lambda or dynamic name. Such an expression gives the same value (and the same diagnostics)
 * whenever it is evaluated for a record, so an operator may evaluate it when the record arrives instead of
 * when the record is released (fused count windows do, semantics §9.2).
 */

import type { ExprPlan } from '../../plan/expression.js';

/** Builtins that read the evaluation context rather than their arguments. */
const CONTEXT_BUILTINS: ReadonlySet<string> = new Set(['now']);

export function isContextFree(e: ExprPlan): boolean {
  switch (e.kind) {
    case 'literal':
    case 'constant':
    case 'field':
    case 'alias':
    case 'aliasField':
    case 'record':
      return true;
    case 'member':
      return isContextFree(e.object);
    case 'index':
      return isContextFree(e.object) && isContextFree(e.index);
    case 'slice':
      return (
        isContextFree(e.object) &&
        (e.start === null || isContextFree(e.start)) &&
        (e.end === null || isContextFree(e.end))
      );
    case 'callBuiltin':
      return !CONTEXT_BUILTINS.has(e.name) && e.args.every((a) => isContextFree(a.value));
    case 'callMethod':
      return isContextFree(e.receiver) && e.args.every((a) => isContextFree(a.value));
    case 'unary':
      return isContextFree(e.operand);
    case 'not':
      return isContextFree(e.operand);
    case 'is':
      return isContextFree(e.operand);
    case 'binary':
    case 'logical':
    case 'compare':
      return isContextFree(e.left) && isContextFree(e.right);
    case 'range':
      return isContextFree(e.start) && isContextFree(e.end);
    case 'if':
      return isContextFree(e.condition) && isContextFree(e.then) && isContextFree(e.otherwise);
    case 'array':
      return e.elements.every(isContextFree);
    case 'map':
      return e.entries.every((m) => isContextFree(m.value));
    default:
      // local, global, builtinVar, dynamic, aggregate, callFunction, callValue, lambda, template
      return false;
  }
}
