import type { AstNode } from 'langium';
import { type EventDecl, type FieldDecl, isEventDecl, type TypeRef } from '../generated/ast.js';

/** One field of a record shape: where it is declared (when it is) and its declared type (when known). */
export interface ShapeField {
  readonly name: string;
  readonly declaration?: FieldDecl;
  readonly type?: TypeRef;
}

/**
 * The fields a record has at some point of a pipeline (semantics §5.2, S29). `known` is true only downstream of
 * a declared event type; `opaque` marks records whose origin cannot be described at all (after `.process`), where
 * no name check applies.
 */
export interface RecordShape {
  readonly known: boolean;
  readonly opaque?: boolean;
  readonly fields: ReadonlyMap<string, ShapeField>;
}

export const UNKNOWN_SHAPE: RecordShape = { known: false, fields: new Map() };
export const OPAQUE_SHAPE: RecordShape = { known: false, opaque: true, fields: new Map() };

export function shapeOf(fields: Iterable<ShapeField>, known: boolean): RecordShape {
  const map = new Map<string, ShapeField>();
  for (const field of fields) map.set(field.name, field);
  return { known, fields: map };
}

/** The known shape of a declared event: its base's fields (recursively), then its own (§6.1, L44). */
export function eventShape(event: EventDecl, seen: Set<EventDecl> = new Set()): RecordShape {
  if (seen.has(event)) return UNKNOWN_SHAPE;
  seen.add(event);
  const fields = new Map<string, ShapeField>();
  if (event.base) {
    const base = event.base.ref;
    if (!base || !isEventDecl(base)) return UNKNOWN_SHAPE;
    const baseShape = eventShape(base, seen);
    if (!baseShape.known) return UNKNOWN_SHAPE;
    for (const [name, field] of baseShape.fields) fields.set(name, field);
  }
  for (const field of event.fields) {
    fields.delete(field.name);
    fields.set(field.name, { name: field.name, declaration: field, type: field.type });
  }
  return { known: true, fields };
}

/** A shape with the given names only (`.select`, `.emit`, `.aggregate`): known when its input was. */
export function namedShape(
  names: Iterable<string>,
  input: RecordShape,
  declarations?: Map<string, AstNode>,
): RecordShape {
  const fields: ShapeField[] = [];
  for (const name of names) {
    const previous = input.fields.get(name);
    fields.push(previous && !declarations?.has(name) ? previous : { name });
  }
  return { known: input.known && !input.opaque, opaque: input.opaque, fields: shapeOf(fields, true).fields };
}
