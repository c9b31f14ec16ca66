import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { GRAMMAR_SUMMARY } from '../resources/grammar.js';

/** `write_vpl_pattern`: write a VPL program for a detection described in words. */
export function registerWritePatternPrompt(server: McpServer, deps: ServerDeps): void {
  server.registerPrompt(
    'write_vpl_pattern',
    {
      title: 'Write a VPL pattern from a description',
      description: 'Turn a plain-words description of what to detect into a checked, tested VPL program.',
      argsSchema: {
        description: z
          .string()
          .max(deps.limits.maxQueryChars * 20)
          .describe('what to detect, e.g. "a card used in two countries within an hour"'),
        events: z
          .string()
          .max(deps.limits.maxEventTextChars)
          .optional()
          .describe('optional sample events or event declarations'),
      },
    },
    ({ description, events }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Write a VPL program that detects: ${description}

${events ? `Sample events or declarations:\n\`\`\`\n${events}\n\`\`\`\n` : ''}
Work in these steps, using the Varpulis tools:
1. If sample events are given, call infer_event_schema to get \`event\` declarations; otherwise declare every event type with its fields.
2. Look up any operation you are unsure of with lookup_vpl_reference (e.g. "within", "partition_by", "window"), or read a similar
   example program (resources vpl://examples/...).
3. Write the program: declarations first, then one stream per detection, ending in .emit(...) with the fields a user needs.
4. Call validate_vpl; apply fixes with fix_vpl or by hand until there is no error.
5. Call generate_sample_events for the main stream, then simulate_vpl with the witness (it must emit) and the near miss (it must not).
6. Call explain_vpl and check that the plain-words description matches the request. Show the final program and a short explanation.

${GRAMMAR_SUMMARY}`,
          },
        },
      ],
    }),
  );
}
