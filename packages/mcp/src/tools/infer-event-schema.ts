import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { inferEventTypes } from '../analysis/schema-inference.js';
import type { ServerDeps } from '../deps.js';
import { readEventText } from '../simulation/event-reading.js';
import { eventInputShape, loadEventInput } from './event-input.js';
import { describeError, failure, READ_ONLY_ANNOTATIONS, success } from './tool-kit.js';

/** `infer_event_schema`: proposes `event` declarations from sample events. */
export function registerInferEventSchemaTool(server: McpServer, deps: ServerDeps): void {
  const { limits } = deps;
  server.registerTool(
    'infer_event_schema',
    {
      title: 'Infer VPL event declarations from sample events',
      description:
        'Propose VPL `event` declarations from sample events (.evt text, JSON objects, or a file under an allowed root): one declaration per ' +
        'event type, each field typed int, float, str, bool, timestamp (ISO-8601 strings), [T] arrays or {str: T} maps; a field missing or null ' +
        'in some samples gets an optional type (`float?`). Declaring events lets the validator check field names (VPL-N001) instead of only ' +
        `hinting (VPL-N002). Reads at most ${limits.maxSchemaSamples} events.`,
      inputSchema: { ...eventInputShape(limits) },
      outputSchema: {
        eventTypes: z.array(
          z.object({
            name: z.string(),
            samples: z.number().int(),
            fields: z.array(
              z.object({
                name: z.string(),
                type: z.string(),
                optional: z.boolean(),
                seen: z.number().int(),
                examples: z.array(z.string()),
              }),
            ),
            declaration: z.string(),
            skippedFields: z.array(z.string()).describe('field names that are not VPL identifiers'),
          }),
        ),
        declarations: z.string().describe('all proposed declarations, ready to paste at the top of a program'),
        eventsRead: z.number().int(),
        inputErrors: z.array(z.object({ line: z.number().int(), column: z.number().int(), reason: z.string() })),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async (args) => {
      const input = await loadEventInput(args, deps);
      if (!input.ok) return failure(input.hint);
      try {
        const read = await readEventText(input.text, input.format, input.name);
        const records = read.events.slice(0, limits.maxSchemaSamples);
        const inputErrors = read.errors
          .slice(0, limits.maxRuntimeErrors)
          .map((e) => ({ line: e.line, column: e.column, reason: e.reason }));
        if (records.length === 0) {
          return failure(
            `No events could be read (${read.errors.length} input errors${inputErrors[0] ? `; first at line ${inputErrors[0].line}: ${inputErrors[0].reason}` : ''}). Event lines look like \`Reading { sensor: "s1", temp: 21.5 }\` or JSON {"event_type": "Reading", "data": {...}}.`,
            { eventTypes: [], declarations: '', eventsRead: 0, inputErrors },
          );
        }
        const eventTypes = inferEventTypes(records);
        const declarations = eventTypes.map((t) => t.declaration).join('\n\n');
        return success({ eventTypes, declarations, eventsRead: records.length, inputErrors }, declarations);
      } catch (e) {
        deps.log(`infer_event_schema failed: ${describeError(e)}`);
        return failure(
          `The events could not be read: ${describeError(e)}. Send .evt lines like \`Reading { sensor: "s1", temp: 21.5 }\` or JSON lines, or fewer events.`,
        );
      }
    },
  );
}
