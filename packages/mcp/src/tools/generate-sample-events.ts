import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { checkProgram } from '../analysis/program-check.js';
import {
  type GeneratedEvent,
  planSamples,
  toEvtText,
  toJsonEvents,
  UnsupportedStream,
} from '../analysis/sample-generation.js';
import { runExclusive } from '../analysis/services.js';
import type { ServerDeps } from '../deps.js';
import type { SimulationResult } from '../simulation/protocol.js';
import {
  describeError,
  failure,
  programArgument,
  programLinesProblem,
  READ_ONLY_ANNOTATIONS,
  success,
} from './tool-kit.js';

const sequenceSchema = z.object({
  eventsText: z.string().describe('the events as .evt text, ready for simulate_vpl'),
  events: z.array(z.object({ event_type: z.string(), timestamp: z.number(), data: z.record(z.string(), z.unknown()) })),
  verified: z.boolean().describe('true when running it through the engine confirmed the expectation'),
  emittedCount: z.number().int().describe('events the stream emitted for this sequence'),
  emitted: z.array(z.record(z.string(), z.unknown())).describe('the first events the stream emitted'),
});

/** `generate_sample_events`: a witness (makes a stream emit) and a near miss (almost does), both verified by the engine. */
export function registerGenerateSampleEventsTool(server: McpServer, deps: ServerDeps): void {
  const { limits } = deps;
  server.registerTool(
    'generate_sample_events',
    {
      title: 'Generate events that make a VPL stream emit',
      description:
        'For one stream of a VPL program, build a short event sequence that makes it emit (a witness) and one that almost does but does not ' +
        '(a near miss: one condition violated by the smallest margin, one event too few, or the last step too late), both verified by running ' +
        'them through the engine. Solves simple comparisons in .where and -> step filters (field vs constant, field == alias.field, in [...], ' +
        'boolean fields), count/time windows and .having over count/sum/avg/min/max. Use it to test a program, to build examples, or to see ' +
        'why a stream emits nothing (if no witness is found, its conditions may be contradictory).',
      inputSchema: {
        program: programArgument(limits),
        stream: z.string().min(1).max(200).describe('the name of the stream to make emit'),
      },
      outputSchema: {
        stream: z.string(),
        strategy: z.enum(['filter', 'aggregate', 'sequence']),
        witness: sequenceSchema,
        nearMiss: sequenceSchema
          .extend({ change: z.string().describe('how the near miss differs from the witness') })
          .optional(),
        notes: z.array(z.string()),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async ({ program, stream }, extra) => {
      const problem = programLinesProblem(program, limits);
      if (problem) return failure(problem);
      let plan: ReturnType<typeof planSamples>;
      try {
        const checked = await runExclusive(() => checkProgram(program));
        if (checked.counts.errors > 0) {
          const first = checked.diagnostics.find((d) => d.severity === 'error')!;
          return failure(
            `The program has ${checked.counts.errors} errors (first: ${first.code} at ${first.range.start.line}:${first.range.start.column} ${first.message}). Fix them first (validate_vpl, fix_vpl).`,
          );
        }
        plan = planSamples(checked.program, stream);
      } catch (e) {
        if (e instanceof UnsupportedStream) return failure(e.message);
        deps.log(`generate_sample_events failed: ${describeError(e)}`);
        return failure(
          `Samples could not be generated: ${describeError(e)}. Check the program with validate_vpl, or write a few events by hand and run them with simulate_vpl.`,
        );
      }
      const run = async (events: GeneratedEvent[]): Promise<SimulationResult> =>
        deps.simulator.run(
          {
            program,
            eventsText: toEvtText(events),
            format: 'evt',
            inputName: '<generated>',
            options: {
              maxEvents: limits.maxGeneratedEvents,
              wallMs: Math.min(limits.defaultSimulationWallMs, 5_000),
              maxOutputEvents: 5,
              maxOutputBytes: 16_384,
              maxRuntimeErrors: 5,
              maxLogLines: 0,
              progressEvery: limits.progressEveryEvents,
              streams: [stream],
              engineLimits: {
                maxSteps: limits.engineMaxSteps,
                maxLoopIterations: limits.engineMaxLoopIterations,
                maxRecursionDepth: limits.engineMaxRecursionDepth,
              },
            },
          },
          { signal: extra.signal },
        );
      const describe = (events: GeneratedEvent[], result: SimulationResult, expectEmit: boolean) => {
        const count = result.emittedByStream[stream] ?? 0;
        return {
          eventsText: toEvtText(events),
          events: toJsonEvents(events),
          verified: result.status === 'completed' && (expectEmit ? count > 0 : count === 0),
          emittedCount: count,
          emitted: result.emitted.map((e) => ({ ...e })),
        };
      };
      try {
        let witness: { events: GeneratedEvent[]; result: SimulationResult } | undefined;
        let firstTry: { events: GeneratedEvent[]; result: SimulationResult } | undefined;
        for (const candidate of plan.witnesses) {
          if (candidate.length > limits.maxGeneratedEvents) continue;
          const result = await run(candidate);
          firstTry ??= { events: candidate, result };
          if (result.status === 'completed' && (result.emittedByStream[stream] ?? 0) > 0) {
            witness = { events: candidate, result };
            break;
          }
        }
        if (!witness) {
          const attempt = firstTry;
          const errors = attempt?.result.runtimeErrors.map((e) => `${e.code} ${e.message}`).join('; ');
          return failure(
            `No witness found: the generated candidate did not make '${stream}' emit${errors ? ` (runtime errors: ${errors})` : ''}. Its conditions may be contradictory or beyond this solver (function calls, arithmetic on fields). Candidate tried:\n${attempt ? toEvtText(attempt.events) : '(none)'}`,
            attempt
              ? {
                  stream,
                  strategy: plan.strategy,
                  witness: describe(attempt.events, attempt.result, true),
                  notes: plan.notes,
                }
              : undefined,
          );
        }
        let nearMiss: (ReturnType<typeof describe> & { change: string }) | undefined;
        for (const miss of plan.nearMisses(witness.events)) {
          if (miss.events.length > limits.maxGeneratedEvents) continue;
          const result = await run(miss.events);
          if (result.status === 'completed' && (result.emittedByStream[stream] ?? 0) === 0) {
            nearMiss = { ...describe(miss.events, result, false), change: miss.change };
            break;
          }
        }
        const notes = [...plan.notes];
        if (!nearMiss) notes.push('No near miss was found: every variation tried still made the stream emit.');
        return success(
          {
            stream,
            strategy: plan.strategy,
            witness: describe(witness.events, witness.result, true),
            ...(nearMiss ? { nearMiss } : {}),
            notes,
          },
          `Witness (${witness.events.length} events) verified${nearMiss ? `; near miss: ${nearMiss.change}` : ''}.`,
        );
      } catch (e) {
        deps.log(`generate_sample_events failed: ${describeError(e)}`);
        return failure(
          `Samples could not be verified: ${describeError(e)}. Try again, or run events of your own with simulate_vpl to see what the stream emits.`,
        );
      }
    },
  );
}
