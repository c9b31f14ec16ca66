#!/usr/bin/env node
// The whole test suite (`npm test` runs this after set-up): every gate in order, a summary at the end.
//
// Gates: generated-code drift, lint and format, typecheck, unit and end-to-end tests (with coverage; the fuzz
// tests run bounded here), coverage per package, dependency licenses, SBOM, benchmark smoke against the committed
// baseline, grammar drift and tests. Each gate runs in its own process group with a time limit (GATE_TIMEOUT_MS,
// default 20 min): a hang fails its gate instead of the whole CI job.
//
// Set VARPULIS_SKIP=gate1,gate2 to skip gates locally (CI never sets it); VARPULIS_ONLY=gate1,gate2 runs only those.
// Only node: built-ins.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set((process.env.VARPULIS_SKIP ?? '').split(',').filter(Boolean));
const only = new Set((process.env.VARPULIS_ONLY ?? '').split(',').filter(Boolean));
const gateTimeoutMs = Number(process.env.GATE_TIMEOUT_MS ?? 20 * 60_000);
const bin = (name) => join(root, 'node_modules', '.bin', name);
const node = process.execPath;

const gates = [
  { name: 'generated', cmd: node, args: ['scripts/check-generated.mjs'] },
  { name: 'lint', cmd: bin('biome'), args: ['check', '.'] },
  // Incremental: nearly free after the bootstrap's build, and a real check when this script runs on its own.
  { name: 'typecheck', cmd: bin('tsc'), args: ['-b', 'tsconfig.build.json'] },
  // Every vitest project (packages, test/, and the bounded fuzz run), with coverage (vitest.config.ts).
  // Real editors for the end-to-end tests (neovim, code-server + Chromium), installed outside the repository.
  { name: 'e2e-tools', cmd: 'bash', args: ['scripts/install-e2e-tools.sh'] },
  { name: 'unit', cmd: bin('vitest'), args: ['run', '--coverage'] },
  { name: 'coverage', cmd: node, args: ['scripts/check-coverage.mjs'] },
  { name: 'licenses', cmd: node, args: ['scripts/check-licenses.mjs'] },
  { name: 'sbom', cmd: node, args: ['scripts/sbom.mjs'] },
];
const benchGate = join(root, 'bench', 'check-regression.mjs');
if (existsSync(benchGate)) {
  // Quick benchmark run compared with bench/baseline.json: fails on a large throughput regression.
  // Timings on a shared 2-core machine are noisy: a regression must show in two runs in a row to fail the gate.
  gates.push({ name: 'bench', cmd: node, args: ['bench/check-regression.mjs'], attempts: 2 });
} else {
  gates.push({ name: 'bench', missing: 'bench/check-regression.mjs does not exist yet' });
}
const treeSitter = join(root, 'grammars', 'tree-sitter-vpl', 'scripts');
if (existsSync(treeSitter)) {
  // Installs the tree-sitter CLI (Debian's) and emscripten on first use, regenerates the parser and the wasm and
  // fails on drift, then runs the corpus, highlight and query tests and parses every program of test/programs.
  gates.push({ name: 'tree-sitter-drift', cmd: 'bash', args: [join(treeSitter, 'check-drift.sh'), '--wasm'] });
  gates.push({ name: 'tree-sitter', cmd: 'bash', args: [join(treeSitter, 'test.sh')] });
}

/** The process group of the running gate, stopped with it when this script is interrupted. */
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {}
    }
    process.exit(130);
  });
}

/** Runs one gate in its own process group; kills the whole group when the time limit passes. */
function runGate(gate) {
  return new Promise((resolve) => {
    const child = spawn(gate.cmd, gate.args, { cwd: root, stdio: 'inherit', detached: true });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n=== ${gate.name}: no result after ${gateTimeoutMs / 60_000} min; stopping it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, gateTimeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      console.error(`=== ${gate.name}: cannot start ${gate.cmd}: ${e.message}`);
      resolve({ ok: false, note: 'could not start' });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut, note: timedOut ? 'timed out' : undefined });
    });
  });
}

const results = [];
const started = Date.now();
for (const gate of gates) {
  if (skip.has(gate.name) || (only.size > 0 && !only.has(gate.name))) {
    results.push({ name: gate.name, status: 'skipped' });
    continue;
  }
  if (gate.missing) {
    console.error(`\n=== ${gate.name}: skipped (${gate.missing})`);
    results.push({ name: gate.name, status: 'skipped', note: gate.missing });
    continue;
  }
  console.error(`\n=== ${gate.name}: ${[gate.cmd.replace(root, ''), ...gate.args].join(' ')}`);
  const t0 = Date.now();
  let { ok, note } = await runGate(gate);
  for (let attempt = 2; !ok && attempt <= (gate.attempts ?? 1); attempt++) {
    console.error(`\n=== ${gate.name}: attempt ${attempt} of ${gate.attempts} (a failure must repeat to count)`);
    ({ ok, note } = await runGate(gate));
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  results.push({ name: gate.name, status: ok ? 'passed' : 'failed', seconds, note });
}
console.error('\n=== summary');
for (const r of results) {
  const detail = [r.seconds ? `${r.seconds}s` : '', r.note ?? ''].filter(Boolean).join(', ');
  console.error(`${r.status.padEnd(8)} ${r.name}${detail ? ` (${detail})` : ''}`);
}
console.error(`total ${((Date.now() - started) / 1000).toFixed(1)}s`);
const failed = results.filter((r) => r.status === 'failed');
const passed = results.filter((r) => r.status === 'passed');
console.log(`gates: ${passed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
