import { type CstNode, DefaultValueConverter, type GrammarAST, type ValueType } from 'langium';
import { decodeString } from '../utils/strings.js';

/**
 * Literal values of the AST: INT and DURATION stay exact text (a 64-bit integer or nanosecond count does not fit a
 * JS number; `utils/literals.ts` converts them), FLOAT is a number, STRING is decoded (§3.9), TIMESTAMP is kept
 * as written.
 */
export class VplValueConverter extends DefaultValueConverter {
  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
    switch (rule.name) {
      case 'INT':
      case 'DURATION':
      case 'TIMESTAMP':
      case 'ID':
      case 'TEMPLATE_ID':
      // The name rules and the word category are strings: Langium's conversion returns them unchanged, after
      // upper-casing the rule name and computing the rule's type on every call (once per name token).
      case 'Name':
      case 'AnyName':
      case 'WORD':
        return input;
      case 'STRING':
        return decodeString(input).value;
      case 'FLOAT':
        return Number(input);
      default:
        return super.runConverter(rule, input, cstNode);
    }
  }
}
