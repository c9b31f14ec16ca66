import { EOF, type IOrAlt, type TokenType, type TokenVocabulary } from 'chevrotain';
import { GrammarAST, GrammarUtils, type LangiumParser } from 'langium';

/*
 * The rules of the VPL parser, built from the grammar like Langium's `createParser` (langium/lib/parser/
 * parser-builder-base.js, MIT licence, TypeFox GmbH), which this file follows element by element: same occurrence
 * indexes, same grammar elements handed to the parser (so the CST, the AST and error recovery are unchanged).
 *
 * The difference is what a rule costs when it runs. Langium's builder supports rule parameters and guards, so every
 * alternative, optional part, repetition and rule call allocates fresh closures and option objects on each call
 * (an `alternatives` of 35 operations allocates 70 objects each time it is tried). VPL's grammar has no parameters,
 * so here every such object is built once, when the parser is built. `buildVplParserRules` refuses a grammar with
 * rule parameters or guards (the caller then uses Langium's builder).
 */

/** A rule implementation as the Langium parser runs it. */
type Method = () => void;

/** The arguments of every rule call (VPL's rules take none; Langium allocates an empty object per call). */
const NO_ARGS: Readonly<Record<string, boolean>> = Object.freeze({});

interface BuildContext {
  readonly parser: LangiumParser;
  readonly tokens: Record<string, TokenType>;
  consume: number;
  optional: number;
  subrule: number;
  many: number;
  or: number;
}

/** Rule methods as the Langium parser defines them (`parser.rule`), looked up by name when first called. */
type RuleResult = ReturnType<LangiumParser['getRule']> & {};

/** Whether the grammar uses rule parameters or guard conditions, which this builder does not support. */
export function usesRuleParameters(grammar: GrammarAST.Grammar): boolean {
  for (const rule of grammar.rules) {
    if (GrammarAST.isParserRule(rule) && rule.parameters.length > 0) return true;
  }
  return false;
}

/** Defines every reachable parser and infix rule of `grammar` on `parser` (the `createParser` of Langium). */
export function buildVplParserRules(
  grammar: GrammarAST.Grammar,
  parser: LangiumParser,
  tokens: TokenVocabulary,
): LangiumParser {
  if (usesRuleParameters(grammar)) throw new Error('The VPL parser builder does not support rule parameters.');
  const reachable = GrammarUtils.getAllReachableRules(grammar, false);
  const base = { parser, tokens: tokens as Record<string, TokenType> };
  for (const rule of grammar.rules) {
    if (!GrammarAST.isParserRule(rule) || !reachable.has(rule)) continue;
    const ctx: BuildContext = { ...base, consume: 1, optional: 1, subrule: 1, many: 1, or: 1 };
    parser.rule(rule, buildElement(ctx, rule.definition));
  }
  for (const rule of grammar.rules) {
    if (!GrammarAST.isInfixRule(rule) || !reachable.has(rule)) continue;
    parser.rule(rule, buildInfixRule(base, rule));
  }
  return parser;
}

function buildInfixRule(ctx: Pick<BuildContext, 'parser' | 'tokens'>, rule: GrammarAST.InfixRule): Method {
  const expressionRule = rule.call.rule.ref;
  if (!expressionRule)
    throw new Error(`Could not resolve reference to infix operator rule: ${rule.call.rule.$refText}`);
  if (GrammarAST.isTerminalRule(expressionRule)) throw new Error('Cannot use terminal rule in infix expression');
  // The same synthetic grammar elements as Langium's builder: the CST and completion rely on them.
  const allKeywords = rule.operators.precedences.flatMap((precedence) => precedence.operators);
  const outerGroup = { $type: 'Group', elements: [] as unknown[] };
  const part1Assignment = {
    $container: outerGroup,
    $type: 'Assignment',
    feature: 'parts',
    operator: '+=',
    terminal: rule.call,
  } as unknown as GrammarAST.Assignment;
  const innerGroup = { $container: outerGroup, $type: 'Group', elements: [] as unknown[], cardinality: '*' };
  outerGroup.elements.push(part1Assignment, innerGroup);
  const alternatives = { $type: 'Alternatives', elements: allKeywords };
  const operatorAssignment = {
    $container: innerGroup,
    $type: 'Assignment',
    feature: 'operators',
    operator: '+=',
    terminal: alternatives,
  } as unknown as GrammarAST.Assignment;
  const part2Assignment = { ...part1Assignment, $container: innerGroup } as GrammarAST.Assignment;
  innerGroup.elements.push(operatorAssignment, part2Assignment);
  const parser = ctx.parser;
  const operatorAlternatives: IOrAlt<unknown>[] = allKeywords.map((keyword, index) => {
    const token = ctx.tokens[keyword.value]!;
    return { ALT: () => parser.consume(index, token, operatorAssignment) };
  });
  let subrule: RuleResult | undefined;
  const repetition = {
    DEF: () => {
      parser.alternatives(0, operatorAlternatives);
      parser.subrule(1, subrule!, false, part2Assignment, NO_ARGS);
    },
  };
  return () => {
    subrule ??= getRule(ctx, expressionRule);
    parser.subrule(0, subrule, false, part1Assignment, NO_ARGS);
    parser.many(0, repetition);
  };
}

function buildElement(ctx: BuildContext, element: GrammarAST.AbstractElement): Method {
  let method: Method;
  if (GrammarAST.isKeyword(element)) method = buildKeyword(ctx, element);
  else if (GrammarAST.isAction(element)) method = buildAction(ctx, element);
  else if (GrammarAST.isAssignment(element)) method = buildElement(ctx, element.terminal);
  else if (GrammarAST.isCrossReference(element)) method = buildCrossReference(ctx, element);
  else if (GrammarAST.isRuleCall(element)) method = buildRuleCall(ctx, element);
  else if (GrammarAST.isAlternatives(element)) method = buildAlternatives(ctx, element);
  else if (GrammarAST.isUnorderedGroup(element)) throw new Error('The VPL parser builder does not support `&` groups.');
  else if (GrammarAST.isGroup(element)) {
    if (element.guardCondition) throw new Error('The VPL parser builder does not support guard conditions.');
    method = buildGroup(ctx, element);
  } else if (GrammarAST.isEndOfFile(element)) {
    const idx = ctx.consume++;
    const parser = ctx.parser;
    method = () => parser.consume(idx, EOF, element);
  } else {
    throw new Error(`Unexpected element type: ${element.$type}`);
  }
  return wrap(ctx, method, element.cardinality);
}

function buildAction(ctx: BuildContext, action: GrammarAST.Action): Method {
  const actionType = GrammarUtils.getTypeName(action);
  const parser = ctx.parser;
  return () => parser.action(actionType, action);
}

function buildRuleCall(ctx: BuildContext, ruleCall: GrammarAST.RuleCall): Method {
  const rule = ruleCall.rule.ref;
  const parser = ctx.parser;
  if (GrammarAST.isAbstractParserRule(rule)) {
    const idx = ctx.subrule++;
    const fragment = GrammarAST.isParserRule(rule) && rule.fragment;
    let subrule: RuleResult | undefined;
    return () => {
      subrule ??= getRule(ctx, rule);
      parser.subrule(idx, subrule, fragment, ruleCall, NO_ARGS);
    };
  }
  if (GrammarAST.isTerminalRule(rule)) {
    const idx = ctx.consume++;
    const token = getToken(ctx, rule.name);
    return () => parser.consume(idx, token, ruleCall);
  }
  throw new Error(`Undefined rule: ${ruleCall.rule.$refText}`);
}

function buildAlternatives(ctx: BuildContext, alternatives: GrammarAST.Alternatives): Method {
  if (alternatives.elements.length === 1) return buildElement(ctx, alternatives.elements[0]!);
  const choices: IOrAlt<unknown>[] = alternatives.elements.map((element) => {
    if (GrammarAST.isGroup(element) && element.guardCondition) {
      throw new Error('The VPL parser builder does not support guard conditions.');
    }
    return { ALT: buildElement(ctx, element) };
  });
  const idx = ctx.or++;
  const parser = ctx.parser;
  return () => parser.alternatives(idx, choices);
}

function buildGroup(ctx: BuildContext, group: GrammarAST.Group): Method {
  const methods = group.elements.map((element) => buildElement(ctx, element));
  return () => {
    for (let i = 0; i < methods.length; i++) methods[i]!();
  };
}

function buildCrossReference(
  ctx: BuildContext,
  crossRef: GrammarAST.CrossReference,
  terminal: GrammarAST.AbstractElement | undefined = crossRef.terminal,
): Method {
  const parser = ctx.parser;
  if (!terminal) {
    const type = crossRef.type.ref;
    if (!type) throw new Error(`Could not resolve reference to type: ${crossRef.type.$refText}`);
    const assignTerminal = GrammarUtils.findNameAssignment(type)?.terminal;
    if (!assignTerminal) throw new Error(`Could not find name assignment for type: ${GrammarUtils.getTypeName(type)}`);
    return buildCrossReference(ctx, crossRef, assignTerminal);
  }
  if (GrammarAST.isRuleCall(terminal) && GrammarAST.isParserRule(terminal.rule.ref)) {
    const rule = terminal.rule.ref;
    const idx = ctx.subrule++;
    let subrule: RuleResult | undefined;
    return () => {
      subrule ??= getRule(ctx, rule);
      parser.subrule(idx, subrule, false, crossRef, NO_ARGS);
    };
  }
  if (GrammarAST.isRuleCall(terminal) && GrammarAST.isTerminalRule(terminal.rule.ref)) {
    const idx = ctx.consume++;
    const token = getToken(ctx, terminal.rule.ref.name);
    return () => parser.consume(idx, token, crossRef);
  }
  if (GrammarAST.isKeyword(terminal)) {
    const idx = ctx.consume++;
    const token = getToken(ctx, terminal.value);
    return () => parser.consume(idx, token, crossRef);
  }
  throw new Error('Could not build cross reference parser');
}

function buildKeyword(ctx: BuildContext, keyword: GrammarAST.Keyword): Method {
  const idx = ctx.consume++;
  const token = ctx.tokens[keyword.value];
  if (!token) throw new Error(`Could not find token for keyword: ${keyword.value}`);
  const parser = ctx.parser;
  return () => parser.consume(idx, token, keyword);
}

function wrap(ctx: BuildContext, method: Method, cardinality: GrammarAST.AbstractElement['cardinality']): Method {
  const parser = ctx.parser;
  const options = { DEF: method };
  switch (cardinality) {
    case undefined:
      return method;
    case '*': {
      const idx = ctx.many++;
      return () => parser.many(idx, options);
    }
    case '+': {
      const idx = ctx.many++;
      return () => parser.atLeastOne(idx, options);
    }
    case '?': {
      const idx = ctx.optional++;
      return () => parser.optional(idx, options);
    }
  }
}

function getRule(ctx: Pick<BuildContext, 'parser'>, element: GrammarAST.AbstractRule): RuleResult {
  const name = element.name;
  const rule = ctx.parser.getRule(name);
  if (!rule) throw new Error(`Rule "${name}" not found."`);
  return rule;
}

function getToken(ctx: BuildContext, name: string): TokenType {
  const token = ctx.tokens[name];
  if (!token) throw new Error(`Token "${name}" not found."`);
  return token;
}
