import {
  isArrayType,
  isMapType,
  isNamedType,
  isPrimitiveType,
  isStreamType,
  isTupleType,
  type TypeRef,
} from '../generated/ast.js';

/**
 * A type annotation as VPL writes it, names kept as written (`str`, `[float]`, `{str: int}`, `Money`, `int?`):
 * for showing a declaration. `undefined` without an annotation. (`VplTypeComputer.typeOfTypeRef` gives the type it
 * denotes, with type aliases resolved.)
 */
export function typeRefText(type: TypeRef | undefined): string | undefined {
  if (!type) return undefined;
  const base = type.base;
  let text: string;
  if (isPrimitiveType(base)) text = base.name;
  else if (isArrayType(base)) text = `[${typeRefText(base.element) ?? '?'}]`;
  else if (isMapType(base)) text = `{${typeRefText(base.key) ?? '?'}: ${typeRefText(base.value) ?? '?'}}`;
  else if (isTupleType(base)) text = `(${base.elements.map((e) => typeRefText(e) ?? '?').join(', ')})`;
  else if (isStreamType(base)) text = `Stream<${typeRefText(base.element) ?? '?'}>`;
  else if (isNamedType(base)) text = base.ref?.$refText ?? '?';
  else text = '?';
  return type.optional ? `${text}?` : text;
}
