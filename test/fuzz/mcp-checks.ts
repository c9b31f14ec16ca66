/**
 * What the MCP fuzz tests check on one request (shared by mcp.test.ts and the regression replay): a real SDK
 * `Client` talks to `createVplMcpServer` over the SDK's in-memory transport.
 *
 * A request may succeed, fail as a tool error (`isError: true`, with a text explaining why) or be refused by the
 * protocol with "invalid params" / "resource not found" (-32002, for any URI the server has no resource for); it must
 * never fail with an internal error, time out, leave the server unresponsive, or reveal a file outside the allowed
 * roots.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { createVplMcpServer } from '@varpulis/mcp';

/** One request to the server. */
export type McpRequest =
  | { readonly kind: 'tool'; readonly name: string; readonly arguments: unknown }
  | { readonly kind: 'resource'; readonly uri: string }
  | { readonly kind: 'prompt'; readonly name: string; readonly arguments: unknown };

/** A secret outside the allowed root: no answer may contain it. */
export const SECRET = 'SECRET-7f3a9c-NEVER-SHOWN';
/** The MCP specification's "resource not found" (not in the SDK's `ErrorCode`). */
const RESOURCE_NOT_FOUND = -32002;
/** Slowest acceptable answer (the simulation budget is lowered to 2 s below). */
const SLOW_MS = 15_000;

export interface McpHarness {
  readonly client: Client;
  readonly root: string;
  readonly logs: string[];
  close(): Promise<void>;
}

/** A server with one allowed root (holding an event file) next to a secret file, and a connected client. */
export async function startMcp(): Promise<McpHarness> {
  const root = mkdtempSync(join(tmpdir(), 'vpl-mcp-fuzz-'));
  const allowed = join(root, 'allowed');
  mkdirSync(allowed);
  writeFileSync(join(allowed, 'events.evt'), '@1s A { k: "a", v: 1 }\n@2s B { k: "a", v: 2 }\n');
  writeFileSync(join(allowed, 'events.jsonl'), '{"event_type":"A","timestamp":1000,"data":{"k":"a","v":1}}\n');
  writeFileSync(join(root, 'secret.evt'), `@1s Secret { token: "${SECRET}" }\n${SECRET}\n`);
  const logs: string[] = [];
  const instance = await createVplMcpServer({
    allowedRoots: [allowed],
    log: (m) => logs.push(m),
    limits: { defaultSimulationWallMs: 2_000, maxSimulationWallMs: 3_000, simulationKillGraceMs: 1_000 },
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'vpl-fuzz', version: '1.0.0' });
  await Promise.all([instance.server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    root,
    logs,
    close: async () => {
      await client.close();
      await instance.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Outcomes so far, by request kind (tool name) and result: ok, tool error, protocol refusal. */
export const outcomes = new Map<string, number>();
function count(key: string): void {
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

/** Why the server misbehaves on a request, or undefined. */
export async function mcpProblem(h: McpHarness, request: McpRequest): Promise<string | undefined> {
  const started = performance.now();
  let answer: unknown;
  try {
    const options = { timeout: SLOW_MS };
    switch (request.kind) {
      case 'tool':
        answer = await h.client.callTool(
          { name: request.name, arguments: request.arguments as Record<string, unknown> },
          undefined,
          options,
        );
        break;
      case 'resource':
        answer = await h.client.readResource({ uri: request.uri }, options);
        break;
      case 'prompt':
        answer = await h.client.getPrompt(
          { name: request.name, arguments: request.arguments as Record<string, string> },
          options,
        );
        break;
    }
  } catch (e) {
    if (!(e instanceof McpError)) return `the client threw ${(e as Error).stack ?? String(e)}`;
    const expected = [ErrorCode.InvalidParams, ErrorCode.InvalidRequest, ErrorCode.MethodNotFound, RESOURCE_NOT_FOUND];
    // The SDK validates the request envelope itself (`arguments` must be an object) and answers a malformed one with
    // -32603 and the zod issues: the SDK's choice, not an exception of the server.
    const envelope = e.code === ErrorCode.InternalError && /"path": \[\s*"params"/.test(e.message);
    if (!expected.includes(e.code) && !envelope) return `protocol error ${e.code}: ${e.message}`;
    // A resource the server does not have is -32002 (resource not found, per the MCP specification), naming the URI
    // and pointing to the valid ones; a `uri` that is not a URI is -32602.
    if (request.kind === 'resource') {
      if (e.code !== RESOURCE_NOT_FOUND && e.code !== ErrorCode.InvalidParams) {
        return `a resource read refused with ${e.code} instead of -32002: ${e.message}`;
      }
      if (!/resources\/list|vpl:\/\/guide\//.test(e.message)) {
        return `a resource refusal that does not point to the valid resources: ${e.message}`;
      }
    }
    answer = { error: e.message };
  }
  const label = request.kind === 'tool' ? request.name : request.kind;
  const result = answer as { isError?: boolean; error?: string };
  count(`${label} ${result.error !== undefined ? 'refused' : result.isError ? 'tool-error' : 'ok'}`);
  const elapsed = performance.now() - started;
  if (elapsed > SLOW_MS) return `answered after ${Math.round(elapsed)} ms`;
  const text = JSON.stringify(answer);
  if (text.includes(SECRET)) return `the answer reveals a file outside the allowed roots: ${text.slice(0, 300)}`;
  if (request.kind === 'tool') {
    const result = answer as { content?: { type: string; text?: string }[]; isError?: boolean; error?: string };
    if (result.error === undefined) {
      if (!Array.isArray(result.content)) return `a tool result without content: ${text.slice(0, 300)}`;
      if (result.isError) {
        const message = result.content.find((c) => c.type === 'text')?.text ?? '';
        if (message.length < 10) return `a tool error without an explanation: ${text.slice(0, 300)}`;
        if (/Internal error|\bat .*\.js:\d+|TypeError|Cannot read propert/.test(message)) {
          return `a tool error that leaks an exception: ${message.slice(0, 500)}`;
        }
      }
    }
  }
  try {
    await h.client.ping({ timeout: 5_000 });
  } catch (e) {
    return `the server does not answer a ping after the request: ${(e as Error).message}`;
  }
  return undefined;
}
