import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import type { SimulationResult } from '../simulation/protocol.js';
import { eventInputShape, loadEventInput } from './event-input.js';
import {
  describeError,
  failure,
  programArgument,
  programLinesProblem,
  READ_ONLY_ANNOTATIONS,
  success,
} from './tool-kit.js';

const emittedSchema = z.object({
  stream: z.string(),
  timestamp: z.number().int().describe('event time, epoch milliseconds'),
  data: z.record(z.string(), z.unknown()).describe('the emitted fields in order'),
});

const codeLocation = {
  code: z.string(),
  severity: z.string(),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
};

export const simulationOutputShape = {
  status: z
    .enum(['completed', 'stopped', 'killed', 'compile-error', 'load-error'])
    .describe(
      'completed: all events and the end of input processed; stopped: the wall-clock budget or a cancellation stopped it (partial results); killed: it did not stop by itself and was terminated; compile-error/load-error: the program did not load',
    ),
  stopReason: z.enum(['wall-time', 'cancelled']).optional(),
  compileErrors: z.array(z.object({ ...codeLocation, endLine: z.number().int(), endColumn: z.number().int() })),
  eventsRead: z.number().int(),
  eventsProcessed: z.number().int(),
  eventsSkipped: z.number().int().describe('events beyond the maxSimulationEvents limit'),
  inputErrors: z
    .array(z.object({ line: z.number().int(), column: z.number().int(), reason: z.string() }))
    .describe('input lines that are not events (skipped)'),
  emitted: z.array(emittedSchema),
  emittedTotal: z.number().int(),
  emittedByStream: z.record(z.string(), z.number().int()),
  truncatedOutput: z.boolean().describe('true when `emitted` was cut by the output limits (counts are complete)'),
  lateEvents: z.number().int().describe('input events refused as late by event-time operators'),
  droppedRecords: z.number().int().describe('records dropped by engine resource limits (VPL-R006, VPL-R011)'),
  runtimeErrors: z.array(
    z.object({ ...codeLocation, stream: z.string().nullable(), eventNumber: z.number().int().nullable() }),
  ),
  runtimeErrorsByCode: z.record(z.string(), z.number().int()),
  logs: z.array(z.object({ kind: z.string(), level: z.string(), stream: z.string(), text: z.string() })),
  sinkRecords: z.record(z.string(), z.number().int()).describe('records each connector sink would have sent'),
  watermark: z.number().nullable(),
  elapsedMs: z.number().int(),
};

/** `simulate_vpl`: runs a program over events in virtual time, through the engine, with limits. */
export function registerSimulateVplTool(server: McpServer, deps: ServerDeps): void {
  const { limits } = deps;
  server.registerTool(
    'simulate_vpl',
    {
      title: 'Run a VPL program over events',
      description:
        'Run a VPL program over sample events, in virtual event time (deterministic: the wall clock is never used; nothing is sent over ' +
        'the network — connector sinks are only counted). Returns the events each stream emitted (stream, timestamp, fields), counts per ' +
        'stream, late and dropped events, input lines that are not events, runtime errors (code, message, line) and .print/.log lines. ' +
        `Events come inline (eventsText in .evt syntax, or events as JSON objects) or from eventsFile under an allowed root. Limits: ${limits.maxSimulationEvents} events, ` +
        `${limits.defaultSimulationWallMs} ms wall time by default (wallTimeMs, at most ${limits.maxSimulationWallMs}), ${limits.maxOutputEvents} returned events. ` +
        'At the end of input every open time window fires. If a stream emits nothing, check its conditions with explain_vpl, or let ' +
        'generate_sample_events build events that make it emit.',
      inputSchema: {
        program: programArgument(limits),
        ...eventInputShape(limits),
        streams: z
          .array(z.string().max(200))
          .max(100)
          .optional()
          .describe('only return the events emitted by these streams (counts still cover all)'),
        wallTimeMs: z
          .number()
          .int()
          .min(100)
          .max(limits.maxSimulationWallMs)
          .optional()
          .describe('wall-clock budget in ms'),
        maxOutputEvents: z
          .number()
          .int()
          .min(0)
          .max(limits.maxOutputEvents)
          .optional()
          .describe('emitted events to return'),
        allowedLatenessMs: z
          .number()
          .int()
          .min(0)
          .max(86_400_000)
          .optional()
          .describe("override the program's allowed lateness"),
      },
      outputSchema: simulationOutputShape,
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async (args, extra) => {
      const problem = programLinesProblem(args.program, limits);
      if (problem) return failure(problem);
      const input = await loadEventInput(args, deps);
      if (!input.ok) return failure(input.hint);
      const progressToken = extra._meta?.progressToken;
      let result: SimulationResult;
      try {
        result = await deps.simulator.run(
          {
            program: args.program,
            eventsText: input.text,
            format: input.format,
            inputName: input.name,
            options: {
              maxEvents: limits.maxSimulationEvents,
              wallMs: args.wallTimeMs ?? limits.defaultSimulationWallMs,
              maxOutputEvents: args.maxOutputEvents ?? limits.maxOutputEvents,
              maxOutputBytes: limits.maxOutputBytes,
              maxRuntimeErrors: limits.maxRuntimeErrors,
              maxLogLines: limits.maxLogLines,
              progressEvery: limits.progressEveryEvents,
              ...(args.streams ? { streams: args.streams } : {}),
              ...(args.allowedLatenessMs !== undefined ? { allowedLatenessMs: args.allowedLatenessMs } : {}),
              engineLimits: {
                maxSteps: limits.engineMaxSteps,
                maxLoopIterations: limits.engineMaxLoopIterations,
                maxRecursionDepth: limits.engineMaxRecursionDepth,
              },
            },
          },
          {
            signal: extra.signal,
            onProgress:
              progressToken === undefined
                ? undefined
                : (processed, total) => {
                    void extra
                      .sendNotification({
                        method: 'notifications/progress',
                        params: {
                          progressToken,
                          progress: processed,
                          total,
                          message: `${processed} of ${total} events`,
                        },
                      })
                      .catch(() => undefined);
                  },
          },
        );
      } catch (e) {
        deps.log(`simulate_vpl failed: ${describeError(e)}`);
        return failure(
          `The simulation failed: ${describeError(e)}. Validate the program with validate_vpl and try fewer events.`,
        );
      }
      return simulationResultToTool(result, limits.simulationKillGraceMs);
    },
  );
}

/** The tool result of a simulation: an error with a recovery hint when it did not complete. */
export function simulationResultToTool(result: SimulationResult, graceMs: number): CallToolResult {
  const structured = result as unknown as Record<string, unknown>;
  switch (result.status) {
    case 'compile-error':
    case 'load-error': {
      const first = result.compileErrors[0];
      return failure(
        `The program does not load (${result.compileErrors.length} errors${first ? `; first: ${first.code} at ${first.line}:${first.column} ${first.message}` : ''}). Run validate_vpl or fix_vpl, then simulate again.`,
        structured,
      );
    }
    case 'killed':
      return failure(
        `The simulation did not stop within its wall-clock budget plus ${graceMs} ms and was terminated after ${result.eventsProcessed} events: a function or expression of the program probably never finishes (an infinite loop or deep recursion). Look at the functions called by .process(...) and at while loops.`,
        structured,
      );
    case 'stopped':
      if (result.stopReason === 'cancelled')
        return failure('The simulation was cancelled. Partial results are included.', structured);
      return failure(
        `The simulation was stopped by its wall-clock budget after ${result.eventsProcessed} of ${result.eventsRead} events (partial results included). ` +
          (Object.keys(result.runtimeErrorsByCode).includes('VPL-R005')
            ? 'The program hit evaluation budgets (VPL-R005): a loop or recursion in a function runs away; fix it. '
            : 'Send fewer events or raise wallTimeMs. '),
        structured,
      );
    default: {
      const budget = result.runtimeErrorsByCode['VPL-R005'];
      const summary =
        `Processed ${result.eventsProcessed} events; emitted ${result.emittedTotal} (${
          Object.entries(result.emittedByStream)
            .map(([s, n]) => `${s}: ${n}`)
            .join(', ') || 'none'
        }).` +
        (budget
          ? ` Warning: ${budget} evaluations hit the loop/recursion/step budget (VPL-R005) — a function runs away.`
          : '') +
        (result.inputErrors.length > 0 ? ` ${result.inputErrors.length} input lines were not events.` : '') +
        (result.lateEvents > 0 ? ` ${result.lateEvents} late events.` : '');
      return success(structured, summary);
    }
  }
}
