/**
 * Whether evaluating an expression can never charge the step budget (semantics §16): it calls no user
 * function, lambda or array method, builds no range and calls no collection builtin. Such an expression
 * needs no top-level evaluation frame (the budget reset and the `try` that turns an exhausted budget into
 * VPL-R005): its compiled closure can be called directly.
 */

import type { ExprPlan } from '../../plan/expression.js';
import { builtinUsesBudget } from '../builtins/registry.js';

export function isBudgetFree(e: ExprPlan): boolean {
  switch (e.kind) {
    case 'literal':
    case 'constant':
    case 'global':
    case 'field':
    case 'alias':
    case 'aliasField':
    case 'builtinVar':
    case 'dynamic':
    case 'record':
    case 'aggregate':
    case 'template':
      return true;
    case 'member':
      return isBudgetFree(e.object);
    case 'index':
      return isBudgetFree(e.object) && isBudgetFree(e.index);
    case 'slice':
      return (
        isBudgetFree(e.object) && (e.start === null || isBudgetFree(e.start)) && (e.end === null || isBudgetFree(e.end))
      );
    case 'callBuiltin':
      return !builtinUsesBudget(e.name) && e.args.every((a) => isBudgetFree(a.value));
    case 'unary':
    case 'not':
    case 'is':
      return isBudgetFree(e.operand);
    case 'binary':
    case 'logical':
    case 'compare':
      return isBudgetFree(e.left) && isBudgetFree(e.right);
    case 'if':
      return isBudgetFree(e.condition) && isBudgetFree(e.then) && isBudgetFree(e.otherwise);
    case 'array':
      return e.elements.every(isBudgetFree);
    case 'map':
      return e.entries.every((m) => isBudgetFree(m.value));
    default:
      // local (only inside functions and lambdas), range, callFunction, callMethod, callValue, lambda
      return false;
  }
}
