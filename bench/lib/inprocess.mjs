#!/usr/bin/env node
// In-process measurement of one scenario, run in its own process so that the JIT state of one scenario does
// not leak into another: the engine on pre-built events (EventRecords read from the generated .evt file by the
// engine's own reader), the hand-written implementation and RxJS on the same events as plain objects.
//
// First every implementation runs once with a checksumming sink and the outputs are compared; then `rounds`
// timed rounds (after `warmup` unrecorded ones) run the implementations alternately (the order rotates each
// round) with a counting sink.
// Prints one JSON object on stdout.
//
//   node --expose-gc bench/lib/inprocess.mjs --scenario filter --events 100000 --rounds 5 --data-dir DIR
//   node --cpu-prof bench/lib/inprocess.mjs --scenario filter --events 1000000 --only engine   (profiling)
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { scenarioByName } from '../scenarios/index.mjs';
import { OutputHasher, sameOutputs } from './checksum.mjs';
import { loadEngine, loadRxjs } from './deps.mjs';
import { ensureEventFiles, plainEvents } from './events.mjs';
import { median } from './stats.mjs';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string' },
    events: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    'data-dir': { type: 'string' },
    only: { type: 'string' },
    'cpu-profile': { type: 'string' },
  },
});
const scenario = scenarioByName(args.scenario);
const n = Number(args.events);
const rounds = Number(args.rounds);
const warmup = Number(args.warmup);
const only = args.only ?? null;
// a full collection before each timed run (outside its timing); not when profiling, where it would be sampled
const gc = args['cpu-profile'] ? () => {} : (globalThis.gc ?? (() => {}));

const engineLib = await loadEngine();
const rx = scenario.rxjs === null ? null : await loadRxjs();

// ---- inputs ----
const compiled = await engineLib.compileSource(scenario.programText);
if (!compiled.ok) {
  const errors = compiled.errors.filter((e) => e.severity === 'error');
  throw new Error(
    `${scenario.name}: the program does not compile:\n${errors.map((e) => `${e.span.line}:${e.span.column} [${e.code}] ${e.message}`).join('\n')}`,
  );
}
const plan = compiled.plan;
try {
  engineLib.createEngine(plan, {});
} catch (error) {
  if (!(error instanceof engineLib.EngineLoadError)) throw error;
  // e.g. an operation the engine reports as unsupported: the scenario is skipped with the engine's reason
  process.stdout.write(`${JSON.stringify({ name: scenario.name, events: n, skipped: error.message })}\n`);
  process.exit(0);
}
const files = ensureEventFiles(scenario, n, args['data-dir']);
const records = [];
const summary = await engineLib.readEventFile(files.evt, {
  event: (r) => records.push(r),
  error: (e) => {
    throw new Error(engineLib.formatInputError(e));
  },
});
if (records.length !== n)
  throw new Error(
    `${scenario.name}: read ${records.length} events from ${files.evt}, expected ${n} (${JSON.stringify(summary)})`,
  );
const plain = only === 'engine' ? null : plainEvents(scenario, n);

// ---- implementations ----
const diagnostics = {};
function engineRun(emit) {
  const engine = engineLib.createEngine(plan, {
    sinks: {
      emit,
      diagnostic: (d) => {
        diagnostics[d.code] = (diagnostics[d.code] ?? 0) + 1;
      },
    },
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) engine.push(records[i]);
  engine.end();
  const ms = performance.now() - t0;
  lastCpuMs = cpuMsSince(c0);
  return ms;
}

/** CPU time of this process (all threads, GC helpers included) since `c0`, ms: insensitive to other load */
let lastCpuMs = 0;
const cpuMsSince = (c0) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

function baselineRun(factory, sink) {
  const impl = factory(sink);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) impl.push(plain[i]);
  impl.end();
  const ms = performance.now() - t0;
  lastCpuMs = cpuMsSince(c0);
  return ms;
}

const impls = [
  {
    key: 'engine',
    verify: () => {
      const h = new OutputHasher(scenario.outputs);
      engineRun((e) => h.addEngine(e));
      return h;
    },
    timed: () => {
      let count = 0;
      let last = null;
      const ms = engineRun((e) => {
        count++;
        last = e;
      });
      return { ms, count, last };
    },
  },
  {
    key: 'hand',
    verify: () => {
      const h = new OutputHasher(scenario.outputs);
      baselineRun(scenario.handWritten, (s, t, o) => h.addPlain(s, t, o));
      return h;
    },
    timed: () => {
      let count = 0;
      let last = null;
      const ms = baselineRun(scenario.handWritten, (_s, _t, o) => {
        count++;
        last = o;
      });
      return { ms, count, last };
    },
  },
];
if (rx !== null) {
  const factory = (sink) => scenario.rxjs(rx, sink);
  impls.push({
    key: 'rxjs',
    verify: () => {
      const h = new OutputHasher(scenario.outputs);
      baselineRun(factory, (s, t, o) => h.addPlain(s, t, o));
      return h;
    },
    timed: () => {
      let count = 0;
      let last = null;
      const ms = baselineRun(factory, (_s, _t, o) => {
        count++;
        last = o;
      });
      return { ms, count, last };
    },
  });
}
const active = only === null ? impls : impls.filter((i) => i.key === only);

// ---- verification ----
const outputs = {};
const samples = {};
let verifyMs = 0;
for (const impl of active) {
  gc();
  const t0 = performance.now();
  const h = impl.verify();
  verifyMs += performance.now() - t0;
  outputs[impl.key] = h.result();
  samples[impl.key] = h.sample;
}
const reference = outputs.engine ?? null;
const outputsMatch = active.every((i) => sameOutputs(outputs[i.key], reference ?? outputs[active[0].key]));

// ---- profiling (bench/profile.mjs): a CPU profile of the timed engine runs only ----
let profiler = null;
if (args['cpu-profile']) {
  const { Session } = await import('node:inspector/promises');
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  await profiler.post('Profiler.start');
}

// ---- garbage collection and allocation during the timed runs (v8.GCProfiler) ----
const gcTimes = Object.fromEntries(active.map((i) => [i.key, []]));
const allocated = Object.fromEntries(active.map((i) => [i.key, []]));
/** GC pause time (ms) and bytes allocated (approximate: heap growth between collections) over a profile */
function gcSummary(profile, usedAtStart, usedAtEnd) {
  let pause = 0;
  let bytes = 0;
  let previous = usedAtStart;
  for (const g of profile.statistics) {
    pause += g.cost / 1000;
    bytes += Math.max(0, g.beforeGC.heapStatistics.usedHeapSize - previous);
    previous = g.afterGC.heapStatistics.usedHeapSize;
  }
  bytes += Math.max(0, usedAtEnd - previous);
  return { pause, bytes };
}

// ---- timed rounds ----
const times = Object.fromEntries(active.map((i) => [i.key, []]));
const cpuTimes = Object.fromEntries(active.map((i) => [i.key, []]));
const counted = {};
if (outputsMatch) {
  // warm-up rounds (not recorded): small inputs are otherwise dominated by JIT compilation of the engine;
  // at most about a second of them (at least one when asked for)
  const warmupRounds = Math.max(warmup > 0 ? 1 : 0, Math.min(warmup, Math.floor(1000 / Math.max(verifyMs, 1))));
  for (let r = -warmupRounds; r < rounds; r++) {
    for (let k = 0; k < active.length; k++) {
      const impl = active[(k + Math.max(r, 0)) % active.length];
      gc();
      const gcProfiler = new v8.GCProfiler();
      const usedAtStart = process.memoryUsage().heapUsed;
      gcProfiler.start();
      const { ms, count } = impl.timed();
      const gcProfile = gcProfiler.stop();
      if (r < 0) continue;
      const g = gcSummary(gcProfile, usedAtStart, process.memoryUsage().heapUsed);
      times[impl.key].push(ms);
      cpuTimes[impl.key].push(lastCpuMs);
      gcTimes[impl.key].push(g.pause);
      allocated[impl.key].push(g.bytes);
      counted[impl.key] = count;
    }
  }
  for (const impl of active) {
    if (counted[impl.key] !== outputs[impl.key].count) {
      throw new Error(
        `${scenario.name}/${impl.key}: a timed run emitted ${counted[impl.key]} events, the checked run ${outputs[impl.key].count}`,
      );
    }
  }
}

if (profiler !== null) {
  const { profile } = await profiler.post('Profiler.stop');
  (await import('node:fs')).writeFileSync(args['cpu-profile'], JSON.stringify(profile));
  profiler.disconnect();
}

const eps = (key) => (times[key] === undefined || times[key].length === 0 ? null : n / (median(times[key]) / 1000));
/** median over rounds of (engine throughput / other throughput) measured in the same round */
const pairedRatio = (key, t = times) => {
  if (t.engine === undefined || t[key] === undefined || t[key].length === 0) return null;
  return median(t.engine.map((ms, r) => t[key][r] / ms));
};

const result = {
  name: scenario.name,
  events: n,
  inProcessEventsPerSec: eps('engine'),
  handWrittenEventsPerSec: eps('hand'),
  rxjsEventsPerSec: eps('rxjs'),
  ratioToHandWritten: pairedRatio('hand'),
  ratioToRxjs: pairedRatio('rxjs'),
  /** the same ratios from CPU time instead of wall time (less sensitive to other processes on the machine) */
  cpuRatioToHandWritten: pairedRatio('hand', cpuTimes),
  cpuRatioToRxjs: pairedRatio('rxjs', cpuTimes),
  inProcessCpuEventsPerSec: cpuTimes.engine?.length ? n / (median(cpuTimes.engine) / 1000) : null,
  timesMs: times,
  cpuMs: cpuTimes,
  /** garbage-collection pauses observed during each timed run, ms */
  gcMs: Object.fromEntries(Object.entries(gcTimes).map(([k, v]) => [k, v.map((x) => Math.round(x))])),
  /** bytes allocated per input event (median over the timed runs; approximate, from heap growth between GCs) */
  bytesPerEvent: Object.fromEntries(
    Object.entries(allocated).map(([k, v]) => [k, v.length === 0 ? null : Math.round(median(v) / n)]),
  ),
  outputs,
  outputsMatch,
  samples: outputsMatch ? undefined : samples,
  diagnostics,
  rxjsNote: scenario.rxjs === null ? scenario.rxjsNote : rx === null ? 'rxjs is not installed' : null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
