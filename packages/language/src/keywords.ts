import { AstUtils, GrammarAST } from 'langium';
import { VplGrammar } from './generated/grammar.js';

let cached: string[] | undefined;

/**
 * Every word the grammar uses as a keyword (reserved words, contextual keywords, operation names, types), sorted.
 * The TextMate grammar and tree-sitter's highlights query are tested against this list.
 */
export function vplKeywords(): string[] {
  if (!cached) {
    const words = new Set<string>();
    for (const rule of VplGrammar().rules) {
      if (!GrammarAST.isParserRule(rule) && !GrammarAST.isInfixRule(rule)) continue;
      for (const node of AstUtils.streamAllContents(rule)) {
        if (GrammarAST.isKeyword(node) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(node.value)) words.add(node.value);
      }
    }
    cached = [...words].sort();
  }
  return [...cached];
}
