// Resolves the packages the benchmarks use. Inside the pnpm workspace they are ordinary dependencies of
// @varpulis/bench; when bench/ is run before `pnpm install` has linked it, the workspace packages are taken
// from their build output (packages/*/out) and RxJS from BENCH_RXJS_PATH (a directory containing rxjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(BENCH_DIR, '..');
export const CLI_BIN = join(REPO_DIR, 'packages/cli/bin/varpulis.js');

async function importWorkspace(name, folder) {
  try {
    return await import(name);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const entry = join(REPO_DIR, 'packages', folder, 'out/index.js');
    if (!existsSync(entry)) throw new Error(`${name} is not built: run \`pnpm run build\` first (${entry} is missing)`);
    return import(pathToFileURL(entry).href);
  }
}

/**
 * The engine. BENCH_ENGINE_DIR may name another build of it (a directory holding its `index.js`, e.g. a
 * patched copy of packages/engine/out) to compare two builds with the same harness.
 */
export const loadEngine = () =>
  process.env.BENCH_ENGINE_DIR
    ? import(pathToFileURL(join(resolve(process.env.BENCH_ENGINE_DIR), 'index.js')).href)
    : importWorkspace('@varpulis/engine', 'engine');
export const loadLanguage = () => importWorkspace('@varpulis/language', 'language');

/** RxJS, or `null` when it is not installed (the RxJS columns are then reported as not measured). */
export async function loadRxjs() {
  try {
    return await import('rxjs');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  const dir = process.env.BENCH_RXJS_PATH;
  if (dir) {
    const require = createRequire(join(resolve(dir), 'noop.js'));
    return import(pathToFileURL(require.resolve('rxjs')).href);
  }
  return null;
}
