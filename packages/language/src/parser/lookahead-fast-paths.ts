import { getLookaheadPaths, type IToken, type TokenType } from 'chevrotain';

/*
 * A one-token shortcut in front of the parser's ALL(*) decisions (chevrotain-allstar). A decision that is not LL(1)
 * as a whole (an expression operand may start with `{` as a map or as a template atom; after an operand, a `(` may
 * call it or start the next statement) runs the adaptive prediction for every token, although for most tokens one
 * token decides: a token that starts only one alternative can only predict that alternative, and a token that cannot
 * start an optional part or another iteration can only skip it. ALL(*) computes the same answers, so the shortcut
 * answers those tokens and leaves the others to ALL(*). Decisions with an alternative that may be empty (its first
 * token could come from what follows) keep ALL(*) for every token.
 */

/** The method kinds of Chevrotain's lookahead keys (`parse/grammar/keys.js`): the bits above the occurrence. */
const PRODUCTION_TYPES: Readonly<Record<number, string>> = {
  256: 'Alternation',
  512: 'Option',
  768: 'Repetition',
  1024: 'RepetitionMandatory',
  1280: 'RepetitionWithSeparator',
  1536: 'RepetitionMandatoryWithSeparator',
};
const OCCURRENCE_BITS = 0xff;

/** A lookahead function as Chevrotain calls it (`this` is the parser). */
type LookaheadFunction = (this: LookaheadParser, alternatives?: unknown) => unknown;

interface LookaheadParser {
  LA_FAST(offset: number): IToken;
}

/** The internals of Chevrotain's parser the shortcut reads and updates (after `performSelfAnalysis`). */
export interface LookaheadInternals {
  getGAstProductions(): Record<string, Parameters<typeof getLookaheadPaths>[0]['rule']>;
  fullRuleNameToShort: Record<string, number>;
  lookAheadFuncsCache: LookaheadFunction[][];
}

/** The token type indexes a lookahead path's first token matches (itself and the members of its category). */
function matchingIndexes(type: TokenType): number[] {
  const own = type.tokenTypeIdx;
  const members = (type as TokenType & { categoryMatches?: number[] }).categoryMatches ?? [];
  return own === undefined ? [...members] : [own, ...members];
}

/** The indexes of the tokens that can start an alternative, or undefined when it may be empty. */
function firstTokens(alternative: TokenType[][]): Set<number> | undefined {
  const set = new Set<number>();
  for (const path of alternative) {
    const first = path[0];
    if (first === undefined) return undefined;
    for (const index of matchingIndexes(first)) set.add(index);
  }
  return set;
}

/** Puts the one-token shortcut in front of every lookahead function of a finalized Chevrotain parser. */
export function installLookaheadFastPaths(parser: LookaheadInternals): void {
  for (const [name, rule] of Object.entries(parser.getGAstProductions())) {
    const table = parser.lookAheadFuncsCache[parser.fullRuleNameToShort[name]!];
    if (!table) continue;
    table.forEach((lookahead, key) => {
      const prodType = PRODUCTION_TYPES[key & ~OCCURRENCE_BITS];
      if (!prodType || typeof lookahead !== 'function') return;
      const occurrence = key & OCCURRENCE_BITS;
      // One path list per alternative; for an optional part or a repetition: the part, then what follows it.
      const paths = getLookaheadPaths({ occurrence, rule, prodType: prodType as never, maxLookahead: 1 });
      if (prodType === 'Alternation') {
        const sets = paths.map(firstTokens);
        if (sets.every((set) => set !== undefined)) table[key] = alternationShortcut(sets as Set<number>[], lookahead);
      } else {
        const enter = paths[0] && firstTokens(paths[0]);
        if (enter) table[key] = optionalShortcut(enter, lookahead);
      }
    });
  }
}

/** A token that starts exactly one alternative predicts it. */
function alternationShortcut(sets: Set<number>[], lookahead: LookaheadFunction): LookaheadFunction {
  const counts = new Map<number, number>();
  for (const set of sets) for (const index of set) counts.set(index, (counts.get(index) ?? 0) + 1);
  const unique: number[] = [];
  sets.forEach((set, alternative) => {
    for (const index of set) if (counts.get(index) === 1) unique[index] = alternative;
  });
  return function alternation(this: LookaheadParser, alternatives?: unknown) {
    const predicted = unique[this.LA_FAST(1).tokenTypeIdx];
    return predicted !== undefined ? predicted : lookahead.call(this, alternatives);
  };
}

/** A token that cannot start the optional part (or another iteration) skips it. */
function optionalShortcut(enter: Set<number>, lookahead: LookaheadFunction): LookaheadFunction {
  const enters: boolean[] = [];
  for (const index of enter) enters[index] = true;
  return function optional(this: LookaheadParser) {
    return enters[this.LA_FAST(1).tokenTypeIdx] === true ? lookahead.call(this) : false;
  };
}
