#!/usr/bin/env node
// CPU profiles of the engine on each scenario: the timed in-process engine runs only (the inspector is started
// after the events are loaded), and optionally `varpulis run` end to end (node --cpu-prof). Writes the
// .cpuprofile files under bench/.profiles/ (open them in Chrome DevTools or speedscope) and prints where the
// time goes.
//
//   node bench/profile.mjs [--scenario a,b] [--events 1000000] [--rounds 3] [--e2e] [--json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatSummary, summarise } from './lib/cpuprofile.mjs';
import { BENCH_DIR, CLI_BIN } from './lib/deps.mjs';
import { ensureEventFiles } from './lib/events.mjs';
import { scenarioByName, scenarios } from './scenarios/index.mjs';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string' },
    events: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
    e2e: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    top: { type: 'string', default: '25' },
  },
});
const selected = args.scenario ? args.scenario.split(',').map(scenarioByName) : scenarios;
const dataDir = args['data-dir'] ?? join(os.tmpdir(), 'varpulis-bench-data');
const outDir = join(BENCH_DIR, '.profiles');
mkdirSync(outDir, { recursive: true });
const top = Number(args.top);
const report = [];

for (const s of selected) {
  const file = join(outDir, `${s.name}-engine.cpuprofile`);
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      fileURLToPath(new URL('./lib/inprocess.mjs', import.meta.url)),
      '--scenario',
      s.name,
      '--events',
      args.events,
      '--rounds',
      args.rounds,
      '--warmup',
      '1',
      '--only',
      'engine',
      '--data-dir',
      dataDir,
      '--cpu-profile',
      file,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) {
    process.stderr.write(`${s.name}: ${r.stderr}\n`);
    process.exitCode = 1;
    continue;
  }
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  if (result.skipped) {
    report.push({ name: s.name, skipped: result.skipped });
    continue;
  }
  const entry = {
    name: s.name,
    events: Number(args.events),
    engineEventsPerSec: Math.round(result.inProcessEventsPerSec),
    engine: summarise(file, { top }),
  };
  if (args.e2e) {
    const files = ensureEventFiles(s, Number(args.events), dataDir);
    const dir = join(outDir, `tmp-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const c = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-dir',
        dir,
        CLI_BIN,
        'run',
        s.programPath,
        '--input',
        files.evt,
        '--output',
        'jsonl',
        '--quiet',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    if (c.status !== 0) process.stderr.write(`${s.name} (e2e): ${c.stderr}\n`);
    const produced = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    if (produced.length > 0) {
      const target = join(outDir, `${s.name}-cli.cpuprofile`);
      renameSync(join(dir, produced[0]), target);
      entry.cli = summarise(target, { top });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  report.push(entry);
  if (!args.json) {
    process.stdout.write(`\n=== ${s.name} (${args.events} events, engine ${entry.engineEventsPerSec} events/s) ===\n`);
    process.stdout.write(`${formatSummary('engine, in process', entry.engine)}\n`);
    if (entry.cli) process.stdout.write(`${formatSummary('varpulis run (.evt → jsonl)', entry.cli)}\n`);
  }
}
if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
