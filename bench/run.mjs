#!/usr/bin/env node
// pnpm bench — holds the Varpulis engine against the practical limit (hand-written JavaScript) and its peers
// (RxJS), end to end (`varpulis run` on generated .evt and .jsonl files) and in process (the engine API on
// pre-built events). See docs/performance.md.
//
//   node bench/run.mjs                 100K and 1M events per scenario, streaming check, language figures
//   node bench/run.mjs --quick         50K events (20K for the slowest), one end-to-end run per format (CI smoke)
//   node bench/run.mjs --json          the same, one JSON object on stdout (the table goes to stderr)
//   options: --scenario a,b  --sizes 100000,1000000  --rounds N  --data-dir DIR
//            --skip e2e,streaming,language  --streaming-scenario NAME  --budget SECONDS
//
// Every figure is reported only after the outputs of the engine (in process and through the CLI, both input
// formats), the hand-written code and RxJS have been found identical (count and checksum); any difference, or
// any failing run, makes the exit code 1.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sameOutputs } from './lib/checksum.mjs';
import { cliStartup, runCli, runStreaming } from './lib/cli.mjs';
import { REPO_DIR } from './lib/deps.mjs';
import { ensureEventFiles } from './lib/events.mjs';
import { median, round } from './lib/stats.mjs';
import { scenarios as allScenarios, scenarioByName } from './scenarios/index.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    scenario: { type: 'string' },
    sizes: { type: 'string' },
    rounds: { type: 'string' },
    'data-dir': { type: 'string' },
    skip: { type: 'string', default: '' },
    'streaming-scenario': { type: 'string', default: 'temporal-correlation' },
    budget: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'usage: node bench/run.mjs [--quick] [--json] [--scenario a,b] [--sizes N,M] [--rounds N] [--data-dir DIR]\n' +
      '                          [--skip e2e,streaming,language] [--streaming-scenario NAME] [--budget SECONDS]\n',
  );
  process.exit(0);
}

const quick = args.quick;
// --quick: 50K events (the slowest scenarios cap it with `quickEvents`); below that the in-process figures
// mostly measure the JIT warming up
const sizes = args.sizes ? args.sizes.split(',').map(Number) : quick ? [50_000] : [100_000, 1_000_000];
const rounds = Number(args.rounds ?? 5);
/** unrecorded in-process rounds first: at 20K events the engine would otherwise be measured while the JIT warms up */
const warmup = quick ? 5 : 1;
const e2eRounds = quick ? 0 : rounds; // --quick times the checked runs themselves
const skip = new Set(args.skip.split(',').filter(Boolean));
const dataDir = args['data-dir'] ?? join(os.tmpdir(), 'varpulis-bench-data');
/** a size is skipped for a scenario when the smaller size predicts more than this many seconds of work */
const budgetSeconds = Number(args.budget ?? 600);
const selected = args.scenario ? args.scenario.split(',').map(scenarioByName) : allScenarios;
const log = (text) => process.stderr.write(`${text}\n`);
const failures = [];

for (const pkg of ['engine', 'language', 'cli']) {
  if (!existsSync(join(REPO_DIR, 'packages', pkg, 'out/index.js'))) {
    log(`packages/${pkg} is not built: run \`pnpm run build\` first.`);
    process.exit(1);
  }
}

// ---- helpers ----

function runNode(script, scriptArgs, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, fileURLToPath(new URL(script, import.meta.url)), ...scriptArgs],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${script} ${scriptArgs.join(' ')} failed (exit ${code}):\n${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

const eps = (events, ms) => (ms === null ? null : events / (ms / 1000));
const fmtRate = (x) =>
  x === null || x === undefined ? '—' : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${Math.round(x / 1e3)}K`;
const fmtRatio = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(2)}×`);
const fmtCount = (n) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(n % 1e6 === 0 ? 0 : 1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}K` : String(n);

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

// ---- machine ----

const cpus = os.cpus();
const machine = {
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  arch: os.arch(),
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? null,
  totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
  loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  loadAverageAtEnd: null,
  commit: gitCommit(),
  startedAt: new Date().toISOString(),
  quick,
  rounds,
  cliStartupMs: null,
  cliStartupRssMb: null,
};

mkdirSync(dataDir, { recursive: true });
if (!skip.has('e2e')) {
  const empty = join(dataDir, 'empty.evt');
  writeFileSync(empty, '');
  const runs = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(await cliStartup(selected[0].programPath, empty));
  machine.cliStartupMs = round(median(runs.map((r) => r.ms)), 0);
  machine.cliStartupRssMb = round(median(runs.map((r) => r.peakRssMb)), 1);
  log(
    `varpulis run startup (empty input): ${machine.cliStartupMs} ms, ${machine.cliStartupRssMb} MB peak RSS (median of ${runs.length})`,
  );
}

// ---- scenarios ----

const results = [];
const previous = new Map(); // scenario name → result at the previous size

for (const requested of sizes) {
  for (const scenario of selected) {
    const size = quick && !args.sizes ? Math.min(requested, scenario.quickEvents ?? requested) : requested;
    const entry = {
      name: scenario.name,
      events: size,
      endToEndEventsPerSec: null,
      endToEndJsonlEventsPerSec: null,
      inProcessEventsPerSec: null,
      handWrittenEventsPerSec: null,
      rxjsEventsPerSec: null,
      ratioToHandWritten: null,
      ratioToRxjs: null,
      peakRssMb: null,
      outputs: null,
      outputsMatch: false,
    };
    const prior = previous.get(scenario.name);
    if (prior?.inProcessEventsPerSec && prior.events < size) {
      // each round runs the engine in process and the CLI twice; the CLI is at best as fast as in process
      const predicted = (size / prior.inProcessEventsPerSec) * (rounds + 1) * 3;
      if (predicted > budgetSeconds) {
        entry.skipped = `not run at ${fmtCount(size)} events: the ${fmtCount(prior.events)} run predicts about ${Math.round(predicted / 60)} min for this size (budget ${Math.round(budgetSeconds / 60)} min, --budget)`;
        log(`${scenario.name} @ ${fmtCount(size)}: skipped (${entry.skipped})`);
        results.push(entry);
        continue;
      }
    }
    log(`${scenario.name} @ ${fmtCount(size)}: in process…`);
    let inproc;
    try {
      inproc = await runNode(
        './lib/inprocess.mjs',
        [
          '--scenario',
          scenario.name,
          '--events',
          String(size),
          '--rounds',
          String(rounds),
          '--warmup',
          String(warmup),
          '--data-dir',
          dataDir,
        ],
        ['--expose-gc'],
      );
    } catch (error) {
      failures.push(`${scenario.name} @ ${size}: ${error.message}`);
      entry.error = error.message;
      results.push(entry);
      continue;
    }
    if (inproc.skipped) {
      entry.skipped = inproc.skipped;
      entry.outputsMatch = null;
      log(`${scenario.name}: skipped — ${inproc.skipped}`);
      results.push(entry);
      continue;
    }
    Object.assign(entry, {
      inProcessEventsPerSec: round(inproc.inProcessEventsPerSec),
      handWrittenEventsPerSec: round(inproc.handWrittenEventsPerSec),
      rxjsEventsPerSec: round(inproc.rxjsEventsPerSec),
      ratioToHandWritten: round(inproc.ratioToHandWritten, 3),
      ratioToRxjs: round(inproc.ratioToRxjs, 3),
      cpuRatioToHandWritten: round(inproc.cpuRatioToHandWritten, 3),
      cpuRatioToRxjs: round(inproc.cpuRatioToRxjs, 3),
    });
    const outputs = {
      engine: inproc.outputs.engine,
      handWritten: inproc.outputs.hand,
      rxjs: inproc.outputs.rxjs ?? null,
    };
    let match = inproc.outputsMatch;

    if (!skip.has('e2e')) {
      const files = ensureEventFiles(scenario, size, dataDir);
      const e2e = { evt: [], jsonl: [] };
      let rss = 0;
      for (const format of ['evt', 'jsonl']) {
        log(`${scenario.name} @ ${fmtCount(size)}: varpulis run (${format}, checked)…`);
        const r = await runCli({
          program: scenario.programPath,
          input: files[format],
          format,
          outputs: scenario.outputs,
        });
        if (r.exitCode !== 0) {
          failures.push(
            `${scenario.name} @ ${size}: varpulis run --input ${files[format]} exited ${r.exitCode}\n${r.stderr}`,
          );
          match = false;
        }
        outputs[format === 'evt' ? 'cliEvt' : 'cliJsonl'] = r.outputs;
        if (!sameOutputs(r.outputs, outputs.engine)) match = false;
        if (e2eRounds === 0) e2e[format].push(r.ms);
        rss = Math.max(rss, r.peakRssMb ?? 0);
      }
      if (match) {
        for (let k = 0; k < e2eRounds; k++) {
          log(`${scenario.name} @ ${fmtCount(size)}: varpulis run, round ${k + 1}/${e2eRounds}…`);
          const order = k % 2 === 0 ? ['evt', 'jsonl'] : ['jsonl', 'evt'];
          for (const format of order) {
            const r = await runCli({ program: scenario.programPath, input: files[format], format });
            if (r.exitCode !== 0) {
              failures.push(`${scenario.name} @ ${size}: varpulis run exited ${r.exitCode}\n${r.stderr}`);
              continue;
            }
            e2e[format].push(r.ms);
            rss = Math.max(rss, r.peakRssMb ?? 0);
          }
        }
      }
      entry.endToEndEventsPerSec = round(eps(size, median(e2e.evt)));
      entry.endToEndJsonlEventsPerSec = round(eps(size, median(e2e.jsonl)));
      entry.peakRssMb = rss > 0 ? round(rss, 1) : null;
      entry.endToEndMs = { evt: e2e.evt.map((x) => round(x)), jsonl: e2e.jsonl.map((x) => round(x)) };
    }
    entry.outputs = outputs;
    entry.outputsMatch = match;
    if (!match) {
      failures.push(
        `${scenario.name} @ ${size}: outputs differ ${JSON.stringify(outputs)}${inproc.samples ? `\nfirst lines: ${JSON.stringify(inproc.samples)}` : ''}`,
      );
      // a figure without matching outputs is not reported
      for (const k of [
        'endToEndEventsPerSec',
        'endToEndJsonlEventsPerSec',
        'inProcessEventsPerSec',
        'handWrittenEventsPerSec',
        'rxjsEventsPerSec',
        'ratioToHandWritten',
        'ratioToRxjs',
        'cpuRatioToHandWritten',
        'cpuRatioToRxjs',
      ])
        entry[k] = null;
    }
    entry.inProcessMs = inproc.timesMs;
    entry.inProcessCpuMs = inproc.cpuMs;
    entry.gcMs = inproc.gcMs;
    entry.bytesPerEvent = inproc.bytesPerEvent;
    entry.rxjsNote = inproc.rxjsNote ?? undefined;
    if (Object.keys(inproc.diagnostics ?? {}).length > 0) entry.diagnostics = inproc.diagnostics;
    entry.targets = targetsOf(scenario, entry);
    results.push(entry);
    previous.set(scenario.name, entry);
  }
}

function targetsOf(scenario, e) {
  const t = {};
  if (scenario.endToEndTarget !== undefined && e.endToEndEventsPerSec !== null) {
    t.endToEnd = { target: scenario.endToEndTarget, met: e.endToEndEventsPerSec >= scenario.endToEndTarget };
  }
  if (e.ratioToHandWritten !== null) t.handWritten = { target: 0.4, met: e.ratioToHandWritten >= 0.4 };
  if (e.ratioToRxjs !== null) t.rxjs = { target: 1, met: e.ratioToRxjs > 1 };
  if (e.peakRssMb !== null && e.events >= 1_000_000) t.peakRss = { target: 100, met: e.peakRssMb < 100 };
  return t;
}

// ---- streaming memory check ----

let streaming = null;
if (!skip.has('streaming')) {
  const name = args['streaming-scenario'];
  const scenario = scenarioByName(name);
  const counts = quick ? [20_000, 200_000] : [1_000_000, 10_000_000];
  const runs = [];
  for (const events of counts) {
    log(`streaming ${fmtCount(events)} generated events of ${name} through varpulis run (stdin)…`);
    const r = await runStreaming({ scenario: name, program: scenario.programPath, events });
    if (r.exitCode !== 0 || r.read !== events) {
      failures.push(`streaming ${name} ${events}: exit ${r.exitCode}, read ${r.read}\n${r.stderr}`);
    }
    runs.push(r);
  }
  const [small, large] = runs;
  const growth = small.peakRssMb && large.peakRssMb ? (large.peakRssMb - small.peakRssMb) / small.peakRssMb : null;
  streaming = {
    scenario: name,
    events: counts,
    peakRssMb1M: round(small.peakRssMb, 1),
    peakRssMb10M: round(large.peakRssMb, 1),
    growth: round(growth, 3),
    flat: growth === null ? null : growth <= 0.1,
    eventsPerSec: runs.map((r) => round(eps(r.read ?? 0, r.ms))),
    emitted: runs.map((r) => r.emitted),
  };
}

// ---- language tooling ----

let language = null;
if (!skip.has('language')) {
  log('language: parse + validate of generated programs…');
  try {
    language = await runNode(
      './lib/language.mjs',
      quick ? ['--lines', '1000,10000', '--runs', '1'] : ['--lines', '1000,10000,50000'],
    );
  } catch (error) {
    failures.push(`language: ${error.message}`);
  }
}

machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
const report = { machine, scenarios: results, streaming, language };

// ---- output ----

function table() {
  const head = [
    'scenario',
    'events',
    'e2e .evt',
    'e2e .jsonl',
    'in-proc',
    'hand',
    'rxjs',
    'vs hand',
    'vs rxjs',
    'RSS MB',
    'outputs',
    'match',
    'targets',
  ];
  const rows = results.map((e) => {
    if (e.skipped) return [e.name, fmtCount(e.events), `skipped: ${e.skipped}`];
    const t = e.targets ?? {};
    const missed = Object.entries(t)
      .filter(([, v]) => !v.met)
      .map(([k]) => k);
    return [
      e.name,
      fmtCount(e.events),
      fmtRate(e.endToEndEventsPerSec),
      fmtRate(e.endToEndJsonlEventsPerSec),
      fmtRate(e.inProcessEventsPerSec),
      fmtRate(e.handWrittenEventsPerSec),
      fmtRate(e.rxjsEventsPerSec),
      fmtRatio(e.ratioToHandWritten),
      fmtRatio(e.ratioToRxjs),
      e.peakRssMb === null ? '—' : String(Math.round(e.peakRssMb)),
      e.outputs?.engine ? String(e.outputs.engine.count) : '—',
      e.outputsMatch ? 'yes' : 'NO',
      Object.keys(t).length === 0 ? '' : missed.length === 0 ? 'met' : `missed: ${missed.join(', ')}`,
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => r.length > 3).map((r) => String(r[i] ?? '').length)),
  );
  const line = (cells) =>
    cells.map((c, i) => (i < 2 || i >= 11 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  for (const r of rows)
    out.push(r.length > 3 ? line(r) : `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`);
  out.push('');
  out.push(
    `rates in events/s (median of ${quick ? 'one checked run per format end to end' : `${rounds} runs`}, ${rounds} alternating rounds in process); ratios = engine ÷ baseline throughput, median of per-round ratios`,
  );
  out.push(
    `machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverageAtStart.join('/')} → ${machine.loadAverageAtEnd.join('/')}; CLI startup ${machine.cliStartupMs ?? '—'} ms and ${machine.cliStartupRssMb ?? '—'} MB RSS on an empty input`,
  );
  if (streaming) {
    out.push(
      `streaming (${streaming.scenario}, generator | varpulis run): peak RSS ${streaming.peakRssMb1M} MB at ${fmtCount(streaming.events[0])} events, ${streaming.peakRssMb10M} MB at ${fmtCount(streaming.events[1])} (${streaming.growth === null ? '?' : `${(streaming.growth * 100).toFixed(1)}%`}, ${streaming.flat ? 'flat' : 'NOT flat'}), ${streaming.eventsPerSec.map(fmtRate).join(' / ')} events/s`,
    );
  }
  if (language)
    out.push(
      `language (parse + link + validate): ${language.map((r) => `${fmtCount(r.lines)} lines ${r.msPerKLines} ms/1k lines`).join(', ')}`,
    );
  return out.join('\n');
}

const text = table();
if (args.json) {
  process.stderr.write(`${text}\n`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  process.stdout.write(`${text}\n`);
}
if (failures.length > 0) {
  log(`\nFAILED:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
