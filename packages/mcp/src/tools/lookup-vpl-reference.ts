import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { searchReference } from '../reference/reference-search.js';
import { failure, READ_ONLY_ANNOTATIONS, success } from './tool-kit.js';

/** `lookup_vpl_reference`: searches the bundled language guide, the builtin registry and the example programs. */
export function registerLookupVplReferenceTool(server: McpServer, deps: ServerDeps): void {
  const { limits, reference } = deps;
  server.registerTool(
    'lookup_vpl_reference',
    {
      title: 'Look up the VPL language guide',
      description:
        'Search the VPL language guide for an operation (e.g. "window", ".within", "partition_by"), a builtin function or variable ' +
        '(e.g. "count_distinct", "forecast_probability"), a concept (e.g. "late events watermark", "kleene", "join") or a diagnostic code ' +
        '(e.g. "VPL-N001"), and optionally the example programs. Returns the best matching sections with their text and the resource URI to ' +
        'read the whole page (vpl://guide/<page>, vpl://examples/<name>). Use it before writing syntax you are not sure of.',
      inputSchema: {
        query: z
          .string()
          .min(1)
          .max(limits.maxQueryChars, {
            message: `The query is longer than ${limits.maxQueryChars} characters; use a few keywords.`,
          })
          .describe('keywords: an operation, builtin, concept or diagnostic code'),
        kinds: z
          .array(z.enum(['guide', 'builtin', 'example']))
          .optional()
          .describe('what to search (default: all)'),
        maxResults: z.number().int().min(1).max(limits.maxReferenceResults).optional(),
      },
      outputSchema: {
        results: z.array(
          z.object({
            kind: z.enum(['guide', 'builtin', 'example']),
            uri: z.string(),
            title: z.string(),
            context: z.string(),
            text: z.string(),
            truncated: z.boolean(),
            score: z.number(),
          }),
        ),
        guidePages: z.array(z.string()).describe('the pages of the bundled guide'),
      },
      annotations: READ_ONLY_ANNOTATIONS,
    },
    async ({ query, kinds, maxResults }) => {
      const results = searchReference(reference, query, {
        max: maxResults ?? 5,
        maxChars: limits.maxSectionChars,
        ...(kinds ? { kinds } : {}),
      });
      const guidePages = reference.guide.map((p) => p.name);
      if (results.length === 0) {
        return failure(
          `Nothing in the VPL reference matches "${query}". Try another keyword (an operation name like "window", a builtin like "avg", or a concept like "sequence"), or read the pages: ${guidePages.map((p) => `vpl://guide/${p}`).join(', ') || 'vpl://grammar'}.`,
          { results: [], guidePages },
        );
      }
      return success({ results, guidePages }, results.map((r) => `${r.kind}: ${r.title} (${r.uri})`).join('\n'));
    },
  );
}
