// biome-ignore-all lint/suspicious/noTemplateCurlyInString: LSP snippets are written `${1:placeholder}`.
import {
  AGGREGATE_BUILTINS,
  ast,
  type Builtin,
  describeArity,
  METHOD_BUILTINS,
  type RecordShape,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  typeRefText,
  VARIABLE_BUILTINS,
} from '@varpulis/language';
import type { IToken } from 'chevrotain';
import { type AstNode, AstUtils, type LangiumDocument } from 'langium';
import type { CompletionProvider, CompletionProviderOptions } from 'langium/lsp';
import {
  type CancellationToken,
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  type CompletionParams,
  InsertTextFormat,
  MarkupKind,
  type Range,
} from 'vscode-languageserver';
import { CONNECTOR_KINDS, DURATION_UNITS, KEYWORD_DOCS, PRIMITIVE_TYPES, SOURCE_SNIPPETS } from './docs/keywords.js';
import { FROM_DOC, OPERATION_DOCS, OPERATIONS, type OperationDoc } from './docs/operations.js';
import {
  closersFor,
  computedTypes,
  declarations,
  eventSchema,
  openBrackets,
  PLACEHOLDER,
  probe,
  shapeLines,
  significantTokens,
  statementStartIndex,
} from './vpl-analysis.js';
import type { VplLspServices } from './vpl-lsp-module.js';

/** What a completion item stands for, so `completionItem/resolve` can add its documentation. */
export interface VplCompletionData {
  vpl: 'operation' | 'keyword' | 'builtin' | 'declaration' | 'connector-kind';
  name: string;
  /** For builtins: the registry kind (`scalar`, `aggregate`, …). */
  kind?: string;
  /** For declarations: the declaring document. */
  uri?: string;
}

const EXPRESSION_KEYWORDS = ['and', 'or', 'not', 'in', 'is', 'if', 'then', 'else', 'true', 'false', 'null'];
const TOP_LEVEL_KEYWORDS = [
  'stream',
  'event',
  'connector',
  'fn',
  'let',
  'var',
  'const',
  'pattern',
  'context',
  'import',
  'type',
  'for',
];
const BLOCK_KEYWORDS = ['let', 'var', 'const', 'if', 'for', 'while', 'return', 'break', 'continue', 'emit'];
const NAMED_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  window: ['sliding', 'session', 'policy'],
  log: ['level', 'message', 'data'],
  watermark: ['out_of_order'],
  forecast: ['mode', 'confidence', 'horizon', 'warmup', 'max_depth', 'hawkes', 'conformal'],
  enrich: ['key', 'fields', 'cache_ttl', 'timeout', 'fallback'],
  score: ['model', 'inputs', 'outputs'],
  tap: ['counter', 'labels'],
};

/** Sort groups: most relevant first. */
const RANK = {
  local: '0',
  field: '1',
  alias: '1',
  operation: '1',
  variable: '2',
  declaration: '3',
  function: '4',
  keyword: '8',
  other: '9',
} as const;

interface Request {
  document: LangiumDocument;
  text: string;
  offset: number;
  /** Start of the word being completed (the replace range starts here). */
  wordStart: number;
  prefix: string;
  /**
   * The text of the top-level statement around the cursor, up to `wordStart`. Completion looks no further back:
   * names declared elsewhere come from the workspace index, so the cost does not grow with the file.
   */
  head: string;
  /** Significant tokens of `head` (offsets relative to `head`). */
  tokens: IToken[];
  snippets: boolean;
  items: CompletionItem[];
  range: Range;
}

/**
 * Context-aware completion for VPL. The context comes from the tokens before the cursor (what was just written: a
 * `.` in a stream chain, `->`, `stream X =`, an open `.op(`, a number, a type position) and, for names inside
 * expressions, from a probe: the document with the cursor's statement completed around a placeholder name, whose
 * syntax tree tells which record shape, aliases, locals and built-in variables are visible there (the same resolver
 * as the name checks). Operations are filtered by what the chain already has (`.having` only after `.aggregate`,
 * `.within` only in sequences, no second `.window`, …).
 */
export class VplCompletionProvider implements CompletionProvider {
  private snippetSupport = true;

  readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.', '>', '(', ',', ' ', ':'] };

  constructor(private readonly services: VplLspServices) {
    services.shared.lsp.LanguageServer.onInitialize((params) => {
      this.snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport ?? false;
    });
  }

  async getCompletion(
    document: LangiumDocument,
    params: CompletionParams,
    _token?: CancellationToken,
  ): Promise<CompletionList> {
    const text = document.textDocument.getText();
    const offset = document.textDocument.offsetAt(params.position);
    let wordStart = offset;
    while (wordStart > 0 && /[A-Za-z0-9_]/.test(text[wordStart - 1]!)) wordStart--;
    const prefix = text.slice(wordStart, offset);
    const head = text.slice(topLevelStatementStart(text, wordStart), wordStart);
    const request: Request = {
      document,
      text,
      offset,
      wordStart,
      prefix,
      head,
      tokens: significantTokens(this.services, head),
      snippets: this.snippetSupport,
      items: [],
      range: { start: document.textDocument.positionAt(wordStart), end: params.position },
    };
    if (insideCommentOrString(text, wordStart)) return { isIncomplete: false, items: [] };
    await this.complete(request);
    const seen = new Set<string>();
    const items = request.items.filter((item) => {
      const key = `${item.label}|${item.kind}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { isIncomplete: false, items };
  }

  private async complete(r: Request): Promise<void> {
    const tokens = r.tokens;
    const last = tokens.at(-1);
    const before = tokens.at(-2);
    // A number being typed: duration units.
    const number = /^(\d+)([a-z]*)$/.exec(r.text.slice(numberStart(r.text, r.offset), r.offset));
    if (number && r.wordStart === numberStart(r.text, r.offset)) {
      this.durationUnits(r, number[1]!);
      return;
    }
    if (last && (last.image === '.' || last.tokenType.name === 'OP_DOT')) {
      await this.afterDot(r, tokens.length - 1);
      return;
    }
    if (last?.image === '->' || (last?.image === 'all' && before?.image === '->')) {
      if (last.image === '->') this.keyword(r, 'all');
      this.sourceNames(r, false);
      return;
    }
    if (last?.image === 'as' && before?.image === 'emit') {
      this.declarationsOf(r, 'EventDecl', CompletionItemKind.Struct);
      return;
    }
    const start = statementStartIndex(tokens);
    const head = tokens[start];
    if (
      last?.image === '=' &&
      head?.image === 'stream' &&
      openBrackets(tokens, start).length === 0 &&
      tokens.length - start <= 6
    ) {
      this.sourceNames(r, true);
      for (const source of SOURCE_SNIPPETS)
        this.snippetItem(r, source.label, source.snippet, CompletionItemKind.Keyword, source.doc, RANK.keyword);
      return;
    }
    if (last?.image === '=' && head?.image === 'connector' && tokens.length - start === 3) {
      for (const kind of CONNECTOR_KINDS) {
        this.snippetItem(r, kind.kind, kind.snippet, CompletionItemKind.Module, kind.doc, RANK.declaration, {
          vpl: 'connector-kind',
          name: kind.kind,
        });
      }
      return;
    }
    if (this.typePosition(tokens, start)) {
      for (const type of PRIMITIVE_TYPES)
        this.plain(r, type, CompletionItemKind.TypeParameter, RANK.keyword, KEYWORD_DOCS[type]?.doc);
      this.declarationsOf(r, 'EventDecl', CompletionItemKind.Struct);
      this.declarationsOf(r, 'TypeDecl', CompletionItemKind.TypeParameter);
      return;
    }
    const brackets = openBrackets(tokens, start);
    if (brackets.length > 0 && this.insideArguments(r, tokens, brackets.at(-1)!, start)) return;
    if (this.atStatementStart(r, tokens)) {
      this.statementKeywords(r, tokens);
      if (!this.insideBlock(r)) return;
    }
    await this.expression(r, tokens, start);
  }

  // ---- Contexts ----

  private async afterDot(r: Request, dotIndex: number): Promise<void> {
    const tokens = r.tokens;
    const start = statementStartIndex(tokens);
    const head = tokens[start];
    const depth = openBrackets(tokens.slice(0, dotIndex), start).length;
    const receiver = tokens[dotIndex - 1];
    const inChain =
      head?.image === 'stream' && depth === 0 && tokens.slice(start, dotIndex).some((t) => t.image === '=');
    if (receiver && /^[A-Za-z_]/.test(receiver.image) && !(inChain && isSourceName(tokens, start, dotIndex - 1))) {
      // `alias.` / `Input.` / `x.` : a member. In a step condition it may also be the next operation.
      const inFilter = inChain && lastAtDepthZero(tokens, start, dotIndex, ['where', '->', '.', 'OP_DOT']) === 'where';
      if (!inChain || inFilter) await this.members(r, receiver, dotIndex - 1, start);
    }
    if (inChain) await this.operations(r, tokens, start, dotIndex);
  }

  private async members(r: Request, receiver: IToken, receiverIndex: number, start: number): Promise<void> {
    const probeText =
      r.head.slice(0, receiver.startOffset) + PLACEHOLDER + closersFor(r.tokens.slice(0, receiverIndex), start) + '\n';
    const nameRef = await probe(this.services, r.document, probeText);
    const name = receiver.image;
    if (nameRef) {
      const visible = this.services.scoping.NameResolver.visibleNames(nameRef);
      const binding = visible.context?.aliases.get(name);
      if (binding) {
        this.fields(r, binding.shape);
        return;
      }
      if (visible.context?.sourceNames.has(name)) {
        this.fields(r, visible.context.shape);
      }
      if (visible.locals.has(name) || this.services.scoping.NameResolver.globalsOf(r.document).has(name)) {
        for (const method of METHOD_BUILTINS.values()) this.builtin(r, method, true);
        return;
      }
    }
    const event = declarations(this.services, 'EventDecl', r.document).find((d) => d.name === name);
    if (event?.node && ast.isEventDecl(event.node)) {
      for (const field of event.node.fields)
        this.plain(r, field.name, CompletionItemKind.Field, RANK.field, undefined, typeRefText(field.type));
    }
  }

  private async operations(r: Request, tokens: IToken[], start: number, dotIndex: number): Promise<void> {
    // The chain so far: probe with a `.where(placeholder)` appended, whose stream has every earlier operation.
    const probeText =
      r.head.slice(0, tokens[dotIndex]!.startOffset) +
      `.where(${PLACEHOLDER})` +
      closersFor(tokens.slice(0, dotIndex), start) +
      '\n';
    const nameRef = await probe(this.services, r.document, probeText);
    const stream = nameRef ? AstUtils.getContainerOfType(nameRef, ast.isStreamDecl) : undefined;
    const ops = stream ? stream.ops.slice(0, -1) : [];
    const source = stream?.source;
    if (
      stream &&
      ops.length === 0 &&
      ast.isEventSource(source) &&
      !source.alias &&
      !source.all &&
      isSourceName(tokens, start, dotIndex - 1)
    ) {
      this.operation(r, FROM_DOC, '0');
    }
    const has = (type: string) => ops.some((op) => op.$type === type);
    const sequence =
      has('FollowedBy') ||
      has('NotOp') ||
      ast.isSequenceSource(source) ||
      (ast.isEventSource(source) && ast.isPatternDecl(source.target?.ref));
    const present = new Set<string>(ops.map((op) => op.$type));
    for (const doc of OPERATIONS) {
      if (doc.status) continue;
      if (doc.once && present.has(opType(doc.name))) continue;
      if (doc.requires === 'sequence' && !sequence) continue;
      if (doc.requires === 'aggregate' && !has('AggregateOp')) continue;
      if (doc.requires === 'join' && !ast.isJoinSource(source)) continue;
      if (doc.requires === 'within' && !has('WithinOp')) continue;
      if (doc.name === 'within' && has('WithinOp')) continue;
      if (ast.isJoinSource(source) && doc.name === 'aggregate') continue;
      this.operation(r, doc, operationRank(doc, ops, source));
    }
  }

  /** Inside `( … )`: arguments of an operation, a source, a call or a declaration. Returns true when handled. */
  private insideArguments(r: Request, tokens: IToken[], open: number, start: number): boolean {
    const owner = tokens[open - 1];
    const ownerDot = tokens[open - 2];
    const isOp = ownerDot?.tokenType.name === 'OP_DOT' || (ownerDot?.image === '.' && owner?.image === 'from');
    const argIndex = tokens
      .slice(open + 1)
      .filter((t, i, all) => t.image === ',' && openBrackets(all.slice(0, i + 1)).length === 0).length;
    const last = r.tokens.at(-1);
    const afterKey = last?.image === ':';
    if (tokens[open]!.image !== '(') return false;
    if (isOp && owner) {
      const name = owner.image;
      if ((name === 'to' || name === 'from' || name === 'enrich') && argIndex === 0) {
        this.declarationsOf(r, 'ConnectorDecl', CompletionItemKind.Module);
        return true;
      }
      if (name === 'context' && argIndex === 0) {
        this.declarationsOf(r, 'ContextDecl', CompletionItemKind.Value);
        return true;
      }
      if (name === 'not' && argIndex === 0 && tokens.length === open + 1) {
        this.sourceNames(r, false);
        return true;
      }
      if ((name === 'to' || name === 'from') && !afterKey) {
        for (const key of ['topic', 'qos', 'client_id', 'partition', 'group_id', 'queue_group', 'method'])
          this.namedParameter(r, key);
        return true;
      }
      const named = NAMED_PARAMETERS[name];
      if (named && !afterKey && (last?.image === '(' || last?.image === ',')) {
        for (const key of named) this.namedParameter(r, key);
        if (
          name === 'enrich' ||
          name === 'log' ||
          name === 'watermark' ||
          name === 'forecast' ||
          name === 'score' ||
          name === 'tap'
        )
          return true;
      }
      return false;
    }
    if (owner?.image === 'merge' || owner?.image === 'join') {
      this.sourceNames(r, false);
      this.keyword(r, 'stream');
      return true;
    }
    if (owner?.image === 'sequence' && afterKey) {
      this.sourceNames(r, false);
      return true;
    }
    // `connector C = kind(` : the kind's parameters.
    if (tokens[start]?.image === 'connector' && open === start + 4 && !afterKey) {
      const kind = CONNECTOR_KINDS.find((k) => k.kind === owner?.image);
      for (const param of kind?.params ?? []) this.namedParameter(r, param.name, param.type);
      return true;
    }
    return false;
  }

  private async expression(r: Request, tokens: IToken[], start: number): Promise<void> {
    const probeText = r.head + PLACEHOLDER + closersFor(tokens, start) + '\n';
    const nameRef = await probe(this.services, r.document, probeText);
    const resolver = this.services.scoping.NameResolver;
    const brackets = openBrackets(tokens, start);
    const innerOwner = brackets.length > 0 ? tokens[brackets.at(-1)! - 1]?.image : undefined;
    const opNames = brackets.map((index) =>
      tokens[index - 2]?.tokenType.name === 'OP_DOT' ? tokens[index - 1]!.image : undefined,
    );
    const inAggregate = opNames.includes('aggregate');
    const inTrend = opNames.includes('trend_aggregate');
    if (nameRef) {
      const visible = resolver.visibleNames(nameRef);
      for (const [name, node] of visible.locals)
        this.plain(r, name, CompletionItemKind.Variable, RANK.local, undefined, localType(node));
      if (visible.context && !visible.inFunction) {
        for (const [name, binding] of visible.context.aliases) {
          this.plain(
            r,
            name,
            CompletionItemKind.Reference,
            RANK.alias,
            `Alias of ${binding.kind === 'join-input' ? 'join input' : 'the step'}: fields ${[...binding.shape.fields.keys()].join(', ') || 'unknown'}.`,
            aliasDetail(binding.node),
          );
        }
        if (!visible.context.shape.opaque) this.fields(r, visible.context.shape);
        for (const name of visible.context.builtinVariables) {
          const builtin = VARIABLE_BUILTINS.get(name);
          if (builtin && !builtin.replacedBy) this.builtin(r, builtin, false);
        }
      }
    }
    for (const [name, node] of resolver.globalsOf(r.document)) {
      if (ast.isFnDecl(node)) {
        const signature = `${name}(${node.params.map((p) => `${p.name}: ${typeRefText(p.type)}`).join(', ')})${node.returnType ? ` -> ${typeRefText(node.returnType)}` : ''}`;
        this.snippetItem(
          r,
          name,
          `${name}(${node.params.map((p, i) => `\${${i + 1}:${p.name}}`).join(', ')})`,
          CompletionItemKind.Function,
          undefined,
          RANK.function,
          undefined,
          signature,
        );
      } else {
        this.plain(
          r,
          name,
          node.kind === 'var' ? CompletionItemKind.Variable : CompletionItemKind.Constant,
          RANK.variable,
          undefined,
          `${node.kind} ${name}${node.type ? `: ${typeRefText(node.type)}` : ''}`,
        );
      }
    }
    if (inTrend) {
      for (const builtin of TREND_BUILTINS.values()) this.builtin(r, builtin, false);
      return;
    }
    if (inAggregate)
      for (const builtin of AGGREGATE_BUILTINS.values())
        if (builtin.status === 'implemented') this.builtin(r, builtin, false);
    for (const builtin of SCALAR_BUILTINS.values()) {
      if (builtin.status !== 'implemented') continue;
      if (inAggregate && AGGREGATE_BUILTINS.has(builtin.name)) continue;
      this.builtin(r, builtin, false);
    }
    if (innerOwner === 'emit' || innerOwner === 'select') this.keyword(r, 'context');
    for (const keyword of EXPRESSION_KEYWORDS) this.keyword(r, keyword);
    if (opNames.at(-1) === 'window') this.keyword(r, 'session');
  }

  private statementKeywords(r: Request, tokens: IToken[]): void {
    const block = this.insideBlock(r);
    const words = block ? BLOCK_KEYWORDS : TOP_LEVEL_KEYWORDS;
    for (const word of words) {
      const doc = KEYWORD_DOCS[word];
      if (doc?.snippet)
        this.snippetItem(r, word, doc.snippet, CompletionItemKind.Snippet, doc.doc, RANK.keyword, {
          vpl: 'keyword',
          name: word,
        });
      else this.keyword(r, word);
    }
    // After an `if` block: `elif` / `else`.
    if (block && tokens.some((t) => t.image === 'if')) {
      this.snippetItem(
        r,
        'elif',
        'elif ${1:condition}:\n    ${2}',
        CompletionItemKind.Keyword,
        KEYWORD_DOCS.elif!.doc,
        RANK.keyword,
      );
      this.snippetItem(r, 'else', 'else:\n    ${1}', CompletionItemKind.Keyword, KEYWORD_DOCS.else!.doc, RANK.keyword);
    }
  }

  private atStatementStart(r: Request, tokens: IToken[]): boolean {
    const last = tokens.at(-1);
    if (!last) return true;
    if (openBrackets(tokens, statementStartIndex(tokens)).length > 0) return false;
    const lineStart = r.text.lastIndexOf('\n', r.wordStart - 1) + 1;
    if (r.text.slice(lineStart, r.wordStart).trim() !== '') return false;
    // A new line after a complete statement: not after an operator or a `where`/`=` that needs its operand.
    return !/^(=|:=|->|=>|,|\(|\[|\{|\+|-|\*|\/|%|and|or|not|in|is|where|as|if|then|else|==|!=|<|>|<=|>=|\.)$/.test(
      last.image,
    );
  }

  private insideBlock(r: Request): boolean {
    const lineStart = r.text.lastIndexOf('\n', r.wordStart - 1) + 1;
    return r.wordStart > lineStart && /^[ \t]+$/.test(r.text.slice(lineStart, r.wordStart)) && this.enclosingBlock(r);
  }

  private enclosingBlock(r: Request): boolean {
    // The nearest less-indented non-blank line above is a block header (fn/if/for/while/…).
    const lines = r.head.split('\n');
    const indent = lines.at(-1)!.length;
    for (let i = lines.length - 2; i >= 0; i--) {
      const line = lines[i]!;
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const lineIndent = line.length - line.trimStart().length;
      if (lineIndent < indent) return /^(fn|if|elif|else|for|while)\b/.test(line.trim());
    }
    return false;
  }

  private typePosition(tokens: IToken[], start: number): boolean {
    const last = tokens.at(-1);
    const before = tokens.at(-2);
    if (!last) return false;
    const head = tokens[start]?.image;
    if (last.image === '->' && head === 'fn') return true;
    if (last.image === ':' && before && /^[A-Za-z_]/.test(before.image)) {
      if (head === 'let' || head === 'var' || head === 'const') return tokens.length - start === 3;
      if (head === 'stream') return tokens.length - start === 3;
      const open = openBrackets(tokens, start).at(-1);
      if (head === 'fn' && open !== undefined && tokens[open]!.image === '(' && tokens[open - 2]?.image === 'fn')
        return true;
      // An event field: the line is inside an `event` block.
      const lineStart = startsLine(tokens, before);
      return lineStart && this.inEventBlock(tokens, before);
    }
    return false;
  }

  private inEventBlock(tokens: IToken[], field: IToken): boolean {
    for (let i = tokens.indexOf(field) - 1; i >= 0; i--) {
      const token = tokens[i]!;
      if ((token.startColumn ?? 1) === 1) return token.image === 'event';
    }
    return false;
  }

  // ---- Items ----

  private durationUnits(r: Request, digits: string): void {
    const start = numberStart(r.text, r.offset);
    const range = { start: r.document.textDocument.positionAt(start), end: r.range.end };
    DURATION_UNITS.forEach((unit, index) => {
      r.items.push({
        label: `${digits}${unit.unit}`,
        kind: CompletionItemKind.Unit,
        detail: `${digits} ${unit.doc}`,
        sortText: `0${index}`,
        filterText: `${digits}${unit.unit}`,
        textEdit: { range, newText: `${digits}${unit.unit}` },
      });
    });
  }

  private sourceNames(r: Request, withPatterns: boolean): void {
    this.declarationsOf(r, 'EventDecl', CompletionItemKind.Struct);
    this.declarationsOf(r, 'StreamDecl', CompletionItemKind.Event);
    if (withPatterns) this.declarationsOf(r, 'PatternDecl', CompletionItemKind.Interface);
  }

  private declarationsOf(r: Request, type: string, kind: CompletionItemKind): void {
    for (const description of declarations(this.services, type, r.document)) {
      const detail =
        type === 'EventDecl'
          ? 'event'
          : type === 'StreamDecl'
            ? 'stream'
            : type === 'PatternDecl'
              ? 'pattern'
              : type === 'ConnectorDecl'
                ? 'connector'
                : type === 'ContextDecl'
                  ? 'context'
                  : 'type';
      r.items.push({
        label: description.name,
        kind,
        detail,
        sortText: `${RANK.declaration}${description.name}`,
        textEdit: { range: r.range, newText: description.name },
        data: {
          vpl: 'declaration',
          name: description.name,
          kind: type,
          uri: description.documentUri.toString(),
        } satisfies VplCompletionData,
      });
    }
  }

  private fields(r: Request, shape: RecordShape): void {
    for (const field of shape.fields.values()) {
      this.plain(
        r,
        field.name,
        CompletionItemKind.Field,
        RANK.field,
        undefined,
        typeRefText(field.type) ?? (shape.known ? 'field' : 'field (unverified)'),
      );
    }
  }

  private operation(r: Request, doc: OperationDoc, rank: string): void {
    r.items.push({
      label: doc.name,
      kind: CompletionItemKind.Method,
      detail: doc.signature,
      sortText: `${rank}${doc.name}`,
      insertTextFormat: r.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: r.range, newText: r.snippets ? doc.snippet : doc.name },
      data: { vpl: 'operation', name: doc.name } satisfies VplCompletionData,
    });
  }

  private builtin(r: Request, builtin: Builtin, method: boolean): void {
    const isVariable = builtin.kind === 'variable';
    const signature = isVariable
      ? `${builtin.name}: ${builtin.result}`
      : `${builtin.name}(${builtin.params.join(', ')}) -> ${builtin.result}`;
    const params =
      builtin.maxArgs === 0
        ? ''
        : builtin.params
            .slice(0, Math.max(1, builtin.minArgs))
            .map((p, i) => `\${${i + 1}:${placeholderName(p)}}`)
            .join(', ');
    const snippet = isVariable
      ? builtin.name
      : `${builtin.name}(${builtin.minArgs === 0 && builtin.kind !== 'method' ? '$1' : params})`;
    this.snippetItem(
      r,
      builtin.name,
      snippet,
      isVariable ? CompletionItemKind.Constant : method ? CompletionItemKind.Method : CompletionItemKind.Function,
      undefined,
      isVariable ? RANK.variable : RANK.function,
      { vpl: 'builtin', name: builtin.name, kind: builtin.kind },
      `${signature}${builtin.kind === 'aggregate' ? ' (aggregate)' : builtin.kind === 'trend' ? ' (trend)' : ''}`,
    );
  }

  private namedParameter(r: Request, name: string, type?: string): void {
    this.snippetItem(
      r,
      `${name}:`,
      `${name}: $1`,
      CompletionItemKind.Property,
      KEYWORD_DOCS[name]?.doc,
      RANK.field,
      undefined,
      type,
    );
  }

  private keyword(r: Request, word: string): void {
    r.items.push({
      label: word,
      kind: CompletionItemKind.Keyword,
      sortText: `${RANK.keyword}${word}`,
      textEdit: { range: r.range, newText: word },
      data: { vpl: 'keyword', name: word } satisfies VplCompletionData,
    });
  }

  private plain(
    r: Request,
    label: string,
    kind: CompletionItemKind,
    rank: string,
    doc?: string,
    detail?: string,
  ): void {
    r.items.push({
      label,
      kind,
      sortText: `${rank}${label}`,
      textEdit: { range: r.range, newText: label },
      ...(detail ? { detail } : {}),
      ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
    });
  }

  private snippetItem(
    r: Request,
    label: string,
    snippet: string,
    kind: CompletionItemKind,
    doc: string | undefined,
    rank: string,
    data?: VplCompletionData,
    detail?: string,
  ): void {
    const plain = snippet
      .replace(/\$\{\d+(?::([^}]*))?\}|\$\d+/g, (_m, value: string | undefined) => value ?? '')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
    r.items.push({
      label,
      kind,
      sortText: `${rank}${label}`,
      insertTextFormat: r.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: r.range, newText: r.snippets ? snippet : plain },
      ...(detail ? { detail } : {}),
      ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
      ...(data ? { data } : {}),
    });
  }

  /** `completionItem/resolve`: documentation for operations, builtins, keywords and declarations. */
  resolve(item: CompletionItem): CompletionItem {
    const data = item.data as VplCompletionData | undefined;
    if (!data || item.documentation) return item;
    let doc: string | undefined;
    if (data.vpl === 'operation') {
      const op = OPERATION_DOCS.get(data.name) ?? (data.name === 'from' ? FROM_DOC : undefined);
      if (op) doc = `\`\`\`vpl\n${op.signature}\n\`\`\`\n${op.doc}`;
    } else if (data.vpl === 'builtin') {
      const registry =
        data.kind === 'aggregate'
          ? AGGREGATE_BUILTINS
          : data.kind === 'trend'
            ? TREND_BUILTINS
            : data.kind === 'method'
              ? METHOD_BUILTINS
              : data.kind === 'variable'
                ? VARIABLE_BUILTINS
                : SCALAR_BUILTINS;
      const builtin = registry.get(data.name);
      if (builtin) doc = builtinMarkdown(builtin);
    } else if (data.vpl === 'keyword') {
      doc = KEYWORD_DOCS[data.name]?.doc;
    } else if (data.vpl === 'connector-kind') {
      const kind = CONNECTOR_KINDS.find((k) => k.kind === data.name);
      if (kind)
        doc = `${kind.doc}\n\nParameters: ${kind.params.map((p) => `\`${p.name}\` (${p.type})`).join(', ') || 'none'}.`;
    } else if (data.vpl === 'declaration') {
      const description = declarations(
        this.services,
        (data as VplCompletionData & { kind: string }).kind ?? 'EventDecl',
      ).find((d) => d.name === data.name);
      const node = description?.node;
      if (node && ast.isEventDecl(node)) {
        doc = `\`\`\`vpl\n${eventSchema(node, this.services.scoping.NameResolver.streams.targetShape(node, node.name))}\n\`\`\``;
      } else if (node && ast.isStreamDecl(node)) {
        const output = this.services.scoping.NameResolver.streams.contextsOf(node).output;
        doc = `Stream \`${node.name}\`, output fields: ${
          shapeLines(output, computedTypes(node, this.services))
            .map((l) => `\`${l}\``)
            .join(', ') || 'unknown'
        }.`;
      }
    }
    if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
    return item;
  }
}

/** Markdown for a builtin: signature, arity and its one-line doc. */
export function builtinMarkdown(builtin: Builtin): string {
  if (builtin.kind === 'variable') {
    return `\`\`\`vpl\n${builtin.name}: ${builtin.result}\n\`\`\`\n${builtin.doc}${builtin.scope ? ` In scope after ${builtin.scope}.` : ''}${builtin.replacedBy ? ` Deprecated: use \`${builtin.replacedBy}\`.` : ''}`;
  }
  const kind =
    builtin.kind === 'aggregate'
      ? 'aggregate function'
      : builtin.kind === 'trend'
        ? 'trend-aggregate function'
        : builtin.kind === 'method'
          ? 'method'
          : 'function';
  return `\`\`\`vpl\n${builtin.kind === 'method' ? '.' : ''}${builtin.name}(${builtin.params.join(', ')}) -> ${builtin.result}\n\`\`\`\n${builtin.doc}\n\n*Built-in ${kind}, ${describeArity(builtin)}.*`;
}

function placeholderName(type: string): string {
  if (type.startsWith('[')) return 'items';
  if (type === 'str') return 's';
  if (type === 'number' || type === 'int' || type === 'float') return 'x';
  if (type.includes('=>')) return 'x => x';
  if (type === 'alias') return 'alias';
  if (type === 'alias.field') return 'alias.field';
  return 'value';
}

function opType(name: string): string {
  return `${name
    .split('_')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')}Op`;
}

/** Common next steps first: after a window an aggregate, after an aggregate `.having`/`.emit`, `.emit` late. */
function operationRank(doc: OperationDoc, ops: AstNode[], source: AstNode | undefined): string {
  const lastOp = ops.at(-1)?.$type;
  if (lastOp === 'WindowOp' && doc.name === 'aggregate') return '0';
  if (lastOp === 'AggregateOp' && (doc.name === 'having' || doc.name === 'emit')) return '0';
  if ((lastOp === 'FollowedBy' || lastOp === 'NotOp') && (doc.name === 'within' || doc.name === 'not')) return '0';
  if (ast.isJoinSource(source) && ops.length === 0 && doc.name === 'on') return '0';
  if (['where', 'emit', 'window', 'select', 'partition_by', 'to'].includes(doc.name)) return '1';
  return '2';
}

function localType(node: AstNode): string | undefined {
  if (ast.isParam(node)) return typeRefText(node.type);
  if (ast.isVarDecl(node)) return typeRefText(node.type) ?? node.kind;
  return undefined;
}

function aliasDetail(node: AstNode): string | undefined {
  const container = node.$container;
  if (ast.isEventSource(container) || ast.isFollowedBy(container)) return container.target?.$refText;
  if (ast.isSequenceStep(node)) return node.target?.$refText;
  return undefined;
}

/** Whether the token at `index` is the stream's source name (`stream S = Name`), right after the `=`. */
function isSourceName(tokens: IToken[], start: number, index: number): boolean {
  return tokens[index - 1]?.image === '=' && index - start <= 5 && tokens[start]?.image === 'stream';
}

/** The last of the given tokens at bracket depth 0 between `from` and `to` (exclusive). */
function lastAtDepthZero(tokens: IToken[], from: number, to: number, images: string[]): string | undefined {
  let found: string | undefined;
  let depth = 0;
  for (let i = from; i < to; i++) {
    const token = tokens[i]!;
    if (token.image === '(' || token.image === '[' || token.image === '{') depth++;
    else if (token.image === ')' || token.image === ']' || token.image === '}') depth--;
    else if (depth === 0) {
      const key = token.tokenType.name === 'OP_DOT' ? 'OP_DOT' : token.image;
      if (images.includes(key)) found = key;
    }
  }
  return found;
}

function numberStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  return /^\d/.test(text.slice(start, offset)) ? start : offset;
}

function startsLine(tokens: IToken[], token: IToken): boolean {
  const index = tokens.indexOf(token);
  const previous = tokens[index - 1];
  return !previous || (previous.endLine ?? 0) < (token.startLine ?? 0);
}

/**
 * The start of the top-level statement around an offset: the nearest line at or above it that starts a statement at
 * column 0 (a word; not a comment, blank line or a `.`/`->`/`)` continuation).
 */
function topLevelStatementStart(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (;;) {
    if (/^[A-Za-z_]/.test(text.slice(lineStart, lineStart + 1))) return lineStart;
    // At 1, the line before is the empty first line (and lastIndexOf(…, -1) would find offset 0 again: a hang).
    if (lineStart <= 1) return 0;
    lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  }
}

/** Whether an offset is inside a `#` comment or a string literal on its line (no completion there). */
function insideCommentOrString(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '#') return true;
  }
  return inString;
}
