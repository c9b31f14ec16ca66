import { type AstNode, AstUtils } from 'langium';
import {
  type DotOp,
  type FollowedBy,
  isEventSource,
  isFollowedBy,
  isJoinSource,
  isPatternDecl,
  isSequenceSource,
  isStreamDecl,
  type StreamDecl,
  type StreamOp,
} from '../generated/ast.js';

/** The keyword that names each dot operation (`.having(...)` → `having`): the range of operation-level rules. */
export const OPERATION_KEYWORDS: Readonly<Record<DotOp['$type'], string>> = {
  AggregateOp: 'aggregate',
  AllOp: 'all',
  AllowedLatenessOp: 'allowed_lateness',
  AnyOp: 'any',
  CollectOp: 'collect',
  ConcurrentOp: 'concurrent',
  ContextOp: 'context',
  DistinctOp: 'distinct',
  EmitOp: 'emit',
  EnrichOp: 'enrich',
  FilterOp: 'filter',
  FirstOp: 'first',
  ForecastOp: 'forecast',
  ForkOp: 'fork',
  HavingOp: 'having',
  LimitOp: 'limit',
  LogOp: 'log',
  MapOp: 'map',
  NotOp: 'not',
  OnErrorOp: 'on_error',
  OnOp: 'on',
  OrderByOp: 'order_by',
  PartitionByOp: 'partition_by',
  PatternOp: 'pattern',
  PrintOp: 'print',
  ProcessOp: 'process',
  ScoreOp: 'score',
  SelectOp: 'select',
  TapOp: 'tap',
  ToOp: 'to',
  TrendAggregateOp: 'trend_aggregate',
  WatermarkOp: 'watermark',
  WhereOp: 'where',
  WindowOp: 'window',
  WithinOp: 'within',
};

/** The keyword of a stream operation: the operation name, or `->` for a followed-by step. */
export function operationKeyword(op: StreamOp): string {
  return isFollowedBy(op) ? '->' : OPERATION_KEYWORDS[op.$type];
}

/** The diagnostic anchor of an operation-level rule: the operation name after the dot (or the `->`). */
export function operationAnchor(op: StreamOp): { node: StreamOp; keyword: string } {
  return { node: op, keyword: operationKeyword(op) };
}

/** `.name(...)` as written, for messages. */
export function describeOperation(op: StreamOp): string {
  return isFollowedBy(op) ? '`->` step' : `\`.${OPERATION_KEYWORDS[op.$type]}()\``;
}

/** The stream declaration whose operation chain directly contains the operation (not a `.fork` path). */
export function owningStream(op: AstNode): StreamDecl | undefined {
  return isStreamDecl(op.$container) ? op.$container : undefined;
}

/** Facts about one stream's chain that several rules share. */
export interface ChainFacts {
  readonly stream: StreamDecl;
  readonly ops: readonly StreamOp[];
  /** Index of the first and last followed-by step in `ops` (-1 when there is none). */
  readonly firstStep: number;
  readonly lastStep: number;
  readonly steps: readonly FollowedBy[];
  readonly isJoin: boolean;
  readonly hasSequenceSource: boolean;
  /** The source names a declared pattern (the stream runs that pattern). */
  readonly hasPatternSource: boolean;
}

const factsCache = new WeakMap<StreamDecl, ChainFacts>();

/** The chain facts of a stream (cached per AST node). */
export function chainFacts(stream: StreamDecl): ChainFacts {
  const cached = factsCache.get(stream);
  if (cached) return cached;
  const ops = stream.ops;
  const steps = ops.filter(isFollowedBy);
  const source = stream.source;
  const facts: ChainFacts = {
    stream,
    ops,
    firstStep: ops.findIndex(isFollowedBy),
    lastStep: ops.findLastIndex(isFollowedBy),
    steps,
    isJoin: isJoinSource(source),
    hasSequenceSource: isSequenceSource(source),
    hasPatternSource: isEventSource(source) && isPatternDecl(source.target?.ref),
  };
  factsCache.set(stream, facts);
  return facts;
}

/** The operations written before `op` in its stream's chain. */
export function operationsBefore(op: StreamOp): readonly StreamOp[] {
  const stream = owningStream(op);
  if (!stream) return [];
  const index = stream.ops.indexOf(op);
  return index < 0 ? [] : stream.ops.slice(0, index);
}

/** The stream that contains a node (through any nesting), if any. */
export function enclosingStream(node: AstNode): StreamDecl | undefined {
  return AstUtils.getContainerOfType(node, isStreamDecl);
}
