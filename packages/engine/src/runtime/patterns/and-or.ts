/**
 * `P OR Q` and `P AND Q` of named patterns (semantics §11.8, ruling R11).
 *
 * OR forwards the matches of both operands (left first when one event completes both). AND pairs a match of
 * one operand with every match of the other operand that is still waiting (same partition, not past its
 * deadline), in creation order; the partners stop waiting and the new match then waits itself.
 */

import type { AliasBinding } from '../expressions/context.js';
import { decodeCaptures, decodeTime, encodeCaptures, encodeTime, type Json } from '../state-codec.js';
import {
  CompositeNode,
  type MatchReceiver,
  type PartialMatch,
  type PartitionState,
  type PatternNode,
} from './pattern-node.js';

export class OrNode extends CompositeNode {
  newState(): unknown {
    return null;
  }

  isEmpty(): boolean {
    return true;
  }

  childMatched(ps: PartitionState, _side: 0 | 1, match: PartialMatch, up: MatchReceiver): void {
    up.matched(this, ps, match);
  }
}

interface AndState {
  /** waiting matches of the left (0) and right (1) operands, in creation order */
  waiting: [PartialMatch[], PartialMatch[]];
}

/** Called when a waiting list would grow beyond its cap. */
export type WaitingOverflow = () => void;

export class AndNode extends CompositeNode {
  constructor(
    id: number,
    left: PatternNode,
    right: PatternNode,
    private readonly withinMs: number | null,
    private readonly maxWaiting: number,
    private readonly overflow: WaitingOverflow,
  ) {
    super(id, left, right);
  }

  newState(): AndState {
    return { waiting: [[], []] };
  }

  isEmpty(state: unknown): boolean {
    const s = state as AndState;
    return s.waiting[0].length === 0 && s.waiting[1].length === 0;
  }

  childMatched(ps: PartitionState, side: 0 | 1, match: PartialMatch, up: MatchReceiver): void {
    const state = ps.states[this.id] as AndState;
    const others = state.waiting[side === 0 ? 1 : 0];
    const t = match.time;
    for (const other of others) {
      if (other.deadline < t) continue;
      up.matched(this, ps, side === 0 ? combine(match, other, t) : combine(other, match, t));
    }
    others.length = 0;
    const mine = state.waiting[side];
    const deadline = this.withinMs === null ? Number.POSITIVE_INFINITY : match.first + this.withinMs;
    if (mine.length >= this.maxWaiting) {
      mine.shift();
      this.overflow();
    }
    mine.push({ ...match, deadline });
  }

  /** Drops waiting matches whose deadline is below the watermark. */
  expire(ps: PartitionState, w: number): void {
    const state = ps.states[this.id] as AndState;
    for (const list of state.waiting) {
      let kept = 0;
      for (const m of list) if (!(m.deadline < w)) list[kept++] = m;
      list.length = kept;
    }
  }

  checkpointState(state: unknown): Json {
    const s = state as AndState;
    return s.waiting.map((list) =>
      list.map((m) => ({
        captures: encodeCaptures(m.captures),
        first: m.first,
        time: m.time,
        duration: m.durationMs,
        deadline: encodeTime(m.deadline),
      })),
    );
  }

  restoreState(j: Json): AndState {
    const lists = (j as { captures: Json; first: number; time: number; duration: number; deadline: Json }[][]).map(
      (list) =>
        list.map(
          (m): PartialMatch => ({
            captures: decodeCaptures(m.captures) as AliasBinding[],
            first: m.first,
            time: m.time,
            durationMs: m.duration,
            deadline: decodeTime(m.deadline),
          }),
        ),
    );
    return { waiting: [lists[0] ?? [], lists[1] ?? []] };
  }
}

/** The pairing of a left and a right match, completed at time `t`. */
function combine(left: PartialMatch, right: PartialMatch, t: number): PartialMatch {
  const captures = left.captures.slice();
  const rc = right.captures;
  for (let i = 0; i < rc.length; i++) if (rc[i] !== null && rc[i] !== undefined) captures[i] = rc[i]!;
  const first = Math.min(left.first, right.first);
  return { captures, first, time: t, durationMs: t - first, deadline: Number.POSITIVE_INFINITY };
}
