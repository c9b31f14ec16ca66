/**
 * @varpulis/mcp — a Model Context Protocol server that lets AI assistants write, check, explain and run VPL.
 *
 * ```ts
 * const { server, close } = await createVplMcpServer({ allowedRoots: ['/data/events'] });
 * await server.connect(new StdioServerTransport());
 * ```
 *
 * See docs/mcp.md.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from './deps.js';
import { REFERENCE_DATA } from './generated/reference-data.js';
import { type McpLimits, resolveLimits } from './limits.js';
import { AllowedRoots } from './security/allowed-roots.js';
import { buildServer } from './server.js';
import { Simulator } from './simulation/simulator.js';

export type { ServerDeps } from './deps.js';
export { DEFAULT_LIMITS, type McpLimits } from './limits.js';
export { runMcpServer } from './main.js';
export { buildServer, SERVER_INFO } from './server.js';

/** Options of {@link createVplMcpServer}. */
export interface VplMcpServerOptions {
  /** Directories whose files the tools may read (event files). Default: none — only inline content is accepted. */
  readonly allowedRoots?: readonly string[];
  /** Limits to change (see `limits.ts`; every input and every simulation is bounded). */
  readonly limits?: Partial<McpLimits>;
  /** Where log lines go. Default: standard error (never standard output, which carries the stdio protocol). */
  readonly log?: (message: string) => void;
}

/** A server and the function that releases what it holds (the simulation worker). */
export interface VplMcpServer {
  readonly server: McpServer;
  readonly deps: ServerDeps;
  /** Closes the server's transport and stops its simulation worker. */
  close(): Promise<void>;
}

/**
 * Creates a VPL MCP server, not yet connected: connect it to a transport (stdio, Streamable HTTP, in-memory).
 * Rejects when an allowed root does not exist. Creating it is cheap; the language services and the simulation
 * worker start on first use.
 */
export async function createVplMcpServer(options: VplMcpServerOptions = {}): Promise<VplMcpServer> {
  const limits = resolveLimits(options.limits);
  const log = options.log ?? ((message: string) => process.stderr.write(`[varpulis-mcp] ${message}\n`));
  const roots = await AllowedRoots.create(options.allowedRoots ?? []);
  const simulator = new Simulator(limits.simulationKillGraceMs);
  const deps: ServerDeps = { limits, roots, simulator, reference: REFERENCE_DATA, log };
  const server = buildServer(deps);
  return {
    server,
    deps,
    close: async () => {
      await server.close();
      await simulator.close();
    },
  };
}
