/**
 * Partition keys (semantics §2.5, §8.6): the value of a field, normalised so that `==` values share a key
 * (`1` and `1.0`, NaN and NaN). A record without the field belongs to the `null` key.
 */

import { decodeValue, type Json } from './state-codec.js';
import { type Key, keyOf, tupleKey } from './values/keys.js';
import type { EventRecord, Shape } from './values/record.js';
import type { Value } from './values/value.js';

/** Extracts the partition key of a record for one or several key fields. */
export class KeyExtractor {
  /** one-entry cache of the first field's slot: the shape of the last record seen and the slot in it */
  private shape: Shape | null = null;
  private slot = -1;

  constructor(readonly fields: readonly string[]) {}

  /** The key of `record`. */
  key(record: EventRecord): Key {
    const f = this.fields;
    if (f.length === 1) return keyOf(this.first(record));
    return tupleKey(f.map((name) => record.get(name)));
  }

  /** The value of the first key field of `record` (`null` when it lacks it). */
  first(record: EventRecord): Value {
    if (record.shape !== this.shape) {
      this.shape = record.shape;
      this.slot = record.shape.indexOf(this.fields[0]!);
    }
    return this.slot < 0 ? null : record.values[this.slot]!;
  }

  /** The key values of `record` (kept as the partition's value, carried into results). */
  values(record: EventRecord): Value[] {
    return this.fields.map((name) => record.get(name));
  }
}

/** Keys are primitives; bigints need a JSON form. */
export function encodeKey(k: Key): Json {
  return typeof k === 'bigint'
    ? { i: k.toString() }
    : typeof k === 'number' && !Number.isFinite(k)
      ? { f: String(k) }
      : k;
}

export function decodeKey(j: Json): Key {
  if (j !== null && typeof j === 'object') return decodeValue(j) as Key;
  return j as Key;
}
