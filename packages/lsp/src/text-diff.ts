import type { Range, TextEdit } from 'vscode-languageserver';

/** One changed region of a line diff: lines [oldStart, oldEnd) of the old text become `newLines`. */
export interface LineHunk {
  oldStart: number;
  oldEnd: number;
  newLines: string[];
}

/**
 * The hunks that turn `oldLines` into `newLines` (Myers' O(ND) diff on lines; a common prefix and suffix are
 * stripped first, so typical formatter output costs little). Falls back to one hunk beyond `maxEdits`.
 */
export function diffLines(oldLines: readonly string[], newLines: readonly string[], maxEdits = 2000): LineHunk[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const a = oldLines.slice(prefix, oldLines.length - suffix);
  const b = newLines.slice(prefix, newLines.length - suffix);
  if (a.length === 0 && b.length === 0) return [];
  const script = myers(a, b, maxEdits);
  if (!script) return splitAligned([{ oldStart: prefix, oldEnd: prefix + a.length, newLines: [...b] }]);
  // script: a list of ['=', '-', '+'] operations; group runs of changes into hunks.
  const hunks: LineHunk[] = [];
  let i = 0;
  let j = 0;
  let current: LineHunk | undefined;
  for (const op of script) {
    if (op === '=') {
      if (current) hunks.push(current);
      current = undefined;
      i++;
      j++;
    } else if (op === '-') {
      current ??= { oldStart: prefix + i, oldEnd: prefix + i, newLines: [] };
      i++;
      current.oldEnd = prefix + i;
    } else {
      current ??= { oldStart: prefix + i, oldEnd: prefix + i, newLines: [] };
      current.newLines.push(b[j]!);
      j++;
    }
  }
  if (current) hunks.push(current);
  return splitAligned(hunks);
}

/** A hunk that replaces n lines by n lines becomes n one-line hunks (finer edits for range formatting). */
function splitAligned(hunks: LineHunk[]): LineHunk[] {
  const out: LineHunk[] = [];
  for (const hunk of hunks) {
    if (hunk.oldEnd - hunk.oldStart === hunk.newLines.length && hunk.newLines.length > 1) {
      for (const [index, line] of hunk.newLines.entries()) {
        out.push({ oldStart: hunk.oldStart + index, oldEnd: hunk.oldStart + index + 1, newLines: [line] });
      }
    } else {
      out.push(hunk);
    }
  }
  return out;
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): ('=' | '-' | '+')[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset, d, v);
    }
  }
  return undefined;
}

function backtrack(
  trace: Int32Array[],
  a: readonly string[],
  b: readonly string[],
  offset: number,
  dEnd: number,
  last: Int32Array,
): ('=' | '-' | '+')[] {
  const ops: ('=' | '-' | '+')[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    ops.push(x === prevX ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  void last;
  return ops.reverse();
}

/**
 * Text edits for the hunks of a diff between `text.split('\n')` arrays, in document order. Element i of such an
 * array is followed by a line break, except the last one.
 */
export function hunksToEdits(hunks: readonly LineHunk[], oldLines: readonly string[]): TextEdit[] {
  const last = oldLines.length - 1;
  const end = { line: last, character: oldLines[last]!.length };
  return hunks.map((hunk) => {
    if (hunk.oldStart > last) {
      return { range: { start: end, end }, newText: hunk.newLines.map((line) => `\n${line}`).join('') };
    }
    const start = { line: hunk.oldStart, character: 0 };
    if (hunk.oldEnd > last) {
      const range: Range = { start, end };
      return { range, newText: hunk.newLines.join('\n') };
    }
    return {
      range: { start, end: { line: hunk.oldEnd, character: 0 } },
      newText: hunk.newLines.map((line) => `${line}\n`).join(''),
    };
  });
}

/** The minimal line edits that turn `oldText` into `newText`. */
export function textEdits(oldText: string, newText: string): TextEdit[] {
  const oldLines = oldText.split('\n');
  return hunksToEdits(diffLines(oldLines, newText.split('\n')), oldLines);
}
