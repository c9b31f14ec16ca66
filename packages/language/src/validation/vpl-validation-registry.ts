import {
  type AstNode,
  isOperationCancelled,
  type MaybePromise,
  type ValidationAcceptor,
  type ValidationCheck,
  ValidationRegistry,
} from 'langium';

const CHECK_FAILED = 'An error occurred during validation';

/**
 * Langium's validation registry, with checks that stay synchronous when they are: Langium wraps every check in an
 * async function, so each check of each node costs promises even though VPL's checks never await anything. A
 * wrapped check here returns `undefined` when the check completed synchronously and a promise only when the check
 * returned one; a check that throws is reported exactly as Langium reports it (logged, and an error diagnostic on
 * the node), and cancellation still propagates.
 */
export class VplValidationRegistry extends ValidationRegistry {
  protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
    return (node, accept, cancelToken): MaybePromise<void> => {
      try {
        const result = check.call(thisObj, node, accept, cancelToken);
        if (result && typeof (result as Promise<void>).then === 'function') {
          return (result as Promise<void>).catch((error: unknown) => reportCheckFailure(error, accept, node));
        }
      } catch (error) {
        reportCheckFailure(error, accept, node);
      }
      return undefined;
    };
  }
}

function reportCheckFailure(error: unknown, accept: ValidationAcceptor, node: AstNode): void {
  if (isOperationCancelled(error)) throw error;
  console.error(`${CHECK_FAILED}:`, error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  const details = error instanceof Error ? error.message : String(error);
  accept('error', `${CHECK_FAILED}: ${details}`, { node });
}
