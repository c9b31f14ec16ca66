#!/usr/bin/env node
// A/B comparison of two engine builds on the in-process benchmark: alternating processes (A, B, B, A, …),
// engine only, same events, timed in CPU time (robust to other load on a shared machine); checks that both produce the same outputs and prints the speed-up of B over A.
//
//   node bench/proto/ab.mjs --a bench/.proto/base --b bench/.proto/p1 --scenario filter,vwap --events 1000000
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../lib/stats.mjs';

const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    scenario: { type: 'string', default: 'filter' },
    events: { type: 'string', default: '1000000' },
    pairs: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'data-dir': { type: 'string', default: join(os.tmpdir(), 'varpulis-bench-data') },
    json: { type: 'boolean', default: false },
  },
});
const inprocess = fileURLToPath(new URL('../lib/inprocess.mjs', import.meta.url));
const results = [];
for (const scenario of args.scenario.split(',')) {
  const samples = { a: [], b: [] };
  const outputs = {};
  for (let p = 0; p < Number(args.pairs); p++) {
    for (const side of p % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
      const r = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          inprocess,
          '--scenario',
          scenario,
          '--events',
          args.events,
          '--rounds',
          args.rounds,
          '--only',
          'engine',
          '--data-dir',
          args['data-dir'],
        ],
        { encoding: 'utf8', env: { ...process.env, BENCH_ENGINE_DIR: resolve(args[side]) }, maxBuffer: 1 << 26 },
      );
      if (r.status !== 0) throw new Error(`${scenario} (${side}): ${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split('\n').pop());
      samples[side].push(...out.cpuMs.engine);
      outputs[side] = out.outputs.engine;
    }
  }
  const same = outputs.a.count === outputs.b.count && outputs.a.checksum === outputs.b.checksum;
  const n = Number(args.events);
  const a = n / (median(samples.a) / 1000);
  const b = n / (median(samples.b) / 1000);
  const row = {
    scenario,
    events: n,
    aEventsPerSec: Math.round(a),
    bEventsPerSec: Math.round(b),
    speedup: Number((b / a).toFixed(3)),
    outputsMatch: same,
  };
  results.push(row);
  if (!args.json)
    process.stdout.write(
      `${scenario.padEnd(22)} A ${String(row.aEventsPerSec).padStart(9)}/s  B ${String(row.bEventsPerSec).padStart(9)}/s  ×${row.speedup}  ${same ? 'same outputs' : 'OUTPUTS DIFFER'}\n`,
    );
  if (!same) process.exitCode = 1;
}
if (args.json) process.stdout.write(`${JSON.stringify(results)}\n`);
