/**
 * A brute-force model of trend aggregation (semantics §12) for property tests: it enumerates every trend of
 * every (window, partition) explicitly and computes the functions of §12.3 from their definitions. Only for
 * tiny inputs (≤ 12 events): the number of trends is exponential.
 *
 * Queries are described by {@link QuerySpec}; {@link vplOf} renders the same query as VPL.
 */

import type { TimelineEvent } from '../../src/testing/index.js';

export type EventType = 'A' | 'B' | 'C';

/** One conjunct of a step filter over the candidate's field `v`. */
export type Conjunct =
  | { readonly kind: 'gt'; readonly k: number }
  /** `v OP a<step>.v`: an earlier step's alias (its last record for a Kleene step) */
  | { readonly kind: 'ref'; readonly step: number; readonly op: '>' | '<' | '!=' }
  /** Kleene steps: `v OP a<own>.v`, the step's previous record (skipped while the step has none) */
  | { readonly kind: 'own'; readonly op: '>' | '>=' | '<' };

export interface StepSpec {
  readonly type: EventType;
  readonly kleene: boolean;
  readonly filter: readonly Conjunct[];
}

export type TrendFn = 'count_trends' | 'count_events' | 'sum_trends' | 'avg_trends' | 'min_trends' | 'max_trends';

export interface ItemSpec {
  readonly name: string;
  readonly fn: TrendFn;
  /** the step whose alias the item reads */
  readonly step: number;
}

export interface QuerySpec {
  readonly name: string;
  readonly steps: readonly StepSpec[];
  readonly partitioned: boolean;
  readonly withinS: number;
  readonly items: readonly ItemSpec[];
}

export interface Ev {
  readonly type: EventType;
  readonly t: number;
  readonly k: number;
  readonly v: number;
}

export interface Result {
  readonly timestamp: number;
  readonly data: Record<string, unknown>;
}

function conjunctVpl(c: Conjunct, own: number): string {
  switch (c.kind) {
    case 'gt':
      return `v > ${c.k}`;
    case 'ref':
      return `v ${c.op} a${c.step}.v`;
    case 'own':
      return `v ${c.op} a${own}.v`;
  }
}

/** The query as a VPL stream (step 0's filter as a `.where` after the source, the others with `where`). */
export function vplOf(q: QuerySpec): string {
  const parts: string[] = [];
  q.steps.forEach((s, j) => {
    const filter = s.filter.map((c) => conjunctVpl(c, j)).join(' and ');
    if (j === 0) {
      parts.push(`${s.kleene ? 'all ' : ''}${s.type} as a0${filter === '' ? '' : ` .where(${filter})`}`);
    } else {
      parts.push(`-> ${s.kleene ? 'all ' : ''}${s.type}${filter === '' ? '' : ` where ${filter}`} as a${j}`);
    }
  });
  const items = q.items
    .map(
      (it) =>
        `${it.name}: ${it.fn}(${it.fn === 'count_trends' ? '' : it.fn === 'count_events' ? `a${it.step}` : `a${it.step}.v`})`,
    )
    .join(', ');
  const emit = [...(q.partitioned ? ['k: k'] : []), ...q.items.map((it) => `${it.name}: ${it.name}`)].join(', ');
  return `stream ${q.name} = ${parts.join(' ')} .within(${q.withinS}s)${q.partitioned ? ' .partition_by(k)' : ''} .trend_aggregate(${items}) .emit(${emit})`;
}

export function timelineOf(events: readonly Ev[]): TimelineEvent[] {
  return events.map((e) => ({ type: e.type, timeMs: e.t * 1000, fields: { k: e.k, v: e.v } }));
}

function holds(c: Conjunct, x: Ev, bind: (Ev | null)[], previous: Ev | null): boolean {
  switch (c.kind) {
    case 'gt':
      return x.v > c.k;
    case 'ref': {
      const b = bind[c.step];
      if (b === null || b === undefined) return false;
      return c.op === '>' ? x.v > b.v : c.op === '<' ? x.v < b.v : x.v !== b.v;
    }
    case 'own':
      if (previous === null) return true; // skipped while the step has no record
      return c.op === '>' ? x.v > previous.v : c.op === '>=' ? x.v >= previous.v : x.v < previous.v;
  }
}

/** Every trend of `records` as the list of (record index, step) pairs. */
export function enumerateTrends(steps: readonly StepSpec[], records: readonly Ev[]): [number, number][][] {
  const out: [number, number][][] = [];
  const last = steps.length - 1;
  const trend: [number, number][] = [];
  const bind: (Ev | null)[] = steps.map(() => null);
  const accepts = (j: number, x: Ev, previous: Ev | null): boolean =>
    x.type === steps[j]!.type && steps[j]!.filter.every((c) => holds(c, x, bind, previous));
  // j: current step, n: records in it so far, from: next record index
  const extend = (j: number, from: number): void => {
    const saved = bind[j]!;
    for (let r = from; r < records.length; r++) {
      const x = records[r]!;
      // another record of the Kleene step j
      if (steps[j]!.kleene && accepts(j, x, saved)) {
        trend.push([r, j]);
        bind[j] = x;
        if (j === last) out.push(trend.slice());
        extend(j, r + 1);
        trend.pop();
        bind[j] = saved;
      }
      // the first record of step j + 1
      if (j < last && accepts(j + 1, x, null)) {
        trend.push([r, j + 1]);
        bind[j + 1] = x;
        if (j + 1 === last) out.push(trend.slice());
        extend(j + 1, r + 1);
        trend.pop();
        bind[j + 1] = null;
      }
    }
  };
  for (let r = 0; r < records.length; r++) {
    const x = records[r]!;
    if (!accepts(0, x, null)) continue;
    trend.push([r, 0]);
    bind[0] = x;
    if (last === 0) out.push(trend.slice());
    extend(0, r + 1);
    trend.pop();
    bind[0] = null;
  }
  return out;
}

/** The expected trend results of a query over the whole input, in output order. */
export function expectedResults(q: QuerySpec, events: readonly Ev[]): Result[] {
  const types = new Set(q.steps.map((s) => s.type));
  const D = q.withinS;
  const groups = new Map<string, { start: number; key: number; records: Ev[]; rank: number }>();
  const rank = new Map<number, number>();
  for (const e of events) {
    if (!types.has(e.type)) continue;
    const key = q.partitioned ? e.k : 0;
    if (!rank.has(key)) rank.set(key, rank.size);
    const start = Math.floor(e.t / D) * D;
    const id = `${start}|${key}`;
    let g = groups.get(id);
    if (g === undefined) {
      g = { start, key, records: [], rank: rank.get(key)! };
      groups.set(id, g);
    }
    g.records.push(e);
  }
  const ordered = [...groups.values()].sort((a, b) => a.start - b.start || a.rank - b.rank);
  const out: Result[] = [];
  for (const g of ordered) {
    const trends = enumerateTrends(q.steps, g.records);
    if (trends.length === 0) continue;
    const data: Record<string, unknown> = {};
    if (q.partitioned) data.k = g.key;
    for (const it of q.items) {
      const vals = trends.map((tr) => tr.filter(([, s]) => s === it.step).map(([r]) => g.records[r]!.v));
      switch (it.fn) {
        case 'count_trends':
          data[it.name] = trends.length;
          break;
        case 'count_events':
          data[it.name] = vals.reduce((a, v) => a + v.length, 0);
          break;
        case 'sum_trends':
          data[it.name] = vals.reduce((a, v) => a + v.reduce((x, y) => x + y, 0), 0);
          break;
        case 'avg_trends':
          data[it.name] = vals.reduce((a, v) => a + v.reduce((x, y) => x + y, 0), 0) / trends.length;
          break;
        case 'min_trends':
        case 'max_trends': {
          const all = vals.flat();
          data[it.name] = all.length === 0 ? null : it.fn === 'min_trends' ? Math.min(...all) : Math.max(...all);
          break;
        }
      }
    }
    out.push({ timestamp: g.records.at(-1)!.t * 1000, data });
  }
  return out;
}
