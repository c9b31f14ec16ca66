/** A position in a text: 1-based line and column (columns count UTF-16 code units, as editors do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A range of a text; `end` points just past the last character. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A replacement of one range of a text. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** Offsets of line starts, to convert between offsets and 1-based positions. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetOf(position: Position): number {
    const line = Math.min(Math.max(position.line, 1), this.starts.length);
    const start = this.starts[line - 1]!;
    const next = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return Math.min(start + Math.max(position.column - 1, 0), next);
  }

  positionOf(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  textOf(range: Range): string {
    return this.text.slice(this.offsetOf(range.start), this.offsetOf(range.end));
  }

  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const end = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return this.text.slice(start, end);
  }
}

/** A Langium (LSP, 0-based) range as a 1-based {@link Range}. */
export function fromLspRange(range: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): Range {
  return {
    start: { line: range.start.line + 1, column: range.start.character + 1 },
    end: { line: range.end.line + 1, column: range.end.character + 1 },
  };
}

/**
 * Applies edits to a text. Overlapping edits are skipped (the first one, in start order, wins); returns the new
 * text and the edits that were applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[] } {
  const index = new LineIndex(text);
  const withOffsets = edits
    .map((edit, order) => ({
      edit,
      order,
      start: index.offsetOf(edit.range.start),
      end: index.offsetOf(edit.range.end),
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const kept: typeof withOffsets = [];
  let lastEnd = -1;
  for (const e of withOffsets) {
    // Two insertions at the same point are fine; anything else that overlaps is skipped.
    if (
      e.start < lastEnd ||
      (e.start === lastEnd && kept.length > 0 && kept[kept.length - 1]!.start === e.start && e.start !== e.end)
    ) {
      continue;
    }
    kept.push(e);
    lastEnd = Math.max(lastEnd, e.end);
  }
  let out = '';
  let cursor = 0;
  for (const e of kept) {
    out += text.slice(cursor, e.start) + e.edit.newText;
    cursor = e.end;
  }
  out += text.slice(cursor);
  return { text: out, applied: kept.map((e) => e.edit) };
}

/** Number of lines of a text (a trailing newline does not start a line). */
export function countLines(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith('\n') ? n - 1 : n;
}
