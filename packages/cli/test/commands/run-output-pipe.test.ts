/**
 * `varpulis run` writing into a pipe, with the built CLI in its own process: stdout back-pressure (a slow reader
 * gets the complete output and the CLI's memory stays that of a run writing to a file) and a reader that goes away
 * (EPIPE: exit 141, nothing on stderr). Needs `pnpm run build` (the CLI runs from packages/cli/out).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ExitCode } from '../../src/exit-codes.js';

const CLI = fileURLToPath(new URL('../../bin/varpulis.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'varpulis-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each small input event becomes a ~1 KB output line: 40 000 events make ~40 MB of output. */
const EVENTS = 40_000;
const PROGRAM = join(dir, 'wide.vpl');
writeFileSync(
  PROGRAM,
  `event Tick:\n    id: int\n\nconst PAD = "${'x'.repeat(1000)}"\n\nstream Wide = Tick\n    .emit(id: id, pad: PAD)\n`,
);
const INPUT = join(dir, 'ticks.evt');
writeFileSync(INPUT, Array.from({ length: EVENTS }, (_, i) => `@${i * 10} Tick { id: ${i} }\n`).join(''));

/** Loaded with --import: writes the process's peak RSS (KiB) to $RSS_OUT on exit. */
const RSS_PRELOAD = join(dir, 'rss.mjs');
writeFileSync(
  RSS_PRELOAD,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));\n",
);

/** A reader slower than the CLI: pauses 1 ms after every chunk; prints the byte count and SHA-256 of what it read. */
const SLOW_READER = `
const hash = require('node:crypto').createHash('sha256');
let bytes = 0;
process.stdin.on('data', (d) => {
  hash.update(d);
  bytes += d.length;
  process.stdin.pause();
  setTimeout(() => process.stdin.resume(), 1);
});
process.stdin.on('end', () => process.stdout.write(bytes + ' ' + hash.digest('hex')));
`;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
}

function text(stream: NodeJS.ReadableStream | null): () => string {
  let s = '';
  stream?.on('data', (d) => {
    s += String(d);
  });
  return () => s;
}

/** Both runs compile the program (no plan cache), so that their memory is comparable. */
function cliArgs(): string[] {
  return ['--import', RSS_PRELOAD, CLI, 'run', PROGRAM, '--input', INPUT, '--output', 'jsonl', '--quiet', '--no-cache'];
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return `${bytes} ${hash.digest('hex')}`;
}

describe('varpulis run into a pipe', () => {
  test('a slow reader gets the complete output, and the CLI holds no more memory than when writing a file', async () => {
    // The reference: stdout is a file (synchronous writes, nothing queued).
    const outFile = join(dir, 'out.jsonl');
    const fileRss = join(dir, 'rss-file');
    const fd = openSync(outFile, 'w');
    const fileRun = spawn(process.execPath, cliArgs(), {
      stdio: ['ignore', fd, 'pipe'],
      env: { ...process.env, RSS_OUT: fileRss },
    });
    closeSync(fd);
    const fileErr = text(fileRun.stderr);
    expect(await exited(fileRun)).toBe(0);
    expect(fileErr()).toBe('');
    const expected = await fileDigest(outFile);
    expect(Number(expected.split(' ')[0])).toBeGreaterThan(EVENTS * 1000);

    // The same run with stdout piped into the slow reader.
    const reader = spawn(process.execPath, ['-e', SLOW_READER], { stdio: ['pipe', 'pipe', 'inherit'] });
    const digest = text(reader.stdout);
    const pipeRss = join(dir, 'rss-pipe');
    const pipeRun = spawn(process.execPath, cliArgs(), {
      stdio: ['ignore', reader.stdin, 'pipe'],
      env: { ...process.env, RSS_OUT: pipeRss },
    });
    // the CLI has its own end of the pipe; ours would keep the reader from seeing the end
    reader.stdin?.destroy();
    const pipeErr = text(pipeRun.stderr);
    const [cliCode, readerCode] = await Promise.all([exited(pipeRun), exited(reader)]);
    expect(cliCode).toBe(0);
    expect(readerCode).toBe(0);
    expect(pipeErr()).toBe('');
    expect(digest()).toBe(expected);

    // Without back-pressure the CLI queued the whole ~40 MB output (and more, as strings) in memory.
    const fileKiB = Number(readFileSync(fileRss, 'utf8'));
    const pipeKiB = Number(readFileSync(pipeRss, 'utf8'));
    expect(pipeKiB).toBeGreaterThan(0);
    expect(pipeKiB).toBeLessThan(fileKiB * 1.5);
  }, 120_000);

  test('a reader that goes away ends the run with exit 141 and nothing on stderr', async () => {
    const cli = spawn(process.execPath, [CLI, 'run', PROGRAM, '--output', 'jsonl'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stderr = text(cli.stderr);
    // events on standard input, fed while the CLI reads them (until it stops reading: EPIPE on our side)
    cli.stdin!.on('error', () => undefined);
    createReadStream(INPUT).pipe(cli.stdin!);
    const first = await new Promise<string>((resolve) => cli.stdout!.once('data', (d) => resolve(String(d))));
    cli.stdout!.destroy();
    expect(first.startsWith('{"stream":"Wide","timestamp":0,"data":{"id":0,')).toBe(true);
    expect(await exited(cli)).toBe(ExitCode.OutputClosed);
    expect(stderr()).toBe('');
  }, 60_000);
});
