import { createVplServices, type VplServices } from '@varpulis/language';

let shared: VplServices | undefined;

/**
 * The language services of this process (created on first use and kept warm: creating them builds the parser,
 * which takes a few hundred milliseconds). Documents are removed after each check, so nothing accumulates.
 */
export function languageServices(): VplServices {
  shared ??= createVplServices().Vpl;
  return shared;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` alone: the language services keep the documents being checked in one workspace, where names of one
 * program would be visible to another checked at the same time (HTTP mode serves several clients). Checks are
 * short, so they simply run one after the other.
 */
export function runExclusive<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}
