import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';
import type { VplLexer } from './vpl-lexer.js';

/**
 * The Langium parser, guarded against stack overflow: operators that nest without brackets (thousands of `not`,
 * a long `else if` chain, `x => y => …`) recurse once per level. If the parser runs out of stack, the text is parsed
 * again with every statement that nests more than the limit removed and reported (VPL-P001), so the editor, the CLI
 * and the MCP server get a diagnostic instead of a crash.
 */
export function createVplParser(services: LangiumCoreServices): LangiumParser {
  const parser = createLangiumParser(services);
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
