/**
 * What the engine fuzz tests check on one case (shared by engine.test.ts and the regression replay).
 */
import {
  compileSource,
  createEngine,
  type Engine,
  type EngineDiagnostic,
  type EngineSinks,
  type ProgramPlan,
  renderJsonlLine,
} from '@varpulis/engine';
import type { GenEvent } from './generators.js';

/** One engine case: a program, events, where to checkpoint. */
export interface EngineCase {
  readonly program: string;
  readonly events: readonly GenEvent[];
  /** checkpoint after this many events */
  readonly cut: number;
}

function collector(): { sinks: EngineSinks; lines: string[] } {
  const lines: string[] = [];
  const diagnostic = (d: EngineDiagnostic) =>
    lines.push(
      `diag ${d.code} ${d.stream ?? '-'} #${d.eventNumber ?? '-'} ${d.span.line}:${d.span.column} ${d.message}`,
    );
  return {
    lines,
    sinks: {
      emit: (e) => lines.push(renderJsonlLine(e.stream, e.timestamp, e.record)),
      diagnostic,
      log: (l) => lines.push(`log ${l.stream} ${l.text}`),
    },
  };
}

function push(engine: Engine, e: GenEvent): void {
  engine.push({ type: e.type, timestamp: e.timestamp, fields: { k: e.k, v: e.v, x: e.x } });
}

const plans = new Map<string, ProgramPlan>();

async function planOf(program: string): Promise<ProgramPlan> {
  let plan = plans.get(program);
  if (!plan) {
    const result = await compileSource(program);
    if (!result.ok || !result.plan) {
      throw new Error(
        `generated program does not compile: ${result.errors.map((e) => `${e.span.line}: [${e.code}] ${e.message}`).join('; ')}\n${program}`,
      );
    }
    plan = result.plan;
    if (plans.size > 200) plans.clear();
    plans.set(program, plan);
  }
  return plan;
}

/** How many cases ran, and how many emitted something (a generator that never emits would test little). */
export const stats = { cases: 0, withOutput: 0 };

/** Why the engine misbehaves on a case, or undefined. */
export async function engineProblem(c: EngineCase): Promise<string | undefined> {
  const plan = await planOf(c.program);
  const whole = collector();
  const split = collector();
  try {
    const engine = createEngine(plan, { sinks: whole.sinks });
    for (const e of c.events) push(engine, e);
    engine.end();
  } catch (e) {
    return `uninterrupted run threw: ${(e as Error).stack}`;
  }
  try {
    const first = createEngine(plan, { sinks: split.sinks });
    for (const e of c.events.slice(0, c.cut)) push(first, e);
    const saved = JSON.stringify(first.checkpoint());
    const second = createEngine(plan, { sinks: split.sinks });
    second.restore(JSON.parse(saved));
    for (const e of c.events.slice(c.cut)) push(second, e);
    second.end();
  } catch (e) {
    return `checkpointed run threw: ${(e as Error).stack}`;
  }
  stats.cases++;
  if (whole.lines.some((l) => l.startsWith('{'))) stats.withOutput++;
  const a = whole.lines.join('\n');
  const b = split.lines.join('\n');
  if (a !== b) {
    const i = whole.lines.findIndex((line, n) => line !== split.lines[n]);
    return `checkpoint after ${c.cut} events changes the output at line ${i + 1}:\n  uninterrupted: ${whole.lines[i]}\n  restored:      ${split.lines[i]}`;
  }
  return undefined;
}

const HOUR = 3_600_000;

/** The size of the state after replaying a burst `bursts` times, an hour apart, and moving time past the last. */
export async function stateSize(program: string, events: readonly GenEvent[], bursts: number): Promise<number> {
  const plan = await planOf(program);
  const engine = createEngine(plan, {});
  const last = events.reduce((t, e) => Math.max(t, e.timestamp), 0);
  for (let b = 0; b < bursts; b++) {
    for (const e of events) push(engine, { ...e, timestamp: e.timestamp + b * HOUR });
  }
  engine.advanceTo(last + bursts * HOUR + HOUR);
  const { counters: _counters, ...state } = engine.checkpoint() as unknown as Record<string, unknown>;
  // Numbers (ids, times) grow by a few digits over the bursts: measure the structure, not the digits.
  return JSON.stringify(state).replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, '0').length;
}

/**
 * Why the state of a case grows with its input, or undefined. Sliding count windows hold their last N (up to 6)
 * records, so the state may grow during the first 6 bursts; tumbling count windows keep a remainder that depends on
 * the number of records modulo their size (1 to 6): 12 and 72 bursts leave the same remainders.
 */
export async function stateGrowthProblem(c: EngineCase): Promise<string | undefined> {
  const few = await stateSize(c.program, c.events, 12);
  const many = await stateSize(c.program, c.events, 72);
  return many > few ? `state grows with the input: ${few} bytes after 12 bursts, ${many} after 72` : undefined;
}

export const serializeCase = (c: EngineCase) => `${JSON.stringify(c, null, 2)}\n`;
