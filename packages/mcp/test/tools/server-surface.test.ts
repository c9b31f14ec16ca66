import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, connect } from '../helpers/connect.js';

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

describe('server surface: tools, resources and prompts', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('lists every tool with verb-first snake_case names, input and output schemas and read-only annotations', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(tool.description?.length ?? 0).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe('object');
      expect(Object.keys(tool.inputSchema.properties ?? {}).length).toBeGreaterThan(0);
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        idempotentHint: true,
        openWorldHint: false,
        destructiveHint: false,
      });
    }
    const simulate = tools.find((t) => t.name === 'simulate_vpl')!;
    expect(Object.keys(simulate.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['program', 'eventsText', 'events', 'eventsFile', 'format', 'wallTimeMs']),
    );
    expect(simulate.inputSchema.required).toEqual(['program']);
    const validate = tools.find((t) => t.name === 'validate_vpl')!;
    expect((validate.inputSchema.properties as Record<string, { maxLength?: number }>).program?.maxLength).toBe(
      1_000_000,
    );
  });

  test('a call with arguments of the wrong type is an error result, not a crash', async () => {
    const result = await call(session.client, 'validate_vpl', { program: 42 });
    expect(result.isError).toBe(true);
    const missing = await call(session.client, 'simulate_vpl', {});
    expect(missing.isError).toBe(true);
  });

  test('example programs are a resource template with a listing, and each comes with its events', async () => {
    const { resourceTemplates } = await session.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(
      expect.arrayContaining(['vpl://examples/{name}', 'vpl://guide/{section}']),
    );
    const { resources } = await session.client.listResources();
    const examples = resources.filter((r) => r.uri.startsWith('vpl://examples/'));
    expect(examples.length).toBeGreaterThanOrEqual(70);
    const read = await session.client.readResource({ uri: 'vpl://examples/fraud-account-takeover' });
    expect(read.contents[0]).toMatchObject({ mimeType: 'text/x-vpl' });
    expect(String(read.contents[0]!.text)).toContain('stream TakeoverSuspected');
    expect(String(read.contents[1]!.text)).toContain('PasswordReset');
    await expect(session.client.readResource({ uri: 'vpl://examples/no-such-example' })).rejects.toThrow(
      /-32002: Resource not found: vpl:\/\/examples\/no-such-example/,
    );
  });

  test('the grammar summary and the guide pages are readable', async () => {
    const grammar = await session.client.readResource({ uri: 'vpl://grammar' });
    expect(String(grammar.contents[0]!.text)).toContain('.window(');
    const { resources } = await session.client.listResources();
    const guide = resources.filter((r) => r.uri.startsWith('vpl://guide/'));
    if (guide.length > 0) {
      const page = await session.client.readResource({ uri: guide[0]!.uri });
      expect(String(page.contents[0]!.text).length).toBeGreaterThan(100);
    }
  });

  test('prompts: write a pattern, debug a silent stream, convert a query', async () => {
    const { prompts } = await session.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual([
      'convert_query_to_vpl',
      'debug_silent_stream',
      'write_vpl_pattern',
    ]);
    const write = await session.client.getPrompt({
      name: 'write_vpl_pattern',
      arguments: { description: 'a card used twice in a minute' },
    });
    expect(JSON.stringify(write.messages)).toContain('validate_vpl');
    const debug = await session.client.getPrompt({
      name: 'debug_silent_stream',
      arguments: { program: 'stream S = A.emit()', stream: 'S' },
    });
    expect(JSON.stringify(debug.messages)).toContain('generate_sample_events');
    const convert = await session.client.getPrompt({
      name: 'convert_query_to_vpl',
      arguments: { query: 'select * from pattern [every a=A -> b=B]', dialect: 'esper' },
    });
    expect(JSON.stringify(convert.messages)).toContain('Esper');
  });
});
