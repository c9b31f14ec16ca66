// Output fingerprints: the number of emitted events and a checksum of what they carry, comparable across the
// engine (EventRecord values), the CLI (JSON lines), the hand-written code and RxJS (plain objects).
//
// Each emitted event contributes one canonical line `stream|timestamp|v1|v2|…` (the fields listed for that
// stream by the scenario, in order). Numbers are compared as numbers: an int and an integral float are the
// same (`6` and `6.0`), and floats are rounded to 12 significant digits so that two correct implementations
// that add the same values in a different association still agree. The checksum is FNV-1a (32 bit) over the
// lines in emission order, so order matters.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The canonical text of one value (engine values, JSON values or plain JavaScript values). */
export function canonical(v) {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v)) return String(v);
      if (!Number.isFinite(v)) return 'null'; // JSON renders non-finite floats as null (semantics §2.6)
      return String(Number(v.toPrecision(12)));
    case 'bigint':
      return String(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v.value === 'number' && Object.keys(v).length === 1) return canonical(v.value); // FloatValue
  if (typeof v.toISOString === 'function') return JSON.stringify(v.toISOString());
  return JSON.stringify(String(v));
}

export class OutputHasher {
  constructor(fieldsByStream) {
    this.fieldsByStream = fieldsByStream;
    this.count = 0;
    this.hash = FNV_OFFSET;
    this.byStream = {};
    /** the first few lines, to show what differs when two implementations disagree */
    this.sample = [];
  }

  fieldsOf(stream) {
    const fields = this.fieldsByStream[stream];
    if (fields === undefined) throw new Error(`unexpected output stream '${stream}'`);
    return fields;
  }

  /** Adds one emitted event; `get(name)` reads a field. */
  add(stream, timestamp, get) {
    let line = `${stream}|${timestamp}`;
    for (const f of this.fieldsOf(stream)) line += `|${canonical(get(f))}`;
    let h = this.hash;
    for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), FNV_PRIME);
    h = Math.imul(h ^ 10, FNV_PRIME);
    this.hash = h >>> 0;
    this.count++;
    this.byStream[stream] = (this.byStream[stream] ?? 0) + 1;
    if (this.sample.length < 5) this.sample.push(line);
  }

  /** An engine EmittedEvent ({stream, timestamp, record}); also checks the emitted field names. */
  addEngine(e) {
    const fields = this.fieldsOf(e.stream);
    const names = e.record.fieldNames;
    if (names.length !== fields.length || names.some((n, i) => n !== fields[i])) {
      throw new Error(`stream ${e.stream} emitted fields [${names.join(', ')}], expected [${fields.join(', ')}]`);
    }
    this.add(e.stream, e.timestamp, (f) => e.record.get(f));
  }

  /** One line of `varpulis run --output jsonl`. */
  addJsonl(line) {
    const o = JSON.parse(line);
    const fields = this.fieldsOf(o.stream);
    const names = Object.keys(o.data);
    if (names.length !== fields.length || names.some((n, i) => n !== fields[i])) {
      throw new Error(`stream ${o.stream} emitted fields [${names.join(', ')}], expected [${fields.join(', ')}]`);
    }
    this.add(o.stream, o.timestamp, (f) => o.data[f]);
  }

  /** A plain object from the hand-written or RxJS implementations. */
  addPlain(stream, t, obj) {
    this.add(stream, t, (f) => obj[f]);
  }

  result() {
    return { count: this.count, checksum: this.hash.toString(16).padStart(8, '0'), byStream: this.byStream };
  }
}

/** Whether two fingerprints are equal. */
export const sameOutputs = (a, b) => a !== null && b !== null && a.count === b.count && a.checksum === b.checksum;
