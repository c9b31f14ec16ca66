import { formatVpl, type VplServices } from '@varpulis/language';
import type { LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
  DocumentFormattingParams,
  DocumentOnTypeFormattingOptions,
  DocumentOnTypeFormattingParams,
  DocumentRangeFormattingParams,
  TextEdit,
} from 'vscode-languageserver';
import { diffLines, hunksToEdits } from './text-diff.js';

/**
 * Formatting over LSP with the one canonical VPL style of `formatVpl` (language package): whole documents, ranges
 * (the formatted document's changes that touch the range's lines) and on-type (the indentation of a new line, and the
 * line just finished when the document parses). A document with syntax errors is left alone.
 */
export class VplFormatter implements Formatter {
  constructor(private readonly services: VplServices) {}

  get formatOnTypeOptions(): DocumentOnTypeFormattingOptions {
    return { firstTriggerCharacter: '\n', moreTriggerCharacter: [')'] };
  }

  formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): TextEdit[] {
    const text = document.textDocument.getText();
    const result = formatVpl(text, { services: this.services });
    if ('error' in result || !result.changed) return [];
    const oldLines = text.split('\n');
    return hunksToEdits(diffLines(oldLines, result.text.split('\n')), oldLines);
  }

  formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
    const text = document.textDocument.getText();
    const result = formatVpl(text, { services: this.services });
    if ('error' in result || !result.changed) return [];
    const oldLines = text.split('\n');
    const first = params.range.start.line;
    const last =
      params.range.end.character === 0 && params.range.end.line > first
        ? params.range.end.line - 1
        : params.range.end.line;
    const hunks = diffLines(oldLines, result.text.split('\n')).filter(
      (hunk) =>
        hunk.oldStart <= last && (hunk.oldEnd > first || (hunk.oldEnd === hunk.oldStart && hunk.oldStart >= first)),
    );
    return hunksToEdits(hunks, oldLines);
  }

  formatDocumentOnType(document: LangiumDocument, params: DocumentOnTypeFormattingParams): TextEdit[] {
    const text = document.textDocument.getText();
    const lines = text.split('\n');
    if (params.ch !== '\n') {
      return this.formatLines(document, params.position.line, params.position.line);
    }
    const line = params.position.line;
    const current = lines[line] ?? '';
    const edits = this.formatLines(document, line - 1, line - 1).filter(
      (edit) => edit.range.end.line < line || (edit.range.end.line === line && edit.range.end.character === 0),
    );
    if (current.trim() === '') {
      const indent = newLineIndent(lines, line, params.options.tabSize || 4);
      if (current.length !== indent) {
        edits.push({
          range: { start: { line, character: 0 }, end: { line, character: current.length } },
          newText: ' '.repeat(indent),
        });
      }
    }
    return edits;
  }

  private formatLines(document: LangiumDocument, first: number, last: number): TextEdit[] {
    if (first < 0) return [];
    return this.formatDocumentRange(document, {
      textDocument: { uri: document.uri.toString() },
      range: { start: { line: first, character: 0 }, end: { line: last, character: Number.MAX_SAFE_INTEGER } },
      options: { tabSize: 4, insertSpaces: true },
    });
  }
}

/**
 * The indentation of a line just opened with Enter, from the line above: one level deeper after a block header
 * (`fn …:`, `if …:`, `event …:`), after a `stream` declaration's first line and inside an unclosed bracket;
 * the same as an operation line of a stream chain; otherwise the same as the line above.
 */
export function newLineIndent(lines: readonly string[], line: number, unit = 4): number {
  let previous = line - 1;
  while (previous >= 0 && (lines[previous] ?? '').trim() === '') previous--;
  if (previous < 0) return 0;
  const text = (lines[previous] ?? '').replace(/\s+#.*$/, '');
  const indent = text.length - text.trimStart().length;
  const trimmed = text.trim();
  let depth = 0;
  for (const char of trimmed.replace(/"(\\.|[^"\\])*"/g, '""')) {
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
  }
  if (depth > 0) return indent + unit;
  if (trimmed.endsWith(':') && /^(fn|if|elif|else|for|while|event|config)\b/.test(trimmed)) return indent + unit;
  if (/^stream\s/.test(trimmed)) return indent + unit;
  return indent;
}
