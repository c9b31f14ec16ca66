/**
 * Where a program's sample events are: `<name>.evt`, `<name>.jsonl` or `<name>.ndjson` next to the program, then the
 * `varpulis.sampleEvents.patterns` (paths relative to the program's folder, `${name}` = the program's base name).
 * Pure path logic; the caller says which files exist.
 */
import { posix, win32 } from 'node:path';

/** Extensions of event files, in the order they are preferred. */
export const SAMPLE_EXTENSIONS = ['.evt', '.jsonl', '.ndjson'] as const;

/** The candidate sample files of a program, most preferred first (absolute paths, no duplicates). */
export function sampleCandidates(programPath: string, patterns: readonly string[] = []): string[] {
  const path = programPath.includes('\\') && !programPath.includes('/') ? win32 : posix;
  const folder = path.dirname(programPath);
  const name = path.basename(programPath).replace(/\.vpl$/i, '');
  const out: string[] = [];
  const add = (candidate: string) => {
    const normal = path.normalize(candidate);
    if (!out.includes(normal)) out.push(normal);
  };
  for (const ext of SAMPLE_EXTENSIONS) add(path.join(folder, `${name}${ext}`));
  for (const pattern of patterns) {
    const trimmed = pattern.trim();
    if (!trimmed) continue;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: `${name}` is the setting's placeholder, not a template
    const expanded = trimmed.replaceAll('${name}', name);
    add(path.isAbsolute(expanded) ? expanded : path.join(folder, expanded));
  }
  return out;
}

/** The first candidate that exists, or undefined. */
export async function findSampleEvents(
  programPath: string,
  patterns: readonly string[],
  exists: (path: string) => Promise<boolean>,
): Promise<string | undefined> {
  for (const candidate of sampleCandidates(programPath, patterns)) {
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/** Whether a path names an event file the engine reads. */
export function isEventFile(path: string): boolean {
  const lower = path.toLowerCase();
  return SAMPLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
