import { describe, expect, test } from 'vitest';
import { createEngine, EngineLoadError, EngineUsageError } from '../../src/index.js';
import { at, compileProgram, runTimeline, Timeline } from '../../src/testing/index.js';

describe('timers (semantics §8.18)', () => {
  test('in replay a timer stream is driven by Timer_<stream> events in the input', async () => {
    const run = await runTimeline(
      `fn sweep():
    emit SweepTick(kind: "hourly")

stream Hourly = timer(1h, initial_delay: 5m)
    .process(sweep())`,
      [at('1h', 'Timer_Hourly', { timestamp: 3_600_000 })],
    );
    expect(run.jsonl()).toEqual(['{"stream":"Hourly","timestamp":3600000,"data":{"kind":"hourly"}}']);
  });
});

describe('process (semantics §8.12, S33)', () => {
  test('emit statements create records with the record time; a .where after .process filters the output', async () => {
    const run = await runTimeline(
      `fn split(n: int):
    for i in 0..n:
        emit Part(i: i, of: n)

stream Parts = Order
    .process(split(count))
    .where(i != 1)`,
      [at(5, 'Order', { count: 3 })],
    );
    expect(run.jsonl()).toEqual([
      '{"stream":"Parts","timestamp":5,"data":{"i":0,"of":3}}',
      '{"stream":"Parts","timestamp":5,"data":{"i":2,"of":3}}',
    ]);
  });
});

describe('resource limits (semantics §11.9, §16)', () => {
  test('live runs per partition are capped: no new run, one VPL-R006', async () => {
    const events = Array.from({ length: 5 }, (_, i) => at(i, 'A', { k: 1 }));
    const run = await runTimeline(`stream S = A -> B .partition_by(k) .emit()`, [...events, at(10, 'B', { k: 1 })], {
      limits: { maxRunsPerPartition: 3 },
    });
    expect(run.data()).toHaveLength(3);
    expect(run.diagnostics('VPL-R006')).toHaveLength(1);
  });

  test('live runs per stream are capped', async () => {
    const events = Array.from({ length: 5 }, (_, i) => at(i, 'A', { k: i }));
    const run = await runTimeline(`stream S = A -> B .emit()`, [...events, at(10, 'B')], {
      limits: { maxRunsPerStream: 2 },
    });
    expect(run.data()).toHaveLength(2);
    expect(run.diagnostics('VPL-R006')).toHaveLength(1);
  });

  test('a runaway loop is cut by the budget (VPL-R005) and the engine continues', async () => {
    const run = await runTimeline(
      `fn spin() -> int:
    var i = 0
    while true:
        i := i + 1
    return i

stream S = R .emit(v: spin(), w: 1)`,
      [at(1, 'R')],
      { limits: { maxLoopIterations: 100 } },
    );
    expect(run.data()).toHaveLength(1);
    expect(run.diagnostics('VPL-R005').length).toBeGreaterThan(0);
  });
});

describe('engine API', () => {
  test('variables: var may be set, let/const may not (E040)', async () => {
    const plan = await compileProgram(
      `var threshold = 5\nconst FIXED = 1\nstream S = R .where(v > threshold) .emit(v: v)`,
    );
    const t = new Timeline(plan);
    expect(t.engine.getVariable('threshold')).toBe(5);
    t.engine.setVariable('threshold', 8);
    t.feed(at(1, 'R', { v: 6 }), at(2, 'R', { v: 9 }));
    expect(t.data()).toEqual([{ v: 9 }]);
    expect(() => t.engine.setVariable('FIXED', 2)).toThrow(EngineUsageError);
  });

  test('a failing global initialiser is a load error', async () => {
    const plan = await compileProgram(`let broken = 1 / 0\nstream S = R .emit()`);
    expect(() => createEngine(plan)).toThrow(EngineLoadError);
  });

  test('.score is reported as unsupported at load', async () => {
    const plan = await compileProgram(
      `stream Scored = Claim .score(model: "fraud.onnx", inputs: [amount], outputs: [risk]) .emit(risk: risk)`,
    );
    try {
      createEngine(plan);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineLoadError);
      const [error] = (e as EngineLoadError).errors;
      expect(error!.code).toBe('E090');
      // the place (the .score operation of stream Scored) and what to do instead
      expect(error!.span).toMatchObject({ line: 1, column: 23 });
      expect(error!.message).toContain("stream 'Scored' cannot run");
      expect(error!.message).toContain('Compute the value in VPL instead');
    }
  });

  test('advanceTo moves the watermark without an event', async () => {
    const plan = await compileProgram(`stream W = R .window(10s) .aggregate(n: count()) .emit(n: n)`);
    const t = new Timeline(plan).feed(at('1s', 'R'));
    t.advanceTo('9s');
    expect(t.data()).toEqual([]);
    t.advanceTo('10s');
    expect(t.data()).toEqual([{ n: 1 }]);
  });

  test('the allowed lateness can be overridden by the options', async () => {
    const run = await runTimeline(
      `stream W = R .window(10s) .aggregate(n: count()) .emit(n: n)`,
      [at('12s', 'R'), at('5s', 'R')],
      {
        allowedLatenessMs: 10_000,
      },
    );
    expect(run.data()).toEqual([{ n: 1 }, { n: 1 }]);
    expect(run.engine.getCounters().lateEvents).toBe(0);
  });

  test('.to sinks record what they would send (R9)', async () => {
    const run = await runTimeline(
      `connector Bus = kafka(brokers: ["k:9092"])\nstream S = R .emit(v: v) .to(Bus, topic: "t")`,
      [at(1, 'R', { v: 1 })],
    );
    expect(run.sinkRecords()).toMatchObject([
      { connector: 'Bus', connectorKind: 'kafka', stream: 'S', params: { topic: 't' } },
    ]);
    expect(run.engine.getCounters().sinkRecords).toEqual({ Bus: 1 });
  });

  test('enrich in replay takes the error path: fallback fields, or the record is dropped', async () => {
    const run = await runTimeline(
      `connector RiderDb = database(url: "postgres://x")
stream A = R .enrich(RiderDb, key: id, fields: [tier], fallback: "unknown") .emit(tier: tier, status: enrich_status)
stream B = R .enrich(RiderDb, key: id, fields: [tier]) .emit(tier: tier)`,
      [at(1, 'R', { id: 1 })],
    );
    expect(run.emitted()).toEqual([{ stream: 'A', timestamp: 1, data: { tier: 'unknown', status: 'error' } }]);
  });

  test('declaration loops are expanded before compiling', async () => {
    const run = await runTimeline(
      `for lane in 0..2:
    stream Lane{lane} = Toll
        .where(lane_no == {lane})
        .emit(lane: {lane}, plate: plate)`,
      [at(1, 'Toll', { lane_no: 1, plate: 'X' })],
    );
    expect(run.emitted()).toEqual([{ stream: 'Lane1', timestamp: 1, data: { lane: 1, plate: 'X' } }]);
  });
});
