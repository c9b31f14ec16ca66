import type { AstNode, ValidationAcceptor } from 'langium';
import {
  type InlineStream,
  isFollowedBy,
  isInlineStream,
  isJoinSource,
  isMergeSource,
  isNameRef,
  isOnOp,
  type JoinSource,
  type OnOp,
  type StreamDecl,
  type WindowOp,
} from '../generated/ast.js';
import { astNodesInOrder } from '../utils/ast-walk.js';
import { evaluateConstant } from '../utils/constants.js';
import { chainFacts, operationAnchor, owningStream } from '../utils/stream-ops.js';
import type { VplServices } from '../vpl-module.js';
import { DiagnosticCode } from './codes.js';
import { globalLookup } from './lookup.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

/** Every join condition of a join stream: `.on(...)` operations and inline items' `.on(...)`. */
function joinConditions(stream: StreamDecl, join: JoinSource): AstNode[] {
  const conditions: AstNode[] = [];
  for (const op of stream.ops) if (isOnOp(op) && op.condition) conditions.push(op.condition);
  for (const item of join.items)
    if (isInlineStream(item) && item.op === 'on' && item.condition) conditions.push(item.condition);
  return conditions;
}

function inputName(item: JoinSource['items'][number]): string {
  return isInlineStream(item) ? item.name : item.target?.$refText;
}

/** VPL-J001 and VPL-J002: a join needs a condition (D17), and the condition should mention every input. */
function joinMustHaveCondition(stream: StreamDecl, accept: ValidationAcceptor): void {
  const join = stream.source;
  if (!isJoinSource(join)) return;
  const conditions = joinConditions(stream, join);
  if (conditions.length === 0) {
    const names = join.items.map(inputName);
    report(
      accept,
      DiagnosticCode.JoinWithoutOn,
      `A \`join(...)\` needs a condition: add \`.on(...)\` relating its inputs, e.g. \`.on(${names[0] ?? 'A'}.key == ${names[1] ?? 'B'}.key)\` (there is no default key).`,
      { node: join, keyword: 'join' },
    );
    return;
  }
  const mentioned = new Set<string>();
  for (const condition of conditions) {
    for (const node of astNodesInOrder(condition)) if (isNameRef(node)) mentioned.add(node.target?.$refText);
  }
  for (const item of join.items) {
    const name = inputName(item);
    // `Input.field`, or the joined record's `<Input>_<field>` (S25).
    if (mentioned.has(name) || [...mentioned].some((m) => m.startsWith(`${name}_`))) continue;
    const message = `The join condition never mentions the input '${name}': every event of '${name}' pairs with any partner. Relate it to the other inputs in \`.on(...)\`, e.g. \`${name}.key == ...\`.`;
    if (isInlineStream(item)) report(accept, DiagnosticCode.JoinInputUnused, message, { node: item, property: 'name' });
    else report(accept, DiagnosticCode.JoinInputUnused, message, { node: item, property: 'target' });
  }
}

/** VPL-J004: `.on(...)` is the condition of a join; anywhere else it is meaningless. */
function onMustBeInJoin(op: OnOp, accept: ValidationAcceptor): void {
  const stream = owningStream(op);
  if (!stream || isJoinSource(stream.source)) return;
  report(
    accept,
    DiagnosticCode.OnOutsideJoin,
    '`.on(...)` is the condition of a `join(...)` stream, and this stream is not a join: filter events with `.where(...)`.',
    operationAnchor(op),
  );
}

/** VPL-J004: an inline `stream X = Y.on(...)` item only makes sense inside `join(...)`. */
function inlineOnMustBeInJoin(item: InlineStream, accept: ValidationAcceptor): void {
  if (item.op !== 'on' || !isMergeSource(item.$container)) return;
  report(
    accept,
    DiagnosticCode.OnOutsideJoin,
    '`.on(...)` is a join condition, and this item is part of a `merge(...)`: filter it with `.where(...)`.',
    { node: item, keyword: 'on' },
  );
}

/** VPL-J005: a join stream pairs events; it cannot aggregate them or match sequences (D17). */
function joinMustNotAggregateOrSequence(stream: StreamDecl, accept: ValidationAcceptor): void {
  if (!chainFacts(stream).isJoin) return;
  for (const op of stream.ops) {
    if (op.$type === 'AggregateOp' || isFollowedBy(op)) {
      report(
        accept,
        DiagnosticCode.JoinAggregateOrSequence,
        isFollowedBy(op)
          ? 'A `join(...)` stream cannot have followed-by steps: match the sequence in a stream that reads this one.'
          : 'A `join(...)` stream cannot `.aggregate()`: aggregate the joined records in a stream that reads this one.',
        operationAnchor(op),
      );
    }
  }
}

/** VPL-J003 / VPL-J006: a join's window is its time horizon, a plain duration (ruling R7). */
function joinWindowMustBeDuration(services: VplServices) {
  const lookup = globalLookup(services);
  return (op: WindowOp, accept: ValidationAcceptor): void => {
    const stream = owningStream(op);
    if (!stream || !chainFacts(stream).isJoin) return;
    if (op.session || op.options.some((option) => option.name === 'sliding' || option.name === 'session')) {
      report(
        accept,
        DiagnosticCode.JoinSlidingWindow,
        `A join's \`.window(D)\` is the time horizon within which two events pair, so it cannot be ${op.session ? 'a session window' : 'sliding'}: write a single duration such as \`.window(1m)\`.`,
        operationAnchor(op),
      );
      return;
    }
    const size = evaluateConstant(op.size, lookup);
    if (size && (size.kind === 'int' || size.kind === 'template')) {
      report(
        accept,
        DiagnosticCode.JoinCountWindow,
        "A count window has no effect on a join: the join's time horizon stays 1 minute. Write a duration such as `.window(30s)`.",
        operationAnchor(op),
      );
    }
  };
}

/** Join rules (language guide §8.2.6, §8.4.21; D17, ruling R7). */
export const joinChecks: VplCheckSet = (services: VplServices) => ({
  StreamDecl: [joinMustHaveCondition, joinMustNotAggregateOrSequence],
  OnOp: onMustBeInJoin,
  InlineStream: inlineOnMustBeInJoin,
  WindowOp: joinWindowMustBeDuration(services),
});
