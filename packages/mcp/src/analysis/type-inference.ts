import { type ast, typeRefText, typeToString, type VplType } from '@varpulis/language';
import { languageServices } from './services.js';

/**
 * Types for explanations, as VPL writes them (`float`, `str?`, `[int]`, `Reading`, `int | float`), from the
 * language's type computer (the editor shows the same). `unknown` where the type cannot be known statically.
 * Explanations never fail on a type: an exception of the computer reads as `unknown`.
 */
function text(compute: () => VplType): string {
  try {
    return typeToString(compute());
  } catch {
    return 'unknown';
  }
}

/** The static type of an expression. */
export function inferType(expr: ast.Expression | ast.Expr | undefined): string {
  return text(() => languageServices().typing.TypeComputer.typeOf(expr as ast.Expr | undefined));
}

/** The type of an output field of a stream that no declaration gives: computed by its shaping operations. */
export function computedFieldType(stream: ast.StreamDecl, name: string): string {
  return text(() => languageServices().typing.TypeComputer.typeOfComputedField(stream, name));
}

/** A type annotation as written, or `unknown` without one. */
export function typeText(type: ast.TypeRef | undefined): string {
  return typeRefText(type) ?? 'unknown';
}
