import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import {
  DefaultLexer,
  type LangiumCoreServices,
  type LexerResult,
  type LexingDiagnostic,
  type TokenizeOptions,
} from 'langium';
import { DiagnosticCode } from '../validation/codes.js';
import type { VplTokenBuilder } from './vpl-token-builder.js';
import {
  BLOCK_HEADER_WORDS,
  DECLARATION_WORDS,
  ExtraTokenNames,
  MAX_NESTING_DEPTH,
  MULTILINE_HEADER_WORDS,
  NAME_KEYWORDS,
  OPERATION_NAMES,
} from './vpl-token-types.js';

/** A lexer diagnostic with the VPL code it is reported under. */
export interface VplLexingDiagnostic extends LexingDiagnostic {
  code: string;
  /** The end (0-based line and character) of a diagnostic that spans lines; otherwise it ends `length` later. */
  end?: { line: number; character: number };
}

/** Tokens that open a right-nested construct without brackets: prefix operators, `**`, `if … else`, lambdas. */
const NESTING_OPERATORS = new Set(['not', '-', '~', '**', 'if', 'else', '=>']);

/** The bucket of a word in the keyword table: its first character (ASCII) and its length (up to 31). */
function keywordBucket(word: string): number | undefined {
  const first = word.charCodeAt(0);
  return word.length < 32 && first < 128 ? (first << 5) | word.length : undefined;
}

/** +1 for an opening bracket `(` `[` `{`, -1 for a closing one, 0 for any other token text (no string hashing). */
function bracketDelta(image: string): number {
  if (image.length !== 1) return 0;
  switch (image.charCodeAt(0)) {
    case 40: // (
    case 91: // [
    case 123: // {
      return 1;
    case 41: // )
    case 93: // ]
    case 125: // }
      return -1;
    default:
      return 0;
  }
}

/**
 * The VPL lexer: Chevrotain's tokens, then one linear post-pass over them that
 *
 * 0. gives a word that is a keyword its keyword token (Chevrotain reads all words as names, which is faster);
 * 1. turns error tokens into precise diagnostics (and a usable token, so the parser does not cascade);
 * 2. enforces the nesting limit (24 brackets) before the parser sees pathological input;
 * 3. re-types declaration words (`stream`, `event`, `type`, …) to `ID` where they do not start a
 *    declaration, so they stay usable as names and a broken declaration is not re-read as an expression;
 * 4. re-types a `.` followed by an operation name and `(` (or by `emit as`) as OP_DOT: that `.` starts
 *    the next stream operation, which ends a restricted filter expression (§8.6, L41);
 * 5. inserts zero-width INDENT/DEDENT tokens after block headers, following the normative layout algorithm
 *    (§4.3): only after a line that starts with a header word and ends in `:`, never inside brackets or
 *    comments, with comment and blank lines invisible.
 */
export class VplLexer extends DefaultLexer {
  private readonly types: Record<string, TokenType>;
  private readonly nameTokenTypes = new Set<TokenType>();
  /** The token types `repairErrorTokens` handles, by `tokenTypeIdx`: most texts have none of them. */
  private readonly errorTokenTypeIdx = new Set<number>();
  /**
   * Keyword tokens that are words (Chevrotain reads them as ID: see VplTokenBuilder.wordKeywords), bucketed by
   * first character and length so that most names are ruled out without hashing their text.
   */
  private readonly keywordBuckets: ([string, TokenType][] | undefined)[] = [];

  constructor(services: LangiumCoreServices) {
    super(services);
    this.types = this.definition as Record<string, TokenType>;
    const wordKeywords = (services.parser.TokenBuilder as Partial<VplTokenBuilder>).wordKeywords ?? new Map();
    for (const [text, type] of wordKeywords) {
      const key = keywordBucket(text);
      if (key === undefined) throw new Error(`Keyword '${text}' is too long for the keyword table.`);
      this.keywordBuckets[key] ??= [];
      this.keywordBuckets[key].push([text, type]);
    }
    for (const [name, type] of Object.entries(this.types)) {
      if (name === 'ID' || name === 'TEMPLATE_ID' || NAME_KEYWORDS.has(name) || DECLARATION_WORDS.has(name)) {
        this.nameTokenTypes.add(type);
      }
    }
    for (const name of [
      ExtraTokenNames.BadNumber,
      ExtraTokenNames.BadString,
      ExtraTokenNames.UnterminatedString,
      ExtraTokenNames.UnsupportedOperator,
    ]) {
      const index = this.types[name]?.tokenTypeIdx;
      if (index !== undefined) this.errorTokenTypeIdx.add(index);
    }
  }

  override tokenize(text: string, options: TokenizeOptions = { mode: 'full' }): LexerResult {
    const result = super.tokenize(text, options);
    this.retypeKeywords(result.tokens);
    const diagnostics: VplLexingDiagnostic[] = [];
    const tokens = this.repairErrorTokens(result.tokens, diagnostics);
    this.reportHiddenErrors(text, result.hidden, diagnostics);
    const limited = this.limitNesting(tokens, diagnostics);
    this.retypeWords(limited);
    const laidOut = this.layout(text, limited, result.hidden, diagnostics, options.mode === 'partial');
    const report = result.report ?? { diagnostics: [] };
    report.diagnostics.push(...diagnostics);
    return { ...result, tokens: laidOut, report };
  }

  private diagnostic(
    diagnostics: VplLexingDiagnostic[],
    token: IToken,
    code: string,
    message: string,
    severity: LexingDiagnostic['severity'] = 'error',
  ): void {
    diagnostics.push({
      code,
      message,
      severity,
      offset: token.startOffset,
      line: token.startLine ?? 1,
      column: token.startColumn ?? 1,
      length: Math.max(1, token.image.length),
    });
  }

  private retype(token: IToken, type: TokenType): void {
    token.tokenType = type;
    token.tokenTypeIdx = type.tokenTypeIdx!;
  }

  /** Step 0: a word that is a keyword becomes that keyword's token (see VplTokenBuilder.wordKeywords). */
  private retypeKeywords(tokens: IToken[]): void {
    const id = this.types.ID!.tokenTypeIdx;
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index]!;
      if (token.tokenTypeIdx !== id) continue;
      const image = token.image;
      const key = keywordBucket(image);
      const bucket = key === undefined ? undefined : this.keywordBuckets[key];
      if (!bucket) continue;
      for (let i = 0; i < bucket.length; i++) {
        const candidate = bucket[i]!;
        if (candidate[0] === image) {
          this.retype(token, candidate[1]);
          break;
        }
      }
    }
  }

  private repairErrorTokens(tokens: IToken[], diagnostics: VplLexingDiagnostic[]): IToken[] {
    let first = 0;
    while (first < tokens.length && !this.errorTokenTypeIdx.has(tokens[first]!.tokenTypeIdx)) first++;
    if (first === tokens.length) return tokens;
    const out: IToken[] = tokens.slice(0, first);
    for (let i = first; i < tokens.length; i++) {
      const token = tokens[i]!;
      switch (token.tokenType.name) {
        case ExtraTokenNames.BadNumber:
          this.diagnostic(
            diagnostics,
            token,
            DiagnosticCode.SyntaxError,
            `Invalid numeric literal '${token.image}': a number must not be followed by letters (durations are an integer and one of ns, us, ms, s, m, h, d, e.g. 5m; floats need digits on both sides of the dot, e.g. 1.0e5).`,
          );
          this.retype(token, this.types.INT!);
          out.push(token);
          break;
        case ExtraTokenNames.BadString:
          this.diagnostic(
            diagnostics,
            token,
            DiagnosticCode.SingleQuotedString,
            `Strings use double quotes in VPL: write "${token.image.slice(1, -1)}".`,
          );
          this.retype(token, this.types.STRING!);
          out.push(token);
          break;
        case ExtraTokenNames.UnterminatedString:
          this.diagnostic(
            diagnostics,
            token,
            DiagnosticCode.SyntaxError,
            'Unterminated string: close it with " on the same line (a line break inside a string is written \\n).',
          );
          this.retype(token, this.types.STRING!);
          out.push(token);
          break;
        case ExtraTokenNames.UnsupportedOperator:
          this.diagnostic(
            diagnostics,
            token,
            DiagnosticCode.SyntaxError,
            token.image === '??'
              ? "'??' is not supported in VPL: use coalesce(a, b)."
              : `'${token.image}' is not supported in VPL: write x := x ${token.image[0]} value.`,
          );
          break;
        default:
          out.push(token);
      }
    }
    return out;
  }

  private reportHiddenErrors(text: string, hidden: IToken[], diagnostics: VplLexingDiagnostic[]): void {
    for (const token of hidden) {
      if (token.tokenType.name === ExtraTokenNames.BadComment) {
        this.diagnostic(diagnostics, token, DiagnosticCode.SlashComment, "'//' comments are not VPL; use '#'.");
      } else if (token.tokenType.name === ExtraTokenNames.UnterminatedComment) {
        diagnostics.push({
          code: DiagnosticCode.SyntaxError,
          message: "Unterminated block comment: close it with '*/'.",
          severity: 'error',
          offset: token.startOffset,
          line: token.startLine ?? 1,
          column: token.startColumn ?? 1,
          length: token.image.length,
          end: positionAfter(text, (token.endOffset ?? token.startOffset) + 1),
        });
      }
    }
  }

  /**
   * Statements whose brackets nest deeper than the limit are reported at the first bracket past the limit and
   * removed from the token stream, so the parser never sees the deep input (a 10,000-deep expression is rejected in
   * milliseconds, with one diagnostic). When `dropDeeplyNestedStatements` is set (after the parser ran out of stack
   * on operators that nest without brackets), statements with more than the limit of nesting operators go too.
   */
  private limitNesting(tokens: IToken[], diagnostics: VplLexingDiagnostic[]): IToken[] {
    // Statements start where the bracket depth is 0, so no statement nests too deep unless the running depth does.
    if (!this.dropDeeplyNestedStatements && maxBracketDepth(tokens) <= MAX_NESTING_DEPTH) return tokens;
    const statements = splitStatements(tokens);
    let removed = false;
    const kept: IToken[][] = [];
    for (const statement of statements) {
      const problem = this.nestingProblem(statement);
      if (!problem) {
        kept.push(statement);
        continue;
      }
      removed = true;
      this.diagnostic(diagnostics, problem.token, DiagnosticCode.SyntaxError, problem.message);
    }
    return removed ? kept.flat() : tokens;
  }

  private nestingProblem(statement: IToken[]): { token: IToken; message: string } | undefined {
    let depth = 0;
    for (const token of statement) {
      if (bracketDelta(token.image) > 0) {
        depth++;
        if (depth > MAX_NESTING_DEPTH) {
          return {
            token,
            message: `Brackets are nested more than ${MAX_NESTING_DEPTH} deep; simplify the expression (use let bindings or helper functions).`,
          };
        }
      } else if (bracketDelta(token.image) < 0 && depth > 0) {
        depth--;
      }
    }
    if (!this.dropDeeplyNestedStatements) return undefined;
    let nesting = 0;
    for (let i = 0; i < statement.length; i++) {
      const token = statement[i]!;
      if (NESTING_OPERATORS.has(token.image)) {
        nesting++;
        if (nesting > MAX_NESTING_DEPTH) {
          return {
            token,
            message: `This statement nests operators (not, -, **, if … else, =>) more than ${MAX_NESTING_DEPTH} deep; split it with let bindings or helper functions.`,
          };
        }
      }
    }
    return undefined;
  }

  /** Set by the parser guard (vpl-parser.ts) for one re-parse after a stack overflow. */
  dropDeeplyNestedStatements = false;

  private isNameToken(token: IToken | undefined): boolean {
    return token !== undefined && this.nameTokenTypes.has(token.tokenType);
  }

  /** Steps 3 and 4 of the class comment. */
  private retypeWords(tokens: IToken[]): void {
    const id = this.types.ID!;
    const opDot = this.types.OP_DOT!;
    let depth = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const image = token.image;
      const delta = bracketDelta(image);
      if (delta > 0) depth++;
      else if (delta < 0 && depth > 0) depth--;
      const next = tokens[i + 1];
      const next2 = tokens[i + 2];
      if (image === '.') {
        if (
          next &&
          next2 &&
          ((OPERATION_NAMES.has(next.image) && next2.image === '(') || (next.image === 'emit' && next2.image === 'as'))
        ) {
          this.retype(token, opDot);
        }
        continue;
      }
      if (token.tokenType.name !== image || !DECLARATION_WORDS.has(image)) continue;
      const previous = tokens[i - 1];
      const afterOpDot = previous?.tokenType === opDot;
      const nameThen = (...followers: string[]) =>
        this.isNameToken(next) && next2 !== undefined && followers.includes(next2.image);
      let keep: boolean;
      switch (image) {
        case 'stream':
          keep = nameThen('=', ':') && (depth === 0 || previous?.image === '(' || previous?.image === ',');
          break;
        case 'event':
          keep = depth === 0 && nameThen(':', 'extends');
          break;
        case 'type':
        case 'connector':
          keep = depth === 0 && nameThen('=');
          break;
        case 'pattern':
          keep = afterOpDot || (depth === 0 && nameThen('='));
          break;
        case 'context':
          keep = afterOpDot || (depth === 0 && this.isNameToken(next) && next!.startLine === token.endLine);
          break;
        case 'config':
          keep = depth === 0 && (next?.image === ':' || nameThen('{'));
          break;
        case 'emit':
          keep = afterOpDot || nameThen('(');
          break;
        default:
          keep = true;
      }
      if (!keep) this.retype(token, id);
    }
  }

  /** Step 5 of the class comment: the layout algorithm of §4.3. */
  private layout(
    text: string,
    tokens: IToken[],
    hidden: IToken[],
    diagnostics: VplLexingDiagnostic[],
    partial: boolean,
  ): IToken[] {
    const indentType = this.types.INDENT!;
    const dedentType = this.types.DEDENT!;
    // Lines that begin inside a block comment have no layout effect.
    const linesInComment = new Set<number>();
    for (const comment of hidden) {
      const start = comment.startLine ?? 0;
      const end = comment.endLine ?? start;
      for (let line = start + 1; line <= end; line++) linesInComment.add(line);
    }
    const out: IToken[] = [];
    const stack = [0];
    const stackIndent: string[] = [''];
    let expecting = false;
    let openHeader = false;
    let depth = 0;
    let previous: IToken | undefined;

    const zeroWidth = (type: TokenType, offset: number, line: number, column: number): IToken =>
      createTokenInstance(type, '', offset, offset, line, line, column, column - 1);
    const dedentAfter = (token: IToken | undefined): IToken =>
      token
        ? zeroWidth(
            dedentType,
            (token.endOffset ?? token.startOffset) + 1,
            token.endLine ?? 1,
            (token.endColumn ?? 0) + 1,
          )
        : zeroWidth(dedentType, 0, 1, 1);

    let i = 0;
    while (i < tokens.length) {
      const first = tokens[i]!;
      const line = first.startLine ?? 1;
      let j = i;
      while (j < tokens.length && (tokens[j]!.startLine ?? 1) === line) j++;
      const startDepth = depth;
      for (let k = i; k < j; k++) {
        const delta = bracketDelta(tokens[k]!.image);
        if (delta > 0) depth++;
        else if (delta < 0 && depth > 0) depth--;
      }
      const last = tokens[j - 1]!;
      if (linesInComment.has(line) || startDepth > 0) {
        if (openHeader && startDepth > 0 && depth === 0) {
          expecting = last.image === ':';
          openHeader = false;
        }
      } else {
        const lineStart = first.startOffset - ((first.startColumn ?? 1) - 1);
        const indentText = leadingWhitespace(text, lineStart);
        const column = indentText.length;
        const top = stack[stack.length - 1]!;
        if (expecting && column > top) {
          stack.push(column);
          stackIndent.push(indentText);
          out.push(zeroWidth(indentType, first.startOffset, line, first.startColumn ?? 1));
        } else if (column < top) {
          while (stack.length > 1 && stack[stack.length - 1]! > column) {
            stack.pop();
            stackIndent.pop();
            out.push(dedentAfter(previous));
          }
          if (stack[stack.length - 1] !== column) {
            this.diagnostic(
              diagnostics,
              first,
              DiagnosticCode.InconsistentDedent,
              `Inconsistent dedent: column ${column + 1} matches no enclosing block (blocks start at column ${stack.map((c) => c + 1).join(', ')}).`,
              'warning',
            );
          }
        }
        if (stack.length > 1 && mixesIndentation(indentText, stackIndent[1]!)) {
          this.diagnostic(
            diagnostics,
            first,
            DiagnosticCode.MixedIndentation,
            'This line mixes tabs and spaces in its indentation; indent with spaces only.',
            'warning',
          );
        }
        const second = j - i > 1 ? tokens[i + 1] : undefined;
        expecting = depth === 0 && last.image === ':' && isHeaderStart(first, second);
        openHeader = depth > 0 && MULTILINE_HEADER_WORDS.has(first.image);
      }
      for (let k = i; k < j; k++) out.push(tokens[k]!);
      previous = last;
      i = j;
    }
    if (partial) {
      // Completion: the text ends at the cursor. A trailing whitespace-only line is the cursor's line, laid
      // out like any other line; no DEDENTs are emitted for the end of the text.
      const lastNewline = text.lastIndexOf('\n');
      const tail = text.slice(lastNewline + 1);
      if (lastNewline >= 0 && /^[ \t]*$/.test(tail) && depth === 0) {
        const column = tail.length;
        const top = stack[stack.length - 1]!;
        const lineNumber = (previous?.endLine ?? 0) + 1;
        if (expecting && column > top) {
          out.push(zeroWidth(indentType, text.length, lineNumber, column + 1));
        } else {
          while (stack.length > 1 && stack[stack.length - 1]! > column) {
            stack.pop();
            out.push(dedentAfter(previous));
          }
        }
      }
      return out;
    }
    while (stack.length > 1) {
      stack.pop();
      out.push(dedentAfter(previous));
    }
    return out;
  }
}

/** The deepest bracket nesting of a token stream, counted as `splitStatements` and `nestingProblem` count it. */
function maxBracketDepth(tokens: IToken[]): number {
  let depth = 0;
  let max = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const delta = bracketDelta(token.image);
    if (delta > 0) {
      depth++;
      if (depth > max) max = depth;
    } else if (delta < 0 && depth > 0) {
      depth--;
    }
  }
  return max;
}

/**
 * Splits a token stream into top-level statements: a statement starts at a token that begins a line in the first
 * column outside brackets (how VPL programs are written; only used to decide what a diagnostic removes).
 */
function splitStatements(tokens: IToken[]): IToken[][] {
  const statements: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  let previousLine = 0;
  for (const token of tokens) {
    const startsLine = (token.startLine ?? 0) > previousLine;
    if (startsLine && depth === 0 && token.startColumn === 1 && current.length > 0) {
      statements.push(current);
      current = [];
    }
    current.push(token);
    const delta = bracketDelta(token.image);
    if (delta > 0) depth++;
    else if (delta < 0 && depth > 0) depth--;
    previousLine = token.endLine ?? previousLine;
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

/** The 0-based line and character of an offset. */
function positionAfter(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - lineStart };
}

/** Whether a block line's indentation mixes tabs and spaces, in itself or against the block's first line. */
function mixesIndentation(indent: string, blockIndent: string): boolean {
  const tabs = indent.includes('\t') || blockIndent.includes('\t');
  const spaces = indent.includes(' ') || blockIndent.includes(' ');
  return tabs && spaces;
}

function leadingWhitespace(text: string, lineStart: number): string {
  let end = lineStart;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(lineStart, end);
}

function isHeaderStart(first: IToken, second: IToken | undefined): boolean {
  if (BLOCK_HEADER_WORDS.has(first.image)) return true;
  return (first.image === 'else' || first.image === 'config') && second?.image === ':';
}
