/**
 * What identifies the compiler that produced a cached plan: the plan version and the size and modification time
 * of every built file of the compiler, the loader, the plan types and the language package (parser, validator).
 * Rebuilding or upgrading either package gives another identity, so a plan cached by an earlier build is never
 * used — without reading or loading any of those files (a directory listing and a `stat` per file, about a
 * millisecond).
 */

import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAN_VERSION } from '../plan/plan.js';

/** Folders of the engine's build whose files decide what a plan looks like. */
const ENGINE_FOLDERS = ['compiler', 'loader', 'plan'];

let identity: string | undefined;

/** The identity of this build's compiler (computed once per process). */
export function compilerIdentity(): string {
  identity ??= computeIdentity();
  return identity;
}

function computeIdentity(): string {
  const self = fileURLToPath(import.meta.url);
  const lines: string[] = [];
  const engineOut = dirname(dirname(self));
  for (const folder of ENGINE_FOLDERS) describeFolder(join(engineOut, folder), `engine/${folder}`, lines);
  try {
    const languageEntry = fileURLToPath(import.meta.resolve('@varpulis/language'));
    describeFolder(dirname(languageEntry), 'language', lines);
  } catch {
    // bundled: the language is inside this very file
  }
  // In a bundle the folders above do not exist: the bundle itself identifies the build.
  if (lines.length === 0) describeFile(self, 'self', lines);
  const digest = createHash('sha256').update(lines.sort().join('\n')).digest('hex').slice(0, 32);
  return `plan-v${PLAN_VERSION}-${digest}`;
}

function describeFolder(folder: string, label: string, lines: string[]): void {
  // a walk of its own: readdirSync's `recursive` option is ten times slower
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      describeFolder(path, `${label}/${entry.name}`, lines);
      continue;
    }
    // built files, or the sources when they run directly (tests)
    const name = entry.name;
    if (name.endsWith('.js') || (name.endsWith('.ts') && !name.endsWith('.d.ts'))) {
      describeFile(path, `${label}/${name}`, lines);
    }
  }
}

function describeFile(path: string, label: string, lines: string[]): void {
  try {
    const s = statSync(path);
    lines.push(`${label} ${s.size} ${s.mtimeMs}`);
  } catch {
    // vanished while listed
  }
}
