#!/usr/bin/env node
// The whole test suite (`npm test` runs this after set-up): every gate in order, a summary at the end.
// Gates: generated-code drift, lint and format, unit and end-to-end tests, grammar tests.
// Set VARPULIS_SKIP=gate1,gate2 to skip gates locally (CI never sets it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set((process.env.VARPULIS_SKIP ?? '').split(',').filter(Boolean));
const bin = (name) => join(root, 'node_modules', '.bin', name);

const gates = [
  { name: 'generated', cmd: process.execPath, args: ['scripts/check-generated.mjs'] },
  { name: 'lint', cmd: bin('biome'), args: ['check', '.'] },
  { name: 'unit', cmd: bin('vitest'), args: ['run'] },
];
const treeSitter = join(root, 'grammars', 'tree-sitter-vpl', 'scripts');
if (existsSync(treeSitter)) {
  // Installs the tree-sitter CLI (Debian's) and emscripten on first use, regenerates the parser and the wasm and
  // fails on drift, then runs the corpus, highlight and query tests and parses every program of test/programs.
  gates.push({ name: 'tree-sitter-drift', cmd: 'bash', args: [join(treeSitter, 'check-drift.sh'), '--wasm'] });
  gates.push({ name: 'tree-sitter', cmd: 'bash', args: [join(treeSitter, 'test.sh')] });
}

const results = [];
for (const gate of gates) {
  if (skip.has(gate.name)) {
    results.push({ name: gate.name, status: 'skipped' });
    continue;
  }
  console.error(`\n=== ${gate.name}: ${[gate.cmd.replace(root, ''), ...gate.args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(gate.cmd, gate.args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name: gate.name, status: result.status === 0 ? 'passed' : 'failed', seconds });
}
console.error('\n=== summary');
for (const r of results) console.error(`${r.status.padEnd(8)} ${r.name}${r.seconds ? ` (${r.seconds}s)` : ''}`);
const failed = results.filter((r) => r.status === 'failed');
const passed = results.filter((r) => r.status === 'passed');
console.log(`gates: ${passed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
