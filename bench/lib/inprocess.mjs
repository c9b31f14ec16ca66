#!/usr/bin/env node
// In-process measurement of one scenario, run in its own process so that the JIT state of one scenario does
// not leak into another: the engine on pre-built events (EventRecords read from the generated .evt file by the
// engine's own reader), the hand-written implementation and RxJS on the same events as plain objects.
//
// First every implementation runs once with a checksumming sink and the outputs are compared; then `rounds`
// timed rounds run the implementations alternately (the order rotates each round) with a counting sink.
// Prints one JSON object on stdout.
//
//   node --expose-gc bench/lib/inprocess.mjs --scenario filter --events 100000 --rounds 5 --data-dir DIR
//   node --cpu-prof bench/lib/inprocess.mjs --scenario filter --events 1000000 --only engine   (profiling)
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
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
    'data-dir': { type: 'string' },
    only: { type: 'string' },
  },
});
const scenario = scenarioByName(args.scenario);
const n = Number(args.events);
const rounds = Number(args.rounds);
const only = args.only ?? null;
const gc = globalThis.gc ?? (() => {});

const engineLib = await loadEngine();
const rx = scenario.rxjs === null ? null : await loadRxjs();

// ---- inputs ----
const compiled = await engineLib.compileSource(scenario.programText);
if (!compiled.ok) {
  const errors = compiled.errors.filter((e) => e.severity === 'error');
  throw new Error(`${scenario.name}: the program does not compile:\n${errors.map((e) => `${e.span.line}:${e.span.column} [${e.code}] ${e.message}`).join('\n')}`);
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
if (records.length !== n) throw new Error(`${scenario.name}: read ${records.length} events from ${files.evt}, expected ${n} (${JSON.stringify(summary)})`);
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
  const t0 = performance.now();
  for (let i = 0; i < n; i++) engine.push(records[i]);
  engine.end();
  return performance.now() - t0;
}

function baselineRun(factory, sink) {
  const impl = factory(sink);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) impl.push(plain[i]);
  impl.end();
  return performance.now() - t0;
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
for (const impl of active) {
  gc();
  const h = impl.verify();
  outputs[impl.key] = h.result();
  samples[impl.key] = h.sample;
}
const reference = outputs.engine ?? null;
const outputsMatch = active.every((i) => sameOutputs(outputs[i.key], reference ?? outputs[active[0].key]));

// ---- timed rounds ----
const times = Object.fromEntries(active.map((i) => [i.key, []]));
const counted = {};
if (outputsMatch) {
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < active.length; k++) {
      const impl = active[(k + r) % active.length];
      gc();
      const { ms, count } = impl.timed();
      times[impl.key].push(ms);
      counted[impl.key] = count;
    }
  }
  for (const impl of active) {
    if (counted[impl.key] !== outputs[impl.key].count) {
      throw new Error(`${scenario.name}/${impl.key}: a timed run emitted ${counted[impl.key]} events, the checked run ${outputs[impl.key].count}`);
    }
  }
}

const eps = (key) => (times[key] === undefined || times[key].length === 0 ? null : n / (median(times[key]) / 1000));
/** median over rounds of (engine throughput / other throughput) measured in the same round */
const pairedRatio = (key) => {
  if (times.engine === undefined || times[key] === undefined || times[key].length === 0) return null;
  return median(times.engine.map((ms, r) => times[key][r] / ms));
};

const result = {
  name: scenario.name,
  events: n,
  inProcessEventsPerSec: eps('engine'),
  handWrittenEventsPerSec: eps('hand'),
  rxjsEventsPerSec: eps('rxjs'),
  ratioToHandWritten: pairedRatio('hand'),
  ratioToRxjs: pairedRatio('rxjs'),
  timesMs: times,
  outputs,
  outputsMatch,
  samples: outputsMatch ? undefined : samples,
  diagnostics,
  rxjsNote: scenario.rxjs === null ? scenario.rxjsNote : rx === null ? 'rxjs is not installed' : null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
