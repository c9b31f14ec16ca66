import type { IToken } from 'chevrotain';
import { type AstNode, AstUtils, type CstNode, CstUtils, GrammarUtils } from 'langium';
import * as ast from '../generated/ast.js';
import { createVplServices, type VplServices } from '../vpl-module.js';

/** The result of {@link formatVpl}: the formatted text, or why the text was not formatted. */
export type VplFormatResult = { text: string; changed: boolean } | { error: string };

/** The width of one indentation level (blocks, stream operations, bracket continuation lines). */
export const VPL_INDENT = 4;

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
/** Words after which an expression starts (so `-` is unary, `(` groups and `[` is an array literal). */
const OPERATOR_WORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'then',
  'else',
  'elif',
  'while',
  'for',
  'return',
  'where',
  'as',
  'xor',
  'AND',
  'OR',
  'NOT',
  'within',
  'by',
  'let',
  'var',
  'const',
  'import',
]);
const LITERAL_TYPES = new Set(['STRING', 'INT', 'FLOAT', 'DURATION', 'TIMESTAMP']);
const DOTS = new Set(['.', '?.']);

let defaultServices: VplServices | undefined;

/**
 * Formats VPL source text in the one canonical style of the toolchain (`varpulis fmt`, the language server, the
 * MCP server):
 *
 * - block bodies (event fields, function bodies, `if`/`for`/`while`, `config:`) are indented 4 spaces per level;
 * - each operation of a stream chain (`.op(...)` and `-> Step`) is on its own line, 4 spaces under `stream`;
 * - line breaks written inside brackets are kept, and the continuation lines are indented 4 spaces under the
 *   line that opened the bracket (the closing bracket goes back to that line's indentation);
 * - one space around binary operators, `=`, `:=`, `->`, `=>`, and after `,` and `:`; none inside brackets,
 *   around `.`, `?.` and `..`, after unary `-`/`~`, or before the `?`/Kleene markers;
 * - comments are kept (a trailing `#` comment two spaces after the code), at most one blank line in a row,
 *   no trailing whitespace, one final newline.
 *
 * It never changes what the program means: it only changes whitespace, never joins lines (line breaks inside a
 * statement are significant only for layout, which is recomputed from the parsed blocks), and it refuses text with
 * lexical or syntax errors (`{ error }`), since their structure is not known. The result is idempotent. It is a
 * pure function (no I/O, no LSP dependency); pass `services` to reuse an existing VPL service instance.
 */
export function formatVpl(text: string, options: { services?: VplServices } = {}): VplFormatResult {
  defaultServices ??= options.services ? undefined : createVplServices().Vpl;
  const services = options.services ?? defaultServices!;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parsed = services.parser.LangiumParser.parse<ast.Program>(source);
  const problem = firstSyntaxProblem(parsed);
  if (problem) return { error: problem };
  const lexed = services.parser.Lexer.tokenize(source);
  const out = new Printer(source, lexed.tokens, lexed.hidden, collectLayoutFacts(parsed.value)).print();
  // The safety net behind "never changes meaning": the output must parse to the same tree.
  const reparsed = services.parser.LangiumParser.parse<ast.Program>(out);
  if (firstSyntaxProblem(reparsed) || !sameTree(parsed.value, reparsed.value)) {
    return {
      error:
        'Not formatted: the formatter could not lay this text out without changing its structure (please report it).',
    };
  }
  return { text: out, changed: out !== text };
}

/** Whether two syntax trees are the same, ignoring positions (node types, properties, reference texts). */
function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameTree(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if ('$refText' in a || '$refText' in b)
      return (a as { $refText?: string }).$refText === (b as { $refText?: string }).$refText;
    if ((a as AstNode).$type !== (b as AstNode).$type) return false;
    const keys = (o: object) => Object.keys(o).filter((key) => !key.startsWith('$'));
    const ka = keys(a);
    const kb = keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((key) => sameTree((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return false;
}

function firstSyntaxProblem(parsed: {
  lexerErrors: { line?: number; column?: number; message: string }[];
  lexerReport?: { diagnostics: { severity?: string; line?: number; column?: number; message: string }[] };
  parserErrors: { token: IToken; message: string }[];
}): string | undefined {
  const at = (line: number | undefined, column: number | undefined) => `${line ?? 1}:${column ?? 1}`;
  const lexError = parsed.lexerErrors[0];
  if (lexError) return `Not formatted: lexical error at ${at(lexError.line, lexError.column)}: ${lexError.message}`;
  const diagnostic = parsed.lexerReport?.diagnostics.find((d) => (d.severity ?? 'error') === 'error');
  if (diagnostic) return `Not formatted: error at ${at(diagnostic.line, diagnostic.column)}: ${diagnostic.message}`;
  const parseError = parsed.parserErrors[0];
  if (parseError) {
    const token = parseError.token;
    const where =
      Number.isNaN(token.startLine) || token.startLine === undefined
        ? 'end of file'
        : at(token.startLine, token.startColumn);
    return `Not formatted: syntax error at ${where}: ${parseError.message}`;
  }
  return undefined;
}

/** What the printer needs from the syntax tree: where lines must start, streams, and tight markers. */
interface LayoutFacts {
  /** Offsets of tokens that start a statement, an event field, an `elif`/`else`, a `config:` item. */
  readonly lineStarts: Set<number>;
  /** Stream declarations: start offset → end offset. Their operations each start a line. */
  readonly streams: Map<number, number>;
  /** Tokens written without a space before them (`str?`, `A+`, `Stream<T>`'s `<` and `>`). */
  readonly tightBefore: Set<number>;
  /** Tokens written without a space after them (`Stream<`). */
  readonly tightAfter: Set<number>;
  /** Tokens written with a space before them where the general rules put none (`{ ... }` lambda blocks, ...). */
  readonly spaceBefore: Set<number>;
  /** Tokens written with a space after them where the general rules put none (a lambda block's `{`). */
  readonly spaceAfter: Set<number>;
  /** Statements of a lambda block written on the line of the previous one: two spaces apart. */
  readonly wideBefore: Set<number>;
}

function collectLayoutFacts(program: ast.Program): LayoutFacts {
  const facts: LayoutFacts = {
    lineStarts: new Set(),
    streams: new Map(),
    tightBefore: new Set(),
    tightAfter: new Set(),
    spaceBefore: new Set(),
    spaceAfter: new Set(),
    wideBefore: new Set(),
  };
  const mark = (node: AstNode | undefined) => {
    if (node?.$cstNode) facts.lineStarts.add(node.$cstNode.offset);
  };
  const markAll = (nodes: readonly AstNode[]) => {
    for (const node of nodes) mark(node);
  };
  const keyword = (node: AstNode, word: string): CstNode[] =>
    node.$cstNode ? GrammarUtils.findNodesForKeyword(node.$cstNode, word) : [];
  markAll(program.statements);
  for (const node of AstUtils.streamAllContents(program)) {
    if (ast.isFnDecl(node) || ast.isForStmt(node) || ast.isWhileStmt(node) || ast.isElifClause(node)) {
      markAll(node.body);
    } else if (ast.isIfStmt(node)) {
      markAll(node.then);
      markAll(node.else);
      markAll(node.elifs);
      for (const cst of keyword(node, 'else')) facts.lineStarts.add(cst.offset);
    } else if (ast.isEventDecl(node)) {
      markAll(node.fields);
      if (node.unindented && node.$cstNode) {
        // The reference's unindented form (VPL-P010): the first field is not kept in the tree; start its line too.
        const colon = GrammarUtils.findNodeForKeyword(node.$cstNode, ':');
        const first = colon && CstUtils.getNextNode(colon, false);
        if (first) facts.lineStarts.add(first.offset);
      }
    } else if (ast.isConfigDecl(node) && node.colonForm) {
      markAll(node.items);
    } else if (ast.isStreamDecl(node) && node.$cstNode) {
      facts.streams.set(node.$cstNode.offset, node.$cstNode.end);
    } else if (ast.isTypeRef(node) && node.optional && node.$cstNode) {
      const marker = GrammarUtils.findNodeForProperty(node.$cstNode, 'optional');
      if (marker) facts.tightBefore.add(marker.offset);
    } else if (ast.isSaseItem(node) && node.kleene && node.$cstNode) {
      const marker = GrammarUtils.findNodeForProperty(node.$cstNode, 'kleene');
      if (marker) facts.tightBefore.add(marker.offset);
    } else if (ast.isLambda(node) && node.blockBody && node.statements.length > 0) {
      const open = keyword(node, '{')[0];
      const close = keyword(node, '}').at(-1);
      if (open) facts.spaceAfter.add(open.offset);
      if (close) facts.spaceBefore.add(close.offset);
      for (const statement of node.statements.slice(1))
        if (statement.$cstNode) facts.wideBefore.add(statement.$cstNode.offset);
    } else if (ast.isSequenceStep(node) && node.condition && node.within) {
      // `a: A where x > 1 .within(5s)`: the space shows where the step's condition ends.
      const dot = node.$cstNode
        ? CstUtils.streamCst(node.$cstNode).find(
            (cst) => cst.offset > node.condition!.$cstNode!.end - 1 && cst.text === '.',
          )
        : undefined;
      if (dot) facts.spaceBefore.add(dot.offset);
    } else if (ast.isContextDecl(node) && node.params.length > 0) {
      // `context crunch (cores: [2, 3])`, as the language guide writes it.
      const open = keyword(node, '(')[0];
      if (open) facts.spaceBefore.add(open.offset);
    } else if (ast.isStreamType(node)) {
      for (const cst of keyword(node, '<')) {
        facts.tightBefore.add(cst.offset);
        facts.tightAfter.add(cst.offset);
      }
      for (const cst of keyword(node, '>')) facts.tightBefore.add(cst.offset);
    }
  }
  return facts;
}

interface Item {
  readonly kind: 'token' | 'comment' | 'indent' | 'dedent';
  readonly offset: number;
  readonly end: number;
  readonly image: string;
  readonly type: string;
}

interface Bracket {
  readonly image: string;
  /** The indentation of the line the bracket was opened on. */
  readonly lineIndent: number;
}

interface OpenStream {
  readonly start: number;
  readonly end: number;
  /** The bracket depth of the declaration: its operations are the `.op`/`->` tokens at this depth. */
  readonly depth: number;
  /** The indentation of the line the declaration starts on. */
  indent: number;
  /** Whether an operation has been printed (continuation lines then go one level deeper). */
  inOps: boolean;
}

class Printer {
  private readonly items: Item[];
  private readonly lines: string[] = [];
  private current = '';
  private currentIndent = 0;
  private level = 0;
  private readonly brackets: Bracket[] = [];
  private stream: OpenStream | undefined;
  /** The last code tokens printed, most recent last (at most three). */
  private readonly history: Item[] = [];
  /** Whether the item printed last was a comment (code after it starts a new line). */
  private afterComment = false;
  /** Whether the last layout item before the current token was an INDENT. */
  private afterIndent = false;
  /** The level of the last code line, for placing comments that follow the end of a block. */
  private lastCodeLevel = 0;

  constructor(
    private readonly text: string,
    tokens: IToken[],
    hidden: IToken[],
    private readonly facts: LayoutFacts,
  ) {
    const items: Item[] = [];
    for (const token of tokens) {
      const type = token.tokenType.name;
      const kind = type === 'INDENT' ? 'indent' : type === 'DEDENT' ? 'dedent' : 'token';
      items.push({
        kind,
        offset: token.startOffset,
        end: token.startOffset + token.image.length,
        image: token.image,
        type,
      });
    }
    for (const token of hidden) {
      items.push({
        kind: 'comment',
        offset: token.startOffset,
        end: token.startOffset + token.image.length,
        image: token.image,
        type: token.tokenType.name,
      });
    }
    // Stable sort: layout tokens keep their place relative to the code tokens at the same offset.
    this.items = items
      .map((item, index) => ({ item, index }))
      .sort((a, b) => a.item.offset - b.item.offset || a.index - b.index)
      .map((entry) => entry.item);
  }

  print(): string {
    let lastEnd = 0;
    const pending: { item: Item; newlinesBefore: number; column: number }[] = [];
    let started = false;
    for (const item of this.items) {
      if (item.kind === 'indent') {
        this.level++;
        this.afterIndent = true;
        continue;
      }
      if (item.kind === 'dedent') {
        this.level = Math.max(0, this.level - 1);
        continue;
      }
      const newlines = countNewlines(this.text, lastEnd, item.offset);
      lastEnd = item.end;
      if (item.kind === 'comment') {
        if (started && newlines === 0 && pending.length === 0 && !this.afterComment) {
          // A comment on the same line as code stays there.
          this.current += item.image.startsWith('#') ? `  ${item.image}` : ` ${item.image}`;
          this.afterComment = item.image.startsWith('#');
          continue;
        }
        pending.push({ item, newlinesBefore: newlines, column: columnOf(this.text, item.offset) });
        continue;
      }
      this.updateStream(item);
      let breakBefore = newlines;
      if (pending.length > 0) {
        const indent = this.lineIndent(item);
        for (const comment of pending) {
          if (started) this.breakLine(Math.max(1, comment.newlinesBefore), this.commentIndent(comment.column, indent));
          else this.startFirstLine(this.commentIndent(comment.column, indent));
          this.current += trimLines(comment.item.image);
          started = true;
        }
        pending.length = 0;
        breakBefore = Math.max(1, newlines);
        this.afterComment = true;
      }
      if (!started) {
        this.startFirstLine(this.lineIndent(item));
        started = true;
      } else if (breakBefore > 0 || this.afterComment || this.mustStartLine(item)) {
        this.breakLine(Math.max(1, breakBefore), this.lineIndent(item));
      } else if (this.facts.wideBefore.has(item.offset)) {
        this.current += '  ';
      } else if (this.spaceBefore(item) || this.current.endsWith('*/')) {
        this.current += ' ';
      }
      this.current += item.image;
      this.afterComment = false;
      this.afterIndent = false;
      this.lastCodeLevel = this.level;
      if (this.stream?.start === item.offset) this.stream.indent = this.currentIndent;
      if (this.isStreamOp(item) && this.stream) this.stream.inOps = true;
      this.trackBrackets(item);
      this.history.push(item);
      if (this.history.length > 3) this.history.shift();
    }
    for (const comment of pending) {
      if (started) this.breakLine(Math.max(1, comment.newlinesBefore), this.commentIndent(comment.column, 0));
      else this.startFirstLine(this.commentIndent(comment.column, 0));
      this.current += trimLines(comment.item.image);
      started = true;
    }
    if (started) this.lines.push(this.current.replace(/[ \t]+$/, ''));
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private startFirstLine(indent: number): void {
    this.currentIndent = indent;
    this.current = ' '.repeat(indent);
  }

  /** Ends the current line, keeps at most one blank line, and starts a line with the given indentation. */
  private breakLine(newlines: number, indent: number): void {
    this.lines.push(this.current.replace(/[ \t]+$/, ''));
    if (newlines > 1) this.lines.push('');
    this.currentIndent = indent;
    this.current = ' '.repeat(indent);
  }

  /** A comment on its own line goes to the indentation of the code after it, or of the block it ends. */
  private commentIndent(column: number, nextIndent: number): number {
    const blockIndent = this.lastCodeLevel * VPL_INDENT;
    if (this.brackets.length > 0 || blockIndent <= nextIndent) return nextIndent;
    return Math.abs(column - blockIndent) < Math.abs(column - nextIndent) ? blockIndent : nextIndent;
  }

  private updateStream(item: Item): void {
    if (this.stream && item.offset >= this.stream.end) this.stream = undefined;
    const end = this.facts.streams.get(item.offset);
    if (end !== undefined)
      this.stream = { start: item.offset, end, depth: this.brackets.length, indent: 0, inOps: false };
  }

  private isStreamOp(item: Item): boolean {
    return (
      this.stream !== undefined &&
      this.brackets.length === this.stream.depth &&
      item.offset > this.stream.start &&
      (item.type === 'OP_DOT' || item.image === '->')
    );
  }

  private isStatementStart(item: Item): boolean {
    return this.brackets.length === 0 && (this.facts.lineStarts.has(item.offset) || this.afterIndent);
  }

  private mustStartLine(item: Item): boolean {
    return this.isStatementStart(item) || this.isStreamOp(item);
  }

  private lineIndent(item: Item): number {
    const stream = this.stream;
    const inStreamChain = stream !== undefined && stream.start !== item.offset && this.brackets.length === stream.depth;
    if (this.brackets.length > 0 && !inStreamChain) {
      const top = this.brackets[this.brackets.length - 1]!;
      return CLOSERS.has(item.image) ? top.lineIndent : top.lineIndent + VPL_INDENT;
    }
    if (inStreamChain && stream) {
      if (this.isStreamOp(item)) return stream.indent + VPL_INDENT;
      return stream.indent + (stream.inOps ? 2 : 1) * VPL_INDENT;
    }
    const blockIndent = this.level * VPL_INDENT;
    return this.isStatementStart(item) ? blockIndent : blockIndent + VPL_INDENT;
  }

  private trackBrackets(item: Item): void {
    if (item.type === 'STRING') return;
    if (OPENERS.has(item.image)) this.brackets.push({ image: item.image, lineIndent: this.currentIndent });
    else if (CLOSERS.has(item.image)) this.brackets.pop();
  }

  /** Whether the code token `back` positions before the current one ends an operand (a value, not an operator). */
  private endsOperand(back: number): boolean {
    const item = this.history[this.history.length - 1 - back];
    if (!item) return false;
    if (CLOSERS.has(item.image) || LITERAL_TYPES.has(item.type)) return true;
    if (this.facts.tightBefore.has(item.offset) && !this.facts.tightAfter.has(item.offset)) return true;
    if (/^[A-Za-z_]/.test(item.image)) {
      const before = this.history[this.history.length - 2 - back];
      if (before && (DOTS.has(before.image) || before.type === 'OP_DOT')) return true;
      return !OPERATOR_WORDS.has(item.image);
    }
    return false;
  }

  private spaceBefore(next: Item): boolean {
    const prev = this.history[this.history.length - 1];
    if (!prev) return false;
    const a = prev.image;
    const b = next.image;
    if (this.facts.spaceAfter.has(prev.offset) || this.facts.spaceBefore.has(next.offset)) return true;
    if (this.facts.tightAfter.has(prev.offset) || this.facts.tightBefore.has(next.offset)) return false;
    if (b === ')' || b === ']' || b === '}' || b === ',') return false;
    if (OPENERS.has(a)) return false;
    if (DOTS.has(a) || DOTS.has(b) || prev.type === 'OP_DOT' || next.type === 'OP_DOT') return false;
    if (a === '..' || a === '..=' || b === '..' || b === '..=') return false;
    if (b === ':') return false;
    if (a === ':') return this.brackets[this.brackets.length - 1]?.image !== '[';
    if (b === '(' || b === '[') return !this.endsOperand(0);
    // A unary minus or `~` sticks to its operand (but `- -x` keeps its space).
    if ((a === '-' && !this.endsOperand(1)) || a === '~') return b === '-' || b === '~';
    return true;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Trailing whitespace removed from every line of a comment (block comments keep their inner layout). */
function trimLines(comment: string): string {
  return comment.replace(/[ \t]+$/gm, '');
}
