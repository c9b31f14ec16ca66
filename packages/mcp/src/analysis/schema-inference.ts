import type { EventRecord } from '@varpulis/engine';

/** A proposed field of an event declaration. */
export interface InferredField {
  name: string;
  /** VPL type, `?` included when the field is missing or null in some samples */
  type: string;
  optional: boolean;
  /** in how many samples of the type the field appears */
  seen: number;
  examples: string[];
}

export interface InferredEventType {
  name: string;
  samples: number;
  fields: InferredField[];
  /** the proposed `event` declaration */
  declaration: string;
  /** fields left out of the declaration (names that are not VPL identifiers) */
  skippedFields: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The VPL type of one value (`null` for null). */
function typeOfValue(value: unknown, depth = 0): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return ISO_DATE.test(value) ? 'timestamp' : 'str';
  if (Array.isArray(value)) {
    if (depth > 4) return '[str]';
    const element = unify(value.map((v) => typeOfValue(v, depth + 1)));
    return `[${element ?? 'str'}]`;
  }
  if (value instanceof Map) {
    if (depth > 4) return '{str: str}';
    const element = unify([...value.values()].map((v) => typeOfValue(v, depth + 1)));
    return `{str: ${element ?? 'str'}}`;
  }
  const constructorName = (value as { constructor?: { name?: string } }).constructor?.name;
  if (constructorName === 'FloatValue') return 'float';
  if (constructorName === 'Timestamp') return 'timestamp';
  if (constructorName === 'Duration') return 'duration';
  if (constructorName === 'EventRecord') return '{str: str}';
  return 'str';
}

/** The common type of several values' types: int + float → float, timestamp + str → str, otherwise the first wins. */
function unify(types: readonly (string | null)[]): string | null {
  let result: string | null = null;
  for (const t of types) {
    if (t === null) continue;
    if (result === null || result === t) {
      result = t;
    } else if ((result === 'int' && t === 'float') || (result === 'float' && t === 'int')) {
      result = 'float';
    } else if ((result === 'str' && t === 'timestamp') || (result === 'timestamp' && t === 'str')) {
      result = 'str';
    } else if (result.startsWith('[') && t.startsWith('[')) {
      result = `[${unify([result.slice(1, -1), t.slice(1, -1)]) ?? 'str'}]`;
    } else {
      // incompatible kinds: keep the more general string type
      result = 'str';
    }
  }
  return result;
}

function display(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return '{…}';
  if (Array.isArray(value)) return `[${value.slice(0, 3).map(display).join(', ')}${value.length > 3 ? ', …' : ''}]`;
  const boxed = (value as { value?: unknown } | null)?.value;
  if (typeof boxed === 'number') return boxed.toFixed(1);
  return String(value);
}

/**
 * Proposes `event` declarations from sample events: one per event type, a field per name seen, its type unified
 * over the samples (int and float give float), and `?` when the field is missing or null in some samples.
 */
export function inferEventTypes(records: readonly EventRecord[]): InferredEventType[] {
  const byType = new Map<
    string,
    {
      samples: number;
      fields: Map<string, { types: (string | null)[]; seen: number; nulls: number; examples: string[] }>;
    }
  >();
  for (const record of records) {
    let entry = byType.get(record.type);
    if (!entry) {
      entry = { samples: 0, fields: new Map() };
      byType.set(record.type, entry);
    }
    entry.samples++;
    for (const [name, value] of record.entries()) {
      let f = entry.fields.get(name);
      if (!f) {
        f = { types: [], seen: 0, nulls: 0, examples: [] };
        entry.fields.set(name, f);
      }
      f.seen++;
      const t = typeOfValue(value);
      if (t === null) f.nulls++;
      f.types.push(t);
      const shown = display(value);
      if (f.examples.length < 3 && !f.examples.includes(shown)) f.examples.push(shown);
    }
  }
  const out: InferredEventType[] = [];
  for (const [name, entry] of byType) {
    const fields: InferredField[] = [];
    const skipped: string[] = [];
    for (const [fieldName, f] of entry.fields) {
      if (!IDENTIFIER.test(fieldName)) {
        skipped.push(fieldName);
        continue;
      }
      const base = unify(f.types) ?? 'str';
      const optional = f.seen < entry.samples || f.nulls > 0;
      fields.push({
        name: fieldName,
        type: optional ? `${base}?` : base,
        optional,
        seen: f.seen,
        examples: f.examples,
      });
    }
    const declaration =
      `event ${name}:\n` +
      (fields.length > 0
        ? fields.map((f) => `    ${f.name}: ${f.type}`).join('\n')
        : '    # no fields seen: add at least one field');
    out.push({ name, samples: entry.samples, fields, declaration, skippedFields: skipped });
  }
  return out;
}
