/**
 * Which fields of a match record (semantics §11.7) the rest of a stream can observe. The usual stream reads
 * the captured events through their aliases (`.emit(x: a.f)`), not through the record's `<alias>_<field>`
 * copies: when nothing after the matcher can see those copies, the matcher builds only the head of the match
 * record (the partition key fields and `match_duration_ms`).
 */

import type { OperationPlan } from '../../plan/plan.js';

/**
 * Whether the operations after a matcher read no field of the match record outside `head` before replacing
 * the record (`.emit(...)` with fields, `.select(...)`): then the match record never leaves the stream and its
 * other fields are never read. Conservative: any other operation, a whole-record read, a name looked up at run
 * time or a call of a user function or of a lambda value means the fields may be observed.
 */
export function readsOnlyHead(ops: readonly OperationPlan[], head: ReadonlySet<string>): boolean {
  for (const op of ops) {
    switch (op.kind) {
      case 'noop':
        continue;
      case 'where':
        if (!readsOnly(op.condition, head)) return false;
        continue;
      case 'select':
        return op.fields.every((f) => readsOnly(f.expr, head));
      case 'emit':
        // `.emit()` without fields passes the match record on as it is
        if (op.fields === null) return false;
        return op.fields.every((f) => readsOnly(f.expr, head));
      default:
        return false;
    }
  }
  // the match record is the stream's output
  return false;
}

/** Whether an expression plan reads no field of the current record outside `head`. */
function readsOnly(e: unknown, head: ReadonlySet<string>): boolean {
  if (e === null || typeof e !== 'object') return true;
  if (Array.isArray(e)) return e.every((x) => readsOnly(x, head));
  const node = e as { kind?: unknown; name?: unknown };
  switch (node.kind) {
    case 'record':
    case 'dynamic':
    case 'callFunction':
    case 'callValue':
      return false;
    case 'field':
    case 'builtinVar':
      return typeof node.name === 'string' && head.has(node.name);
  }
  for (const [k, v] of Object.entries(e)) if (k !== 'span' && !readsOnly(v, head)) return false;
  return true;
}
