import type { Builtin } from '../builtins/builtins.js';
import { commonType, parseTypeNotation, Types, type VplType } from './model.js';

/**
 * The result type of a call of a builtin, from its registry notation (§12): type variables (`T`, `K`, `V`, `U`)
 * bound by matching the parameters against the argument types (`first(xs)` on `[str]` is `str?`); `number`
 * narrowed by the numeric arguments, with the int/float rule (`sum(qty)` on an int is int, a float argument makes
 * it float); `any` (`coalesce`, `first` inside `.aggregate`) the common type of the arguments; a result written
 * like the first parameter (`sort`, `reverse`, `push`) the first argument's type. For a method, the receiver is the
 * first argument, an array. `unknown` where the arguments do not tell.
 */
export function builtinResult(builtin: Builtin, args: readonly VplType[]): VplType {
  const params = builtin.kind === 'method' ? [receiverNotation(builtin), ...builtin.params] : builtin.params;
  const bindings = new Map<string, VplType>();
  const numbers: VplType[] = [];
  args.forEach((arg, i) => {
    const param = params[Math.min(i, params.length - 1)];
    if (param !== undefined) bind(param, strip(arg), bindings, numbers);
  });
  const result = builtin.result.trim();
  if (result === 'any') return commonType(args.map(strip));
  const sameAsFirst = result === params[0] && result !== 'number';
  if (sameAsFirst && args[0] && args[0].kind !== 'unknown') return strip(args[0]);
  return instantiate(result, bindings, narrow(numbers), true);
}

/** What a method is called on: an array (of numbers for `.sum()`, of arrays for `.flatten()`). */
function receiverNotation(method: Builtin): string {
  if (method.result === 'number') return '[number]';
  return method.name === 'flatten' ? '[[T]]' : '[T]';
}

/** Matches a parameter's notation against an argument type, binding type variables and collecting numbers. */
function bind(param: string, arg: VplType, bindings: Map<string, VplType>, numbers: VplType[]): void {
  const notation = param.trim();
  if (notation.includes('|')) {
    for (const alternative of notation.split('|')) {
      const text = alternative.trim();
      if (text.startsWith('[') === (arg.kind === 'array') && text.startsWith('{') === (arg.kind === 'map')) {
        bind(text, arg, bindings, numbers);
        return;
      }
    }
    return;
  }
  if (notation === 'number' || notation === 'alias.field') {
    numbers.push(arg);
    return;
  }
  if (/^[A-Z]$/.test(notation)) {
    if (arg.kind !== 'unknown' && !bindings.has(notation)) bindings.set(notation, arg);
    return;
  }
  if (notation.startsWith('[') && notation.endsWith(']') && !notation.includes(',')) {
    if (arg.kind === 'array') bind(notation.slice(1, -1), strip(arg.element), bindings, numbers);
    return;
  }
  const map = /^\{\s*(\w+)\s*:\s*(\w+)\s*\}$/.exec(notation);
  if (map && arg.kind === 'map') {
    bind(map[1]!, arg.key, bindings, numbers);
    bind(map[2]!, strip(arg.value), bindings, numbers);
  }
}

/** int when every numeric argument is an int, float when one is a float, else int | float. */
function narrow(numbers: readonly VplType[]): VplType {
  if (numbers.length > 0 && numbers.every((n) => n.kind === 'int')) return Types.int;
  if (numbers.some((n) => n.kind === 'float')) return Types.float;
  return Types.number;
}

/** A result notation with its type variables replaced; an element taken out of a collection may be null. */
function instantiate(notation: string, bindings: ReadonlyMap<string, VplType>, number: VplType, top: boolean): VplType {
  const text = notation.trim();
  if (text === 'number') return number;
  if (/^[A-Z]$/.test(text)) {
    const bound = bindings.get(text) ?? Types.unknown;
    return top ? Types.optional(bound) : bound;
  }
  if (text.startsWith('[') && text.endsWith(']') && !text.includes(',') && !text.includes('|'))
    return Types.array(instantiate(text.slice(1, -1), bindings, number, false));
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1);
    // `[[T, U]]`: arrays of pairs; a pair is an array of mixed elements.
    if (inner.startsWith('[') && inner.endsWith(']')) return Types.array(Types.array(Types.unknown));
  }
  return parseTypeNotation(text);
}

function strip(type: VplType): VplType {
  return type.kind === 'optional' ? type.inner : type;
}
