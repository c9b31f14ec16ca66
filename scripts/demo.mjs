#!/usr/bin/env node
// `npm run demo` (after set-up by scripts/bootstrap.mjs): checks the demo program, then runs it through the engine
// on its bundled sample events and prints the alerts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'packages', 'cli', 'bin', 'varpulis.js');
const program = join('examples', 'fraud-detection', 'fraud-detection.vpl');
const events = join('examples', 'fraud-detection', 'fraud-detection.evt');

const step = (title, args) => {
  console.log(`\n$ varpulis ${args.join(' ')}    # ${title}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`demo: 'varpulis ${args.join(' ')}' exited with ${result.status}`);
    process.exit(result.status ?? 1);
  }
};

console.log('Varpulis demo: card fraud detection over bundled sample payments.');
step('static checks', ['check', program]);
step('run the pipeline in event time and print the alerts', ['simulate', program, events]);
step('the same run, as machine-readable JSON lines', [
  'run',
  program,
  '--input',
  events,
  '--output',
  'jsonl',
  '--quiet',
]);
console.log('\nNext: docs/getting-started.md, and 77 more programs with sample events in test/programs/.');
