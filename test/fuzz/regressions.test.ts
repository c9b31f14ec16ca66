/**
 * Replays every input that ever failed a fuzz or property test (test/fuzz/regressions/<target>/*), with the same
 * check as the test that found it. A fuzz test saves its shrunk counterexample there by itself (outside CI); commit
 * the file with the fix. Files can also be added by hand (a descriptive name is welcome).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineCase, engineProblem, stateGrowthProblem } from './engine-checks.js';
import { readerProblem } from './event-checks.js';
import { generatedProgramProblem, languageProblem, programFilesProblem } from './language-checks.js';
import { type McpHarness, type McpRequest, mcpProblem, startMcp } from './mcp-checks.js';
import { regressions } from './support.js';

const targets: Record<string, (text: string) => Promise<string | undefined> | string | undefined> = {
  language: (text) => languageProblem(text),
  'language-generated': (text) => generatedProgramProblem(text),
  'program-files': (text) => programFilesProblem(text),
  evt: (text) => readerProblem(text, 'evt'),
  jsonl: (text) => readerProblem(text, 'jsonl'),
  engine: (text) => engineProblem(JSON.parse(text) as EngineCase),
  'engine-state': (text) => stateGrowthProblem(JSON.parse(text) as EngineCase),
  mcp: (text) => mcpProblem(mcp, JSON.parse(text) as McpRequest),
};

let mcp: McpHarness;
beforeAll(async () => {
  if (regressions('mcp').length > 0) mcp = await startMcp();
});
afterAll(async () => {
  await mcp?.close();
});

describe('fuzz regressions', () => {
  it('has a check for every target folder', async () => {
    const { readdirSync } = await import('node:fs');
    const { regressionsDir } = await import('./support.js');
    const folders = readdirSync(regressionsDir, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const folder of folders) expect(Object.keys(targets)).toContain(folder.name);
  });

  for (const [target, problemOf] of Object.entries(targets)) {
    for (const regression of regressions(target)) {
      it(regression.name, async () => {
        expect(await problemOf(regression.text)).toBeUndefined();
      });
    }
  }
});
