/**
 * The one registry of builtin scalar functions and array methods (semantics §7.7, L19): every signature of
 * `signatures.ts` paired with its implementation.
 */

import { collectionFixed } from './collections.js';
import { conversionFixed, conversionVariadic } from './conversion.js';
import type { FixedImpl, MethodImpl, VariadicImpl } from './helpers.js';
import { mathFixed, mathVariadic } from './math.js';
import { arrayMethods } from './methods.js';
import { ARRAY_METHODS, BUILTIN_FUNCTIONS, type BuiltinSignature } from './signatures.js';
import { stringFixed, stringVariadic } from './strings.js';

/** A builtin function: its signature and either a fixed-arity or a variadic implementation. */
export type BuiltinFunction =
  | { readonly signature: BuiltinSignature; readonly variadic: false; readonly impl: FixedImpl }
  | { readonly signature: BuiltinSignature; readonly variadic: true; readonly impl: VariadicImpl };

/** An array method: its signature and implementation. */
export interface BuiltinMethod {
  readonly signature: BuiltinSignature;
  readonly impl: MethodImpl;
}

const fixed: Record<string, FixedImpl> = { ...mathFixed, ...stringFixed, ...collectionFixed, ...conversionFixed };
const variadic: Record<string, VariadicImpl> = { ...mathVariadic, ...stringVariadic, ...conversionVariadic };

function buildFunctions(): ReadonlyMap<string, BuiltinFunction> {
  const out = new Map<string, BuiltinFunction>();
  for (const signature of BUILTIN_FUNCTIONS) {
    const name = signature.name;
    if (signature.maxArgs === null) {
      const impl = variadic[name];
      if (impl === undefined) throw new Error(`builtin '${name}' has a signature but no implementation`);
      out.set(name, { signature, variadic: true, impl });
    } else {
      const impl = fixed[name];
      if (impl === undefined) throw new Error(`builtin '${name}' has a signature but no implementation`);
      out.set(name, { signature, variadic: false, impl });
    }
  }
  for (const name of [...Object.keys(fixed), ...Object.keys(variadic)]) {
    if (!out.has(name)) throw new Error(`builtin '${name}' has an implementation but no signature`);
  }
  return out;
}

function buildMethods(): ReadonlyMap<string, BuiltinMethod> {
  const out = new Map<string, BuiltinMethod>();
  for (const signature of ARRAY_METHODS) {
    const impl = arrayMethods[signature.name];
    if (impl === undefined) throw new Error(`array method '${signature.name}' has no implementation`);
    out.set(signature.name, { signature, impl });
  }
  return out;
}

/** Builtin scalar functions by name (synonyms included). */
export const BUILTINS: ReadonlyMap<string, BuiltinFunction> = buildFunctions();

/** Array methods by name. */
export const METHODS: ReadonlyMap<string, BuiltinMethod> = buildMethods();

/**
 * Whether builtin `name` may charge operations to the step budget (semantics §16): the collection builtins
 * do, per element they generate or sort; the scalar ones never do.
 */
export function builtinUsesBudget(name: string): boolean {
  return Object.hasOwn(collectionFixed, name);
}

/** The builtin function `name`, if there is one. */
export function lookupBuiltin(name: string): BuiltinFunction | undefined {
  return BUILTINS.get(name);
}

/** The array method `name`, if there is one. */
export function lookupMethod(name: string): BuiltinMethod | undefined {
  return METHODS.get(name);
}
