import { Lexer, type TokenType, type TokenVocabulary } from 'chevrotain';
import { DefaultTokenBuilder, type GrammarAST, type Stream, type TokenBuilderOptions } from 'langium';
import { ExtraTokenNames, NAME_KEYWORDS } from './vpl-token-types.js';

/**
 * VPL's tokens (§3, §14.1 of the language guide): the grammar's keywords and terminals, plus the error
 * tokens that let the lexer report precise problems instead of cascades of syntax errors:
 * `//` comments (VPL-L001), single-quoted strings (VPL-L002), unterminated strings and block comments,
 * malformed numbers such as `5min` or `1e5`, and the unsupported operators `??`, `+=`, `-=`, … .
 *
 * Chevrotain takes the first token type that matches, so the order matters: error tokens that extend a
 * valid token are attached as its `LONGER_ALT` (a number followed by letters is one BAD_NUMBER token).
 * INDENT, DEDENT and OP_DOT never match text: the lexer post-pass creates them.
 */
export class VplTokenBuilder extends DefaultTokenBuilder {
  /**
   * The keyword tokens that are words (`stream`, `where`, `AND`, …) by their text. The lexer does not try them one by
   * one at every word (Chevrotain would, then try the longer ID match on top): it reads every word as ID or
   * TEMPLATE_ID, and the lexer post-pass re-types an ID whose text is a keyword to that keyword's token. The result
   * is the same token: a keyword matches exactly when the whole word is the keyword.
   */
  readonly wordKeywords = new Map<string, TokenType>();

  override buildTokens(grammar: GrammarAST.Grammar, options?: TokenBuilderOptions): TokenVocabulary {
    const tokens = super.buildTokens(grammar, options) as TokenType[];
    const byName = new Map(tokens.map((token) => [token.name, token]));
    for (const synthetic of ['INDENT', 'DEDENT', 'OP_DOT']) {
      const token = byName.get(synthetic);
      if (token) {
        token.PATTERN = Lexer.NA;
        token.LABEL = synthetic === 'OP_DOT' ? "'.'" : synthetic;
      }
    }
    // Token categories (see the Names section of the grammar): keyword names are IDs, every word is a WORD.
    const id = byName.get('ID');
    const word = byName.get('WORD');
    if (id && word) {
      word.PATTERN = Lexer.NA;
      word.LABEL = 'a name';
      id.CATEGORIES = [word];
      const templateId = byName.get('TEMPLATE_ID');
      if (templateId) templateId.CATEGORIES = [word];
      for (const token of tokens) {
        // Keyword tokens have their word as a string pattern; terminals have regular expressions.
        const isWordKeyword = typeof token.PATTERN === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(token.PATTERN);
        if (!isWordKeyword) continue;
        token.CATEGORIES = NAME_KEYWORDS.has(token.name) ? [id, word] : [word];
        this.wordKeywords.set(token.PATTERN as string, token);
        token.PATTERN = Lexer.NA;
        delete token.LONGER_ALT;
      }
    }
    const badNumber = byName.get(ExtraTokenNames.BadNumber);
    for (const name of ['INT', 'FLOAT', 'DURATION']) {
      const token = byName.get(name);
      if (token && badNumber) token.LONGER_ALT = badNumber;
    }
    for (const [name, label] of [
      ['ID', 'a name'],
      ['TEMPLATE_ID', 'a template name'],
      ['INT', 'an integer'],
      ['FLOAT', 'a float'],
      ['STRING', 'a string'],
      ['DURATION', 'a duration'],
      ['TIMESTAMP', 'a timestamp'],
    ] as const) {
      const token = byName.get(name);
      if (token) token.LABEL = label;
    }
    return tokens;
  }

  protected override buildTerminalTokens(rules: Stream<GrammarAST.AbstractRule>): TokenType[] {
    const terminals = super.buildTerminalTokens(rules);
    const extra: TokenType[] = [
      { name: ExtraTokenNames.BadComment, PATTERN: /\/\/[^\n\r]*/, GROUP: 'hidden' },
      { name: ExtraTokenNames.UnterminatedComment, PATTERN: /\/\*[\s\S]*/, GROUP: 'hidden', LINE_BREAKS: true },
      { name: ExtraTokenNames.BadNumber, PATTERN: /[0-9]+(\.[0-9]+([eE][+-]?[0-9]+)?)?[A-Za-z_][A-Za-z0-9_]*/ },
      { name: ExtraTokenNames.BadString, PATTERN: /'(\\[^\n\r]|[^'\\\n\r])*'/ },
      { name: ExtraTokenNames.UnterminatedString, PATTERN: /["'](\\[^\n\r]|[^"\\\n\r])*/ },
      { name: ExtraTokenNames.UnsupportedOperator, PATTERN: /\?\?|\+=|-=|\*=|\/=|%=/ },
    ];
    // Comments first (they start with characters that are also operators), the error tokens for strings and
    // numbers after the valid ones they extend.
    const order = (token: TokenType): number => {
      switch (token.name) {
        case 'WS':
          return 0;
        case 'ML_COMMENT':
          return 1;
        case ExtraTokenNames.UnterminatedComment:
          return 2;
        case 'SL_COMMENT':
        case ExtraTokenNames.BadComment:
          return 3;
        case ExtraTokenNames.BadString:
        case ExtraTokenNames.UnterminatedString:
          return 6;
        case ExtraTokenNames.BadNumber:
          return 7;
        default:
          return 5;
      }
    };
    return [...terminals, ...extra].sort((a, b) => order(a) - order(b));
  }
}
