import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProgram, PlanCache } from '@varpulis/engine';
import { beforeEach, describe, expect, test } from 'vitest';
import { ExitCode } from '../../src/exit-codes.js';
import { main } from '../../src/main.js';
import { collectingOutput } from '../../src/output.js';

const LIB = `event Reading:
    sensor: str
    value: float

stream Hot = Reading
    .where(value > 40.0)
    .emit(sensor: sensor, value: value)
`;

// Undeclared is not declared: warning W030 on every load, from the cache too.
const MAIN = `import "lib/common.vpl"

stream Alarm = Hot
    .where(value > 45.0)
    .emit(sensor: sensor)

stream Loose = Undeclared
    .emit(n: 1)
`;

const EVENTS = '@1s Reading { sensor: "a", value: 41.5 }\n@2s Reading { sensor: "b", value: 50.0 }\n';

let cacheDir: string;

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'varpulis-cache-'));
  process.env.VARPULIS_CACHE_DIR = cacheDir;
});

function project(entries: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'varpulis-run-'));
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function run(args: string[]) {
  const output = collectingOutput();
  const code = await main(['run', ...args], output);
  return { code, stdout: output.stdout, stderr: output.stderr };
}

const entries = () => readdirSync(join(cacheDir, 'plans')).filter((n) => n.endsWith('.json'));

describe('varpulis run: the plan cache', () => {
  test('the second run uses the cached plan and prints byte for byte what the first printed', async () => {
    const dir = project({ 'main.vpl': MAIN, 'lib/common.vpl': LIB, 'e.evt': EVENTS });
    const args = [join(dir, 'main.vpl'), '--input', join(dir, 'e.evt'), '--output', 'jsonl'];
    const cold = await run(args);
    expect(cold.code).toBe(ExitCode.Success);
    expect(cold.stdout).toBe(
      '{"stream":"Hot","timestamp":1000,"data":{"sensor":"a","value":41.5}}\n' +
        '{"stream":"Hot","timestamp":2000,"data":{"sensor":"b","value":50.0}}\n' +
        '{"stream":"Alarm","timestamp":2000,"data":{"sensor":"b"}}\n',
    );
    expect(cold.stderr).toContain('warning [W030]');
    expect(entries()).toHaveLength(1);
    const warm = await run(args);
    expect(warm).toEqual(cold);
    expect(entries()).toHaveLength(1);

    // Proof that the warm run took its plan from the cache: a plan stored under this program's text is what runs.
    const other = project({ 'main.vpl': 'event Reading:\n    value: float\nstream Other = Reading .emit(v: value)\n' });
    const substitute = await loadProgram(join(other, 'main.vpl'), { readFile: (p) => readFileSync(p, 'utf8') });
    const main = { path: join(dir, 'main.vpl'), text: MAIN };
    const lib = { path: join(dir, 'lib/common.vpl'), text: LIB };
    new PlanCache(cacheDir).store([main, lib], substitute.plan!, []);
    expect((await run(args)).stdout).toBe(
      '{"stream":"Other","timestamp":1000,"data":{"v":41.5}}\n{"stream":"Other","timestamp":2000,"data":{"v":50.0}}\n',
    );
    // --no-cache compiles the program itself, and stores nothing
    const uncached = await run([...args, '--no-cache']);
    expect(uncached).toEqual(cold);
  });

  test('editing an imported file invalidates the cached plan', async () => {
    const dir = project({ 'main.vpl': MAIN, 'lib/common.vpl': LIB, 'e.evt': EVENTS });
    const args = [join(dir, 'main.vpl'), '--input', join(dir, 'e.evt'), '--output', 'jsonl', '-q'];
    expect((await run(args)).stdout.split('\n').filter(Boolean)).toHaveLength(3);
    writeFileSync(join(dir, 'lib/common.vpl'), LIB.replace('value > 40.0', 'value > 45.0'));
    const edited = await run(args);
    expect(edited.stdout).toBe(
      '{"stream":"Hot","timestamp":2000,"data":{"sensor":"b","value":50.0}}\n' +
        '{"stream":"Alarm","timestamp":2000,"data":{"sensor":"b"}}\n',
    );
    // and an import that breaks the program is reported, not hidden by the cache
    writeFileSync(join(dir, 'lib/common.vpl'), LIB.replace('value > 40.0', 'value > nope'));
    const broken = await run(args);
    expect(broken.code).toBe(ExitCode.ProgramError);
    expect(broken.stderr).toContain(`${join(dir, 'lib/common.vpl')}:6:20: error [VPL-N001]`);
  });

  test('a damaged cache entry is ignored and rewritten; the run is not affected', async () => {
    const dir = project({ 'main.vpl': MAIN, 'lib/common.vpl': LIB, 'e.evt': EVENTS });
    const args = [join(dir, 'main.vpl'), '--input', join(dir, 'e.evt'), '--output', 'jsonl'];
    const cold = await run(args);
    const [name] = entries();
    const entry = join(cacheDir, 'plans', name!);
    const good = readFileSync(entry, 'utf8');
    writeFileSync(entry, `${good.slice(0, 100)}garbage`);
    expect(await run(args)).toEqual(cold);
    expect(readFileSync(entry, 'utf8')).toBe(good);
    expect(await run(args)).toEqual(cold);
  });

  test('--no-cache neither reads nor writes the cache', async () => {
    const dir = project({ 'main.vpl': MAIN, 'lib/common.vpl': LIB, 'e.evt': EVENTS });
    const result = await run([join(dir, 'main.vpl'), '--input', join(dir, 'e.evt'), '--no-cache', '-q']);
    expect(result.code).toBe(ExitCode.Success);
    expect(existsSync(join(cacheDir, 'plans'))).toBe(false);
  });

  test("problems of an imported file are printed at that file's line and column, from the cache too", async () => {
    const lib = LIB.replace('.emit(sensor: sensor, value: value)', '.emit(sensor: sensor, value: value / 0)');
    const dir = project({ 'main.vpl': MAIN, 'lib/common.vpl': lib, 'e.evt': EVENTS });
    const args = [join(dir, 'main.vpl'), '--input', join(dir, 'e.evt'), '--output', 'jsonl'];
    for (let i = 0; i < 2; i++) {
      const result = await run(args);
      expect(result.code).toBe(ExitCode.Success);
      expect(result.stderr).toContain(
        `${join(dir, 'lib/common.vpl')}:7:34: error [VPL-R002] Division by zero. (stream Hot, input event 1)`,
      );
      // the program's own warning is located in the program as given on the command line
      expect(result.stderr).toContain(`${join(dir, 'main.vpl')}:7:16: warning [W030]`);
    }
  });
});

describe('varpulis run: start-up from a cached plan', () => {
  const bin = join(import.meta.dirname, '../../bin/varpulis.js');
  const hook = `
import { registerHooks } from 'node:module';
const modules = [];
registerHooks({ resolve(s, c, next) { const r = next(s, c); modules.push(r.url); return r; } });
process.on('exit', () => process.stderr.write('MODULES ' + JSON.stringify(modules) + '\\n'));
`;

  /** Runs the built CLI in a fresh process; returns its stdout and the modules it resolved. */
  function spawnRun(args: string[]) {
    const hookFile = join(cacheDir, 'hook.mjs');
    writeFileSync(hookFile, hook);
    const result = spawnSync(process.execPath, ['--import', hookFile, bin, 'run', ...args], {
      encoding: 'utf8',
      env: { ...process.env, VARPULIS_CACHE_DIR: cacheDir },
    });
    expect(result.status, result.stderr).toBe(0);
    const modules = JSON.parse(/MODULES (.*)/.exec(result.stderr)![1]!) as string[];
    return { stdout: result.stdout, modules };
  }

  test('a cache hit loads neither Langium nor the compiler; a miss does', () => {
    const dir = project({ 'main.vpl': MAIN, 'lib/common.vpl': LIB, 'e.evt': EVENTS });
    const args = [join(dir, 'main.vpl'), '--input', join(dir, 'e.evt'), '--output', 'jsonl', '-q'];
    const heavy = (modules: string[]) => modules.filter((u) => /\/langium\/|chevrotain|\/out\/compiler\//.test(u));
    const cold = spawnRun(args);
    const warm = spawnRun(args);
    expect(cold.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(warm.stdout).toBe(cold.stdout);
    expect(heavy(cold.modules).length).toBeGreaterThan(0);
    expect(heavy(warm.modules)).toEqual([]);
  });
});
