/**
 * The checks must survive the partial trees of programs being typed: every corpus program, cut at several points,
 * is checked, and no check may throw (Langium reports a throwing check as "An error occurred during validation").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDefaultCoreModule, createDefaultSharedCoreModule, EmptyFileSystem, inject } from 'langium';
import { expect, test } from 'vitest';
import { parseVpl } from '../../src/documents.js';
import { VplGeneratedModule, VplGeneratedSharedModule } from '../../src/generated/module.js';
import { ALL_CHECK_SETS } from '../../src/validation/all-checks.js';
import { registerVplValidationChecks } from '../../src/validation/vpl-validator.js';
import { VplModule, type VplServices } from '../../src/vpl-module.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROGRAMS = resolve(here, '../../../../test/programs');
const FIXTURES = resolve(here, '../resources/validation');

function vplFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? vplFiles(join(dir, entry.name))
        : entry.name.endsWith('.vpl')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

/**
 * Services with the topic check sets of this package's validation folder, without the name checks (owned and
 * tested with the scoping code): a throwing name check must not hide a throwing topic check, and vice versa.
 */
function topicCheckServices(): VplServices {
  const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), VplGeneratedSharedModule);
  const vpl = inject(createDefaultCoreModule({ shared }), VplGeneratedModule, VplModule);
  shared.ServiceRegistry.register(vpl);
  registerVplValidationChecks(
    vpl,
    ALL_CHECK_SETS.filter((set) => set.name !== 'nameChecks'),
  );
  return vpl;
}

test('no topic check throws on truncated programs', async () => {
  const services = topicCheckServices();
  const crashes: string[] = [];
  for (const file of [...vplFiles(PROGRAMS), ...vplFiles(FIXTURES)]) {
    const text = readFileSync(file, 'utf8').replace(/[»«]/g, '');
    for (const fraction of [0.23, 0.5, 0.77]) {
      let cut = Math.floor(text.length * fraction);
      // Cut in the middle of a line's tokens, where recovery produces the most incomplete nodes.
      while (cut < text.length && /\s/.test(text[cut]!)) cut++;
      const { diagnostics } = await parseVpl(text.slice(0, cut), { services });
      for (const diagnostic of diagnostics) {
        if (String(diagnostic.message).includes('An error occurred')) {
          crashes.push(`${relative(here, file)} cut at ${cut}: ${diagnostic.message}`);
        }
      }
    }
  }
  expect(crashes).toEqual([]);
}, 120_000);

test('a `for` without its loop variable inside a function resolves names without an internal error', async () => {
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    const text = 'fn f(xs: [int]) -> int:\n    for in xs:\n        return 1\n    return 0\n';
    const { diagnostics } = await parseVpl(text);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([['VPL-P001', 1, 8]]);
    expect(logged).toEqual([]);
  } finally {
    console.error = original;
  }
});
