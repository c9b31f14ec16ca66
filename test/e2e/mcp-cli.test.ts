// `varpulis mcp` (the CLI subcommand, as docs/mcp.md configures it for hosts) over stdio and over Streamable HTTP,
// driven by the MCP SDK's own client. Needs `pnpm run build` first.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'packages', 'cli', 'bin', 'varpulis.js');
const programs = join(repo, 'test', 'programs');

const requireFromMcp = createRequire(join(repo, 'packages', 'mcp', 'package.json'));
const sdk = async <T>(path: string): Promise<T> =>
  (await import(pathToFileURL(requireFromMcp.resolve(`@modelcontextprotocol/sdk/${path}`)).href)) as T;
type ClientModule = typeof import('@modelcontextprotocol/sdk/client/index.js');
type Client = import('@modelcontextprotocol/sdk/client/index.js').Client;
// biome-ignore lint/suspicious/noExplicitAny: assertions navigate the structured content freely
type Loose = any;

async function exercise(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([
    'explain_vpl',
    'fix_vpl',
    'format_vpl',
    'generate_sample_events',
    'infer_event_schema',
    'lookup_vpl_reference',
    'simulate_vpl',
    'validate_vpl',
  ]);
  const { prompts } = await client.listPrompts();
  expect(prompts).toHaveLength(3);
  const bad = (await client.callTool({ name: 'validate_vpl', arguments: { program: 'stream S = R.where(' } })) as Loose;
  expect(bad.structuredContent.ok).toBe(false);
  expect(bad.structuredContent.counts.errors).toBeGreaterThan(0);
}

describe('varpulis mcp (the CLI subcommand)', () => {
  test('over stdio: tools, prompts, a diagnostic, and a file read under --allow-root', async () => {
    const { Client } = await sdk<ClientModule>('client/index.js');
    const { StdioClientTransport } =
      await sdk<typeof import('@modelcontextprotocol/sdk/client/stdio.js')>('client/stdio.js');
    const client = new Client({ name: 'e2e-cli', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cli, 'mcp', '--allow-root', programs],
        stderr: 'pipe',
      }),
    );
    try {
      await exercise(client);
      const { contents } = await client.readResource({ uri: 'vpl://examples/fraud-account-takeover' });
      const run = (await client.callTool({
        name: 'simulate_vpl',
        arguments: { program: String(contents[0]!.text), eventsFile: 'fraud-account-takeover.evt' },
      })) as Loose;
      expect(run.structuredContent.emittedByStream).toEqual({ TakeoverSuspected: 2 });
    } finally {
      await client.close();
    }
  });

  test('over Streamable HTTP on loopback (--http --port 0), with a bearer token', async () => {
    const child: ChildProcess = spawn(process.execPath, [cli, 'mcp', '--http', '--port', '0', '--token', 's3cret'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      let log = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (chunk) => {
          log += String(chunk);
          const ready = /ready on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(log);
          if (ready) resolve(ready[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${log}`)));
      });
      const { Client } = await sdk<ClientModule>('client/index.js');
      const { StreamableHTTPClientTransport } =
        await sdk<typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js')>('client/streamableHttp.js');
      const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(401);
      const client = new Client({ name: 'e2e-cli-http', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { Authorization: 'Bearer s3cret' } },
        }),
      );
      await exercise(client);
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
