import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, test } from 'vitest';
import { runMcpServer } from '../src/main.js';
import { startHttp } from './helpers/http.js';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('runMcpServer', () => {
  test('usage errors and --help return exit codes without exiting the process', async () => {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (c) => {
      text += String(c);
    });
    expect(await runMcpServer(['--bogus'], { stderr })).toBe(2);
    expect(text).toMatch(/unknown option --bogus/);
    expect(await runMcpServer(['--help'], { stderr })).toBe(0);
    expect(await runMcpServer(['--allow-root', '/no/such/dir/anywhere'], { stderr })).toBe(1);
    expect(await runMcpServer(['--http', '--host', '0.0.0.0'], { stderr, env: {} })).toBe(2);
    expect(text).toMatch(/without a token/);
  });

  test('Streamable HTTP on 127.0.0.1: a real client lists and calls tools', async () => {
    const server = await startHttp([]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const client = new Client({ name: 'http-test', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      expect((await client.listTools()).tools).toHaveLength(8);
      const result = await client.callTool({ name: 'validate_vpl', arguments: { program: 'event R:\n    a: int\n' } });
      expect(result.structuredContent).toMatchObject({ ok: true });
      await client.close();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  test('DNS-rebinding protection: a foreign Host or Origin is refused', async () => {
    const server = await startHttp([]);
    try {
      const port = new URL(server.url).port;
      const ok = await fetch(server.url, { method: 'POST', headers: HEADERS, body: JSON.stringify(INIT) });
      expect(ok.status).toBe(200);
      const origin = await fetch(server.url, {
        method: 'POST',
        headers: { ...HEADERS, origin: 'http://evil.example' },
        body: JSON.stringify(INIT),
      });
      expect(origin.status).toBe(403);
      // fetch does not let a caller set Host: speak HTTP directly.
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: '/mcp',
            method: 'POST',
            headers: { ...HEADERS, host: `evil.example:${port}` },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(INIT));
      });
      expect(status).toBe(403);
      const notFound = await fetch(server.url.replace('/mcp', '/other'), {
        method: 'POST',
        headers: HEADERS,
        body: '{}',
      });
      expect(notFound.status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  test('with --token, requests need the bearer token', async () => {
    const server = await startHttp(['--token', 's3cret']);
    try {
      const without = await fetch(server.url, { method: 'POST', headers: HEADERS, body: JSON.stringify(INIT) });
      expect(without.status).toBe(401);
      const wrong = await fetch(server.url, {
        method: 'POST',
        headers: { ...HEADERS, authorization: 'Bearer nope' },
        body: JSON.stringify(INIT),
      });
      expect(wrong.status).toBe(401);
      const client = new Client({ name: 'http-test', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: { authorization: 'Bearer s3cret' } },
        }),
      );
      expect((await client.listTools()).tools.length).toBe(8);
      await client.close();
      expect(server.log()).toContain('bearer token required');
    } finally {
      await server.stop();
    }
  });
});
