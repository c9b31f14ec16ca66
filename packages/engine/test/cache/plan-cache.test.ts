import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultCacheDir, loadProgram, MAX_CACHED_PLANS, PlanCache } from '../../src/index.js';

function project(entries: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'varpulis-plan-cache-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return dir;
}

const LIB =
  'event Reading:\n    value: float\n\nstream Hot = Reading\n    .where(value > 40.0)\n    .emit(value: value)\n';
const MAIN = 'import "lib.vpl"\n\nstream Alarm = Hot\n    .emit(value: value)\n';

/** Loads a program from disk and stores it in `cache`; returns the load. */
async function loadAndStore(cache: PlanCache, path: string) {
  const loaded = await loadProgram(path, { readFile: (p) => readFileSync(p, 'utf8') });
  expect(loaded.ok).toBe(true);
  cache.store(loaded.files, loaded.plan!, loaded.problems);
  return loaded;
}

describe('plan cache', () => {
  test('a stored plan is found again, equal to the compiled one, with the warnings of its load', async () => {
    const dir = project({ 'lib.vpl': LIB, 'main.vpl': `${MAIN}stream Loose = Undeclared\n    .emit(n: 1)\n` });
    const cache = new PlanCache(join(dir, 'cache'), 'test-identity');
    const main = join(dir, 'main.vpl');
    const text = readFileSync(main, 'utf8');
    expect(cache.lookup(main, text)).toBeUndefined();
    const loaded = await loadAndStore(cache, main);
    const hit = cache.lookup(main, text);
    expect(hit?.plan).toEqual(loaded.plan);
    expect(hit?.problems).toEqual(loaded.problems);
    expect(hit?.problems.map((p) => p.code)).toContain('W030');
    expect(hit?.files).toEqual(loaded.files);
  });

  test('another text of the program, an edited import, another path or another compiler is a miss', async () => {
    const dir = project({ 'lib.vpl': LIB, 'main.vpl': MAIN });
    const cache = new PlanCache(join(dir, 'cache'), 'test-identity');
    const main = join(dir, 'main.vpl');
    await loadAndStore(cache, main);
    expect(cache.lookup(main, MAIN)).toBeDefined();
    expect(cache.lookup(main, `${MAIN}\n`)).toBeUndefined();
    expect(cache.lookup(join(dir, 'copy.vpl'), MAIN)).toBeUndefined();
    expect(new PlanCache(join(dir, 'cache'), 'other-identity').lookup(main, MAIN)).toBeUndefined();
    writeFileSync(join(dir, 'lib.vpl'), LIB.replace('40.0', '45.0'));
    expect(cache.lookup(main, MAIN)).toBeUndefined();
    // the next store replaces the stale entry, and the plan is the new one
    const reloaded = await loadAndStore(cache, main);
    expect(cache.lookup(main, MAIN)?.plan).toEqual(reloaded.plan);
    expect(readdirSync(cache.dir).filter((n) => n.endsWith('.json'))).toHaveLength(1);
  });

  test('a damaged or unreadable entry is a miss, and the next store rewrites it', async () => {
    const dir = project({ 'lib.vpl': LIB, 'main.vpl': MAIN });
    const cache = new PlanCache(join(dir, 'cache'), 'test-identity');
    const main = join(dir, 'main.vpl');
    await loadAndStore(cache, main);
    const [name] = readdirSync(cache.dir);
    const entry = join(cache.dir, name!);
    const good = readFileSync(entry, 'utf8');
    for (const damaged of [
      good.slice(0, good.length / 2),
      good.replace('Alarm', 'Alarn'),
      '{"format":"varpulis-plan-cache/1"}',
      'null',
    ]) {
      writeFileSync(entry, damaged);
      expect(cache.lookup(main, MAIN)).toBeUndefined();
    }
    await loadAndStore(cache, main);
    expect(readFileSync(entry, 'utf8')).toBe(good);
    expect(cache.lookup(main, MAIN)).toBeDefined();
  });

  test('a cache directory that cannot be written caches nothing and fails nothing', async () => {
    const dir = project({ 'lib.vpl': LIB, 'main.vpl': MAIN });
    writeFileSync(join(dir, 'not-a-dir'), '');
    const cache = new PlanCache(join(dir, 'not-a-dir'), 'test-identity');
    await loadAndStore(cache, join(dir, 'main.vpl'));
    expect(cache.lookup(join(dir, 'main.vpl'), MAIN)).toBeUndefined();
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(join(locked, 'plans'), { recursive: true });
      chmodSync(join(locked, 'plans'), 0o500);
      await loadAndStore(new PlanCache(locked, 'test-identity'), join(dir, 'main.vpl'));
      expect(readdirSync(join(locked, 'plans'))).toEqual([]);
    }
  });

  test(`at most ${MAX_CACHED_PLANS} plans by default: beyond the limit the least recently used go`, async () => {
    expect(MAX_CACHED_PLANS).toBe(256);
    const dir = project({});
    const cache = new PlanCache(join(dir, 'cache'), 'test-identity', 3);
    const programs: { path: string; text: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const path = join(dir, `p${i}.vpl`);
      const text = `event E${i}:\n    x: int\nstream S${i} = E${i} .emit(x: x)\n`;
      writeFileSync(path, text);
      programs.push({ path, text });
      const before = new Set(existsSync(cache.dir) ? readdirSync(cache.dir) : []);
      await loadAndStore(cache, path);
      // each entry last used a minute after the previous one
      const added = readdirSync(cache.dir).find((n) => !before.has(n))!;
      const used = new Date(Date.UTC(2020, 0, 1, 0, i));
      utimesSync(join(cache.dir, added), used, used);
    }
    expect(readdirSync(cache.dir)).toHaveLength(3);
    expect(programs.map((p) => cache.lookup(p.path, p.text) !== undefined)).toEqual([false, false, true, true, true]);
  });

  test('the cache directory: VARPULIS_CACHE_DIR, else an absolute XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ VARPULIS_CACHE_DIR: '/v', XDG_CACHE_HOME: '/x' })).toBe('/v');
    if (process.platform !== 'win32') {
      expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/varpulis');
      expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\.cache\/varpulis$/);
      expect(defaultCacheDir({})).toMatch(/\.cache\/varpulis$/);
    }
  });
});
