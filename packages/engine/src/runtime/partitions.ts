/**
 * Partition keys (semantics §2.5, §8.6): the value of a field, normalised so that `==` values share a key
 * (`1` and `1.0`, NaN and NaN). A record without the field belongs to the `null` key.
 */

import { decodeValue, type Json } from './state-codec.js';
import { type Key, keyOf, tupleKey } from './values/keys.js';
import type { EventRecord } from './values/record.js';
import type { Value } from './values/value.js';

/** Extracts the partition key of a record for one or several key fields. */
export class KeyExtractor {
  constructor(readonly fields: readonly string[]) {}

  /** The key of `record`. */
  key(record: EventRecord): Key {
    const f = this.fields;
    if (f.length === 1) return keyOf(record.get(f[0]!));
    return tupleKey(f.map((name) => record.get(name)));
  }

  /** The key values of `record` (kept as the partition's value, carried into results). */
  values(record: EventRecord): Value[] {
    return this.fields.map((name) => record.get(name));
  }
}

/**
 * Remembers the order in which partitions were first seen by an operator (the tie-break of semantics §4.4
 * for windows that fire at the same end). The order survives the partition's state being emptied.
 */
export class FirstSeenOrder {
  private readonly order = new Map<Key, number>();

  rank(key: Key): number {
    let r = this.order.get(key);
    if (r === undefined) {
      r = this.order.size;
      this.order.set(key, r);
    }
    return r;
  }

  checkpoint(): Json {
    return [...this.order.keys()].map((k) => encodeKey(k));
  }

  restore(state: Json): void {
    this.order.clear();
    for (const k of state as Json[]) this.rank(decodeKey(k));
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
