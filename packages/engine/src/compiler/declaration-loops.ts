/**
 * Declaration loops (language §6.12): a top-level `for NAME in A..B:` with integer-literal bounds is
 * unrolled before parsing, replacing `{NAME}` by each value anywhere in its body, with the reference's
 * text-level rules (body = the following lines indented deeper than column 0; at most 10 000 iterations per
 * loop and 10 passes).
 */

import type { CompileError } from './compile-error.js';

const HEADER = /^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(-?[0-9]+)\s*(\.\.=?)\s*(-?[0-9]+)\s*:\s*$/;
const MAX_ITERATIONS = 10_000;
const MAX_PASSES = 10;

export interface ExpandedText {
  readonly text: string;
  readonly errors: CompileError[];
}

export function expandDeclarationLoops(text: string): ExpandedText {
  const errors: CompileError[] = [];
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = expandOnce(current, errors);
    if (next === current) return { text: current, errors };
    current = next;
  }
  if (expandOnce(current, []) !== current) {
    errors.push({
      code: 'VPL-T004',
      message: `Declaration loops are nested more than ${MAX_PASSES} deep.`,
      span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      severity: 'error',
    });
  }
  return { text: current, errors };
}

function expandOnce(text: string, errors: CompileError[]): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = line.startsWith('for ') ? HEADER.exec(line.trimEnd()) : null;
    if (m === null) {
      out.push(line);
      continue;
    }
    const [, name, a, op, b] = m;
    const start = Number(a);
    const end = op === '..=' ? Number(b) : Number(b) - 1;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || /^[ \t]/.test(lines[j]!))) body.push(lines[j++]!);
    // trailing blank lines belong to what follows
    while (body.length > 0 && body[body.length - 1]!.trim() === '') {
      body.pop();
      j--;
    }
    const first = body.find((l) => l.trim() !== '');
    const indent = first === undefined ? '' : /^[ \t]*/.exec(first)![0];
    const dedented = body.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const count = end - start + 1;
    if (count > MAX_ITERATIONS) {
      errors.push({
        code: 'VPL-T004',
        message: `A declaration loop may have at most ${MAX_ITERATIONS} iterations, not ${count}.`,
        span: { line: i + 1, column: 1, endLine: i + 1, endColumn: line.length + 1 },
        severity: 'error',
      });
      i = j - 1;
      changed = true;
      continue;
    }
    const token = `{${name}}`;
    for (let v = start; v <= end; v++) for (const l of dedented) out.push(l.split(token).join(String(v)));
    i = j - 1;
    changed = true;
  }
  return changed ? out.join('\n') : text;
}
