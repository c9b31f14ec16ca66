import { type AstNode, AstUtils, type Reference, type ValidationAcceptor } from 'langium';
import {
  type AggregateOp,
  type EmitOp,
  type EnrichOp,
  type Expr,
  type FilterOp,
  type HavingOp,
  isAggregateOp,
  isBinaryExpr,
  isConnectorSource,
  isEventDecl,
  isEventSource,
  isFollowedBy,
  isInlineStream,
  isJoinSource,
  isLiteral,
  isMergeSource,
  isNameRef,
  isNotOp,
  isParenExpr,
  isPatternDecl,
  isSaseItem,
  isSequenceSource,
  isStreamDecl,
  isUnaryExpr,
  isWindowOp,
  type LimitOp,
  type LogOp,
  type NotOp,
  type PartitionByOp,
  type PatternDecl,
  type Program,
  type StreamDecl,
  type StreamOp,
  type TapOp,
  type WatermarkOp,
  type WhereOp,
  type WithinOp,
} from '../generated/ast.js';
import { evaluateConstant } from '../utils/constants.js';
import { chainFacts, describeOperation, operationAnchor, operationsBefore, owningStream } from '../utils/stream-ops.js';
import type { VplServices } from '../vpl-module.js';
import { DiagnosticCode } from './codes.js';
import { globalLookup } from './lookup.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

/** Operations the language parses but no engine implements (language guide §8.4 status table, D6). */
const NOT_IMPLEMENTED: ReadonlySet<StreamOp['$type']> = new Set([
  'MapOp',
  'OrderByOp',
  'ConcurrentOp',
  'OnErrorOp',
  'CollectOp',
  'ForkOp',
  'AnyOp',
  'AllOp',
]);

/** Operations that configure a sequence wherever they are written (no VPL-O081 between steps). */
const CONFIGURING_OPERATIONS: ReadonlySet<StreamOp['$type']> = new Set([
  'WhereOp',
  'WithinOp',
  'NotOp',
  'PartitionByOp',
  'WatermarkOp',
  'AllowedLatenessOp',
  'ContextOp',
]);

const LOG_PARAMETERS = ['level', 'message', 'data'];
const WATERMARK_PARAMETERS = ['out_of_order'];
const ENRICH_CONNECTOR_KINDS = ['http', 'database', 'redis'];
const ARITHMETIC_OPERATORS = new Set(['+', '-', '*', '/', '%', '**']);

// ---- Operation order (§8.3) ----

/** E010: `.having()` filters aggregate results, so an `.aggregate()` must come first. */
function havingMustFollowAggregate(op: HavingOp, accept: ValidationAcceptor): void {
  if (!owningStream(op) || operationsBefore(op).some(isAggregateOp)) return;
  report(
    accept,
    DiagnosticCode.HavingWithoutAggregate,
    '`.having()` needs an earlier `.aggregate()`: aggregate first, then filter its results with `.having(...)` (use `.where(...)` to filter events).',
    operationAnchor(op),
  );
}

/** E011 and E012: a stream has at most one `.aggregate()` and one `.window()`. */
function aggregateAndWindowMustBeUnique(stream: StreamDecl, accept: ValidationAcceptor): void {
  let aggregates = 0;
  let windows = 0;
  for (const op of stream.ops) {
    if (isAggregateOp(op) && ++aggregates > 1) {
      report(
        accept,
        DiagnosticCode.SecondAggregate,
        'A stream has at most one `.aggregate()`: put every item in the first one, or aggregate again in a stream that reads this one.',
        operationAnchor(op),
      );
    } else if (isWindowOp(op) && ++windows > 1) {
      report(
        accept,
        DiagnosticCode.SecondWindow,
        'A stream has at most one `.window()`: remove this one, or window again in a stream that reads this one.',
        operationAnchor(op),
      );
    }
  }
}

/** W001: an aggregate without a window is a running aggregate over everything seen so far (ruling R4). */
function aggregateShouldFollowWindow(op: AggregateOp, accept: ValidationAcceptor): void {
  const stream = owningStream(op);
  if (!stream || chainFacts(stream).isJoin || operationsBefore(op).some(isWindowOp)) return;
  report(
    accept,
    DiagnosticCode.AggregateWithoutWindow,
    '`.aggregate()` without an earlier `.window()` is a running aggregate over every event seen so far (an unbounded horizon); add a `.window(...)` before it unless that is intended.',
    operationAnchor(op),
  );
}

/** W002: a `.partition_by()` after the window does not partition that window. */
function partitionShouldPrecedeWindow(op: PartitionByOp, accept: ValidationAcceptor): void {
  if (!owningStream(op) || !operationsBefore(op).some(isWindowOp)) return;
  report(
    accept,
    DiagnosticCode.PartitionAfterWindow,
    '`.partition_by()` after `.window()` does not partition that window: move it before `.window(...)`.',
    operationAnchor(op),
  );
}

/** E020: `.within()` bounds a sequence, so it needs an earlier `->` step, `.not(...)` or a `sequence(...)` source. */
function withinMustFollowSequence(op: WithinOp, accept: ValidationAcceptor): void {
  const stream = owningStream(op);
  if (!stream) return;
  if (isSequenceSource(stream.source) || operationsBefore(op).some((o) => isFollowedBy(o) || isNotOp(o))) return;
  const later = stream.ops.slice(stream.ops.indexOf(op) + 1).some(isFollowedBy);
  report(
    accept,
    DiagnosticCode.WithinOutsideSequence,
    later
      ? '`.within()` must come after the first `->` step: move it after the steps it bounds.'
      : '`.within()` bounds a sequence, but this stream has none before it: add `-> EventType ...` steps (or a `sequence(...)` source), or use `.window(...)` to group events by time.',
    operationAnchor(op),
  );
}

/** VPL-O061: a stream has one partition key. */
function partitionByMustBeUnique(stream: StreamDecl, accept: ValidationAcceptor): void {
  let seen = false;
  for (const op of stream.ops) {
    if (op.$type !== 'PartitionByOp') continue;
    if (seen) {
      report(
        accept,
        DiagnosticCode.SecondPartition,
        'A stream has at most one `.partition_by()`: keep one key field (partition again in a stream that reads this one).',
        operationAnchor(op),
      );
    }
    seen = true;
  }
}

/** VPL-O060: the partition key is a field name (D5 carries it under that name). */
function partitionKeyMustBeField(op: PartitionByOp, accept: ValidationAcceptor): void {
  if (isNameRef(op.key)) return;
  report(
    accept,
    DiagnosticCode.PartitionKeyNotField,
    '`.partition_by()` takes a field name: compute the key in an earlier `.select(...)` or `.emit(...)` (e.g. `.select(key: lower(zone))`) and partition by that field.',
    { node: op.key },
  );
}

/** VPL-O080: `.not(...)` abandons partial matches, so the stream needs a followed-by sequence. */
function notMustHaveSequence(op: NotOp, accept: ValidationAcceptor): void {
  const stream = owningStream(op);
  if (!stream) return;
  const facts = chainFacts(stream);
  if (facts.steps.length > 0 || facts.hasSequenceSource) return;
  report(
    accept,
    DiagnosticCode.NotWithoutSequence,
    `\`.not(${op.target?.$refText} ...)\` needs a followed-by sequence: it abandons partial matches, and this stream has no \`-> EventType\` step. Add the steps, or filter with \`.where(...)\`.`,
    operationAnchor(op),
  );
}

/** VPL-O081: between followed-by steps only the operations that configure the matcher are meaningful. */
function operationsBetweenStepsShouldConfigure(stream: StreamDecl, accept: ValidationAcceptor): void {
  const facts = chainFacts(stream);
  if (facts.lastStep < 0 || facts.isJoin) return; // a join has no sequence: its steps are VPL-J005
  for (let index = 0; index < facts.lastStep; index++) {
    const op = facts.ops[index]!;
    if (isFollowedBy(op) || CONFIGURING_OPERATIONS.has(op.$type)) continue;
    report(
      accept,
      DiagnosticCode.OperationBetweenSteps,
      `${describeOperation(op)} written between followed-by steps runs on the match records after the last step: move it after the last \`->\` step.`,
      operationAnchor(op),
    );
  }
}

// ---- Conditions and arguments ----

function unwrap(expr: Expr): Expr {
  let current: Expr = expr;
  while (isParenExpr(current)) current = current.inner as Expr;
  return current;
}

/** E060 / W060: a filter condition must be a boolean, not a non-boolean literal or arithmetic. */
function conditionMustBeBoolean(op: WhereOp | HavingOp | FilterOp, accept: ValidationAcceptor): void {
  const condition = op.condition;
  if (!condition) return;
  const inner = unwrap(condition);
  const name = describeOperation(op);
  if (isLiteral(inner) && inner.$type !== 'BoolLiteral') {
    report(
      accept,
      DiagnosticCode.NonBooleanCondition,
      `The condition of ${name} is a ${literalKind(inner.$type)} literal, which is never a boolean: write a comparison such as \`value > 10\`.`,
      { node: condition },
    );
  } else if (
    (isBinaryExpr(inner) && ARITHMETIC_OPERATORS.has(inner.operator)) ||
    (isUnaryExpr(inner) && inner.operator === '-')
  ) {
    report(
      accept,
      DiagnosticCode.ArithmeticCondition,
      `The condition of ${name} is arithmetic, which yields a number, not a boolean: compare it, e.g. \`(...) > 0\`.`,
      { node: condition },
    );
  }
}

function literalKind(type: string): string {
  return (
    {
      IntLiteral: 'integer',
      FloatLiteral: 'float',
      StringLiteral: 'string',
      DurationLiteral: 'duration',
      TimestampLiteral: 'timestamp',
      NullLiteral: 'null',
    }[type] ?? 'non-boolean'
  );
}

/** VPL-O090: `.limit(n)` takes a constant non-negative integer (D6, L42). */
function limitMustBeConstantCount(services: VplServices) {
  const lookup = globalLookup(services);
  return (op: LimitOp, accept: ValidationAcceptor): void => {
    const value = evaluateConstant(op.count, lookup);
    if (value?.kind === 'template') return;
    if (value?.kind === 'int' && value.value >= 0n) return;
    const reason =
      value === undefined
        ? 'it is not a constant (a `var`, a field or a call can change while the stream runs)'
        : value.kind === 'int'
          ? `it is negative (${value.value})`
          : 'it is not an integer';
    report(
      accept,
      DiagnosticCode.LimitCount,
      `\`.limit(n)\` takes a constant non-negative integer (a literal, or a \`const\`/\`let\` global), but ${reason}.`,
      { node: op.count },
    );
  };
}

/** E080: `.log(...)` takes `level`, `message` and `data` only. */
function logParametersMustBeKnown(op: LogOp, accept: ValidationAcceptor): void {
  parametersMustBeKnown(op, LOG_PARAMETERS, '`.log(...)`', accept);
}

/** E080: `.watermark(...)` takes `out_of_order` only. */
function watermarkParametersMustBeKnown(op: WatermarkOp, accept: ValidationAcceptor): void {
  parametersMustBeKnown(op, WATERMARK_PARAMETERS, '`.watermark(...)`', accept);
}

function parametersMustBeKnown(
  op: LogOp | WatermarkOp,
  known: readonly string[],
  what: string,
  accept: ValidationAcceptor,
): void {
  op.args.forEach((arg) => {
    if (known.includes(arg.name)) return;
    report(
      accept,
      DiagnosticCode.UnknownOperationParameter,
      `Unknown parameter '${arg.name}' for ${what}: the parameters are ${known.map((k) => `\`${k}\``).join(', ')}.`,
      { node: arg, property: 'name' },
    );
  });
}

/** VPL-O091: `.tap(...)` is accepted so reference programs load, but it does nothing. */
function tapShouldNotBeUsed(op: TapOp, accept: ValidationAcceptor): void {
  report(
    accept,
    DiagnosticCode.TapIgnored,
    '`.tap(...)` has no effect: metrics hooks are not implemented, so events pass through unchanged. Remove it, or use `.log(...)`.',
    operationAnchor(op),
  );
}

/** E090: operations that are parsed but not implemented. */
function operationMustBeImplemented(op: StreamOp, accept: ValidationAcceptor): void {
  if (!NOT_IMPLEMENTED.has(op.$type)) return;
  report(
    accept,
    DiagnosticCode.NotImplemented,
    `${describeOperation(op)} is not implemented; the implemented operations include \`.where\`, \`.select\`, \`.window\`, \`.aggregate\`, \`.distinct\`, \`.limit\`, \`.first\` and \`.process\`.`,
    operationAnchor(op),
  );
}

/** VPL-O092: `.emit as T(...)` emits exactly the fields that the event type `T` declares. */
function emitAsShouldMatchDeclaredFields(op: EmitOp, accept: ValidationAcceptor): void {
  const type = op.asType?.ref;
  if (!type || !isEventDecl(type)) return;
  const declared = declaredFieldNames(type);
  if (!declared) return;
  const emitted = new Set<string>();
  for (const arg of op.args) {
    if (arg.name === 'context' && isNameRef(arg.value)) continue;
    emitted.add(arg.name);
    if (!declared.includes(arg.name)) {
      report(
        accept,
        DiagnosticCode.EmitAsFields,
        `'${arg.name}' is not a field of '${type.name}' (its fields: ${declared.join(', ')}): remove it, or declare it in the event type.`,
        { node: arg, property: 'name' },
      );
    }
  }
  const missing = declared.filter((name) => !emitted.has(name));
  if (missing.length > 0) {
    report(
      accept,
      DiagnosticCode.EmitAsFields,
      `\`.emit as ${type.name}(...)\` does not emit the declared field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}: emit every field of '${type.name}'.`,
      { node: op, property: 'asType' },
    );
  }
}

/** The field names of an event with its bases (L44), or undefined when a base is undeclared or circular. */
function declaredFieldNames(event: AstNode, seen = new Set<AstNode>()): string[] | undefined {
  if (!isEventDecl(event) || seen.has(event)) return undefined;
  seen.add(event);
  let names: string[] = [];
  if (event.base) {
    const base = event.base.ref;
    if (!base) return undefined;
    const baseNames = declaredFieldNames(base, seen);
    if (!baseNames) return undefined;
    names = baseNames;
  }
  for (const field of event.fields) if (!names.includes(field.name)) names.push(field.name);
  return names;
}

// ---- .enrich (§8.4.18) ----

/** VPL-P001: `.enrich(...)` needs a `key:` (the reference parser rejects it without one). */
function enrichMustHaveKey(op: EnrichOp, accept: ValidationAcceptor): void {
  if (op.params.some((param) => param.key === 'key')) return;
  report(
    accept,
    DiagnosticCode.SyntaxError,
    '`.enrich(...)` needs a `key:` parameter, the expression to look up: e.g. `.enrich(Db, key: customer_id, fields: [tier])`.',
    operationAnchor(op),
  );
}

/** W032: `.enrich(...)` without `fields` adds nothing to the events. */
function enrichShouldListFields(op: EnrichOp, accept: ValidationAcceptor): void {
  if (op.params.some((param) => param.key === 'fields' && param.fields.length > 0)) return;
  report(
    accept,
    DiagnosticCode.EnrichWithoutFields,
    '`.enrich(...)` without `fields: [...]` merges no response field into the events: list the fields to add.',
    operationAnchor(op),
  );
}

/** E032: lookups go to http, database or redis connectors. */
function enrichConnectorMustSupportLookups(op: EnrichOp, accept: ValidationAcceptor): void {
  const connector = op.connector?.ref;
  if (!connector || ENRICH_CONNECTOR_KINDS.includes(connector.kind)) return;
  report(
    accept,
    DiagnosticCode.EnrichConnectorKind,
    `'${connector.name}' is a ${connector.kind} connector, which cannot answer lookups: \`.enrich(...)\` needs an http, database or redis connector.`,
    { node: op, property: 'connector' },
  );
}

// ---- Stream cycles (VPL-S050) ----

type Dependency = { node: AstNode; property: string; target: StreamDecl | PatternDecl };

/** The streams and patterns a stream or pattern reads, with the reference that names each. */
function dependencies(decl: StreamDecl | PatternDecl): Dependency[] {
  const out: Dependency[] = [];
  const add = (node: AstNode, property: string, reference: Reference | undefined) => {
    let target = reference?.ref;
    if (target && isInlineStream(target)) target = target.target?.ref;
    if (target && (isStreamDecl(target) || isPatternDecl(target))) out.push({ node, property, target });
  };
  if (isPatternDecl(decl)) {
    for (const node of AstUtils.streamAllContents(decl)) if (isSaseItem(node)) add(node, 'target', node.target);
    return out;
  }
  const source = decl.source;
  if (isEventSource(source)) add(source, 'target', source.target);
  else if (isConnectorSource(source)) add(source, 'event', source.event);
  else if (isMergeSource(source) || isJoinSource(source))
    for (const item of source.items) add(item, 'target', item.target);
  else if (isSequenceSource(source)) for (const step of source.steps) add(step, 'target', step.target);
  for (const op of decl.ops) {
    if (isFollowedBy(op) || isNotOp(op)) add(op, 'target', op.target);
  }
  return out;
}

/**
 * VPL-S050: streams that depend on themselves, directly or through streams, merges, joins, sequence steps,
 * `.not(...)` targets and pattern items. Reported once per stream on the cycle, on its reference into the cycle.
 */
function streamsMustNotDependOnThemselves(program: Program, accept: ValidationAcceptor): void {
  const nodes: (StreamDecl | PatternDecl)[] = [];
  for (const node of allDeclarations(program)) nodes.push(node);
  const edges = new Map<AstNode, Dependency[]>();
  const pending: (StreamDecl | PatternDecl)[] = [...nodes];
  const known = new Set<AstNode>(nodes);
  // Follow dependencies into other documents (imports) so that cycles through them are found too.
  while (pending.length > 0) {
    const node = pending.pop()!;
    const deps = dependencies(node);
    edges.set(node, deps);
    for (const dep of deps) {
      if (!known.has(dep.target)) {
        known.add(dep.target);
        pending.push(dep.target);
      }
    }
  }
  const components = stronglyConnected([...known], (node) => (edges.get(node) ?? []).map((dep) => dep.target));
  for (const component of components) {
    const members = new Set<AstNode>(component);
    for (const member of component) {
      if (!isStreamDecl(member) || !nodes.includes(member)) continue;
      const into = (edges.get(member) ?? []).find((dep) => members.has(dep.target));
      if (!into) continue;
      if (component.length === 1 && into.target !== member) continue;
      const path =
        component.length === 1
          ? `'${member.name}' reads itself`
          : `'${member.name}' depends on itself through ${describeCycle(member, members, edges)}`;
      report(
        accept,
        DiagnosticCode.StreamCycle,
        `${path}: a stream cannot consume its own output. Break the cycle by reading the original event type instead.`,
        { node: into.node, property: into.property as never },
      );
    }
  }
}

function describeCycle(start: StreamDecl, members: Set<AstNode>, edges: Map<AstNode, Dependency[]>): string {
  const names: string[] = [];
  let current: AstNode = start;
  const seen = new Set<AstNode>();
  while (!seen.has(current)) {
    seen.add(current);
    const next = (edges.get(current) ?? []).find((dep) => members.has(dep.target));
    if (!next) break;
    names.push(next.target.name);
    current = next.target;
  }
  return names.map((n) => `'${n}'`).join(' → ');
}

function* allDeclarations(program: Program): Generator<StreamDecl | PatternDecl> {
  const visit = function* (statements: readonly AstNode[]): Generator<StreamDecl | PatternDecl> {
    for (const statement of statements) {
      if (isStreamDecl(statement) || isPatternDecl(statement)) yield statement;
      else if (statement.$type === 'ForStmt') yield* visit((statement as unknown as { body: AstNode[] }).body);
    }
  };
  yield* visit(program.statements);
}

/** Tarjan's strongly connected components; only components that contain a cycle are returned. */
function stronglyConnected<T>(nodes: readonly T[], successors: (node: T) => readonly T[]): T[][] {
  let counter = 0;
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const result: T[][] = [];
  const connect = (node: T) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of successors(node)) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: T[] = [];
      let member: T;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || successors(node).includes(node)) result.push(component.reverse());
    }
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return result;
}

/** Stream rules of the language guide §8.3–§8.4 (operation order, arguments, enrich, cycles). */
export const streamChecks: VplCheckSet = (services: VplServices) => ({
  Program: streamsMustNotDependOnThemselves,
  StreamDecl: [aggregateAndWindowMustBeUnique, partitionByMustBeUnique, operationsBetweenStepsShouldConfigure],
  HavingOp: [havingMustFollowAggregate, conditionMustBeBoolean],
  WhereOp: conditionMustBeBoolean,
  FilterOp: conditionMustBeBoolean,
  AggregateOp: aggregateShouldFollowWindow,
  PartitionByOp: [partitionShouldPrecedeWindow, partitionKeyMustBeField],
  WithinOp: withinMustFollowSequence,
  NotOp: notMustHaveSequence,
  LimitOp: limitMustBeConstantCount(services),
  LogOp: logParametersMustBeKnown,
  WatermarkOp: watermarkParametersMustBeKnown,
  TapOp: tapShouldNotBeUsed,
  MapOp: operationMustBeImplemented,
  OrderByOp: operationMustBeImplemented,
  ConcurrentOp: operationMustBeImplemented,
  OnErrorOp: operationMustBeImplemented,
  CollectOp: operationMustBeImplemented,
  ForkOp: operationMustBeImplemented,
  AnyOp: operationMustBeImplemented,
  AllOp: operationMustBeImplemented,
  EmitOp: emitAsShouldMatchDeclaredFields,
  EnrichOp: [enrichMustHaveKey, enrichShouldListFields, enrichConnectorMustSupportLookups],
});
