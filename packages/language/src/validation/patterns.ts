import { AstUtils, type ValidationAcceptor } from 'langium';
import { TREND_BUILTINS } from '../builtins/builtins.js';
import {
  type ForecastOp,
  isEventSource,
  isExprStmt,
  isFollowedBy,
  isForStmt,
  isLambda,
  isMemberAccess,
  isNameRef,
  isNotOp,
  isPatternDecl,
  isSequenceSource,
  isTrendAggregateOp,
  type PatternDecl,
  type PatternOp,
  type Program,
  type SaseNot,
  type SaseSeq,
  type Statement,
  type StreamDecl,
  type TrendAggregateOp,
  type TrendItem,
} from '../generated/ast.js';
import { chainFacts, operationAnchor, owningStream } from '../utils/stream-ops.js';
import { DiagnosticCode } from './codes.js';
import { report } from './report.js';
import { firstToken, lastToken } from './statements.js';
import type { VplCheckSet } from './vpl-validator.js';

const FORECAST_PARAMETERS = ['mode', 'confidence', 'horizon', 'warmup', 'max_depth', 'hawkes', 'conformal'];

// ---- SASE+ pattern declarations (§9.3, D7, ruling R14) ----

/** VPL-P040: a `NOT` item cannot open a `SEQ`, and a trailing `NOT` needs the pattern's `within` deadline. */
function negatedItemsMustBeAnchored(seq: SaseSeq, accept: ValidationAcceptor): void {
  const items = seq.items;
  const first = items[0];
  if (first?.negated) {
    report(
      accept,
      DiagnosticCode.NotFirstOrTrailing,
      `\`NOT ${first.item?.target?.$refText}\` cannot be the first item of \`SEQ(...)\`: there is nothing before it to anchor the absence. Put a positive item first.`,
      { node: first, keyword: 'NOT' },
    );
  }
  const last = items[items.length - 1];
  const pattern = AstUtils.getContainerOfType(seq, (node): node is PatternDecl => node.$type === 'PatternDecl');
  if (last && last !== first && last.negated && !pattern?.within) {
    report(
      accept,
      DiagnosticCode.NotFirstOrTrailing,
      `A trailing \`NOT ${last.item?.target?.$refText}\` waits for the pattern's deadline, and this pattern has no \`within\`: add \`within <duration>\` after \`SEQ(...)\`.`,
      { node: last, keyword: 'NOT' },
    );
  }
}

/** VPL-P042: a negated item matches nothing, so it takes neither a Kleene marker nor an alias (ruling R14). */
function negatedItemsMustBePlain(seq: SaseSeq, accept: ValidationAcceptor): void {
  for (const entry of seq.items) {
    const item = entry.item;
    if (!entry.negated || !item) continue;
    if (item.kleene) {
      report(
        accept,
        DiagnosticCode.NegatedKleeneOrAlias,
        `\`NOT ${item.target?.$refText}${item.kleene}\`: a negated item takes no Kleene marker (the absence of one event is the absence of any): remove \`${item.kleene}\`.`,
        { node: item, property: 'kleene' },
      );
    }
    if (item.alias) {
      report(
        accept,
        DiagnosticCode.NegatedKleeneOrAlias,
        `A negated item binds no event, so the alias '${item.alias.name}' would never have a value: remove \`as ${item.alias.name}\`.`,
        { node: item.alias, property: 'name' },
      );
    }
  }
}

/** VPL-P041: `NOT` has a meaning only as an item of `SEQ(...)` (D7). */
function notMustBeInsideSeq(node: SaseNot, accept: ValidationAcceptor): void {
  report(
    accept,
    DiagnosticCode.NotOutsideSeq,
    '`NOT` outside `SEQ(...)` (a whole pattern, or an operand of `AND`/`OR`) has no defined meaning: write the absence as an item between two others, `SEQ(A, NOT B, C)`, or as a trailing item with `within`.',
    { node, keyword: 'NOT' },
  );
}

// ---- .pattern(...) (§9.5) ----

/** VPL-P030: the lowercase sequence form of `.pattern(...)` is parsed but has no semantics (L36). */
function patternOperationShouldBeLambda(op: PatternOp, accept: ValidationAcceptor): void {
  if (!op.body || isLambda(op.body)) return;
  report(
    accept,
    DiagnosticCode.PatternExpressionForm,
    "`.pattern(name: A -> B ...)` has no defined semantics: write a lambda over the window's events (`.pattern(name: evts => ...)`), or a stream-level sequence with `->` steps.",
    { node: op, property: 'body' },
  );
}

// ---- Trend aggregation (§8.4.16, D11) ----

/** The aliases a sequence stream binds: the source alias, step aliases and `sequence(...)` step names. */
function sequenceAliases(stream: StreamDecl): Set<string> {
  const names = new Set<string>();
  const source = stream.source;
  if (isEventSource(source) && source.alias) names.add(source.alias.name);
  if (isSequenceSource(source)) for (const step of source.steps) names.add(step.name);
  for (const op of stream.ops) if (isFollowedBy(op) && op.alias) names.add(op.alias.name);
  return names;
}

/** VPL-O160, VPL-O161, VPL-O163: trend aggregation needs a sequence with `.within`, and no `.select` or `.not`. */
function trendAggregateMustHaveBoundedSequence(op: TrendAggregateOp, accept: ValidationAcceptor): void {
  const stream = owningStream(op);
  if (!stream) return;
  const facts = chainFacts(stream);
  const hasWithin = stream.ops.some((o) => o.$type === 'WithinOp');
  if (facts.steps.length === 0 || !hasWithin) {
    report(
      accept,
      DiagnosticCode.TrendWithoutWithin,
      facts.steps.length === 0
        ? '`.trend_aggregate()` aggregates the trends of a sequence, and this stream has none: add `-> all EventType ...` steps and a `.within(...)`.'
        : '`.trend_aggregate()` reports once per `.within(...)` window, and this sequence has no `.within(...)`: add one.',
      operationAnchor(op),
    );
  }
  if (stream.ops.some((o) => o.$type === 'SelectOp')) {
    report(
      accept,
      DiagnosticCode.TrendWithSelect,
      '`.trend_aggregate()` cannot be combined with `.select(...)`: the trend results have only the partition key and the item names; shape them with `.emit(...)` after it.',
      operationAnchor(op),
    );
  }
  if (stream.ops.some(isNotOp)) {
    report(
      accept,
      DiagnosticCode.TrendWithNot,
      '`.trend_aggregate()` cannot be combined with `.not(...)`: negation over trends is not defined. Filter the steps with `where` conditions instead.',
      operationAnchor(op),
    );
  }
}

/** VPL-O162: trend items call a trend function with an alias (`count_events`) or an `alias.field` argument. */
function trendItemMustUseTrendFunction(item: TrendItem, accept: ValidationAcceptor): void {
  if (!item.function) return;
  const builtin = TREND_BUILTINS.get(item.function);
  if (!builtin) {
    report(
      accept,
      DiagnosticCode.TrendFunction,
      `'${item.function}' is not a trend function: use count_trends(), count_events(alias), sum_trends(alias.field), avg_trends(alias.field), min_trends(alias.field) or max_trends(alias.field).`,
      { node: item, property: 'function' },
    );
    return;
  }
  const stream = AstUtils.getContainerOfType(item, (node): node is StreamDecl => node.$type === 'StreamDecl');
  const aliases = stream ? sequenceAliases(stream) : new Set<string>();
  const argument = item.argument;
  const expected = builtin.params[0];
  if (expected === undefined) {
    if (argument) {
      report(accept, DiagnosticCode.TrendFunction, `\`${item.function}()\` takes no argument: remove it.`, {
        node: argument,
      });
    }
    return;
  }
  if (!argument) {
    report(
      accept,
      DiagnosticCode.TrendFunction,
      `\`${item.function}\` needs ${expected === 'alias' ? 'an alias of a step' : 'an `alias.field` argument'}, e.g. \`${item.function}(${expected === 'alias' ? 'up' : 'up.price'})\`.`,
      { node: item, property: 'function' },
    );
    return;
  }
  const aliasList = aliases.size ? ` (aliases: ${[...aliases].join(', ')})` : '';
  if (expected === 'alias') {
    if (isNameRef(argument) && aliases.has(argument.target?.$refText)) return;
    report(
      accept,
      DiagnosticCode.TrendFunction,
      `\`count_events\` takes the alias of a step${aliasList}, not an expression: write e.g. \`count_events(${[...aliases].at(-1) ?? 'up'})\`.`,
      { node: argument },
    );
    return;
  }
  if (isMemberAccess(argument) && isNameRef(argument.receiver) && aliases.has(argument.receiver.target?.$refText))
    return;
  report(
    accept,
    DiagnosticCode.TrendFunction,
    `\`${item.function}\` takes a field of a step alias${aliasList}, written \`alias.field\`: e.g. \`${item.function}(${[...aliases].at(-1) ?? 'up'}.price)\`.`,
    { node: argument },
  );
}

// ---- Forecasting (§8.4.17, D12) ----

/** VPL-O172: forecasting needs a followed-by sequence and excludes trend aggregation. */
function forecastMustHaveSequence(op: ForecastOp, accept: ValidationAcceptor): void {
  const stream = owningStream(op);
  if (!stream) return;
  const facts = chainFacts(stream);
  if (facts.steps.length === 0) {
    report(
      accept,
      DiagnosticCode.ForecastWithoutSequence,
      '`.forecast()` predicts whether a partial sequence match completes, and this stream has no `->` steps: add the sequence to forecast.',
      operationAnchor(op),
    );
  } else if (stream.ops.some(isTrendAggregateOp)) {
    report(
      accept,
      DiagnosticCode.ForecastWithoutSequence,
      '`.forecast()` cannot be combined with `.trend_aggregate()`: forecast and aggregate trends in two streams.',
      operationAnchor(op),
    );
  }
}

/** VPL-O170: unknown `.forecast(...)` parameters are ignored. */
function forecastParametersShouldBeKnown(op: ForecastOp, accept: ValidationAcceptor): void {
  for (const arg of op.args) {
    if (FORECAST_PARAMETERS.includes(arg.name)) continue;
    report(
      accept,
      DiagnosticCode.UnknownForecastParameter,
      `Unknown forecast parameter '${arg.name}' is ignored: the parameters are ${FORECAST_PARAMETERS.join(', ')}.`,
      { node: arg, property: 'name' },
    );
  }
}

/**
 * VPL-P001: `within` in a pattern declaration takes a duration literal only (§9.3). Anything else ends the
 * declaration before `within`, and the rest is read as junk statements (`within 5 * 60s` [REF]): report the
 * first token after `within` instead of letting the pattern silently lose its deadline.
 */
function patternWithinMustBeDurationLiteral(program: Program, accept: ValidationAcceptor): void {
  const visit = (statements: readonly Statement[]) => {
    statements.forEach((statement, index) => {
      if (isForStmt(statement)) visit(statement.body);
      if (!isPatternDecl(statement) || statement.within !== undefined) return;
      const next = statements[index + 1];
      if (!next || !isExprStmt(next) || !isNameRef(next.expr) || next.expr.target?.$refText !== 'within') return;
      const end = lastToken(statement);
      const keyword = firstToken(next);
      if (!end || !keyword || end.range.end.line !== keyword.range.start.line) return;
      const after = statements[index + 2];
      const value = after ? firstToken(after) : undefined;
      const onSameLine = value !== undefined && value.range.start.line === keyword.range.end.line;
      report(
        accept,
        DiagnosticCode.SyntaxError,
        '`within` in a pattern declaration takes a duration literal such as `5m` (not an expression): compute nothing here, write the duration.',
        onSameLine ? { node: after!, range: value.range } : { node: next, range: keyword.range },
      );
    });
  };
  visit(program.statements);
}

/** Pattern rules: SASE+ declarations, `.pattern(...)`, trend aggregation and forecasting (§8.4.15–17, §9). */
export const patternChecks: VplCheckSet = () => ({
  Program: patternWithinMustBeDurationLiteral,
  SaseSeq: [negatedItemsMustBeAnchored, negatedItemsMustBePlain],
  SaseNot: notMustBeInsideSeq,
  PatternOp: patternOperationShouldBeLambda,
  TrendAggregateOp: trendAggregateMustHaveBoundedSequence,
  TrendItem: trendItemMustUseTrendFunction,
  ForecastOp: [forecastMustHaveSequence, forecastParametersShouldBeKnown],
});

// ---- VPL-P020: documentation-style pattern syntax (a hook for the parser-error reporter) ----

/** A parser error as Chevrotain reports it: the whole text, and the offending token's offset and text. */
export interface SyntaxErrorSite {
  readonly text: string;
  readonly offset: number;
  readonly image: string;
}

/** Where and why a documentation-style form (§9.6) was recognised. */
export interface DocStyleSyntax {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

const ITEM_START = String.raw`(?:[(,=]|\bAND\b|\bOR\b|\bNOT\b)\s*`;
const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/**
 * Recognises the documentation-style notations of §9.6 in the statement where a parser error occurred, so that the
 * error can be reported as VPL-P020 (with the rewrite) instead of a generic VPL-P001: `->` inside a `pattern`
 * declaration, a bracket predicate `Item[cond]`, call-style `AND(A, B)`/`OR(A, B)`, and a Kleene suffix on a
 * stream source (`Login+ ->`). Returns the range of the token that reveals the form (the fixtures' range
 * convention: the `->`, the `[`, the `(`, the `+`), or undefined when the error is something else. Every parser
 * error of that statement maps to the same result, so the caller reports it once.
 *
 * Call it from the parser-error reporter: for each parser error, `docStylePatternSyntax({ text, offset:
 * token.startOffset, image: token.image })`; when it returns a result, report VPL-P020 there instead (once per
 * offset).
 */
export function docStylePatternSyntax(site: SyntaxErrorSite): DocStyleSyntax | undefined {
  const { start, end } = statementAround(site.text, site.offset);
  const statement = maskStrings(site.text.slice(start, end));
  const at = (index: number, length: number, message: string): DocStyleSyntax => ({
    offset: start + index,
    length,
    message,
  });
  if (/^pattern\b/.test(statement)) {
    const arrow = statement.indexOf('->');
    if (arrow >= 0) {
      return at(
        arrow,
        2,
        '`->` is not an operator in `pattern` declarations: write the sequence as `SEQ(A, B, C)`, with one `within` for the whole pattern.',
      );
    }
    const bracket = new RegExp(`${ITEM_START}${NAME}[+*?]?\\s*(\\[)`, 'd').exec(statement);
    if (bracket?.indices?.[1]) {
      return at(
        bracket.indices[1][0],
        1,
        'Bracket predicates (`Item[cond]`) are documentation syntax: write the condition with `where`, e.g. `Purchase where amount > 100.0`.',
      );
    }
    const call = new RegExp(`${ITEM_START}(?:AND|OR)\\s*(\\()`, 'd').exec(statement);
    if (call?.indices?.[1]) {
      return at(
        call.indices[1][0],
        1,
        '`AND(A, B)` and `OR(A, B)` are documentation syntax: write `A AND B`, `A OR B`.',
      );
    }
    return undefined;
  }
  const kleene = new RegExp(`^stream\\s+${NAME}(?:\\s*:[^=]*)?\\s*=\\s*(?:all\\s+)?${NAME}\\s*([+*?])`, 'd').exec(
    statement,
  );
  if (kleene?.indices?.[1]) {
    return at(
      kleene.indices[1][0],
      1,
      'Kleene suffixes (`A+`) exist only in `pattern` declarations: in a stream write `all A as a -> ...` (or `-> all A`).',
    );
  }
  return undefined;
}

/** The top-level statement around an offset: from its first line (a word at column 0) to the next such line. */
function statementAround(text: string, offset: number): { start: number; end: number } {
  const startsStatement = (lineStart: number) => /^[A-Za-z_]/.test(text.charAt(lineStart));
  let start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  // From the start of a line to the start of the previous one (`lastIndexOf` with a negative position would search
  // from 0 again: the line after a leading blank line looped forever).
  while (start > 0 && !startsStatement(start)) start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
  let end = text.indexOf('\n', offset);
  while (end >= 0 && !startsStatement(end + 1)) end = text.indexOf('\n', end + 1);
  return { start, end: end < 0 ? text.length : end };
}

/** Blanks string literals and comments (keeping offsets), so their text cannot look like syntax. */
function maskStrings(text: string): string {
  return text.replace(/"(?:\\.|[^"\\\n])*"?|#[^\n]*/g, (match) => ' '.repeat(match.length));
}
