#!/usr/bin/env node
// CI smoke gate: runs `node bench/run.mjs --quick --json` and fails when, for some scenario, the engine's
// in-process throughput ratio to the hand-written code drops below half of the committed baseline's
// (bench/baseline.json). Ratios measured in the same run are robust to the speed of the machine, ratios of CPU
// time (used when both runs have them) also to other processes on it; the factor of two absorbs the rest. Also fails when the benchmark itself fails (outputs that
// differ between the engine, the CLI, the hand-written code and RxJS; a failing run) or a scenario is missing.
//
//   node bench/check-regression.mjs                      run --quick and compare with bench/baseline.json
//   node bench/check-regression.mjs --report FILE        compare an existing `run.mjs --quick --json` output
//   node bench/check-regression.mjs --update             run --quick and write it as the new baseline
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string', default: fileURLToPath(new URL('./baseline.json', import.meta.url)) },
    report: { type: 'string' },
    update: { type: 'boolean', default: false },
    factor: { type: 'string', default: '0.5' },
  },
});
const factor = Number(args.factor);

let report;
let benchFailed = false;
if (args.report) {
  report = JSON.parse(readFileSync(args.report, 'utf8'));
} else {
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url)), '--quick', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  benchFailed = run.status !== 0;
  try {
    report = JSON.parse(run.stdout.trim().split('\n').pop());
  } catch {
    process.stderr.write(`bench/run.mjs produced no report (exit ${run.status})\n`);
    process.exit(1);
  }
}

if (args.update) {
  if (benchFailed) {
    process.stderr.write('the benchmark failed; the baseline is not updated\n');
    process.exit(1);
  }
  writeFileSync(args.baseline, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`baseline written to ${args.baseline}\n`);
  process.exit(0);
}

if (!existsSync(args.baseline)) {
  process.stderr.write(
    `no baseline at ${args.baseline}: create it with \`node bench/check-regression.mjs --update\`\n`,
  );
  process.exit(1);
}
const baseline = JSON.parse(readFileSync(args.baseline, 'utf8'));
/**
 * The ratio compared: from CPU time when both runs have it (insensitive to other processes on a shared
 * runner), else from wall time.
 */
const ratioOf = (s, useCpu) => (useCpu ? s.cpuRatioToHandWritten : s.ratioToHandWritten);
const key = (s) => `${s.name}@${s.events}`;
const current = new Map(report.scenarios.map((s) => [key(s), s]));
const problems = [];
const rows = [];
for (const b of baseline.scenarios) {
  if (b.skipped || b.ratioToHandWritten === null) continue;
  const c = current.get(key(b));
  if (c === undefined) {
    problems.push(`${key(b)}: missing from this run`);
    continue;
  }
  if (c.skipped) {
    problems.push(`${key(b)}: skipped in this run (${c.skipped})`);
    continue;
  }
  if (!c.outputsMatch) problems.push(`${key(b)}: outputs differ`);
  const useCpu = typeof b.cpuRatioToHandWritten === 'number' && typeof c.cpuRatioToHandWritten === 'number';
  const base = ratioOf(b, useCpu);
  const now = ratioOf(c, useCpu);
  const floor = base * factor;
  const ok = typeof now === 'number' && now >= floor;
  if (!ok) {
    problems.push(
      `${key(b)}: in-process ratio to hand-written ${now} < ${floor.toFixed(3)} (${factor} × the baseline's ${base}${useCpu ? ', CPU time' : ''})`,
    );
  }
  rows.push(
    `${b.name.padEnd(22)} ${String(base).padStart(8)} ${String(now).padStart(8)} ${useCpu ? 'cpu ' : 'wall'} ${ok ? 'ok' : 'REGRESSED'}`,
  );
}
process.stdout.write(
  `scenario               baseline  current  time (in-process throughput ÷ hand-written, gate at ${factor}× baseline)\n${rows.join('\n')}\n`,
);
if (benchFailed) problems.push('bench/run.mjs --quick failed (see its output above)');
if (problems.length > 0) {
  process.stderr.write(`\nperformance regression check FAILED:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write('performance regression check passed\n');
