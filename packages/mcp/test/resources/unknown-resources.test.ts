import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect } from '../helpers/connect.js';
import { startHttp } from '../helpers/http.js';

/** The protocol error a read answers (the SDK's client throws it as an `McpError`). */
async function readError(client: Client, uri: string): Promise<McpError> {
  const error = await client.readResource({ uri }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof McpError)) throw new Error(`expected a protocol error for ${uri}, got ${String(error)}`);
  return error;
}

describe('reading a resource the server does not have', () => {
  let session: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    session = await connect();
  });
  afterAll(async () => session.close());

  test('an unknown example is -32002 (resource not found) with the URI and the example names', async () => {
    const error = await readError(session.client, 'vpl://examples/no-such-example');
    expect(error.code).toBe(-32002);
    expect(error.data).toEqual({ uri: 'vpl://examples/no-such-example' });
    expect(error.message).toContain('Resource not found: vpl://examples/no-such-example.');
    expect(error.message).toContain("no example named 'no-such-example'");
    expect(error.message).toContain('fraud-account-takeover');
    // The message appears once: no repeated "MCP error -32002:" prefix.
    expect(error.message.match(/MCP error/g)).toHaveLength(1);
  });

  test('an unknown guide section is -32002 with the URI and the section URIs', async () => {
    const error = await readError(session.client, 'vpl://guide/no-such-section');
    expect(error.code).toBe(-32002);
    expect(error.data).toEqual({ uri: 'vpl://guide/no-such-section' });
    expect(error.message).toContain('Resource not found: vpl://guide/no-such-section.');
    expect(error.message).toContain('vpl://guide/streams');
  });

  test.each([
    'vpl://nothing',
    'vpl://guide/streams/more',
    'vpl://grammar/extra',
    'file:///etc/passwd',
    'https://example.com/',
  ])('a URI outside every resource (%s) is -32002 and points to the valid ones', async (uri) => {
    const error = await readError(session.client, uri);
    expect(error.code).toBe(-32002);
    expect(error.data).toEqual({ uri });
    expect(error.message).toContain(`Resource not found: ${uri}.`);
    expect(error.message).toContain('vpl://guide/{section}');
    expect(error.message).toContain('resources/list');
  });

  test('a uri that is not a URI is invalid params (-32602), not an internal error', async () => {
    for (const uri of ['', 'not a uri', '::']) {
      const error = await readError(session.client, uri);
      expect(error.code).toBe(-32602);
      expect(error.message).toContain('is not a URI');
    }
  });

  test('the known resources still read, and the server answers after the refusals', async () => {
    const grammar = await session.client.readResource({ uri: 'vpl://grammar' });
    expect(String(grammar.contents[0]!.text)).toContain('# VPL grammar summary');
    const page = await session.client.readResource({ uri: 'vpl://guide/streams' });
    expect(page.contents[0]).toMatchObject({ uri: 'vpl://guide/streams', mimeType: 'text/markdown' });
    const example = await session.client.readResource({ uri: 'vpl://examples/fraud-account-takeover' });
    expect(example.contents).toHaveLength(2);
  });
});

describe('over Streamable HTTP', () => {
  test('the -32002 error reaches a real client with its code, message and URI', async () => {
    const server = await startHttp([]);
    const client = new Client({ name: 'resource-test', version: '1' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      const error = await readError(client, 'vpl://examples/missing');
      expect(error.code).toBe(-32002);
      expect(error.data).toEqual({ uri: 'vpl://examples/missing' });
      expect(error.message).toContain('Resource not found: vpl://examples/missing.');
    } finally {
      await client.close();
      expect(await server.stop()).toBe(0);
    }
  });
});
