import type { IToken } from 'chevrotain';
import {
  type AstNode,
  type AstReflection,
  DatatypeSymbol,
  type GrammarAST,
  type LangiumParser,
  type LexerResult,
  type ParseResult,
  type ParserOptions,
} from 'langium';
import { linkParsedTree } from '../utils/ast-walk.js';
import {
  type CstBuilderInternals,
  type CstNodeData,
  hasText,
  installCstBuilderFastPaths,
} from './cst-builder-fast-paths.js';

/**
 * Cheaper versions of six internal steps of Langium's parser (langium/lib/parser/langium-parser.js, version 4.4.0,
 * MIT licence, TypeFox GmbH), installed on one parser instance. Each computes exactly what Langium's step computes,
 * in the same order (so the AST objects get the same properties in the same order, and the CST is the same); they
 * only allocate less and look up less per rule call and per token:
 *
 * - `subrule` passes no per-call argument object to Chevrotain (VPL's rules take no parameters), computes
 *   whether the rule consumed text without the CST's recursive getters, and builds no node while an out-of-stack
 *   error unwinds (the parse is abandoned; see `parse`);
 * - `getAssignment` looks its cache up once instead of twice;
 * - `construct` fills a node's mandatory properties from a per-type list computed once, instead of scanning the
 *   type's metadata for every node;
 * - `assignWithoutOverride` merges a node without an `Object.entries` array;
 * - `extractHiddenTokens` returns a shared empty list when no comment precedes the token (Langium's steps do
 *   nothing with an empty one);
 * - `parse` links the finished tree to its containers with a loop instead of a recursion that allocates an
 *   entries array and a closure per node, and records the tree's nodes and references on the way
 *   (utils/ast-walk.ts), which linking and validation then reuse. It also starts from an empty node stack: after a
 *   parse that ran out of stack (vpl-parser.ts parses again without the deeply nested statements), Langium's
 *   parser returned the abandoned tree of the failed parse instead of the new one.
 *
 * The CST builder gets its own fast paths (cst-builder-fast-paths.ts). The test parsing/parser-fast-paths.test.ts
 * checks that Langium still has these internals, and that trees and
 * syntax errors equal those of Langium's unmodified parser on the test programs.
 */

/** Langium's parser internals the fast paths replace or use. */
interface ParserInternals {
  wrapper: {
    subrule(idx: number, rule: unknown, options: undefined): unknown;
    input: IToken[];
    errors: ParseResult['parserErrors'];
  };
  nodeBuilder: CstBuilderInternals;
  stack: Record<string, unknown>[];
  lexer: { tokenize(text: string): LexerResult };
  lexerResult: LexerResult | undefined;
  allRules: Map<string, unknown>;
  mainRule: unknown;
  unorderedGroups: Map<string, unknown>;
  astReflection: AstReflection;
  converter: { convert(value: string, cstNode: unknown): unknown };
  operatorPrecedence: Map<string, unknown>;
  isRecording(): boolean;
  construct(): unknown;
  constructInfix(obj: object, precedence: unknown): unknown;
  performSubruleAssignment(result: unknown, feature: GrammarAST.AbstractElement, cstNode: unknown): void;
  assignmentMap: Map<GrammarAST.AbstractElement, unknown>;
  getAssignment(feature: GrammarAST.AbstractElement): unknown;
  doParse(rule: unknown): AstNode;
  extractHiddenTokens(token: IToken): IToken[];
  assignWithoutOverride(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown>;
  subrule: LangiumParser['subrule'];
  parse: LangiumParser['parse'];
}

/** The internal methods the fast paths replace: the test checks that Langium still defines them. */
export const REPLACED_PARSER_METHODS = [
  'subrule',
  'getAssignment',
  'construct',
  'assignWithoutOverride',
  'extractHiddenTokens',
  'parse',
] as const;

const NO_HIDDEN_TOKENS: IToken[] = [];

/** Installs the fast paths on a Langium parser (before its rules are built). */
export function installParserFastPaths(langiumParser: LangiumParser): void {
  const parser = langiumParser as unknown as ParserInternals;
  for (const method of REPLACED_PARSER_METHODS) {
    if (typeof parser[method] !== 'function') throw new Error(`Langium's parser has no method '${method}'.`);
  }
  const defaults = new Map<string, [string, unknown][]>();
  const defaultsOf = (type: string): [string, unknown][] => {
    let list = defaults.get(type);
    if (!list) {
      list = [];
      for (const property of Object.values(parser.astReflection.getTypeMetaData(type).properties)) {
        if (property.defaultValue !== undefined) list.push([property.name, property.defaultValue]);
      }
      defaults.set(type, list);
    }
    return list;
  };

  parser.subrule = function subrule(this: ParserInternals, idx, rule, fragment, feature) {
    let cstNode: CstNodeData | undefined;
    if (!this.isRecording() && !fragment) cstNode = this.nodeBuilder.buildCompositeNode(feature);
    let result: unknown;
    let outOfStack = false;
    try {
      result = this.wrapper.subrule(idx, rule, undefined);
    } catch (error) {
      // Out of stack: the parse is abandoned (vpl-parser.ts parses again). Building nodes while the error unwinds
      // would pop nodes this call never pushed and replace the RangeError by a TypeError.
      outOfStack = error instanceof RangeError;
      throw error;
    } finally {
      if (!outOfStack && !this.isRecording()) {
        if (result === undefined && !fragment) result = this.construct();
        if (result !== undefined && cstNode && hasText(cstNode))
          this.performSubruleAssignment(result, feature, cstNode);
      }
    }
  } as LangiumParser['subrule'];

  parser.construct = function construct(this: ParserInternals) {
    if (this.isRecording()) return undefined;
    const obj = this.stack.pop()!;
    this.nodeBuilder.construct(obj);
    if ('$infixName' in obj) {
      return this.constructInfix(obj, this.operatorPrecedence.get(obj.$infixName as string));
    }
    if (obj.$type === DatatypeSymbol) return this.converter.convert(obj.value as string, obj.$cstNode);
    for (const [name, value] of defaultsOf(obj.$type as string)) {
      if (obj[name] === undefined) obj[name] = copyDefaultValue(value);
    }
    return obj;
  };

  parser.assignWithoutOverride = (target, source) => {
    for (const name in source) {
      const existingValue = source[name];
      const newValue = target[name];
      if (newValue === undefined) {
        target[name] = existingValue;
      } else if (Array.isArray(newValue) && Array.isArray(existingValue)) {
        existingValue.push(...newValue);
        target[name] = existingValue;
      }
    }
    target.$cstNode = undefined;
    return target;
  };

  // One map lookup instead of `has` then `get`; the entry is computed by Langium's method on first use.
  const getAssignment = parser.getAssignment.bind(parser);
  parser.getAssignment = (feature) => parser.assignmentMap.get(feature) ?? getAssignment(feature);

  parser.extractHiddenTokens = function extractHiddenTokens(this: ParserInternals, token: IToken) {
    const hiddenTokens = this.lexerResult!.hidden;
    if (hiddenTokens.length === 0 || hiddenTokens[0]!.startOffset > token.startOffset) return NO_HIDDEN_TOKENS;
    for (let i = 0; i < hiddenTokens.length; i++) {
      if (hiddenTokens[i]!.startOffset > token.startOffset) return hiddenTokens.splice(0, i);
    }
    return hiddenTokens.splice(0, hiddenTokens.length);
  };

  installCstBuilderFastPaths(parser.nodeBuilder);

  parser.parse = function parse<T extends AstNode = AstNode>(
    this: ParserInternals,
    input: string,
    options: ParserOptions = {},
  ): ParseResult<T> {
    // A parse that ran out of stack (see vpl-parser.ts) leaves its unfinished nodes on the stack; the next parse
    // must not build on them (Langium's parser would return the abandoned tree).
    this.stack.length = 0;
    this.nodeBuilder.buildRootNode(input);
    const lexerResult = this.lexer.tokenize(input);
    this.lexerResult = lexerResult;
    this.wrapper.input = lexerResult.tokens;
    const ruleMethod = options.rule ? this.allRules.get(options.rule) : this.mainRule;
    if (!ruleMethod) {
      throw new Error(options.rule ? `No rule found with name '${options.rule}'` : 'No main rule available.');
    }
    const result = this.doParse(ruleMethod);
    this.nodeBuilder.addHiddenNodes(lexerResult.hidden);
    this.unorderedGroups.clear();
    this.lexerResult = undefined;
    linkParsedTree(result);
    return {
      value: result as T,
      lexerErrors: lexerResult.errors,
      lexerReport: lexerResult.report,
      parserErrors: this.wrapper.errors,
    };
  } as LangiumParser['parse'];
}

function copyDefaultValue(value: unknown): unknown {
  return Array.isArray(value) ? value.map(copyDefaultValue) : value;
}
