import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEngine, EngineLoadError, loadProgram, parseEventText } from '../../src/index.js';

const DIR = join(import.meta.dirname, '../../../../test/programs');

/** Every example program of the repository compiles, loads and runs over its input without throwing. */
describe('example programs (smoke)', () => {
  const programs = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.vpl')) : [];
  for (const file of programs) {
    const base = file.slice(0, -4);
    const input = ['.evt', '.jsonl'].map((ext) => join(DIR, base + ext)).find((p) => existsSync(p));
    if (input === undefined) continue;
    test(file, async () => {
      // the program and the files it imports, as `varpulis run` loads them
      const { plan, problems } = await loadProgram(join(DIR, file), { readFile: (p) => readFileSync(p, 'utf8') });
      const fatal = problems.filter((e) => e.severity === 'error');
      expect(fatal, JSON.stringify(fatal.slice(0, 3))).toEqual([]);
      let engine: ReturnType<typeof createEngine>;
      try {
        engine = createEngine(plan!);
      } catch (e) {
        if (e instanceof EngineLoadError && e.errors.every((x) => x.code === 'E090')) return; // .forecast / .score
        throw e;
      }
      const events = parseEventText(readFileSync(input, 'utf8'), input.endsWith('.jsonl') ? 'jsonl' : 'evt', input);
      for (const record of events.events) engine.push(record);
      engine.end();
      expect(engine.getCounters().eventsProcessed).toBe(events.events.length);
    });
  }
});
