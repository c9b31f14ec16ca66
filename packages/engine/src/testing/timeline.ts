/**
 * A virtual-time harness for engine tests and examples: events with explicit timestamps, fed to an engine,
 * with everything it produces collected for assertions.
 *
 * ```ts
 * const run = await runTimeline(`stream S = A .emit(x: x)`, [at('1s', 'A', { x: 1 }), at('2s', 'A', { x: 2 })]);
 * expect(run.jsonl()).toEqual(['{"stream":"S","timestamp":1000,"data":{"x":1}}', …]);
 * ```
 */

import { compileSource } from '../loader/compile-source.js';
import type { ProgramPlan } from '../plan/plan.js';
import type { EmittedEvent, EngineDiagnostic, LogLine, SinkRecord } from '../runtime/core.js';
import { createEngine, type Engine, type EngineOptions } from '../runtime/engine.js';
import { renderJsonlLine, toJson } from '../runtime/values/json.js';
import { EventRecord } from '../runtime/values/record.js';
import { FloatValue, makeFloat, type Value } from '../runtime/values/value.js';

/** An input event of a timeline. */
export interface TimelineEvent {
  readonly type: string;
  readonly timeMs: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `'2s'`, `'1500ms'`, `'1m'`, `'1h'`, `'1d'`, or a number of ms. */
export function ms(time: string | number): number {
  if (typeof time === 'number') return time;
  const m = /^(-?[0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)?$/.exec(time.trim());
  if (m === null) throw new Error(`not a time: ${time}`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']!);
}

/** An event of type `type` at `time` (`'2s'` or ms) with the given fields. */
export function at(time: string | number, type: string, fields: Readonly<Record<string, unknown>> = {}): TimelineEvent {
  return { type, timeMs: ms(time), fields };
}

/** Marks a number as a float even when it is integral (`float(3)` is `3.0`). */
export function float(x: number): FloatValue | number {
  return makeFloat(x);
}

/**
 * Converts a plain JavaScript value to a VPL value: integral numbers are ints, other numbers floats, arrays
 * arrays, plain objects maps.
 */
export function toValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof FloatValue || v instanceof EventRecord || v instanceof Map) return v as Value;
  if (Array.isArray(v)) return v.map(toValue);
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) {
      return new Map(Object.entries(v as Record<string, unknown>).map(([k, e]) => [k, toValue(e)]));
    }
  }
  return v as Value;
}

/** The record of a timeline event. */
export function recordOf(e: TimelineEvent): EventRecord {
  return EventRecord.of(
    e.type,
    e.timeMs,
    Object.entries(e.fields).map(([k, v]) => [k, toValue(v)] as [string, Value]),
  );
}

/** An emitted event as plain data (`data` parsed from its JSON rendering: `6.0` becomes `6`). */
export interface EmittedData {
  readonly stream: string;
  readonly timestamp: number;
  readonly data: Record<string, unknown>;
}

/** Compiles a VPL text; throws with the error list when it does not compile. */
export async function compileProgram(source: string): Promise<ProgramPlan> {
  const result = await compileSource(source);
  if (!result.ok || result.plan === undefined) {
    const lines = result.errors
      .filter((e) => e.severity === 'error')
      .map((e) => `${e.span.line}:${e.span.column} [${e.code}] ${e.message}`);
    throw new Error(`The program does not compile:\n${lines.join('\n')}`);
  }
  return result.plan;
}

/** An engine wired to collecting sinks. */
export class Timeline {
  readonly engine: Engine;
  private readonly events: EmittedEvent[] = [];
  private readonly diags: EngineDiagnostic[] = [];
  private readonly lines: LogLine[] = [];
  private readonly sent: SinkRecord[] = [];

  constructor(
    readonly plan: ProgramPlan,
    options: Omit<EngineOptions, 'sinks'> = {},
  ) {
    this.engine = createEngine(plan, {
      ...options,
      sinks: {
        emit: (e) => this.events.push(e),
        diagnostic: (d) => this.diags.push(d),
        log: (l) => this.lines.push(l),
        sink: (s) => this.sent.push(s),
      },
    });
  }

  /** Pushes events in order. */
  feed(...events: TimelineEvent[]): this {
    for (const e of events) this.engine.push(recordOf(e));
    return this;
  }

  /** Moves event time forward without an event. */
  advanceTo(time: string | number): this {
    this.engine.advanceTo(ms(time));
    return this;
  }

  /** End of input. */
  end(): this {
    this.engine.end();
    return this;
  }

  /** The emitted events as `varpulis run --output jsonl` lines. */
  jsonl(): string[] {
    return this.events.map((e) => renderJsonlLine(e.stream, e.timestamp, e.record));
  }

  /** The emitted events as plain data. */
  emitted(stream?: string): EmittedData[] {
    return this.events
      .filter((e) => stream === undefined || e.stream === stream)
      .map((e) => ({
        stream: e.stream,
        timestamp: e.timestamp,
        data: JSON.parse(toJson(e.record)) as Record<string, unknown>,
      }));
  }

  /** The `data` of each emitted event (optionally of one stream). */
  data(stream?: string): Record<string, unknown>[] {
    return this.emitted(stream).map((e) => e.data);
  }

  diagnostics(code?: string): EngineDiagnostic[] {
    return code === undefined ? this.diags : this.diags.filter((d) => d.code === code);
  }

  logs(): LogLine[] {
    return this.lines;
  }

  sinkRecords(): SinkRecord[] {
    return this.sent;
  }

  /** Forgets what was collected so far. */
  clear(): this {
    this.events.length = 0;
    this.diags.length = 0;
    this.lines.length = 0;
    this.sent.length = 0;
    return this;
  }
}

export interface RunOptions extends Omit<EngineOptions, 'sinks'> {
  /** run the end-of-input step after the events (default true) */
  readonly end?: boolean;
}

/** Compiles `source`, feeds `events`, and (by default) ends the input. */
export async function runTimeline(
  source: string,
  events: readonly TimelineEvent[],
  options: RunOptions = {},
): Promise<Timeline> {
  const plan = await compileProgram(source);
  const t = new Timeline(plan, options);
  t.feed(...events);
  if (options.end !== false) t.end();
  return t;
}
