#!/usr/bin/env node
// Coverage gate: reads coverage/coverage-summary.json (written by `vitest run --coverage`, the `unit` gate) and
// prints line, branch and function coverage per package; fails when a package is under its line threshold or the
// report is missing. The thresholds are the COVERAGE_THRESHOLDS of vitest.config.ts (vitest enforces them too).
// Only node: built-ins.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const summaryFile = join(root, 'coverage', 'coverage-summary.json');

if (!existsSync(summaryFile)) {
  console.error(
    'coverage: coverage/coverage-summary.json is missing; run `vitest run --coverage` first (the unit gate).',
  );
  process.exit(1);
}

/** `'packages/NAME/src/**': { lines: N }` entries of vitest.config.ts. */
const config = readFileSync(join(root, 'vitest.config.ts'), 'utf8');
const thresholds = new Map(
  [...config.matchAll(/'packages\/([\w-]+)\/src\/\*\*':\s*\{\s*lines:\s*(\d+)/g)].map((m) => [m[1], Number(m[2])]),
);

const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
const totals = new Map();
for (const [file, data] of Object.entries(summary)) {
  if (file === 'total') continue;
  const m = /^packages\/([\w-]+)\/src\//.exec(relative(root, file).split('\\').join('/'));
  if (!m) continue;
  const t = totals.get(m[1]) ?? { files: 0, lines: [0, 0], branches: [0, 0], functions: [0, 0] };
  t.files++;
  for (const kind of ['lines', 'branches', 'functions']) {
    t[kind][0] += data[kind].covered;
    t[kind][1] += data[kind].total;
  }
  totals.set(m[1], t);
}

const pct = ([covered, total]) => (total === 0 ? 100 : (100 * covered) / total);
let failed = false;
console.log('package     files   lines  branches  functions  threshold (lines)');
for (const name of [...new Set([...totals.keys(), ...thresholds.keys()])].sort()) {
  const t = totals.get(name);
  const threshold = thresholds.get(name);
  if (!t) {
    console.log(`${name.padEnd(10)}  no covered files`);
    if (threshold !== undefined) failed = true;
    continue;
  }
  const lines = pct(t.lines);
  const ok = threshold === undefined || lines >= threshold;
  if (!ok) failed = true;
  console.log(
    `${name.padEnd(10)} ${String(t.files).padStart(6)} ${lines.toFixed(1).padStart(6)}%  ${pct(t.branches).toFixed(1).padStart(7)}%  ${pct(t.functions).toFixed(1).padStart(8)}%  ${threshold === undefined ? '-' : `${threshold}%`}${ok ? '' : '  BELOW THRESHOLD'}`,
  );
}
console.log(failed ? 'coverage check failed' : 'coverage check passed');
process.exit(failed ? 1 : 0);
