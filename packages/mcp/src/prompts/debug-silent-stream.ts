import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';

/** `debug_silent_stream`: find out why a stream emits nothing. */
export function registerDebugSilentStreamPrompt(server: McpServer, deps: ServerDeps): void {
  server.registerPrompt(
    'debug_silent_stream',
    {
      title: 'Debug why a VPL stream emits nothing',
      description: 'A step-by-step investigation of a stream that produces no output on some input.',
      argsSchema: {
        program: z.string().max(deps.limits.maxProgramChars).describe('the VPL program'),
        stream: z.string().max(200).describe('the stream that emits nothing'),
        events: z
          .string()
          .max(deps.limits.maxEventTextChars)
          .optional()
          .describe('the input events (.evt or JSON lines), if any'),
      },
    },
    ({ program, stream, events }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `The stream \`${stream}\` of this VPL program emits nothing${events ? ' on the events below' : ''}. Find out why and propose a fix.

\`\`\`vpl
${program}
\`\`\`
${events ? `\nEvents:\n\`\`\`\n${events}\n\`\`\`\n` : ''}
Investigate with the Varpulis tools, in this order:
1. validate_vpl: an error prevents the program from loading; warnings such as W030 (undeclared event type: a typo in a type name?),
   W001 (aggregate without window) or VPL-N002 (unverifiable field name) often explain silence.
2. explain_vpl: read the stream's operations in plain words. Does it end in .emit(...)? (Only .emit produces output.) Does it read the
   event types the input contains, spelled the same way?
3. simulate_vpl with the events: look at inputErrors (lines that are not events), lateEvents (events older than the watermark are
   refused by windows, sequences with .within and joins), runtimeErrors, and what the upstream streams emit (remove the \`streams\` filter).
4. generate_sample_events for \`${stream}\`: if a witness exists, compare it with the real events (field names, value types such as
   "5" vs 5, timestamps and the .within / window sizes). If none exists, the conditions may be contradictory.
5. Common causes: a time window that never closes is still fired at the end of input, but a count window that is not full is dropped;
   each sequence run takes the first matching event for its next step; \`x != 5\` is true when x is missing, \`x < 5\` is false.
Explain the cause in one or two sentences and give the corrected program (validated with validate_vpl).`,
          },
        },
      ],
    }),
  );
}
