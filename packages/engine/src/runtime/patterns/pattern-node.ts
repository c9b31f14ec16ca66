/**
 * The building blocks of a pattern matcher: a tree of nodes (`SEQ` leaves, `AND`/`OR` inner nodes) whose
 * per-partition state lives in a {@link PartitionState}. A node reports each match it completes to its
 * parent; the root reports to the matcher, which turns matches into match records (semantics §11.7).
 */

import type { AliasBinding } from '../expressions/context.js';
import type { Key } from '../values/keys.js';
import type { Value } from '../values/value.js';

/** A completed (partial or whole) match travelling up the pattern tree. */
export interface PartialMatch {
  /** alias bindings by the stream's alias slots (a new array owned by the match) */
  readonly captures: AliasBinding[];
  /** event time of the first event of the match */
  readonly first: number;
  /** event time of the completing event (the deadline for a trailing-`NOT` completion) */
  readonly time: number;
  /** `match_duration_ms` */
  readonly durationMs: number;
  /** deadline of an `AND` operand waiting for its partner (first + within, or +∞) */
  readonly deadline: number;
}

/** Per-partition state of a whole pattern tree: one state object per node, by node id. */
export interface PartitionState {
  readonly key: Key;
  /** the key field values seen on the partition's first record (carried into match records) */
  readonly keyValues: Value[];
  readonly states: unknown[];
  /** live runs of the partition (the limit of §11.9) */
  live: number;
  /** a forecasting stream's context code for the partition (−1: not loaded from the model yet) */
  forecastContext: number;
}

/** How a node reports a match upwards. */
export interface MatchReceiver {
  matched(node: PatternNode, ps: PartitionState, match: PartialMatch): void;
  /** A sequence's run matched: its bindings (owned by the receiver), first event time, completion time. */
  matchedRun(node: PatternNode, ps: PartitionState, captures: AliasBinding[], first: number, time: number): void;
}

export abstract class PatternNode {
  parent: CompositeNode | null = null;
  /** 0 = left operand of the parent, 1 = right */
  side: 0 | 1 = 0;

  constructor(readonly id: number) {}

  abstract newState(): unknown;
  /** Whether the node's state holds nothing (the partition may then be dropped). */
  abstract isEmpty(state: unknown): boolean;
}

/** `AND` and `OR` nodes: they only react to their operands' matches. */
export abstract class CompositeNode extends PatternNode {
  constructor(
    id: number,
    readonly left: PatternNode,
    readonly right: PatternNode,
  ) {
    super(id);
    left.parent = this;
    left.side = 0;
    right.parent = this;
    right.side = 1;
  }

  abstract childMatched(ps: PartitionState, side: 0 | 1, match: PartialMatch, up: MatchReceiver): void;
}
