/**
 * The plan cache (Node only): a compiled plan is plain JSON, so a program that was loaded once can start again
 * without the language services — no parser, no validator, no compiler. An entry is found by a hash of the
 * program's path and text and of the compiler's build ({@link compilerIdentity}); it lists the files the program
 * imports with a hash of each, and is used only when every one of them still has that text. Only programs that
 * loaded without an error are stored, with their warnings and hints, so a hit reports what a load would.
 *
 * Nothing about the cache is fatal: an unreadable, damaged or stale entry is a miss (and is overwritten by the
 * next store); a directory that cannot be written just means nothing is cached.
 */

import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CompileError } from '../compiler/compile-error.js';
import { PLAN_VERSION, type ProgramPlan } from '../plan/plan.js';
import { compilerIdentity } from './compiler-identity.js';

/** Plans kept in one cache directory; beyond it the least recently used entries are removed (docs/limits.md). */
export const MAX_CACHED_PLANS = 256;

/** The format tag of a cache entry. */
const ENTRY_FORMAT = 'varpulis-plan-cache/1';

/** A problem of a cached program (a warning or hint of its load), with the file it is in. */
export interface CachedProblem extends CompileError {
  readonly file: string;
  readonly stage: 'check' | 'compile';
}

/** A file of a cached program: its path and text. */
export interface CachedFile {
  readonly path: string;
  readonly text: string;
}

/** What a cache hit gives: the plan, the warnings and hints of the load that produced it, and the files read. */
export interface CachedProgram {
  readonly plan: ProgramPlan;
  readonly problems: readonly CachedProblem[];
  /** the entry first, then each imported file (their current texts, equal to the ones compiled) */
  readonly files: readonly CachedFile[];
}

interface CacheEntry {
  readonly format: typeof ENTRY_FORMAT;
  readonly identity: string;
  readonly entry: string;
  readonly imports: readonly { readonly path: string; readonly sha256: string }[];
  /** `{ plan, problems }` as JSON text, and its hash: a damaged entry is a miss, never a broken plan */
  readonly payload: string;
  readonly payloadSha256: string;
}

interface CachePayload {
  readonly plan: ProgramPlan;
  readonly problems: readonly CachedProblem[];
}

/**
 * The cache directory of the toolchain: `$VARPULIS_CACHE_DIR`, else `$XDG_CACHE_HOME/varpulis` (an absolute
 * `XDG_CACHE_HOME` only), else `%LOCALAPPDATA%\varpulis` on Windows, else `~/.cache/varpulis`. Plans are kept in
 * its `plans` folder.
 */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.VARPULIS_CACHE_DIR) return env.VARPULIS_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg?.startsWith('/')) return join(xdg, 'varpulis');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'varpulis');
  return join(homedir(), '.cache', 'varpulis');
}

/** A directory of cached plans (`<cache dir>/plans/<hash>.json`). */
export class PlanCache {
  readonly dir: string;

  /**
   * @param cacheDir the toolchain's cache directory ({@link defaultCacheDir}); plans go to its `plans` folder
   * @param identity what identifies the compiler that produces the plans (default: {@link compilerIdentity})
   * @param maxEntries plans kept before the least recently used are removed
   */
  constructor(
    cacheDir: string,
    private readonly identity: string = compilerIdentity(),
    private readonly maxEntries: number = MAX_CACHED_PLANS,
  ) {
    this.dir = join(cacheDir, 'plans');
  }

  /** The cached plan of the program at `path` whose text is `text`, when its imports are unchanged too. */
  lookup(path: string, text: string): CachedProgram | undefined {
    const file = this.entryFile(path, text);
    let entry: CacheEntry;
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
    if (!isEntry(entry) || entry.identity !== this.identity || entry.entry !== path) return undefined;
    if (sha256(entry.payload) !== entry.payloadSha256) return undefined;
    let payload: CachePayload;
    try {
      payload = JSON.parse(entry.payload) as CachePayload;
    } catch {
      return undefined;
    }
    const { plan, problems } = payload;
    if (plan?.kind !== 'program' || plan.version !== PLAN_VERSION || !Array.isArray(problems)) return undefined;
    const files: CachedFile[] = [{ path, text }];
    for (const imported of entry.imports) {
      let importedText: string;
      try {
        importedText = readFileSync(imported.path, 'utf8');
      } catch {
        return undefined;
      }
      if (sha256(importedText) !== imported.sha256) return undefined;
      files.push({ path: imported.path, text: importedText });
    }
    try {
      // most recently used first when the directory is pruned
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // a read-only cache still serves hits
    }
    return { plan, problems, files };
  }

  /**
   * Stores the plan of a program that loaded without an error. `files` are the files compiled, the entry first;
   * `problems` its warnings and hints. Failures to write are ignored.
   */
  store(files: readonly CachedFile[], plan: ProgramPlan, problems: readonly CachedProblem[]): void {
    const [main, ...imports] = files;
    if (main === undefined || problems.some((p) => p.severity === 'error')) return;
    const payload = JSON.stringify({ plan, problems } satisfies CachePayload);
    const entry: CacheEntry = {
      format: ENTRY_FORMAT,
      identity: this.identity,
      entry: main.path,
      imports: imports.map((f) => ({ path: f.path, sha256: sha256(f.text) })),
      payload,
      payloadSha256: sha256(payload),
    };
    const file = this.entryFile(main.path, main.text);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temporary, JSON.stringify(entry));
      renameSync(temporary, file);
      this.prune();
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // nothing was written
      }
    }
  }

  /** Removes the least recently used entries beyond the limit. */
  private prune(): void {
    const names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    if (names.length <= this.maxEntries) return;
    const dated = names.map((name) => {
      try {
        return { name, time: statSync(join(this.dir, name)).mtimeMs };
      } catch {
        return { name, time: 0 };
      }
    });
    dated.sort((a, b) => a.time - b.time || a.name.localeCompare(b.name));
    for (const { name } of dated.slice(0, dated.length - this.maxEntries)) {
      try {
        unlinkSync(join(this.dir, name));
      } catch {
        // removed by another process
      }
    }
  }

  private entryFile(path: string, text: string): string {
    const key = sha256(`${PLAN_VERSION}\0${this.identity}\0${path}\0${text}`).slice(0, 40);
    return join(this.dir, `${key}.json`);
  }
}

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as Partial<CacheEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    entry.format === ENTRY_FORMAT &&
    Array.isArray(entry.imports) &&
    entry.imports.every((i) => typeof i?.path === 'string' && typeof i.sha256 === 'string') &&
    typeof entry.payload === 'string' &&
    typeof entry.payloadSha256 === 'string'
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
