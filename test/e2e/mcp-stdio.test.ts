// End-to-end: the built `varpulis-mcp` binary over stdio, driven by the MCP SDK's own client the way an assistant
// would use it (write, validate, fix, explain, generate, simulate), plus a raw check that stdout carries nothing
// but JSON-RPC messages. Needs `pnpm run build` first.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(repo, 'packages', 'mcp', 'bin', 'varpulis-mcp.js');
const programs = join(repo, 'test', 'programs');

// The SDK is a dependency of @varpulis/mcp: resolve it from there.
const requireFromMcp = createRequire(join(repo, 'packages', 'mcp', 'package.json'));
const sdk = async <T>(path: string): Promise<T> =>
  (await import(pathToFileURL(requireFromMcp.resolve(`@modelcontextprotocol/sdk/${path}`)).href)) as T;

type Client = import('@modelcontextprotocol/sdk/client/index.js').Client;
// biome-ignore lint/suspicious/noExplicitAny: assertions navigate the structured content freely
type Loose = any;
type Result = { isError?: boolean; structuredContent?: Loose; content: { type: string; text?: string }[] };

const DRAFT = `// Large withdrawals right after a password change, per account
event PasswordChanged:
    account: str

event Withdrawal:
    account: str
    amount: float

stream RiskyWithdrawal = PasswordChanged as change
    -> Withdrawal where account == change.account && amount > 1000.0 as w
    .within(10m)
    .emit(account: change.account, amount: w.amount, note: 'large')
`;

describe('varpulis-mcp over stdio', () => {
  let client: Client;
  const stderr: string[] = [];
  const protocolErrors: Error[] = [];

  beforeAll(async () => {
    const { Client } = await sdk<typeof import('@modelcontextprotocol/sdk/client/index.js')>('client/index.js');
    const { StdioClientTransport } =
      await sdk<typeof import('@modelcontextprotocol/sdk/client/stdio.js')>('client/stdio.js');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, '--allow-root', programs],
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk) => stderr.push(String(chunk)));
    client = new Client({ name: 'e2e-assistant', version: '1.0.0' });
    client.onerror = (e) => protocolErrors.push(e);
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
  });

  const callTool = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as Result;

  test('an assistant writes, validates, fixes, explains, tests and runs a program', async () => {
    const { tools } = await client.listTools();
    expect(tools.length).toBe(8);

    // 1. The draft has a comment, an operator and a field name from other languages.
    const first = await callTool('validate_vpl', { program: DRAFT });
    expect(first.structuredContent.ok).toBe(false);
    const codes = first.structuredContent.diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['VPL-L001', 'VPL-P001']));

    // 2. fix_vpl repairs what it can, round after round.
    const fixed = await callTool('fix_vpl', { program: DRAFT });
    expect(fixed.structuredContent.ok).toBe(true);
    const program: string = fixed.structuredContent.fixed;
    expect(program).toContain('# Large withdrawals');
    expect(program).toContain('account == change.account and amount > 1000.0');
    expect(program).toContain('note: "large"');

    // 3. Validation is now clean, and the explanation matches the intent.
    expect((await callTool('validate_vpl', { program })).structuredContent).toMatchObject({
      ok: true,
      counts: { errors: 0 },
    });
    const explained = (await callTool('explain_vpl', { program })).structuredContent;
    const stream = explained.streams[0];
    expect(stream.operations.map((o: { op: string }) => o.op)).toEqual(['->', 'within', 'emit']);
    expect(stream.pattern).toMatch(
      /PasswordChanged \(as change\), then Withdrawal where .*amount > 1000\.0.* within 10m/,
    );
    expect(stream.output.fields).toEqual([
      { name: 'account', type: 'str', optional: false },
      { name: 'amount', type: 'float', optional: false },
      { name: 'note', type: 'str', optional: false },
    ]);
    expect(explained.graph.mermaid).toContain('flowchart LR');

    // 4. Sample events: a witness that emits and a near miss that does not, verified by the engine.
    const samples = (await callTool('generate_sample_events', { program, stream: 'RiskyWithdrawal' }))
      .structuredContent;
    expect(samples.witness.verified).toBe(true);
    expect(samples.nearMiss.verified).toBe(true);

    // 5. Simulation over the witness, and over JSON events.
    const run = (await callTool('simulate_vpl', { program, eventsText: samples.witness.eventsText })).structuredContent;
    expect(run.status).toBe('completed');
    expect(run.emittedByStream).toEqual({ RiskyWithdrawal: 1 });
    const json = (
      await callTool('simulate_vpl', {
        program,
        events: [
          { event_type: 'PasswordChanged', timestamp: 0, data: { account: 'acc-9' } },
          { event_type: 'Withdrawal', timestamp: 60_000, data: { account: 'acc-9', amount: 2500.0 } },
          { event_type: 'Withdrawal', timestamp: 61_000, data: { account: 'acc-1', amount: 9000.0 } },
        ],
      })
    ).structuredContent;
    expect(json.emitted).toEqual([
      { stream: 'RiskyWithdrawal', timestamp: 60_000, data: { account: 'acc-9', amount: 2500, note: 'large' } },
    ]);
  });

  test('an example program runs over its sample file from the allowed root; other paths are refused', async () => {
    const { contents } = await client.readResource({ uri: 'vpl://examples/fraud-account-takeover' });
    const program = String(contents[0]!.text);
    const run = (await callTool('simulate_vpl', { program, eventsFile: 'fraud-account-takeover.evt' }))
      .structuredContent;
    expect(run.emittedByStream).toEqual({ TakeoverSuspected: 2 });
    const outside = await callTool('simulate_vpl', { program, eventsFile: '../../package.json' });
    expect(outside.isError).toBe(true);
    expect(outside.content[0]!.text).toMatch(/Access denied/);
  });

  test('logs go to stderr and the client saw no protocol error', () => {
    expect(stderr.join('')).toContain('[varpulis-mcp] ready on stdio');
    expect(protocolErrors).toEqual([]);
  });
});

describe('varpulis-mcp stdout', () => {
  test('carries only JSON-RPC messages, even when tools fail', async () => {
    const child = spawn(process.execPath, [bin], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'validate_vpl', arguments: { program: 'stream S = R.where(' } },
    });
    send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'simulate_vpl',
        arguments: {
          program: 'event R:\n    a: int\nstream S = R.emit(a: a)\n',
          eventsText: 'R { a: 1 }\nnot an event',
        },
      },
    });
    send({
      jsonrpc: '2.0',
      id: 4,
      method: 'tools/call',
      params: { name: 'simulate_vpl', arguments: { program: 'x', eventsFile: '/etc/passwd' } },
    });
    send({ jsonrpc: '2.0', id: 5, method: 'no/such/method' });
    const deadline = Date.now() + 20_000;
    const answered = () =>
      [1, 2, 3, 4, 5].every((id) => stdout.includes(`"id":${id}}`) || stdout.includes(`"id":${id},`));
    while (Date.now() < deadline && !answered()) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      const message = JSON.parse(line);
      expect(message.jsonrpc).toBe('2.0');
    }
    const byId = new Map(lines.map((l) => JSON.parse(l)).map((m) => [m.id, m]));
    expect(byId.get(2).result.structuredContent.ok).toBe(false);
    expect(byId.get(3).result.structuredContent.inputErrors).toHaveLength(1);
    expect(byId.get(4).result.isError).toBe(true);
    expect(byId.get(5).error.code).toBe(-32601);
  });
});
