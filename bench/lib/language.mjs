#!/usr/bin/env node
import { join } from 'node:path';
// Tooling figures: parse + link + validate time of generated programs (the generator of
// packages/language/bench), median of several runs after a warm-up. Prints one JSON array on stdout.
//   node bench/lib/language.mjs --lines 1000,10000,50000
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadLanguage, REPO_DIR } from './deps.mjs';
import { median } from './stats.mjs';

const { values: args } = parseArgs({
  options: { lines: { type: 'string', default: '1000,10000,50000' }, runs: { type: 'string' } },
});
const { createVplServices, parseVpl } = await loadLanguage();
const { generateProgram } = await import(
  pathToFileURL(join(REPO_DIR, 'packages/language/bench/generate-program.mjs')).href
);
const { Vpl } = createVplServices();

const rows = [];
for (const lines of args.lines.split(',').map(Number)) {
  const text = generateProgram(lines);
  const runs = args.runs ? Number(args.runs) : lines >= 50000 ? 3 : lines >= 10000 ? 5 : 7;
  await parseVpl(text, { services: Vpl }); // warm-up
  const times = [];
  let errors = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = await parseVpl(text, { services: Vpl });
    times.push(performance.now() - t0);
    errors = result.diagnostics.filter((d) => d.severity === 1).length;
  }
  const total = median(times);
  rows.push({
    lines,
    totalMs: Number(total.toFixed(1)),
    msPerKLines: Number(((total / lines) * 1000).toFixed(2)),
    errors,
  });
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
