import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { explainProgram } from '../analysis/explain.js';
import { checkProgram } from '../analysis/program-check.js';
import { runExclusive } from '../analysis/services.js';
import type { ServerDeps } from '../deps.js';
import {
  countsSchema,
  describeError,
  diagnosticSchema,
  failure,
  programArgument,
  programLinesProblem,
  READ_ONLY_ANNOTATIONS,
  success,
} from './tool-kit.js';

const fieldSchema = z.object({
  name: z.string(),
  type: z.string().describe("VPL type, e.g. 'float', 'str?', '[int]', or 'unknown'"),
  optional: z.boolean(),
});

const operationSchema = z.object({
  op: z.string().describe("operation name ('where', 'window', …) or '->' for a sequence step"),
  line: z.number().int(),
  text: z.string(),
  description: z.string(),
});

/** `explain_vpl`: a structured description of a program, for answering questions about it or checking intent. */
export function registerExplainVplTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    'explain_vpl',
    {
      title: 'Explain a VPL program',
      description:
        'Describe what a VPL program does, as structured data: its event types (fields and types), connectors, globals, functions, ' +
        'named patterns, and for every stream its source, its operations in order (each in plain words), the sequence pattern in plain ' +
        'words, its output fields with types, whether it emits, and its sinks; plus the data-flow graph (nodes, edges and a Mermaid ' +
        'flowchart). Works on programs with errors too (the diagnostics are included). Use it to check that a program means what ' +
        'the user asked for, or to explain an existing program.',
      inputSchema: { program: programArgument(deps.limits) },
      outputSchema: {
        ok: z.boolean(),
        counts: countsSchema,
        diagnostics: z.array(diagnosticSchema).describe('errors and warnings (hints omitted)'),
        eventTypes: z.array(
          z.object({
            name: z.string(),
            line: z.number().int(),
            extends: z.string().optional(),
            fields: z.array(fieldSchema),
            usedBy: z.array(z.string()),
          }),
        ),
        undeclaredEventTypes: z.array(z.string()).describe('event types read by streams but never declared (W030)'),
        connectors: z.array(z.object({ name: z.string(), kind: z.string(), params: z.record(z.string(), z.string()) })),
        globals: z.array(z.object({ name: z.string(), binding: z.string(), type: z.string(), value: z.string() })),
        functions: z.array(
          z.object({
            name: z.string(),
            line: z.number().int(),
            params: z.array(z.object({ name: z.string(), type: z.string() })),
            returns: z.string(),
          }),
        ),
        patterns: z.array(
          z.object({
            name: z.string(),
            line: z.number().int(),
            description: z.string(),
            within: z.string().optional(),
            partitionBy: z.string().optional(),
          }),
        ),
        streams: z.array(
          z.object({
            name: z.string(),
            line: z.number().int(),
            source: z.object({
              kind: z.string(),
              inputs: z.array(z.string()),
              text: z.string(),
              description: z.string(),
            }),
            operations: z.array(operationSchema),
            pattern: z.string().optional(),
            output: z.object({ fields: z.array(fieldSchema), shapeKnown: z.boolean(), eventType: z.string() }),
            emits: z.boolean(),
            sinks: z.array(z.string()),
            description: z.string(),
          }),
        ),
        graph: z.object({
          nodes: z.array(
            z.object({
              id: z.string(),
              kind: z.enum(['event', 'stream', 'pattern', 'connector', 'timer']),
              label: z.string(),
            }),
          ),
          edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
          mermaid: z.string().describe('a Mermaid flowchart of the data flow'),
        }),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async ({ program }) => {
      const problem = programLinesProblem(program, deps.limits);
      if (problem) return failure(problem);
      try {
        return await runExclusive(async () => {
          const checked = await checkProgram(program);
          const explanation = explainProgram(checked);
          const summary = `${explanation.eventTypes.length} event types, ${explanation.streams.length} streams (${explanation.streams.filter((s) => s.emits).length} emitting), ${checked.counts.errors} errors.`;
          return success(
            {
              ok: checked.counts.errors === 0,
              counts: checked.counts,
              diagnostics: checked.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
              ...explanation,
            },
            summary,
          );
        });
      } catch (e) {
        deps.log(`explain_vpl failed: ${describeError(e)}`);
        return failure(`The program could not be explained: ${describeError(e)}. Validate it with validate_vpl first.`);
      }
    },
  );
}
