import type { EventDecl } from '../generated/ast.js';

/** The static type of a VPL expression (§7 of the language guide). `unknown` means "cannot be known statically". */
export type VplType =
  | {
      readonly kind:
        | 'int'
        | 'float'
        | 'number'
        | 'str'
        | 'bool'
        | 'timestamp'
        | 'duration'
        | 'null'
        | 'unknown'
        | 'function';
    }
  | { readonly kind: 'array'; readonly element: VplType }
  | { readonly kind: 'map'; readonly key: VplType; readonly value: VplType }
  | { readonly kind: 'tuple'; readonly elements: readonly VplType[] }
  | { readonly kind: 'stream'; readonly element: VplType }
  | { readonly kind: 'event'; readonly name: string; readonly declaration?: EventDecl }
  | { readonly kind: 'record'; readonly fields: ReadonlyMap<string, VplType> }
  | { readonly kind: 'optional'; readonly inner: VplType };

const simple = <
  K extends 'int' | 'float' | 'number' | 'str' | 'bool' | 'timestamp' | 'duration' | 'null' | 'unknown' | 'function',
>(
  kind: K,
) => ({ kind }) as const;

export const Types = {
  int: simple('int'),
  float: simple('float'),
  number: simple('number'),
  str: simple('str'),
  bool: simple('bool'),
  timestamp: simple('timestamp'),
  duration: simple('duration'),
  null: simple('null'),
  unknown: simple('unknown'),
  function: simple('function'),
  array: (element: VplType): VplType => ({ kind: 'array', element }),
  map: (key: VplType, value: VplType): VplType => ({ kind: 'map', key, value }),
  optional: (inner: VplType): VplType =>
    inner.kind === 'optional' || inner.kind === 'unknown' ? inner : { kind: 'optional', inner },
} as const;

/** The type as VPL writes it: `int`, `[str]`, `{str: float}`, `Reading`, `float?`. */
export function typeToString(type: VplType): string {
  switch (type.kind) {
    case 'array':
      return `[${typeToString(type.element)}]`;
    case 'map':
      return `{${typeToString(type.key)}: ${typeToString(type.value)}}`;
    case 'tuple':
      return `(${type.elements.map(typeToString).join(', ')})`;
    case 'stream':
      return `Stream<${typeToString(type.element)}>`;
    case 'event':
      return type.name;
    case 'record':
      return `{${[...type.fields].map(([name, field]) => `${name}: ${typeToString(field)}`).join(', ')}}`;
    case 'optional':
      return `${typeToString(type.inner)}?`;
    case 'number':
      return 'int | float';
    default:
      return type.kind;
  }
}

export function isNumeric(type: VplType): boolean {
  return type.kind === 'int' || type.kind === 'float' || type.kind === 'number';
}

/** The type of both branches of a conditional or the elements of a literal: their common type, else unknown. */
export function commonType(types: readonly VplType[]): VplType {
  const known = types.filter((t) => t.kind !== 'null' && t.kind !== 'unknown');
  const nullable = known.length < types.length && types.some((t) => t.kind === 'null');
  if (known.length === 0) return types.length && types.every((t) => t.kind === 'null') ? Types.null : Types.unknown;
  let result = known[0]!;
  for (const type of known.slice(1)) {
    if (typeToString(type) === typeToString(result)) continue;
    if (isNumeric(type) && isNumeric(result))
      result = type.kind === 'float' || result.kind === 'float' ? Types.float : Types.number;
    else return Types.unknown;
  }
  return nullable ? Types.optional(result) : result;
}

/** Parses the type notation of the builtin registry (`int`, `[str]`, `number`, `T`, `any`). */
export function parseTypeNotation(text: string): VplType {
  const t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) return Types.array(parseTypeNotation(t.slice(1, -1)));
  switch (t) {
    case 'int':
    case 'float':
    case 'number':
    case 'str':
    case 'bool':
    case 'timestamp':
    case 'duration':
    case 'null':
      return Types[t];
    default:
      return Types.unknown;
  }
}
