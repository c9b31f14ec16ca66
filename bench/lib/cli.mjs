// Spawning `varpulis run` and measuring it: wall time from spawn to exit, peak RSS (through rss-preload.mjs),
// and optionally a fingerprint of its JSON-lines output.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OutputHasher } from './checksum.mjs';
import { CLI_BIN } from './deps.mjs';

const PRELOAD = new URL('./rss-preload.mjs', import.meta.url).href;
const EMIT_EVENTS = fileURLToPath(new URL('./emit-events.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'varpulis-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

function readRss(path) {
  if (!existsSync(path)) return null;
  const kb = Number(readFileSync(path, 'utf8'));
  rmSync(path, { force: true });
  return Number.isFinite(kb) ? kb / 1024 : null;
}

function collect(stream) {
  const chunks = [];
  stream.on('data', (d) => chunks.push(d));
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs `varpulis run PROGRAM --input FILE --output jsonl --quiet`. With `outputs` (a scenario's output field
 * lists) the stdout is fingerprinted; otherwise it goes to /dev/null.
 */
export async function runCli({ program, input, format, outputs = null }) {
  const rssOut = join(scratch, `rss-${counter++}`);
  const args = ['--import', PRELOAD, CLI_BIN, 'run', program, '--input', input, '--input-format', format, '--output', 'jsonl', '--quiet'];
  const devNull = outputs === null ? openSync('/dev/null', 'w') : null;
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
    env: { ...process.env, BENCH_RSS_OUT: rssOut },
  });
  if (devNull !== null) closeSync(devNull);
  const stderr = collect(child.stderr);
  let hasher = null;
  let parseError = null;
  if (outputs !== null) {
    hasher = new OutputHasher(outputs);
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (parseError !== null || line.length === 0) return;
      try {
        hasher.addJsonl(line);
      } catch (error) {
        parseError = error;
      }
    });
  }
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const ms = performance.now() - t0;
  const result = { ms, exitCode: code, peakRssMb: readRss(rssOut), stderr: stderr() };
  if (hasher !== null) result.outputs = parseError === null ? hasher.result() : { error: String(parseError) };
  return result;
}

/** Startup cost of the CLI: `varpulis run` on an empty input file. */
export async function cliStartup(program, emptyInput) {
  return runCli({ program, input: emptyInput, format: 'evt' });
}

/**
 * Streams `events` generated events of a scenario through `varpulis run PROGRAM` on stdin (generator process |
 * CLI; nothing is written to disk) and reports the CLI's peak RSS, its wall time and its summary counts.
 */
export async function runStreaming({ scenario, program, events }) {
  const rssOut = join(scratch, `rss-${counter++}`);
  const t0 = performance.now();
  const generator = spawn(process.execPath, [EMIT_EVENTS, '--scenario', scenario, '--events', String(events)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const devNull = openSync('/dev/null', 'w');
  const cli = spawn(process.execPath, ['--import', PRELOAD, CLI_BIN, 'run', program, '--output', 'jsonl'], {
    stdio: [generator.stdout, devNull, 'pipe'],
    env: { ...process.env, BENCH_RSS_OUT: rssOut },
  });
  closeSync(devNull);
  const stderr = collect(cli.stderr);
  const [genCode, cliCode] = await Promise.all(
    [generator, cli].map((p) => new Promise((resolve, reject) => p.on('error', reject).on('close', resolve))),
  );
  const ms = performance.now() - t0;
  const text = stderr();
  const m = /events: (\d+) read, (\d+) emitted/.exec(text);
  return {
    ms,
    exitCode: cliCode === 0 && genCode === 0 ? 0 : (cliCode ?? 1) || (genCode ?? 1),
    peakRssMb: readRss(rssOut),
    read: m ? Number(m[1]) : null,
    emitted: m ? Number(m[2]) : null,
    stderr: text,
  };
}
