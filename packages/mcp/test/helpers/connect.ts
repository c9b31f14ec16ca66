import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createVplMcpServer, type VplMcpServerOptions } from '../../src/index.js';

/** A real SDK client connected to a fresh server over an in-memory transport pair. */
export async function connect(
  options: VplMcpServerOptions = {},
): Promise<{ client: Client; close: () => Promise<void>; logs: string[] }> {
  const logs: string[] = [];
  const instance = await createVplMcpServer({ log: (m) => logs.push(m), ...options });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'vpl-test', version: '1.0.0' });
  await Promise.all([instance.server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    logs,
    close: async () => {
      await client.close();
      await instance.close();
    },
  };
}

/** Structured content typed loosely: tests assert on its shape with `expect`. */
// biome-ignore lint/suspicious/noExplicitAny: assertions navigate the structured content freely
type Loose = any;

/** Calls a tool and returns its result with the structured content typed loosely for assertions. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult & { structuredContent?: Loose }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent?: Loose };
}

/** The text of a result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}
