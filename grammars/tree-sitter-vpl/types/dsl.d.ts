// Type declarations for the grammar DSL that `tree-sitter generate` provides to grammar.js as globals.
// They cover what tree-sitter 0.22 offers and let `// @ts-check` verify grammar.js without a
// dependency on the npm `tree-sitter-cli` package (whose install step downloads a binary).

type AliasRule = { type: 'ALIAS'; named: boolean; content: Rule; value: string };
type BlankRule = { type: 'BLANK' };
type ChoiceRule = { type: 'CHOICE'; members: Rule[] };
type FieldRule = { type: 'FIELD'; name: string; content: Rule };
type ImmediateTokenRule = { type: 'IMMEDIATE_TOKEN'; content: Rule };
type PatternRule = { type: 'PATTERN'; value: string };
type PrecRule = {
  type: 'PREC' | 'PREC_LEFT' | 'PREC_RIGHT' | 'PREC_DYNAMIC';
  value: number | string;
  content: Rule;
};
type Repeat1Rule = { type: 'REPEAT1'; content: Rule };
type RepeatRule = { type: 'REPEAT'; content: Rule };
type SeqRule = { type: 'SEQ'; members: Rule[] };
type StringRule = { type: 'STRING'; value: string };
type SymbolRule<Name extends string> = { type: 'SYMBOL'; name: Name };
type TokenRule = { type: 'TOKEN'; content: Rule };

type Rule =
  | AliasRule
  | BlankRule
  | ChoiceRule
  | FieldRule
  | ImmediateTokenRule
  | PatternRule
  | PrecRule
  | Repeat1Rule
  | RepeatRule
  | SeqRule
  | StringRule
  | SymbolRule<string>
  | TokenRule;

/** Anything a rule function may return: a rule, a string literal or a regular expression. */
type RuleOrLiteral = Rule | RegExp | string;

/** The `$` argument of rule functions: one symbol per rule and external. */
type GrammarSymbols<RuleName extends string> = { [name in RuleName]: SymbolRule<name> } & Record<
  string,
  SymbolRule<string>
>;

type RuleBuilder<RuleName extends string> = ($: GrammarSymbols<RuleName>, previous: Rule) => RuleOrLiteral;

type RuleBuilders<RuleName extends string, BaseGrammarRuleName extends string> = {
  [name in RuleName]: RuleBuilder<RuleName | BaseGrammarRuleName>;
};

interface Grammar<
  RuleName extends string,
  BaseGrammarRuleName extends string = never,
  Rules extends RuleBuilders<RuleName, BaseGrammarRuleName> = RuleBuilders<RuleName, BaseGrammarRuleName>,
> {
  /** The language name: the C function is `tree_sitter_<name>`. */
  name: string;
  /** The rules; the first one is the root of every tree. */
  rules: Rules;
  /** Pairs (or sets) of rules whose LR conflicts are resolved at run time by GLR parsing. */
  conflicts?: ($: GrammarSymbols<RuleName | BaseGrammarRuleName>) => RuleOrLiteral[][];
  /** Tokens produced by the external scanner (src/scanner.c), in the order of its enum. */
  externals?: ($: Record<string, SymbolRule<string>>, previous: Rule[]) => RuleOrLiteral[];
  /** Tokens that may appear anywhere: whitespace and comments. */
  extras?: ($: GrammarSymbols<RuleName | BaseGrammarRuleName>) => RuleOrLiteral[];
  /** Hidden rules that are substituted into their uses instead of getting a parse state of their own. */
  inline?: ($: GrammarSymbols<RuleName | BaseGrammarRuleName>, previous: Rule[]) => RuleOrLiteral[];
  /** Named precedence levels, tightest first within each list. */
  precedences?: ($: GrammarSymbols<RuleName | BaseGrammarRuleName>) => RuleOrLiteral[][];
  /** Hidden rules that become abstract node types in node-types.json. */
  supertypes?: ($: GrammarSymbols<RuleName | BaseGrammarRuleName>) => RuleOrLiteral[];
  /** The identifier token: keywords are lexed as words first, then matched exactly. */
  word?: ($: GrammarSymbols<RuleName | BaseGrammarRuleName>) => RuleOrLiteral;
}

type GrammarSchema<RuleName extends string> = {
  [K in keyof Grammar<RuleName>]: K extends 'rules' ? Record<RuleName, Rule> : Grammar<RuleName>[K];
};

declare function alias(rule: RuleOrLiteral, name: string | SymbolRule<string>): AliasRule;
declare function blank(): BlankRule;
declare function choice(...options: RuleOrLiteral[]): ChoiceRule;
declare function field(name: string, rule: RuleOrLiteral): FieldRule;
declare function optional(rule: RuleOrLiteral): ChoiceRule;
declare function repeat(rule: RuleOrLiteral): RepeatRule;
declare function repeat1(rule: RuleOrLiteral): Repeat1Rule;
declare function seq(...rules: RuleOrLiteral[]): SeqRule;
declare function sym<Name extends string>(name: Name): SymbolRule<Name>;

declare const prec: {
  (value: number | string, rule: RuleOrLiteral): PrecRule;
  left(rule: RuleOrLiteral): PrecRule;
  left(value: number | string, rule: RuleOrLiteral): PrecRule;
  right(rule: RuleOrLiteral): PrecRule;
  right(value: number | string, rule: RuleOrLiteral): PrecRule;
  dynamic(value: number, rule: RuleOrLiteral): PrecRule;
};

declare const token: {
  (rule: RuleOrLiteral): TokenRule;
  immediate(rule: RuleOrLiteral): ImmediateTokenRule;
};

declare function grammar<RuleName extends string>(options: Grammar<RuleName>): GrammarSchema<RuleName>;
declare function grammar<BaseGrammarRuleName extends string, RuleName extends string>(
  baseGrammar: GrammarSchema<BaseGrammarRuleName>,
  options: Grammar<RuleName, BaseGrammarRuleName>,
): GrammarSchema<RuleName | BaseGrammarRuleName>;
