/**
 * Loads the conformance cases of test/conformance/cases/ and runs each one through the built CLI
 * (`varpulis run program.vpl --input EVENTS --output jsonl`), the machine contract of vpl-semantics.md §18.3.
 *
 * A case is a folder:
 *
 * - `program.vpl` — the program; its header comment cites the spec rule and derives the expected output;
 * - `events.evt` or `events.jsonl` — the input (absent: an empty input);
 * - `expected.jsonl` — the expected stdout, written by hand from the spec, one emitted event per line;
 * - `case.json` (optional) — {@link CaseOptions}: extra CLI arguments, the expected exit code, text that stderr must
 *   or must not contain, a second input to run after a checkpoint, files the program must write;
 * - `README.md` (optional) — notes, e.g. on an ambiguity of the spec and the reading chosen.
 *
 * Each case runs in a temporary copy of its folder (file sinks and checkpoints never write into the repository), with
 * a plan cache private to the suite run (VARPULIS_CACHE_DIR), so runs are independent of the machine's cache.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The optional `case.json` of a case. */
export interface CaseOptions {
  /** extra arguments after `run program.vpl --output jsonl` */
  args?: string[];
  /** the input file, relative to the case folder, when it is not `events.evt`/`events.jsonl` */
  input?: string;
  /** feed the input on standard input instead of `--input` (semantics §18.3) */
  stdin?: boolean;
  /** the program file, relative to the case folder (default `program.vpl`) */
  program?: string;
  /** the expected exit code (default 0) */
  exit?: number;
  /** texts that stderr must contain */
  stderr?: string[];
  /** texts that stderr must not contain */
  stderrNot?: string[];
  /** texts that stderr must contain exactly this many times */
  stderrCount?: Record<string, number>;
  /**
   * Checkpoint and restore (semantics §15): the first run gets `--checkpoint-out`, then a second run reads this
   * input with `--restore`; stdout is the first run's output followed by the second's.
   */
  resume?: string;
  /** files the run must write (path relative to the case folder → file in the case folder with the expected lines) */
  files?: Record<string, string>;
}

export interface ConformanceCase {
  name: string;
  dir: string;
  options: CaseOptions;
  expected: string[];
}

export interface CaseResult {
  stdout: string[];
  stderr: string;
  exit: number | null;
  /** the lines of each file named in `files`, or undefined when it was not written */
  files: Record<string, string[] | undefined>;
}

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'packages', 'cli', 'bin', 'varpulis.js');
export const casesDir = join(import.meta.dirname, 'cases');

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

export function loadCases(): ConformanceCase[] {
  return readdirSync(casesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(casesDir, name);
      const optionsFile = join(dir, 'case.json');
      const options: CaseOptions = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
      return { name, dir, options, expected: lines(readFileSync(join(dir, 'expected.jsonl'), 'utf8')) };
    });
}

interface Run {
  stdout: string[];
  stderr: string;
  exit: number | null;
}

function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv, stdin?: Buffer): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env,
      stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (exit) =>
      resolve({
        stdout: lines(Buffer.concat(out).toString('utf8')),
        stderr: Buffer.concat(err).toString('utf8'),
        exit,
      }),
    );
    if (stdin) child.stdin?.end(stdin);
  });
}

/** Runs one case in `work` (a copy of its folder): one CLI run, or two around a checkpoint when it has `resume`. */
async function runIn(c: ConformanceCase, work: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const base = ['run', c.options.program ?? 'program.vpl', '--output', 'jsonl', ...(c.options.args ?? [])];
  const input = c.options.input ?? (existsSync(join(work, 'events.jsonl')) ? 'events.jsonl' : 'events.evt');
  const present = existsSync(join(work, input));
  if (c.options.stdin) return runCli(work, base, env, present ? readFileSync(join(work, input)) : Buffer.alloc(0));
  const inputArgs = present || c.options.input ? ['--input', input] : ['--input', '/dev/null'];
  if (!c.options.resume) return runCli(work, [...base, ...inputArgs], env);
  const checkpoint = join(work, '.checkpoint.json');
  const first = await runCli(work, [...base, ...inputArgs, '--checkpoint-out', checkpoint], env);
  if (first.exit !== 0) return first;
  const second = await runCli(work, [...base, '--input', c.options.resume, '--restore', checkpoint], env);
  return { stdout: [...first.stdout, ...second.stdout], stderr: first.stderr + second.stderr, exit: second.exit };
}

export async function runCase(c: ConformanceCase, env: NodeJS.ProcessEnv): Promise<CaseResult> {
  const work = mkdtempSync(join(tmpdir(), `vpl-conformance-${c.name}-`));
  try {
    cpSync(c.dir, work, { recursive: true });
    const run = await runIn(c, work, env);
    const files: Record<string, string[] | undefined> = {};
    for (const path of Object.keys(c.options.files ?? {})) {
      const written = join(work, path);
      files[path] = existsSync(written) ? lines(readFileSync(written, 'utf8')) : undefined;
    }
    return { ...run, files };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs every case, at most `parallel` CLI processes at a time; results by case name. */
export async function runAll(cases: ConformanceCase[], parallel: number): Promise<Map<string, CaseResult>> {
  const cache = mkdtempSync(join(tmpdir(), 'vpl-conformance-cache-'));
  const env = { ...process.env, VARPULIS_CACHE_DIR: cache };
  const results = new Map<string, CaseResult>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      results.set(c.name, await runCase(c, env));
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
  return results;
}
