#!/usr/bin/env node
// pnpm bench:language — parse + link + validate time for generated 1k/5k/10k/50k-line programs.
// Prints a table (median of several runs after warm-up) and, with --json, one JSON object on stdout.
import { performance } from 'node:perf_hooks';
import { createVplServices, parseVpl } from '../out/index.js';
import { generateProgram } from './generate-program.mjs';

const json = process.argv.includes('--json');
const sizes = process.argv.includes('--quick') ? [1000, 5000] : [1000, 5000, 10000, 50000];
const { Vpl } = createVplServices();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rows = [];
for (const lines of sizes) {
  const text = generateProgram(lines);
  const tokensPerLine = Vpl.parser.Lexer.tokenize(text).tokens.length / lines;
  const runs = lines >= 50000 ? 3 : 7;
  // Warm-up (JIT, parser construction).
  await parseVpl(text, { services: Vpl });
  const parseTimes = [];
  const totalTimes = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    Vpl.parser.LangiumParser.parse(text);
    parseTimes.push(performance.now() - t0);
    t0 = performance.now();
    const result = await parseVpl(text, { services: Vpl });
    totalTimes.push(performance.now() - t0);
    diagnostics = result.diagnostics.filter((d) => d.severity === 1).length;
  }
  const total = median(totalTimes);
  rows.push({
    lines,
    parseMs: Number(median(parseTimes).toFixed(1)),
    totalMs: Number(total.toFixed(1)),
    msPerKLines: Number(((total / lines) * 1000).toFixed(2)),
    errors: diagnostics,
    tokensPerLine: Number(tokensPerLine.toFixed(2)),
  });
}
if (json) {
  console.log(JSON.stringify({ node: process.version, language: rows }));
} else {
  console.log('lines    parse (ms)   parse+link+validate (ms)   ms per 1k lines   tokens/line   errors');
  for (const r of rows) {
    console.log(
      `${String(r.lines).padEnd(8)} ${String(r.parseMs).padStart(10)}   ${String(r.totalMs).padStart(24)}   ${String(r.msPerKLines).padStart(15)}   ${String(r.tokensPerLine).padStart(11)}   ${r.errors}`,
    );
  }
}
