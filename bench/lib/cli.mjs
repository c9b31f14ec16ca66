// Spawning `varpulis run` and measuring it: wall time from spawn to exit, peak RSS (through rss-preload.mjs),
// and optionally a fingerprint of its JSON-lines output.
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
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
 * Runs `varpulis run PROGRAM --input FILE --output jsonl --quiet`, stdout to /dev/null. With `outputs` (a
 * scenario's output field lists) stdout goes to a scratch file instead, fingerprinted after the run: a file
 * rather than a pipe, so that the run's time and memory are those of a CLI writing at full speed (a pipe to a
 * slower reader would make the CLI queue its output in memory).
 */
export async function runCli({ program, input, format, outputs = null }) {
  const rssOut = join(scratch, `rss-${counter++}`);
  const outFile = outputs === null ? null : join(scratch, `out-${counter++}.jsonl`);
  const args = [
    '--import',
    PRELOAD,
    CLI_BIN,
    'run',
    program,
    '--input',
    input,
    '--input-format',
    format,
    '--output',
    'jsonl',
    '--quiet',
  ];
  const stdout = openSync(outFile ?? '/dev/null', 'w');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', stdout, 'pipe'],
    env: { ...process.env, BENCH_RSS_OUT: rssOut },
  });
  closeSync(stdout);
  const stderr = collect(child.stderr);
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  const ms = performance.now() - t0;
  const result = { ms, exitCode: code, peakRssMb: readRss(rssOut), stderr: stderr() };
  if (outFile !== null) {
    const hasher = new OutputHasher(outputs);
    try {
      const lines = createInterface({ input: createReadStream(outFile), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) if (line.length > 0) hasher.addJsonl(line);
      result.outputs = hasher.result();
    } catch (error) {
      result.outputs = { error: String(error) };
    } finally {
      rmSync(outFile, { force: true });
    }
  }
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
  // the CLI has its own copy of the pipe; the parent's end would otherwise keep the generator from closing
  generator.stdout.destroy();
  const stderr = collect(cli.stderr);
  const [genCode, cliCode] = await Promise.all([
    new Promise((resolve, reject) => generator.on('error', reject).on('exit', resolve)),
    new Promise((resolve, reject) => cli.on('error', reject).on('close', resolve)),
  ]);
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
