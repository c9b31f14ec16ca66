#!/usr/bin/env node
// Prototype of a `varpulis run` that starts from a cached plan (the plan is plain JSON with a fingerprint):
// it loads only the engine's runtime and connectors — not @varpulis/language, Langium or the compiler — then
// reads the events and writes JSON lines exactly like the CLI. Measures what proposal "plan cache / runtime-only
// entry point" would give for startup time and peak RSS.
//
//   node bench/proto/run-plan.mjs --save PROGRAM.vpl PLAN.json        (compile once, with the full engine)
//   node bench/proto/run-plan.mjs PLAN.json --input EVENTS.evt        (run from the plan)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const engineDir = resolve(process.env.BENCH_ENGINE_DIR ?? join(import.meta.dirname, '../../packages/engine/out'));
const load = (p) => import(pathToFileURL(join(engineDir, p)).href);
const argv = process.argv.slice(2);

if (argv[0] === '--save') {
  const { compileSource } = await load('index.js');
  const r = await compileSource(readFileSync(argv[1], 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  writeFileSync(argv[2], JSON.stringify(r.plan));
} else {
  const [{ createEngine }, { readEventFile, detectEventFormat }, { formatJsonlLine, LineBuffer }] = await Promise.all([
    load('runtime/engine.js'),
    load('connectors/read-events.js'),
    load('connectors/writers.js'),
  ]);
  const plan = JSON.parse(readFileSync(argv[0], 'utf8'));
  const input = argv[argv.indexOf('--input') + 1];
  const out = new LineBuffer((text) => process.stdout.write(text));
  const engine = createEngine(plan, { sinks: { emit: (e) => out.push(formatJsonlLine(e.stream, e.record)) } });
  await readEventFile(
    input,
    { event: (r) => engine.push(r), error: (e) => process.stderr.write(`${e.reason}\n`) },
    { format: detectEventFormat(input) },
  );
  engine.end();
  out.flush();
}
