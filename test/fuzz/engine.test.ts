/**
 * The engine on random programs from a small generator (filters, windows, aggregates, `A -> B` sequences with
 * `within`, Kleene steps, `.not`, `partition_by`; see generators.ts) and random event streams (some late):
 *
 * - the program compiles (the generator makes valid programs) and nothing throws, whatever the input;
 * - checkpoint (through JSON text) at a random point and restore into a fresh engine gives exactly the output and
 *   the runtime diagnostics of an uninterrupted run;
 * - state is bounded: replaying the same burst of events 12 and 72 times (each an hour later) leaves a checkpoint
 *   that does not grow with the number of bursts once time has moved past every window and `within`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engineProblem, serializeCase, stateGrowthProblem, stats } from './engine-checks.js';
import { eventsArb, printProgram, programSpecArb } from './generators.js';
import { check, runs, timeout } from './support.js';

const caseArb = fc
  .record({ spec: programSpecArb, events: eventsArb, cutFraction: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ spec, events, cutFraction }) => ({
    program: printProgram(spec),
    events,
    cut: Math.floor(cutFraction * (events.length + 1)),
  }));

describe('the engine on generated programs and event streams', () => {
  it(
    'never throws, and checkpoint/restore at a random point gives the output of an uninterrupted run',
    async () => {
      await check(
        fc.asyncProperty(caseArb, async (c) => {
          const problem = await engineProblem(c);
          if (problem) throw new Error(`${problem}\n--- program\n${c.program}`);
        }),
        runs(300),
        { target: 'engine', ext: 'json', serialize: serializeCase },
      );
      expect(stats.withOutput / stats.cases).toBeGreaterThan(0.3);
    },
    timeout(120_000),
  );

  it(
    'keeps bounded state: replaying a burst many times does not grow the checkpoint',
    async () => {
      await check(
        fc.asyncProperty(
          caseArb.filter((c) => c.events.length > 0),
          async (c) => {
            const problem = await stateGrowthProblem(c);
            if (problem) throw new Error(`${problem}\n${c.program}`);
          },
        ),
        runs(100),
        { target: 'engine-state', ext: 'json', serialize: serializeCase },
      );
    },
    timeout(120_000),
  );
});
