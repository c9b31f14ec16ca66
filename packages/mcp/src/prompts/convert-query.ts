import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { GRAMMAR_SUMMARY } from '../resources/grammar.js';

const DIALECT_NOTES: Readonly<Record<string, string>> = {
  esper: `Esper EPL: \`select … from A#time(5 min)\` → \`.window(5m)\` + \`.aggregate(...)\`; \`group by k\` → \`.partition_by(k)\`;
\`pattern [every a=A -> b=B(b.id = a.id) where timer:within(30 min)]\` → \`stream S = A as a -> B where id == a.id as b .within(30m)\`;
\`-> (B and not C)\` → \`.not(C where …)\`; \`insert into Out\` → the stream name is the output type.`,
  'flink-cep': `Flink CEP: \`Pattern.begin("a").where(…).next/followedBy("b").where(…).within(Time.minutes(30))\` →
\`A as a -> B where … as b .within(30m)\` (VPL uses skip-till-next-match: followedBy semantics; strict \`next\` has no direct equivalent);
\`.oneOrMore()\` → \`-> all B\`; \`.notFollowedBy("c")\` → \`.not(C where …)\`; \`keyBy(k)\` → \`.partition_by(k)\`;
\`PatternSelectFunction\` → \`.emit(field: a.x, …)\`.`,
  sql: `SQL / streaming SQL: \`WHERE\` → \`.where(...)\`; \`GROUP BY k\` with \`TUMBLE(ts, INTERVAL '5' MINUTE)\` → \`.partition_by(k) .window(5m)
.aggregate(...)\`; \`HOP(…, slide, size)\` → \`.window(size, sliding: slide)\`; \`HAVING\` → \`.having(...)\`; \`SELECT a, b AS c\` → \`.emit(a: a, c: b)\`;
\`JOIN … ON a.k = b.k\` within an interval → \`join(A, B).on(A.k == B.k).window(interval)\`; \`MATCH_RECOGNIZE\` → a \`->\` sequence.`,
};

/** `convert_query_to_vpl`: translate an Esper, Flink CEP or SQL query into VPL. */
export function registerConvertQueryPrompt(server: McpServer, deps: ServerDeps): void {
  server.registerPrompt(
    'convert_query_to_vpl',
    {
      title: 'Convert an Esper / Flink CEP / SQL query into VPL',
      description:
        'Translate a query from another CEP or streaming-SQL dialect into an equivalent, validated VPL program.',
      argsSchema: {
        query: z.string().max(deps.limits.maxProgramChars).describe('the query or pattern to convert'),
        dialect: z.string().max(40).optional().describe('esper, flink-cep or sql (default: guess from the text)'),
      },
    },
    ({ query, dialect }) => {
      const key = (dialect ?? '').toLowerCase().replace(/\s+/g, '-');
      const notes = DIALECT_NOTES[key] ?? Object.values(DIALECT_NOTES).join('\n\n');
      return {
        messages: [
          {
            role: 'user',
            content: {
              type: 'text',
              text: `Convert this ${dialect ?? 'CEP / streaming SQL'} query into VPL:

\`\`\`
${query}
\`\`\`

Mapping notes:
${notes}

Then: declare the event types with their fields (infer_event_schema helps if you have sample events), validate with validate_vpl and
fix_vpl, test the main stream with generate_sample_events and simulate_vpl, and list any semantic difference (selection strategy,
window alignment to the epoch, null handling, late events) between the original and the VPL program.

${GRAMMAR_SUMMARY}`,
            },
          },
        ],
      };
    },
  );
}
