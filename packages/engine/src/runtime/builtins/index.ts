/**
 * Builtin scalar functions and array methods: the registry, and the plain-data signatures the validator
 * shares.
 */

export type { FixedImpl, MethodImpl, VariadicImpl } from './helpers.js';
export {
  BUILTINS,
  type BuiltinFunction,
  type BuiltinMethod,
  lookupBuiltin,
  lookupMethod,
  METHODS,
} from './registry.js';
export {
  ARRAY_METHODS,
  BUILTIN_FUNCTIONS,
  type BuiltinParam,
  type BuiltinSignature,
  NOT_BUILTINS,
} from './signatures.js';
