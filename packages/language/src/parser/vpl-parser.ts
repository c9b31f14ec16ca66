import { createLangiumParser, type LangiumCoreServices, LangiumParser } from 'langium';
import { installLookaheadFastPaths, type LookaheadInternals } from './lookahead-fast-paths.js';
import { installParserFastPaths } from './parser-fast-paths.js';
import type { VplLexer } from './vpl-lexer.js';
import { buildVplParserRules, usesRuleParameters } from './vpl-parser-builder.js';

/**
 * Langium's parser for the VPL grammar, with its rules built by VPL's allocation-free builder, the fast paths of
 * parser-fast-paths.ts and the one-token lookahead shortcuts of lookahead-fast-paths.ts (all compute what Langium's
 * own parser computes). A grammar with rule parameters (which
 * VPL's has not) falls back to Langium's builder.
 */
function createFastLangiumParser(services: LangiumCoreServices): LangiumParser {
  if (usesRuleParameters(services.Grammar)) return createLangiumParser(services);
  const parser = new LangiumParser(services);
  installParserFastPaths(parser);
  buildVplParserRules(services.Grammar, parser, services.parser.Lexer.definition);
  parser.finalize();
  installLookaheadFastPaths((parser as unknown as { wrapper: LookaheadInternals }).wrapper);
  return parser;
}

/**
 * The Langium parser, guarded against stack overflow: operators that nest without brackets (thousands of `not`,
 * a long `else if` chain, `x => y => …`) recurse once per level. If the parser runs out of stack, the text is parsed
 * again with every statement that nests more than the limit removed and reported (VPL-P001), so the editor, the CLI
 * and the MCP server get a diagnostic instead of a crash.
 */
export function createVplParser(services: LangiumCoreServices): LangiumParser {
  const parser = createFastLangiumParser(services);
  const parse = parser.parse.bind(parser);
  parser.parse = ((input, options) => {
    try {
      return parse(input, options);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const lexer = services.parser.Lexer as VplLexer;
      lexer.dropDeeplyNestedStatements = true;
      try {
        return parse(input, options);
      } finally {
        lexer.dropDeeplyNestedStatements = false;
      }
    }
  }) as LangiumParser['parse'];
  return parser;
}
