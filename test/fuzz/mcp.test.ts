/**
 * The MCP server on random and hostile requests, through the SDK's own `Client` over the in-memory transport:
 * random tool names and argument objects; schema-shaped arguments with hostile values (mutated programs and
 * events, wrong types, out-of-range numbers, oversized strings, deep nesting, path traversal and a symbolic link out
 * of the allowed root, `__proto__` keys); random resource URIs and prompt arguments. See mcp-checks.ts for what
 * every answer must satisfy.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVT_TOKENS } from './event-checks.js';
import { VPL_TOKENS } from './language-checks.js';
import { type McpHarness, type McpRequest, mcpProblem, outcomes, startMcp } from './mcp-checks.js';
import { check, evtCorpus, mutantArb, mutate, mutationArb, runs, timeout, vplCorpus } from './support.js';

const TOOLS = [
  'validate_vpl',
  'format_vpl',
  'explain_vpl',
  'fix_vpl',
  'simulate_vpl',
  'infer_event_schema',
  'generate_sample_events',
  'lookup_vpl_reference',
];
const PROMPTS = ['convert_query_to_vpl', 'debug_silent_stream', 'write_vpl_pattern'];

let h: McpHarness;

beforeAll(async () => {
  h = await startMcp();
  // A link inside the allowed root that points out of it.
  symlinkSync(join(h.root, 'secret.evt'), join(h.root, 'allowed', 'link.evt'));
});
afterAll(async () => {
  await h?.close();
});

const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, -1, 0, 2 ** 53),
  fc.string({ maxLength: 20 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const nested = (open: string, close: string) =>
  fc.integer({ min: 1, max: 20_000 }).map((n) => `stream S = A .where(${open.repeat(n)}1${close.repeat(n)})`);

const program = fc.oneof(
  { weight: 6, arbitrary: mutantArb(vplCorpus, VPL_TOKENS, 4).map((m) => m.text) },
  { weight: 2, arbitrary: fc.constantFrom(...vplCorpus.map((f) => f.text)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
  { weight: 1, arbitrary: nested('(', ')') },
  { weight: 1, arbitrary: nested('[', ']') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '\n'.repeat(30_000), 'x'.repeat(1_000_001), 'event A:\n    x: int\n'.repeat(5_000)),
  },
  { weight: 1, arbitrary: junk },
);

const eventsText = fc.oneof(
  { weight: 4, arbitrary: mutantArb(evtCorpus, EVT_TOKENS, 4).map((m) => m.text) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('@1s A { v: 1 }\n'.repeat(20_000), `[${'['.repeat(5000)}`) },
  { weight: 1, arbitrary: junk },
);

const eventObject = fc.oneof(
  fc.record(
    {
      event_type: fc.oneof(fc.constantFrom('A', 'B', 'Reading', ''), junk),
      timestamp: fc.oneof(fc.integer(), fc.constantFrom('2025-03-09T06:30:00Z', 'yesterday', -1, 1e300), junk),
      data: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), junk),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 4 }),
);

const path = fc.oneof(
  fc.constantFrom(
    'events.evt',
    'events.jsonl',
    'link.evt',
    '../secret.evt',
    '../../../../../../etc/passwd',
    '/etc/passwd',
    '/etc/shadow',
    'events.evt\0.txt',
    './././events.evt',
    '..',
    '.',
    '',
    '~/.ssh/id_rsa',
    'file:///etc/passwd',
    '%2e%2e/secret.evt',
    'x'.repeat(5_000),
  ),
  fc.string({ maxLength: 40 }),
);

const numberish = fc.oneof(fc.integer({ min: -10, max: 100_000 }), junk);

/** Arguments shaped like the tools' schemas, with hostile values. */
const shapedArguments = fc.record(
  {
    program,
    includeHints: fc.oneof(fc.boolean(), junk),
    codes: fc.oneof(
      fc.array(fc.constantFrom('E012', 'W030', 'VPL-O032', '', '*', 'x'.repeat(50)), { maxLength: 60 }),
      junk,
    ),
    eventsText,
    events: fc.oneof(fc.array(eventObject, { maxLength: 20 }), junk),
    eventsFile: fc.oneof(path, junk),
    format: fc.oneof(fc.constantFrom('evt', 'jsonl', 'csv', ''), junk),
    streams: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }), junk),
    wallTimeMs: numberish,
    maxOutputEvents: numberish,
    allowedLatenessMs: numberish,
    stream: fc.oneof(fc.constantFrom('S', 'Alerts', '', 'x'.repeat(300)), fc.string({ maxLength: 10 }), junk),
    query: fc.oneof(
      fc.constantFrom('window', '.*(', '[', '\\', 'E012', '', 'x'.repeat(300)),
      fc.string({ maxLength: 30 }),
      junk,
    ),
    kinds: fc.oneof(fc.array(fc.constantFrom('guide', 'builtin', 'example', 'secret'), { maxLength: 4 }), junk),
    maxResults: numberish,
    ['__proto__' as string]: fc.constant({ polluted: 'yes' }),
    constructor: junk,
  },
  { requiredKeys: [] },
);

/** Corpus programs with their sample input and stream names, for well-formed calls. */
const pairs = vplCorpus
  .map((f) => ({
    program: f.text,
    events: evtCorpus.find((e) => e.name === f.name.replace(/\.vpl$/, '.evt'))?.text,
    streams: [...f.text.matchAll(/^stream\s+(\w+)/gm)].map((m) => m[1]!),
  }))
  .filter((p) => p.events !== undefined && p.streams.length > 0);
const pair = fc.constantFrom(...pairs);
const mutatedEvents = (text: string) =>
  fc.array(mutationArb(EVT_TOKENS), { maxLength: 3 }).map((mutations) => mutate(text, mutations));

/** Well-formed calls of each tool (mostly valid values, sometimes mutated), where the tools' own code runs. */
const wellFormed: fc.Arbitrary<{ name: string; arguments: Record<string, unknown> }> = fc.oneof(
  fc.record({
    name: fc.constantFrom('validate_vpl', 'format_vpl', 'explain_vpl', 'fix_vpl'),
    arguments: fc.record({ program: mutantArb(vplCorpus, VPL_TOKENS, 2).map((m) => m.text) }),
  }),
  pair.chain((p) =>
    fc.record({
      name: fc.constant('simulate_vpl'),
      arguments: fc.oneof(
        fc.record(
          {
            program: fc.constant(p.program),
            eventsText: mutatedEvents(p.events!),
            streams: fc.subarray(p.streams),
            maxOutputEvents: fc.integer({ min: 0, max: 500 }),
            allowedLatenessMs: fc.integer({ min: 0, max: 60_000 }),
          },
          { requiredKeys: ['program', 'eventsText'] },
        ),
        fc.record({ program: fc.constant(p.program), eventsFile: path }),
        fc.record({ program: fc.constant(p.program), events: fc.array(eventObject, { maxLength: 10 }) }),
      ),
    }),
  ),
  pair.chain((p) =>
    fc.record({
      name: fc.constant('infer_event_schema'),
      arguments: fc.oneof(
        fc.record({ eventsText: mutatedEvents(p.events!) }),
        fc.record({ eventsFile: path }),
        fc.record({ events: fc.array(eventObject, { maxLength: 10 }) }),
      ),
    }),
  ),
  pair.chain((p) =>
    fc.record({
      name: fc.constant('generate_sample_events'),
      arguments: fc.record({ program: fc.constant(p.program), stream: fc.constantFrom(...p.streams, 'Missing') }),
    }),
  ),
  fc.record({
    name: fc.constant('lookup_vpl_reference'),
    arguments: fc.record(
      {
        query: fc.oneof(
          fc.constantFrom('window', 'within', 'E012', 'partition_by', 'count_distinct'),
          fc.string({ minLength: 1, maxLength: 30 }),
        ),
        kinds: fc.subarray(['guide', 'builtin', 'example']),
        maxResults: fc.integer({ min: 1, max: 10 }),
      },
      { requiredKeys: ['query'] },
    ),
  }),
);

const request: fc.Arbitrary<McpRequest> = fc.oneof(
  { weight: 8, arbitrary: wellFormed.map((w) => ({ kind: 'tool' as const, ...w })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('tool' as const),
      name: fc.constantFrom(...TOOLS),
      arguments: shapedArguments,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tool' as const),
      name: fc.oneof(fc.constantFrom(...TOOLS), fc.string({ maxLength: 20 })),
      arguments: fc.oneof(fc.object({ maxDepth: 3 }), junk),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('resource' as const),
      uri: fc.oneof(
        fc.constantFrom(
          'vpl://grammar',
          'vpl://guide/',
          'vpl://guide/../../etc/passwd',
          'vpl://examples/%2e%2e%2fsecret',
          'vpl://examples/fraud-card-velocity',
          'file:///etc/passwd',
          'vpl://',
          '',
        ),
        fc.string({ maxLength: 30 }).map((s) => `vpl://guide/${s}`),
        fc.string({ maxLength: 30 }).map((s) => `vpl://examples/${s}`),
        fc.webUrl(),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('prompt' as const),
      name: fc.oneof(fc.constantFrom(...PROMPTS), fc.string({ maxLength: 20 })),
      arguments: fc.oneof(
        fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(program, fc.string()), { maxKeys: 4 }),
        junk,
      ),
    }),
  },
);

/** Requests as JSON (large strings cut, so that a regression file stays readable). */
export function serializeRequest(r: McpRequest): string {
  return `${JSON.stringify(r, (_k, v) => (typeof v === 'string' && v.length > 100_000 ? `${v.slice(0, 100_000)}` : v), 2)}\n`;
}

describe('the MCP server on random and hostile requests', () => {
  it(
    'answers every request (a result, a tool error with an explanation, or invalid params), stays up, leaks nothing',
    async () => {
      await check(
        fc.asyncProperty(request, async (r) => {
          const problem = await mcpProblem(h, r);
          if (problem) throw new Error(problem);
        }),
        runs(200),
        { target: 'mcp', ext: 'json', serialize: serializeRequest },
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      // The arguments must reach the tools' own code often enough to test it, not only the schema validation.
      const ok = [...outcomes].filter(([k]) => k.endsWith(' ok')).reduce((n, [, v]) => n + v, 0);
      const toolErrors = [...outcomes].filter(([k]) => k.endsWith(' tool-error')).reduce((n, [, v]) => n + v, 0);
      if (process.env.VPL_FUZZ_STATS) console.error(Object.fromEntries([...outcomes].sort()));
      expect(ok).toBeGreaterThan(0);
      expect(toolErrors).toBeGreaterThan(0);
    },
    timeout(240_000),
  );
});
