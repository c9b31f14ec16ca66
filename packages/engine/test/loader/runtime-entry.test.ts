import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileSource } from '../../src/index.js';

const ENGINE = join(import.meta.dirname, '../..');

/**
 * Imports `specifier` in a fresh Node process (from the engine package, through its `exports`), runs `body` there,
 * and returns every module URL the process resolved plus what `body` printed.
 */
function inFreshNode(specifier: string, body: string): { modules: string[]; printed: string } {
  const script = `
import { registerHooks } from 'node:module';
const modules = [];
registerHooks({ resolve(s, c, next) { const r = next(s, c); modules.push(r.url); return r; } });
const m = await import(${JSON.stringify(specifier)});
const printed = await (async () => { ${body} })();
process.stdout.write(JSON.stringify({ modules, printed }));
`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ENGINE, encoding: 'utf8' });
  return JSON.parse(out) as { modules: string[]; printed: string };
}

describe('@varpulis/engine/runtime (the engine without its compiler)', () => {
  test('is built (run pnpm run build first)', () => {
    expect(existsSync(join(ENGINE, 'out/runtime-only.js'))).toBe(true);
  });

  test('loads no Langium, Chevrotain, language package or compiler, and runs a plan', async () => {
    const compiled = await compileSource(
      'event Reading:\n    value: float\nstream Hot = Reading\n    .where(value > 40.0)\n    .emit(value: value)\n',
    );
    const plan = JSON.stringify(compiled.plan);
    const { modules, printed } = inFreshNode(
      '@varpulis/engine/runtime',
      `const lines = [];
       const engine = m.createEngine(${plan}, { sinks: { emit: (e) => lines.push(m.formatJsonlLine(e.stream, e.record)) } });
       for (const r of m.parseEventText('@1s Reading { value: 41.5 }\\n@2s Reading { value: 2.0 }\\n', 'evt', 'x').events) engine.push(r);
       engine.end();
       return lines.join('\\n');`,
    );
    expect(printed).toBe('{"stream":"Hot","timestamp":1000,"data":{"value":41.5}}');
    expect(modules.some((u) => u.endsWith('/out/runtime-only.js'))).toBe(true);
    const heavy = modules.filter((u) =>
      /langium|chevrotain|\/language\/|vscode-languageserver|\/out\/(compiler|loader)\//.test(u),
    );
    expect(heavy).toEqual([]);
  });

  test('the full entry, by contrast, loads the compiler and Langium (so the check above can fail)', () => {
    const { modules } = inFreshNode('@varpulis/engine', 'return "";');
    expect(modules.some((u) => u.includes('/langium/'))).toBe(true);
    expect(modules.some((u) => u.includes('/out/compiler/'))).toBe(true);
  });
});
