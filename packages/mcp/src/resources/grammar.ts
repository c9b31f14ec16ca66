import type { McpServer, RegisteredResource } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../deps.js';

/** The URI of the grammar summary. */
export const GRAMMAR_URI = 'vpl://grammar';

/** A summary of the grammar for writing VPL, followed by the full Langium grammar (`vpl://grammar`). */
export function registerGrammarResource(server: McpServer, deps: ServerDeps): RegisteredResource {
  return server.registerResource(
    'vpl-grammar',
    GRAMMAR_URI,
    {
      title: 'VPL grammar summary',
      description: 'The shape of every VPL statement, stream source, operation and pattern, then the complete grammar.',
      mimeType: 'text/markdown',
    },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'text/markdown',
          text: `${GRAMMAR_SUMMARY}\n\n## Complete grammar (Langium)\n\n\`\`\`langium\n${deps.reference.grammar}\n\`\`\`\n`,
        },
      ],
    }),
  );
}

/** A one-page cheat sheet: what an assistant needs to write correct VPL. */
export const GRAMMAR_SUMMARY = `# VPL grammar summary

VPL (Varpulis Processing Language) declares event shapes and named streams built by chaining operations.
Comments start with \`#\` (never \`//\`); strings use double quotes; statements have no terminator; indentation
matters only in blocks after \`event …:\`, \`fn …:\`, \`if/elif/else\`, \`for\`, \`while\`, \`config:\`.

\`\`\`text
event Name [extends Base]:            # indented fields, one per line
    field: int | float | bool | str | timestamp | duration | [T] | {str: T} | T?
const NAME = expr                      # also let / var; var can be reassigned with :=
fn name(p: type, …) -> type:           # indented body; last expression or return is the result
connector C = kind(key: value, …)      # mqtt, kafka, nats, http, database, redis, console, file, …
pattern P = SEQ(A as a, NOT B where …, C+ where …) within 5m partition by key

stream S = Source .op(...) .op(...) …
Source := EventType | EventType as alias | all EventType as a | OtherStream | PatternName
        | EventType.from(Connector, topic: "…") | merge(A, B, …) | join(A, B) | timer(1m)
        | sequence(a: A where …, b: B where … .within(5m))
Steps  := -> [all] EventType [where condition] [as alias]      # event sequences (skip-till-next-match)
Ops    := .where(cond) .select(a, b: expr) .window(5m | 100 | 10m, sliding: 1m | session: 2m)
          .aggregate(n: count(), total: sum(x), avg_x: avg(x), top: max(x), k: last(k))
          .having(cond) .partition_by(field) .within(30m) .not(EventType where cond)
          .emit(field: expr, …) .emit() .to(Connector, topic: "…") .print(…) .log(level: "info", message: "…")
          .process(fn_call()) .on(A.k == B.k) .distinct(expr) .limit(n) .trend_aggregate(…) .forecast(…)
          .enrich(Connector, key: expr, fields: [a, b]) .allowed_lateness(10s) .watermark(out_of_order: 5s)
\`\`\`

Rules that trip people up:
* Conditions use \`and\`, \`or\`, \`not\` (never \`&&\`, \`||\`, \`!\`); equality is \`==\`; \`x in [..]\` tests membership.
* In \`.aggregate(...)\` every field must be inside an aggregate call: write \`k: last(k)\`, not \`k: k\`
  (a partitioned aggregate keeps its key field anyway).
* \`.having\` needs an earlier \`.aggregate\`; \`.within\` needs a \`->\` sequence; a \`join(...)\` needs \`.on(...)\`.
* Only \`.emit(...)\` produces output events; the output event type is the stream's name.
* Time is event time: \`.evt\` input lines look like \`@5s Reading { sensor: "s1", temp: 21.5 }\`;
  JSON events are \`{"event_type": "Reading", "timestamp": 5000, "data": {…}}\`.
* Durations: \`500ms\`, \`5s\`, \`10m\`, \`2h\`, \`1d\`. Time windows are aligned to the epoch; the end of input fires them.
`;
